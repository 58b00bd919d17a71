"""A catalog of videos without media, as JSON Lines, for the feed's LanceDB index: what
`reelworld catalog import` writes to an index and what the offline evaluation
(recsys.evaluation) ranks.

One JSON object a line:

    {"id": "cat-00001", "caption": "A red basketball bounces in a gym by day, anime style.",
     "creator": "maker017", "style": "anime", "tags": ["basketball", "gym", "bounce"],
     "created": "2026-11-20T08:15:00Z"}

`creator` is an owner id or a handle-like name, kept as the row's owner; `created` is an ISO 8601
time with its zone. The facets come from the caption's and the tags' words (recsys.vocabulary,
read as recsys.facets reads a caption without a plan), the style from `style`. A labelled
catalog (the evaluation's) also carries `facets` and `energy`: the ground truth, from each
video's ScenePlan; the import ignores them and reads the words, as it would for any catalog.

Catalog videos have no post events: they are never shown by the live feed (which checks every
candidate against the posts' read model), so they belong in a table of their own.

Must not import api/ or actors/.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import msgspec

from generation.world.plan import STYLES
from recsys.facets import VideoFacets, scene_energy, video_facets
from recsys.index import FeedIndex, IndexedVideo
from recsys.vocabulary import FACETS, match_phrases, topics_of

FIELDS = ("id", "caption", "creator", "style", "tags", "created")
"""The fields every line must have."""
MAX_ID, MAX_CAPTION, MAX_CREATOR, MAX_TAGS, MAX_TAG = 200, 1000, 100, 50, 60
MAX_PROBLEMS = 20
"""How many bad lines an error lists (all are counted)."""
_KNOWN = frozenset(FACETS)
_WORD = re.compile(r"[a-z0-9]+")


class CatalogVideo(msgspec.Struct, frozen=True, kw_only=True):
    """One line of a catalog, checked."""

    video_id: str
    caption: str
    creator: str
    style: str
    tags: tuple[str, ...]
    created: datetime
    """UTC."""
    labels: tuple[str, ...] | None = None
    """The ground-truth facets of a labelled catalog (from the video's ScenePlan), else None."""
    energy: float | None = None
    """The ground-truth energy of a labelled catalog."""


@dataclass(frozen=True)
class Problem:
    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}" + (f", field {self.field!r}" if self.field else "") + f": {self.message}"


class CatalogError(ValueError):
    """Lines of a catalog that cannot be read; `problems` lists the first MAX_PROBLEMS of
    them (line number, field, what is wrong) and `count` says how many there are."""

    def __init__(self, problems: Sequence[Problem], count: int) -> None:
        self.problems, self.count = tuple(problems), count
        more = f" (and {count - len(problems)} more)" if count > len(problems) else ""
        super().__init__(f"{count} bad line{'s' if count != 1 else ''} in the catalog{more}:\n"
                         + "\n".join(str(p) for p in problems))


def read_catalog(lines: Iterable[str | bytes]) -> list[CatalogVideo]:
    """The videos of a catalog's lines (blank lines skipped; an id given twice: the last line
    wins where it is written). Raises CatalogError naming each bad line (its number, from 1)
    and field; nothing is returned unless every line is good."""
    videos: list[CatalogVideo] = []
    problems: list[Problem] = []
    count = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            videos.append(parse_line(line, number))
        except CatalogError as error:
            count += 1
            if len(problems) < MAX_PROBLEMS:
                problems.extend(error.problems)
    if count:
        raise CatalogError(problems, count)
    return videos


def parse_line(line: str | bytes, number: int) -> CatalogVideo:
    """One line read and checked. Raises CatalogError (one problem) for a line that is not a
    JSON object, a field missing or of the wrong kind, or a value out of bounds."""
    def bad(field: str | None, message: str) -> CatalogError:
        return CatalogError([Problem(number, field, message)], 1)

    try:
        data = msgspec.json.decode(line)
    except msgspec.DecodeError as error:
        raise bad(None, f"not JSON ({error})") from None
    if not isinstance(data, dict):
        raise bad(None, f"expected a JSON object, got {_kind(data)}")
    missing = [f for f in FIELDS if f not in data]
    if missing:
        raise bad(missing[0], "missing (every line has " + ", ".join(FIELDS) + ")")
    video_id = _text(data["id"], "id", MAX_ID, bad)
    caption = _text(data["caption"], "caption", MAX_CAPTION, bad, multiline=True)
    creator = _text(data["creator"], "creator", MAX_CREATOR, bad)
    style = data["style"]
    if style not in STYLES:
        raise bad("style", f"{style!r} is not one of {', '.join(STYLES)}")
    tags = data["tags"]
    if not isinstance(tags, list) or len(tags) > MAX_TAGS:
        raise bad("tags", f"expected a list of at most {MAX_TAGS} words, got {_kind(tags)}")
    tags = tuple(_text(tag, "tags", MAX_TAG, bad) for tag in tags)
    labels, energy = _labels(data, bad)
    return CatalogVideo(video_id=video_id, caption=caption, creator=creator, style=style, tags=tags,
                        created=_time(data["created"], bad), labels=labels, energy=energy)


def _text(value: object, field: str, limit: int, bad: Callable[[str, str], CatalogError], *,
          multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise bad(field, f"expected a string, got {_kind(value)}")
    value = value.strip()
    if not value:
        raise bad(field, "is empty")
    if len(value) > limit:
        raise bad(field, f"is {len(value)} characters long; at most {limit}")
    if any(unicodedata.category(c) in ("Cc", "Cf") and not (multiline and c in "\n\t") for c in value):
        raise bad(field, "holds a control or formatting character")
    return value


def _time(value: object, bad: Callable[[str, str], CatalogError]) -> datetime:
    example = "e.g. 2026-11-28T09:30:00Z"
    if not isinstance(value, str):
        raise bad("created", f"expected an ISO 8601 time as a string ({example}), got {_kind(value)}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise bad("created", f"{value[:60]!r} is not an ISO 8601 time ({example})") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise bad("created", f"{value[:60]!r} has no time zone ({example}, or +01:00)")
    return moment.astimezone(UTC)


def _labels(data: dict, bad: Callable[[str, str], CatalogError]) -> tuple[tuple[str, ...] | None, float | None]:
    """The ground truth of a labelled line (`facets` and `energy`), checked where present."""
    facets, energy = data.get("facets"), data.get("energy")
    if facets is not None:
        if not isinstance(facets, list) or not all(isinstance(f, str) and f in _KNOWN for f in facets):
            raise bad("facets", "expected a list of facets of recsys.vocabulary (\"style:anime\", ...)")
        facets = tuple(sorted(set(facets)))
    if energy is not None and (isinstance(energy, bool) or not isinstance(energy, int | float)
                               or not 0 <= energy <= 1):
        raise bad("energy", f"expected a number from 0 to 1, got {energy!r}")
    return facets, None if energy is None else float(energy)


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", int: "a number",
            float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def catalog_facets(video: CatalogVideo) -> VideoFacets:
    """The facets and energy a catalog video is indexed with, read from its words: the
    caption's (as recsys.facets reads a caption without a plan: a caption that names no time is
    of the day), each tag's on its own (a tag may name a time: "night"), the style from its
    field (a style the words name is replaced by it), and the topics those put it in."""
    from_caption = video_facets(None, video.caption)
    tagged: list[str] = []
    for tag in video.tags:
        matches, _ = match_phrases(_WORD.findall(tag.lower()))
        tagged.extend(facet for _, _, facet in matches)
    found = {f for f in from_caption.facets if not f.startswith(("style:", "topic:"))} | set(tagged)
    caption_times = {f for _, _, f in match_phrases(_WORD.findall(video.caption.lower()))[0] if f.startswith("time:")}
    if not caption_times and any(f.startswith("time:") for f in tagged):
        found.discard("time:day")  # the caption's default gives way to a tag that says when
    found = {f for f in found if not f.startswith("style:")} | {f"style:{video.style}"}
    found |= topics_of(found)
    caption_verbs = [f for _, _, f in match_phrases(_WORD.findall(video.caption.lower()))[0] if f.startswith("action:")]
    verbs = list(dict.fromkeys([*caption_verbs, *(f for f in tagged if f.startswith("action:"))]))
    energy = scene_energy([(v.partition(":")[2], "none") for v in verbs],
                          objects=sum(f.startswith("object:") for f in found))
    return VideoFacets(facets=tuple(sorted(found & _KNOWN)), energy=energy)


def indexed_video(video: CatalogVideo, *, labelled: bool = False) -> IndexedVideo:
    """The index row of `video`, public ("everyone"), posted at its creation time. Its facets
    and energy are read from its words (catalog_facets), or with `labelled` are its ground truth
    (a labelled catalog; ValueError for a video without labels)."""
    if labelled:
        if video.labels is None or video.energy is None:
            raise ValueError(f"video {video.video_id!r} has no labels (facets and energy)")
        facets, energy = video.labels, video.energy
    else:
        read = catalog_facets(video)
        facets, energy = read.facets, read.energy
    return IndexedVideo(video_id=video.video_id, owner_id=video.creator, text=video.caption, facets=facets,
                        energy=energy, audience="everyone", posted_at=video.created)


def import_catalog(videos: Sequence[CatalogVideo], index: FeedIndex, *, batch: int = 256,
                   progress: Callable[[int], None] | None = None) -> int:
    """Upsert `videos` into `index` by id, `batch` at a time (captions embedded by the index's
    embedder), calling `progress` with the count written so far; how many distinct ids were
    written. Importing the same catalog again rewrites the same rows."""
    last = {v.video_id: v for v in videos}  # an id given twice: its last line
    rows = [indexed_video(v) for v in last.values()]
    for start in range(0, len(rows), batch):
        index.upsert(rows[start:start + batch])
        if progress is not None:
            progress(min(start + batch, len(rows)))
    return len(rows)
