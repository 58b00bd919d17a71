"""Offline evaluation of the instructed feed: how well a page obeys what a person asked for, on a
labelled catalog (recsys.eval_data), against the feed of someone who asked for nothing.

For each labelled instruction the page is made as the live feed makes it (recsys.feed.FeedService
_rank), for a member who follows no one and owns nothing: the instruction read by the real
parser (recsys.instructions.parse_instruction, with the MiniLM embedder), the same Preferences
and index query (recsys.feed.preferences, feed_query), candidates from a real LanceDB FeedIndex
of the catalog (the nearest to the query and the newest, excluded facets filtered in the index,
both within the feed's window), and the real reranker (recsys.ranker.rank), top k. What the live
feed adds around it (the posts' read model, what was served today, reports, signals, wellbeing)
is the same for both sides and left out.

Each page is judged against the instruction's labels, never against what the parser understood:
- violations: videos on the page carrying an excluded facet, or none of the `only` facets (goal 0);
- wanted share: the share of the page carrying a wanted (or `only`) facet without violating;
- nDCG@k: the gain of a video is how many wanted (and `only`) facets it carries, 0 for one that
  violates; the ideal is the best k gains of the whole catalog;
- diversity: 1 - the mean cosine between the captions' vectors of each pair on the page.
The baseline is the uninstructed feed (no instruction: the newest, ranked), judged the same way.

Must not import api/ or actors/.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path

import msgspec
import numpy as np

from recsys.catalog import CatalogVideo, indexed_video
from recsys.embeddings import Embedder
from recsys.eval_data import LabelledInstruction
from recsys.feed import FeedConfig, feed_query, preferences
from recsys.index import FeedIndex, Hit
from recsys.instructions import FeedInstruction, parse_instruction
from recsys.ranker import Candidate, rank

K = 20
NDCG_FLOOR = 0.7
"""A page whose nDCG is under this is listed among the failures."""
VIEWER = "eval-viewer"
"""The member the pages are made for: follows no one, owns nothing."""


class PageMetrics(msgspec.Struct, frozen=True, kw_only=True):
    """One page judged against one instruction's labels."""

    size: int
    violations: int
    wanted_share: float | None
    """The share of the page with a facet asked for, and none excluded; None: the instruction
    asks for no facet."""
    ndcg: float | None
    """None: it asks for no facet, or no video of the catalog carries one without violating."""
    diversity: float
    video_ids: tuple[str, ...]


class InstructionResult(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    text: str
    source: str
    understood: str
    """The parser's summary of the instruction."""
    instructed: PageMetrics
    baseline: PageMetrics
    failures: tuple[str, ...]
    """What went wrong, in plain words (empty: nothing)."""


class Summary(msgspec.Struct, frozen=True, kw_only=True):
    """Aggregates over the instructions, for the instructed feed or the baseline."""

    violations: int
    """Violating videos on all pages together."""
    pages_with_violations: int
    wanted_share: float
    """Mean over the instructions that ask for a facet."""
    ndcg: float
    """Mean over the instructions with an nDCG."""
    diversity: float
    wanted_share_free: float
    """Mean wanted share over the hand-written ("free") instructions that ask for a facet."""


class Report(msgspec.Struct, frozen=True, kw_only=True):
    k: int
    videos: int
    instructions: int
    with_wanted: int
    """Instructions asking for a facet (wanted share is their mean)."""
    with_ndcg: int
    with_exclusions: int
    instructed: Summary
    baseline: Summary
    results: tuple[InstructionResult, ...]
    seconds: dict[str, float]

    @property
    def failing(self) -> list[InstructionResult]:
        """The results with a failure, in the instructions' order."""
        return [r for r in self.results if r.failures]


# -- the metrics -------------------------------------------------------------------------------

def violates(facets: Iterable[str], instruction: LabelledInstruction) -> bool:
    """Whether a video of these facets breaks the instruction: an excluded facet, or none of
    its `only` facets."""
    present = set(facets)
    return bool(present & set(instruction.excluded)) or bool(instruction.only and not present & set(instruction.only))


def gain(facets: Iterable[str], instruction: LabelledInstruction) -> int:
    """How many of the facets asked for (wanted and `only`) a video carries; 0 when it violates."""
    present = set(facets)
    return 0 if violates(present, instruction) else len(present & {*instruction.wanted, *instruction.only})


def dcg(gains: Sequence[float]) -> float:
    """Discounted cumulative gain: sum of gain_i / log2(i + 2), i from 0."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg(gains: Sequence[float], catalog_gains: Iterable[float], k: int) -> float | None:
    """DCG of the first k `gains` over that of the best k of `catalog_gains`; None when the
    catalog's best is 0 (nothing to find)."""
    ideal = dcg(sorted(catalog_gains, reverse=True)[:k])
    return dcg(list(gains)[:k]) / ideal if ideal > 0 else None


def diversity(vectors: np.ndarray) -> float:
    """1 - the mean cosine of each pair of `vectors` (unit rows); 0.0 for fewer than two."""
    if len(vectors) < 2:
        return 0.0
    sims = [float(vectors[i] @ vectors[j]) for i, j in combinations(range(len(vectors)), 2)]
    return 1.0 - float(np.mean(sims))


def judge(page: Sequence[Hit], instruction: LabelledInstruction, catalog_gains: Sequence[int], k: int) -> PageMetrics:
    """`page` (the ranked hits, best first) judged against `instruction`'s labels."""
    page = list(page)[:k]
    asked = {*instruction.wanted, *instruction.only}
    gains = [gain(hit.facets, instruction) for hit in page]
    return PageMetrics(
        size=len(page), violations=sum(violates(hit.facets, instruction) for hit in page),
        wanted_share=(sum(g > 0 for g in gains) / len(page)) if asked and page else None,
        ndcg=ndcg(gains, catalog_gains, k) if asked else None,
        diversity=diversity(np.stack([hit.vector for hit in page]) if page else np.zeros((0, 1))),
        video_ids=tuple(hit.video_id for hit in page),
    )


# -- the pages ---------------------------------------------------------------------------------

def feed_page(index: FeedIndex, understood: FeedInstruction | None, embedder: Embedder, *, now: datetime,
              k: int = K, config: FeedConfig = FeedConfig()) -> list[Hit]:
    """The top `k` of the feed for `understood` (None: no instruction), made as FeedService
    makes a page for a member who follows no one: the same preferences and query, the nearest
    and the newest public videos within the window with excluded facets filtered in the index,
    ranked by recsys.ranker.rank."""
    prefs = preferences(understood, False, lambda: embedder)
    since = now - timedelta(days=config.window_days)
    exclude = tuple(prefs.exclude)
    hits: dict[str, Hit] = {}
    query = feed_query(prefs, lambda: embedder)
    if query is not None:
        for hit in index.nearest(query, limit=config.pool, exclude_owners=(VIEWER,), exclude_facets=exclude,
                                 since=since):
            hits.setdefault(hit.video_id, hit)
    for hit in index.newest(limit=config.pool, exclude_owners=(VIEWER,), exclude_facets=exclude, since=since):
        hits.setdefault(hit.video_id, hit)
    candidates = [Candidate(video_id=h.video_id, owner_id=h.owner_id, facets=frozenset(h.facets), energy=h.energy,
                            posted_at=h.posted_at, vector=h.vector) for h in hits.values()]
    return [hits[r.video_id] for r in rank(candidates, prefs, now=now, limit=k)]


def build_index(catalog: Sequence[CatalogVideo], directory: Path, embedder: Embedder, *, batch: int = 256,
                progress: Callable[[int], None] | None = None) -> FeedIndex:
    """A FeedIndex in `directory` holding the labelled `catalog` (its ground-truth facets, as
    the live index holds a post's plan facets), the captions embedded `batch` at a time."""
    index = FeedIndex(directory, embedder, table="eval_videos")
    rows = [indexed_video(v, labelled=True) for v in catalog]
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        index.upsert(chunk, embedder.embed([r.text for r in chunk]))
        if progress is not None:
            progress(min(start + batch, len(rows)))
    return index


def evaluate(catalog: Sequence[CatalogVideo], instructions: Sequence[LabelledInstruction], embedder: Embedder,
             directory: Path, *, k: int = K, now: datetime | None = None,
             on_embedded: Callable[[int], None] | None = None,
             on_instruction: Callable[[int], None] | None = None) -> Report:
    """Every instruction's page against the baseline's, judged by the labels (module doc).
    `directory` receives the LanceDB index of the catalog; `now` (default: the newest video's
    creation) ends the feed's window. `on_embedded` and `on_instruction` get the counts done so
    far. Raises ValueError for an empty catalog, or a video of it without labels."""
    if not catalog:
        raise ValueError("the catalog holds no videos")
    now = now or max(v.created for v in catalog)
    started = time.perf_counter()
    index = build_index(catalog, directory, embedder, progress=on_embedded)
    indexed_s = time.perf_counter() - started
    started = time.perf_counter()
    baseline_page = feed_page(index, None, embedder, now=now, k=k)
    results = []
    for done, instruction in enumerate(instructions, 1):
        understood = parse_instruction(instruction.text, embedder=embedder)
        catalog_gains = [gain(v.labels or (), instruction) for v in catalog]
        eligible = sum(not violates(v.labels or (), instruction) for v in catalog)
        instructed = judge(feed_page(index, understood, embedder, now=now, k=k), instruction, catalog_gains, k)
        baseline = judge(baseline_page, instruction, catalog_gains, k)
        results.append(InstructionResult(id=instruction.id, text=instruction.text, source=instruction.source,
                                         understood=understood.summary(), instructed=instructed, baseline=baseline,
                                         failures=tuple(failures(instruction, understood, instructed, baseline,
                                                                 eligible))))
        if on_instruction is not None:
            on_instruction(done)
    return Report(
        k=k, videos=len(catalog), instructions=len(results),
        with_wanted=sum(r.instructed.wanted_share is not None for r in results),
        with_ndcg=sum(r.instructed.ndcg is not None for r in results),
        with_exclusions=sum(bool(i.excluded or i.only) for i in instructions),
        instructed=summarise(results, lambda r: r.instructed), baseline=summarise(results, lambda r: r.baseline),
        results=tuple(results),
        seconds={"index": round(indexed_s, 2), "pages": round(time.perf_counter() - started, 2)},
    )


def failures(instruction: LabelledInstruction, understood: FeedInstruction, page: PageMetrics,
             baseline: PageMetrics, eligible: int) -> list[str]:
    """What went wrong with one instruction's page, in plain words: facets the parser missed,
    or excluded (or required) without being asked, violations, a page with nothing asked for, or
    no better than the uninstructed feed, or whose nDCG is under NDCG_FLOOR, or a page shorter
    than it could be (`eligible`: the catalog's videos that do not violate it)."""
    out = []
    asked = {*instruction.wanted, *instruction.only}
    missed = ([f"wanted {f}" for f in instruction.wanted if f not in {*understood.more, *understood.only}]
              + [f"excluded {f}" for f in instruction.excluded if f not in understood.exclude]
              + [f"only {f}" for f in instruction.only if f not in understood.only])
    if missed:
        out.append("missed " + ", ".join(missed))
    unasked = ([f"no {f}" for f in understood.exclude if f not in instruction.excluded]
               + [f"only {f}" for f in understood.only if f not in instruction.only])
    if unasked:
        out.append("read as also " + ", ".join(unasked))
    if page.violations:
        out.append(f"{page.violations} of {page.size} videos break it")
    if page.wanted_share is not None and baseline.wanted_share is not None:
        if page.wanted_share == 0:
            out.append("no video it asked for")
        elif page.wanted_share <= baseline.wanted_share:
            out.append(f"wanted share {page.wanted_share:.2f}, no better than without it ({baseline.wanted_share:.2f})")
    if page.ndcg is not None and page.ndcg < NDCG_FLOOR:
        extra = [f for f in understood.more if f not in asked]
        out.append(f"nDCG {page.ndcg:.2f}: what it asked for ranks low"
                   + (f" (read as also more {', '.join(extra)})" if extra else ""))
    if page.size < min(len(baseline.video_ids), eligible):
        out.append(f"a short page ({page.size} videos, of {eligible} that could be shown)")
    return out


def summarise(results: Sequence[InstructionResult], side: Callable[[InstructionResult], PageMetrics]) -> Summary:
    """The aggregates of one side (instructed or baseline) over `results`."""
    pages = [side(r) for r in results]

    def mean(values: Iterable[float | None]) -> float:
        kept = [v for v in values if v is not None]
        return round(float(np.mean(kept)), 4) if kept else 0.0

    return Summary(
        violations=sum(p.violations for p in pages), pages_with_violations=sum(p.violations > 0 for p in pages),
        wanted_share=mean(p.wanted_share for p in pages), ndcg=mean(p.ndcg for p in pages),
        diversity=mean(p.diversity for p in pages),
        wanted_share_free=mean(side(r).wanted_share for r in results if r.source == "free"),
    )


def read_instructions(lines: Iterable[str | bytes]) -> list[LabelledInstruction]:
    """The labelled instructions of JSON Lines (blank lines skipped). Raises ValueError naming
    the line of one that cannot be read."""
    decoder = msgspec.json.Decoder(LabelledInstruction)
    out = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.append(decoder.decode(line))
            except (msgspec.DecodeError, msgspec.ValidationError) as error:
                raise ValueError(f"line {number}: {error}") from None
    return out
