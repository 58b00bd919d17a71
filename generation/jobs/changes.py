"""A plan changed by words: what a remix asks of its source, and what one shot of a multi-shot
video asks of the video's world.

Only what the words name changes (style, setting, time of day, a colour, the objects, the
actions); everything else stays as the base plan has it, so a remix keeps its source's world
and each shot keeps the same objects, place and look.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import msgspec

from generation.jobs.errors import NothingToGenerate
from generation.jobs.rewriting import Rewriter
from generation.rewriter import Mapping, NothingToMake, PromptError
from generation.rewriter.parse import read
from generation.rewriter.plan_builder import MOST_OF_A_KIND
from generation.rewriter.vocabulary import BALL
from generation.world.catalog import KINDS, PALETTE
from generation.world.plan import BALL_KINDS, Action, ObjectSpec, ScenePlan


def read_change(rewriter: Rewriter, words: str, *, style: str | None, seed: int) -> tuple[list[Mapping], ScenePlan | None]:
    """What `words` name, and the plan they would make alone (None when they name no scene,
    as in "make it anime" or "at night"). Raises NothingToGenerate when they name nothing."""
    try:
        done = rewriter.rewrite(words, style=style, seed=seed)
        return [m for m in done.mappings if m.how != "expanded"], done.plan
    except (NothingToMake, PromptError) as error:
        mappings = list(read(words).mappings)
        if not mappings and style is None:
            possible = tuple(getattr(error, "possible", ()))
            raise NothingToGenerate(f"nothing in {words!r} can be changed: name a style, a colour, a place, "
                                    "the time of day, a thing or an action", possible=possible) from None
        return mappings, None


def apply_change(base: ScenePlan, mappings: Sequence[Mapping], change: ScenePlan | None,
                 *, style: str | None = None) -> ScenePlan:
    """`base` with what `mappings` name taken from them (and from `change`, the plan they make
    alone); `style` (asked outright) wins over both."""
    fields = {m.field: m.value for m in mappings}
    plan = base
    if "setting" in fields:
        plan = msgspec.structs.replace(plan, setting=fields["setting"])
    if "time" in fields:
        plan = msgspec.structs.replace(plan, time_of_day=fields["time"])
    # a thing named replaces the source's things (its figures stay); a figure named ("a man kicks
    # it") joins them, and a ball of no stated kind may be one already there
    thing = next((m.value for m in reversed(mappings) if m.field == "kind" and m.value != "figure"), BALL)
    if change is not None and thing != BALL:
        kept = tuple(o for o in plan.objects if o.kind == "figure")
        things = tuple(o for o in change.objects if o.kind != "figure")
        plan = msgspec.structs.replace(plan, objects=_renumber(things + kept))
    elif "colour" in fields:
        plan = msgspec.structs.replace(plan, objects=_recolour(plan.objects, fields["colour"]))
    if change is not None and ("verb" in fields or "kind" in fields and fields["kind"] != BALL):
        plan = _with_actions(plan, change, mappings)
    chosen = style or fields.get("style")
    if chosen:
        plan = msgspec.structs.replace(plan, style=chosen)
    return plan


def _recolour(objects: tuple[ObjectSpec, ...], colour: str) -> tuple[ObjectSpec, ...]:
    """The first thing that is not a figure takes `colour` (a figure when there is nothing else)."""
    target = next((o for o in objects if o.kind != "figure"), objects[0] if objects else None)
    return tuple(msgspec.structs.replace(o, colour=colour) if o is target else o for o in objects)


def _renumber(objects: tuple[ObjectSpec, ...]) -> tuple[ObjectSpec, ...]:
    return tuple(msgspec.structs.replace(o, id=f"obj{i}") for i, o in enumerate(objects))


def _with_actions(plan: ScenePlan, change: ScenePlan, mappings: Sequence[Mapping]) -> ScenePlan:
    """`change`'s actions, acted by `plan`'s objects: each object of `change` stands for a
    different one of `plan`'s, so that nothing collides with itself. A thing the words name
    ("two crates", "a ball") is one of its kind (any ball for "a ball"); one they leave unnamed
    ("it", "them", what the rewriter added) is any thing; a figure is a figure. Where none is
    free, the change's object joins the plan (apart by colour from those of its kind)."""
    objects = list(plan.objects)
    ids: dict[str, str] = {}
    hit = {a.target for a in change.actions if a.verb == "collide"} - {a.subject for a in change.actions}
    for wanted, named in zip(change.objects, _named(change.objects, mappings), strict=True):
        free = [o for o in objects if o.id not in ids.values()]
        same = _stand_in(free, wanted, named, hit=wanted.id in hit)
        if same is None:
            same = _joining(wanted, objects)
            objects.append(same)
        ids[wanted.id] = same.id
    actions = tuple(_acted_by(a, ids) for a in change.actions)
    return msgspec.structs.replace(plan, objects=tuple(objects), actions=actions)


def _named(objects: Sequence[ObjectSpec], mappings: Sequence[Mapping]) -> list[bool]:
    """Which of a change's `objects` its words name: as many of a kind as they count (balls of
    any kind for "ball"; "the crate" after "a crate" is that crate again, not one more); the
    rest are the rewriter's own (the thing of "it", one more to collide with, a thrower)."""
    left: dict[str, int] = {}
    for m in mappings:
        if m.field == "kind" and not (m.definite and m.value in left):
            left[m.value] = left.get(m.value, 0) + min(m.count, MOST_OF_A_KIND)
    out = []
    for o in objects:
        word = next((w for w in (o.kind, BALL if o.kind in BALL_KINDS else None) if left.get(w)), None)
        if word is not None:
            left[word] -= 1
        out.append(word is not None)
    return out


def _stand_in(free: Sequence[ObjectSpec], wanted: ObjectSpec, named: bool, *, hit: bool) -> ObjectSpec | None:
    """The first of `free` that can stand for `wanted`: the same thing (kind and colour), else one
    of its kind, else, for a named ball, any ball, and for an unnamed thing, any thing (a figure
    too, where it is only collided with, as plan_builder lets a thing crash into a person)."""
    if wanted.kind == "figure":
        fits = [o for o in free if o.kind == "figure"]
    elif named:
        fits = [o for o in free if o.kind == wanted.kind or wanted.kind in BALL_KINDS and o.kind in BALL_KINDS]
    else:
        fits = [o for o in free if o.kind != "figure"] or [o for o in free if hit]
    ranked = sorted(fits, key=lambda o: (o.kind != wanted.kind, o.colour != wanted.colour))
    return ranked[0] if ranked else None


def _joining(wanted: ObjectSpec, objects: Sequence[ObjectSpec]) -> ObjectSpec:
    """`wanted` as a new object of the plan of `objects`: a fresh id, and its colour unless one
    of its kind wears it already (then one that nothing wears, as plan_builder picks a second
    of a kind, but the first such rather than a random one, so a change always reads the same)."""
    taken = {o.id for o in objects}
    new_id = next(f"obj{i}" for i in itertools.count(len(objects)) if f"obj{i}" not in taken)
    colour = wanted.colour
    if any(o.kind == wanted.kind and o.colour == colour for o in objects):
        used = {o.colour for o in objects}
        fresh = [c for c in KINDS[wanted.kind].colours if c not in used] or sorted(set(PALETTE) - used)
        colour = fresh[0] if fresh else colour
    return msgspec.structs.replace(wanted, id=new_id, colour=colour)


def _acted_by(action: Action, ids: dict[str, str]) -> Action:
    """`action` of the change, by the plan's objects its own stand for (no target where the
    change's own would be its subject: a thing never collides with itself)."""
    subject = ids.get(action.subject, action.subject)
    target = ids.get(action.target) if action.target else None
    return Action(action.verb, subject, target=target if target != subject else None, outcome=action.outcome)
