"""The labelled catalog and instruction set of the feed's offline evaluation (recsys.evaluation),
made deterministically and committed under recsys/evalset/:

    .venv/bin/python -m recsys.eval_data          # rewrites recsys/evalset/eval_*.jsonl, same bytes each time

The labels are ground truth that owes nothing to the instruction parser:
- each video is a random ScenePlan of the world (generation.world.plan) with the caption the
  world writes for it; its facets and energy are recsys.facets.video_facets of the plan, as the
  live feed indexes a posted video (the plan, not the caption's words);
- each instruction is written with the facets it means: from templates that fill in words this
  module chose for each facet (its own table, not the parser's), and from free phrasings written
  by hand. `wanted` are facets asked for, `excluded` facets never to show, `only` facets of
  which a video must carry one (they count as wanted too).

Must not import api/ or actors/.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec

from generation.world.catalog import KINDS
from generation.world.plan import OBJECT_KINDS, SETTINGS, STYLES, TIMES_OF_DAY, VERBS, Action, ObjectSpec, ScenePlan, \
    caption
from recsys.facets import video_facets
from recsys.vocabulary import TOPIC_MEMBERS

DATA = Path(__file__).with_name("evalset")
CATALOG = DATA / "eval_catalog.jsonl"
INSTRUCTIONS = DATA / "eval_instructions.jsonl"
EVAL_NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
"""The evaluation's "now": every video was created in the 28 days before it."""
N_VIDEOS, N_MAKERS, SEED = 1200, 150, 20261128
MIN_SUPPORT = 25
"""A facet is asked about by a template only when at least this many videos carry it."""


class LabelledInstruction(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    text: str
    wanted: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    source: str = "template"
    """"template" or "free" (written by hand)."""


# How this evaluation says each facet in an instruction (its own words; the parser has its own).
SAID: dict[str, tuple[str, ...]] = {
    "style:anime": ("anime", "anime clips", "cartoons"),
    "style:cinematic": ("cinematic videos", "cinematic clips", "cinematic stuff"),
    "style:realistic": ("realistic videos", "photorealistic clips", "lifelike scenes"),
    "object:basketball": ("basketball", "basketballs"),
    "object:tennis_ball": ("tennis balls", "tennis"),
    "object:beach_ball": ("beach balls", "inflatable beach balls"),
    "object:bowling_ball": ("bowling balls", "bowling"),
    "object:crate": ("crates", "boxes", "wooden crates"),
    "object:figure": ("figures", "stick figures"),
    "setting:gym": ("gym videos", "the gym"),
    "setting:beach": ("beach scenes", "the beach"),
    "setting:pool": ("pool videos", "swimming pools"),
    "setting:street": ("street scenes", "city streets"),
    "setting:park": ("parks", "park scenes"),
    "setting:court": ("courts", "outdoor courts"),
    "time:night": ("night scenes", "videos at night"),
    "time:day": ("daytime videos", "daylight scenes"),
    "action:drop": ("drops", "things dropping"),
    "action:bounce": ("bouncing", "things bouncing"),
    "action:roll": ("rolling", "things rolling"),
    "action:shoot": ("shooting hoops", "jump shots", "dunks"),
    "action:collide": ("collisions", "crashes"),
    "action:throw": ("throwing", "tosses"),
    "action:kick": ("kicking", "kicks"),
    "action:float": ("floating", "things floating"),
    "action:sink": ("sinking", "things sinking"),
    "action:splash": ("splashing", "splashes"),
    "action:slide": ("sliding", "things sliding"),
    "action:push": ("pushing", "shoves"),
    "action:stack": ("stacking", "stacks"),
    "action:fall": ("falling", "things falling"),
    "action:lob": ("lobs", "lobbing"),
    "topic:sports": ("sports", "sport"),
    "topic:water": ("water", "water scenes"),
    "topic:people": ("people", "characters"),
    "topic:balls": ("balls",),
    **{f"colour:{c}": (f"{c} things", f"{c} stuff", c) for c in
       ("orange", "red", "brown", "yellow", "green", "pink", "blue", "purple", "black")},
}
MORE = ("more {x}", "show me more {x}", "{x} please", "I want {x}", "more {x} please", "give me {x}")
NO = ("no {y}", "nothing with {y}", "stop showing {y}", "without {y}", "no more {y} please")
MORE_NO = ("more {x}, no {y}", "{x} please but no {y}", "I want {x} and no {y}", "more {x} and nothing with {y}")
ONLY = ("only {x}", "nothing but {x}", "only {x} please", "exclusively {x}")
TWO = ("{x} and {w} please", "more {x} and {w}", "show me {x} and {w}")
ONLY_NO = ("only {x}, no {y}", "only {x} but without {y}")
FREE: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    # (text, wanted, excluded, only), written by hand
    ("I'm sick of sports, give me cartoons", ("style:anime",), ("topic:sports",), ()),
    ("more anime, no sports, calmer please", ("style:anime",), ("topic:sports",), ()),
    ("hollywood blockbusters only", (), (), ("style:cinematic",)),
    ("nothing at the beach please, I'd rather see night scenes", ("time:night",), ("setting:beach",), ()),
    ("can you show me more stuff in the pool", ("setting:pool",), (), ()),
    ("too much basketball lately, I want tennis", ("object:tennis_ball",), (), ()),  # less basketball: not none
    ("honestly I love watching things float", ("action:float",), (), ()),
    ("no water at all please", (), ("topic:water",), ()),
    ("keep the bowling balls away from my feed", (), ("object:bowling_ball",), ()),
    ("I only want to see videos at night", (), (), ("time:night",)),
    ("more crashes and collisions!", ("action:collide",), (), ()),
    ("please no people, just objects", (), ("topic:people",), ()),
    ("give me slam dunks on outdoor courts", ("action:shoot", "setting:court"), (), ()),
    ("I'm into realistic footage, not cartoons", ("style:realistic",), ("style:anime",), ()),
    ("beach balls by the sea please", ("object:beach_ball", "setting:beach"), (), ()),
    ("stop showing me crates", (), ("object:crate",), ()),
    ("more splashing in swimming pools", ("action:splash", "setting:pool"), (), ()),
    ("nothing but anime", (), (), ("style:anime",)),
    ("cinematic stuff please, but no basketball", ("style:cinematic",), ("object:basketball",), ()),
    ("show me more things rolling around in the park", ("action:roll", "setting:park"), (), ()),
    ("enough of the gym", (), ("setting:gym",), ()),
    ("I'd love more purple", ("colour:purple",), (), ()),
    ("no more night videos, daytime only", (), ("time:night",), ("time:day",)),
    ("more soccer style kicking", ("action:kick",), (), ()),
    ("get rid of the stick figures", (), ("object:figure",), ()),
    ("street scenes at night would be great", ("setting:street", "time:night"), (), ()),
    ("less realism, more anime please", ("style:anime",), (), ()),
    ("sports are boring, show me water stuff", ("topic:water",), ("topic:sports",), ()),
    ("I like tennis but hate bowling", ("object:tennis_ball",), ("object:bowling_ball",), ()),
    ("only the beach, nothing else", (), (), ("setting:beach",)),
)


def random_plan(rng: random.Random) -> ScenePlan:
    """A plan of one to three things doing one or two of the world's verbs, somewhere, in a look
    and at a time of day (as bench/feed_index.py draws them)."""
    objects = []
    for i in range(rng.randint(1, 3)):
        kind = rng.choice(OBJECT_KINDS)
        objects.append(ObjectSpec(f"obj{i}", kind, rng.choice(KINDS[kind].colours),
                                  rng.choice(("small", "medium", "large"))))
    actions = []
    for _ in range(rng.randint(1, 2)):
        verb = rng.choice(VERBS)
        outcome = rng.choice(("score", "rebound_backboard", "rebound_rim")) if verb == "shoot" else "none"
        target = rng.choice(objects).id if len(objects) > 1 and verb in ("collide", "push", "kick", "throw") else None
        actions.append(Action(verb, objects[0].id, target, outcome))
    return ScenePlan(tuple(objects), tuple(actions), rng.choice(SETTINGS), rng.choice(STYLES), rng.choice(TIMES_OF_DAY))


def catalog_lines(n: int = N_VIDEOS, seed: int = SEED) -> list[dict]:
    """`n` labelled catalog lines (recsys.catalog's format, with `facets` and `energy`)."""
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        plan = random_plan(rng)
        text = caption(plan, rng)
        found = video_facets(plan, text)
        tags = list(dict.fromkeys([*(o.kind.replace("_", " ") for o in plan.objects), plan.setting,
                                   *(a.verb for a in plan.actions)]))
        created = EVAL_NOW - timedelta(seconds=rng.randrange(28 * 86400))
        lines.append({"id": f"cat-{i:05d}", "caption": text, "creator": f"maker{rng.randrange(N_MAKERS):03d}",
                      "style": plan.style, "tags": tags, "created": created.isoformat().replace("+00:00", "Z"),
                      "facets": list(found.facets), "energy": found.energy})
    return lines


def instructions(catalog: list[dict], seed: int = SEED) -> list[LabelledInstruction]:
    """The instruction set: templates over the facets at least MIN_SUPPORT videos of `catalog`
    carry, then the free phrasings."""
    rng = random.Random(seed + 1)
    support = Counter(f for line in catalog for f in line["facets"])
    facets = sorted(f for f in SAID if support[f] >= MIN_SUPPORT)
    out: list[LabelledInstruction] = []

    def said(facet: str) -> str:
        return rng.choice(SAID[facet])

    def apart(a: str, b: str) -> bool:
        """Two facets that an instruction may set against each other: of different kinds, and
        neither a topic the other puts a video in, with MIN_SUPPORT videos of one without the other."""
        if a.partition(":")[0] == b.partition(":")[0] or _in_topic(a, b) or _in_topic(b, a):
            return False
        return sum(a in line["facets"] and b not in line["facets"] for line in catalog) >= MIN_SUPPORT

    def add(text: str, **labels: tuple[str, ...]) -> None:
        out.append(LabelledInstruction(id=f"t{len(out) + 1:03d}", text=text, **labels))

    for x in rng.sample(facets, 22):
        add(rng.choice(MORE).format(x=said(x)), wanted=(x,))
    for y in rng.sample(facets, 16):
        add(rng.choice(NO).format(y=said(y)), excluded=(y,))
    for _ in range(22):
        x, y = _pair(rng, facets, apart)
        add(rng.choice(MORE_NO).format(x=said(x), y=said(y)), wanted=(x,), excluded=(y,))
    for x in rng.sample(facets, 14):
        add(rng.choice(ONLY).format(x=said(x)), only=(x,))
    for _ in range(14):
        x, w = _pair(rng, facets, apart)
        add(rng.choice(TWO).format(x=said(x), w=said(w)), wanted=(x, w))
    for _ in range(10):
        x, y = _pair(rng, facets, apart)
        add(rng.choice(ONLY_NO).format(x=said(x), y=said(y)), only=(x,), excluded=(y,))
    for i, (text, wanted, excluded, only) in enumerate(FREE, 1):
        out.append(LabelledInstruction(id=f"f{i:03d}", text=text, wanted=wanted, excluded=excluded, only=only,
                                       source="free"))
    return out


def _pair(rng: random.Random, facets: list[str], apart) -> tuple[str, str]:  # noqa: ANN001
    while True:
        a, b = rng.sample(facets, 2)
        if apart(a, b):
            return a, b


def _in_topic(facet: str, topic: str) -> bool:
    kind, _, name = topic.partition(":")
    return kind == "topic" and facet in TOPIC_MEMBERS.get(name, frozenset())


def write(directory: Path = DATA) -> tuple[Path, Path]:
    """Write the catalog and the instructions as JSON Lines in `directory`; their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    catalog = catalog_lines()
    paths = directory / CATALOG.name, directory / INSTRUCTIONS.name
    paths[0].write_bytes(b"".join(msgspec.json.encode(line) + b"\n" for line in catalog))
    paths[1].write_bytes(b"".join(msgspec.json.encode(i) + b"\n" for i in instructions(catalog)))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the feed evaluation's labelled catalog and instructions.")
    parser.add_argument("--out", type=Path, default=DATA, help="the folder to write them in (default: recsys/evalset)")
    for path in write(parser.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
