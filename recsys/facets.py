"""The facets of a video and its energy: what a person's instruction steers the feed by.

A video's facets come from its ScenePlan (as builtins, the way the PromptRewritten event carries
it): its style, the kind and colour of each object, the setting, the time of day, each action's
verb, and the topics those put it in (recsys.vocabulary). A video from before plans were kept
has only its caption, whose words are read with the same table.

Energy, 0.0 calm to 1.0 intense, is a fixed weighted sum of five parts, each in [0, 1]:

    energy = 0.50 * peak       the most intense action: VERB_INTENSITY of its verb, shifted by
                               OUTCOME_SHIFT of its outcome, clipped to [0, 1] (0 without actions)
           + 0.15 * actions    how many actions beyond the first: min(1, (n - 1) / 3)
           + 0.10 * objects    how many things beyond the first: min(1, (n - 1) / 4)
           + 0.15 * contacts   impacts the audio step found: c / (c + 4), half-way at 4
           + 0.10 * talk       spoken lines: min(1, lines / 2)

The weights sum to 1, so energy stays in [0, 1]; a beach ball floating on a pool scores near 0,
two balls colliding about 0.6, a shot clanking off the rim among many impacts about 0.7.

Pure domain code: must not import api/ or actors/.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from recsys.vocabulary import FACETS, match_phrases, topics_of

VERB_INTENSITY: dict[str, float] = {
    "collide": 1.0, "kick": 0.9, "shoot": 0.9, "splash": 0.9, "throw": 0.8,
    "push": 0.5, "fall": 0.5, "lob": 0.5, "drop": 0.45, "bounce": 0.45, "stack": 0.4,
    "sink": 0.3, "roll": 0.15, "slide": 0.15, "float": 0.05,
}
"""How intense each verb of the world is on its own (a verb not listed counts 0.4)."""
OUTCOME_SHIFT: dict[str, float] = {
    "score": 0.1, "rebound_backboard": 0.15, "rebound_rim": 0.15, "rest": -0.15, "float": -0.1,
}
"""A miss clanks and a score cheers; coming to rest or floating settles the scene."""
WEIGHTS = {"peak": 0.50, "actions": 0.15, "objects": 0.10, "contacts": 0.15, "talk": 0.10}
_KNOWN = frozenset(FACETS)


class VideoFacets(msgspec.Struct, frozen=True, kw_only=True):
    facets: tuple[str, ...]
    """Sorted, unique, each "kind:value" from recsys.vocabulary.FACETS."""
    energy: float
    """0.0 calm .. 1.0 intense (the module's formula)."""


def video_facets(plan: Mapping[str, Any] | msgspec.Struct | None, caption: str, *, contacts: int = 0,
                 dialogue_lines: int = 0) -> VideoFacets:
    """The facets and energy of one video.

    `plan` is a ScenePlan as builtins (msgspec.to_builtins; a ScenePlan itself is accepted too),
    or None, when the facets come from the words of `caption` alone. `contacts` counts the
    impacts the audio step found, `dialogue_lines` the spoken lines (the plan's own lines count
    when more). Values no facet knows (a style added later) are left out; nothing raises.
    """
    if isinstance(plan, msgspec.Struct):
        plan = msgspec.to_builtins(plan)
    if plan is not None:
        found, actions, n_objects, lines, cast = _read_plan(plan)
    else:
        found, actions, n_objects, lines, cast = _read_caption(caption)
    lines = max(lines, dialogue_lines)
    if lines > 0:
        found |= {"topic:talk", "topic:people"}
    if cast:
        found.add("topic:people")
    found |= topics_of(found)
    energy = scene_energy(actions, objects=n_objects, contacts=contacts, dialogue_lines=lines)
    return VideoFacets(facets=tuple(sorted(found & _KNOWN)), energy=energy)


def scene_energy(actions: Iterable[tuple[str, str]], *, objects: int, contacts: int = 0,
                 dialogue_lines: int = 0) -> float:
    """Energy in [0, 1] of a scene with these (verb, outcome) actions, `objects` things,
    `contacts` impacts and `dialogue_lines` spoken lines (the module's formula); negative
    counts count as 0."""
    intensities = [_clip(VERB_INTENSITY.get(verb, 0.4) + OUTCOME_SHIFT.get(outcome, 0.0)) for verb, outcome in actions]
    contacts, objects, dialogue_lines = max(contacts, 0), max(objects, 0), max(dialogue_lines, 0)
    parts = {
        "peak": max(intensities, default=0.0),
        "actions": min(1.0, max(len(intensities) - 1, 0) / 3),
        "objects": min(1.0, max(objects - 1, 0) / 4),
        "contacts": contacts / (contacts + 4),
        "talk": min(1.0, dialogue_lines / 2),
    }
    return round(_clip(sum(WEIGHTS[name] * value for name, value in parts.items())), 4)


def _read_plan(plan: Mapping[str, Any]) -> tuple[set[str], list[tuple[str, str]], int, int, bool]:
    """(facets, (verb, outcome) per action, object count, spoken lines, whether a cast is named)."""
    objects = [o for o in plan.get("objects") or () if isinstance(o, Mapping)]
    actions = [a for a in plan.get("actions") or () if isinstance(a, Mapping)]
    found = {f"style:{plan.get('style') or 'realistic'}", f"setting:{plan.get('setting')}",
             f"time:{plan.get('time_of_day') or 'day'}"}
    found |= {f"object:{o.get('kind')}" for o in objects} | {f"colour:{o.get('colour')}" for o in objects}
    found |= {f"action:{a.get('verb')}" for a in actions}
    pairs = [(str(a.get("verb")), str(a.get("outcome") or "none")) for a in actions]
    return found, pairs, len(objects), len(plan.get("dialogue") or ()), bool(plan.get("characters"))


def _read_caption(caption: str) -> tuple[set[str], list[tuple[str, str]], int, int, bool]:
    """What the words of `caption` name. Night is named when it is night (the world's captions
    always say "at night"), so a caption with no time word is taken for day."""
    matches, _ = match_phrases(re.findall(r"[a-z0-9]+", (caption or "").lower()))
    found = {facet for _, _, facet in matches}
    if not any(f.startswith("time:") for f in found):
        found.add("time:day")
    verbs = [f.partition(":")[2] for f in dict.fromkeys(f for _, _, f in matches if f.startswith("action:"))]
    n_objects = sum(f.startswith("object:") for f in found)
    return found, [(verb, "none") for verb in verbs], n_objects, 0, False


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))
