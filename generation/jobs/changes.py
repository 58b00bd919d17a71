"""A plan changed by words: what a remix asks of its source, and what one shot of a multi-shot
video asks of the video's world.

Only what the words name changes (style, setting, time of day, a colour, the objects, the
actions); everything else stays as the base plan has it, so a remix keeps its source's world
and each shot keeps the same objects, place and look.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from generation.jobs.errors import NothingToGenerate
from generation.jobs.rewriting import Rewriter
from generation.rewriter import Mapping, NothingToMake, PromptError
from generation.rewriter.parse import read
from generation.rewriter.vocabulary import BALL
from generation.world.plan import Action, ObjectSpec, ScenePlan


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
    if change is not None and fields.get("kind", BALL) != BALL:
        kept = tuple(o for o in plan.objects if o.kind == "figure")
        things = tuple(o for o in change.objects if o.kind != "figure")
        plan = msgspec.structs.replace(plan, objects=_renumber(things + kept))
    elif "colour" in fields:
        plan = msgspec.structs.replace(plan, objects=_recolour(plan.objects, fields["colour"]))
    if change is not None and ("verb" in fields or "kind" in fields and fields["kind"] != BALL):
        plan = _with_actions(plan, change)
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


def _with_actions(plan: ScenePlan, change: ScenePlan) -> ScenePlan:
    """`change`'s actions, acted by `plan`'s objects of the same kind (else its first thing;
    a figure the actions need joins the plan)."""
    objects = list(plan.objects)
    ids: dict[str, str] = {}
    for wanted in change.objects:
        same = next((o for o in objects if o.kind == wanted.kind), None)
        if same is None and wanted.kind != "figure":
            same = next((o for o in objects if o.kind != "figure"), None)
        if same is None:
            same = msgspec.structs.replace(wanted, id=f"obj{len(objects)}")
            objects.append(same)
        ids[wanted.id] = same.id
    actions = tuple(Action(a.verb, ids.get(a.subject, a.subject),
                           target=ids.get(a.target) if a.target else None, outcome=a.outcome)
                    for a in change.actions)
    return msgspec.structs.replace(plan, objects=tuple(objects), actions=actions)
