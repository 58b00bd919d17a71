"""From concepts to a ScenePlan the world can make: objects, actions, setting, shots, dialogue.

The rules fill what a prompt leaves out with what its other parts imply: a shot needs a hoop
(which the world stands in a gym, on a court, in a street or a park), floating and sinking need
water, a throw or a kick needs a figure, a collision needs two things, a ball of no stated kind
becomes the kind the action and the place suggest, and "the ball" is the ball already there.
"""

from __future__ import annotations

import random

from generation.rewriter.parse import Mapping
from generation.rewriter.vocabulary import BALL
from generation.world.catalog import KINDS, PALETTE
from generation.world.plan import BALL_KINDS, Action, DialogueLine, ObjectSpec, ScenePlan, Shot
from generation.world.scenarios.hoops import HOOP_SETTINGS
from generation.world.scenarios.water import WET

SHOT_SECONDS = 2.0
WATER_VERBS = {"float", "sink", "splash"}
HAND_VERBS = {"throw", "kick"}  # a lob needs no one: the world lobs a ball by itself
MOST_OF_A_KIND = 2
"""No scene of the world holds more of one kind: two balls collide or drop side by side, two
crates stand in a stack (generation.world.scenarios). "three tennis balls" makes two."""
DEFAULT_COLOUR = {"basketball": "orange", "tennis_ball": "yellow", "bowling_ball": "black",
                  "crate": "brown", "figure": "blue"}
VERB_FOR_KIND = {"basketball": "bounce", "tennis_ball": "drop", "beach_ball": "float",
                 "bowling_ball": "sink", "crate": "slide", "figure": "throw"}
KIND_FOR_VERB = {"shoot": "basketball", "float": "beach_ball", "sink": "bowling_ball", "splash": "beach_ball",
                 "slide": "crate", "roll": "tennis_ball", "kick": "beach_ball", "throw": "tennis_ball",
                 "fall": "crate"}
SETTING_FOR = {"shoot": "court", "float": "pool", "sink": "pool", "splash": "pool", "basketball": "gym",
               "beach_ball": "beach", "bowling_ball": "pool", "tennis_ball": "park", "crate": "street"}
TEMPLATES = (
    ("basketball", "shoot", "court"), ("beach_ball", "float", "pool"), ("bowling_ball", "sink", "pool"),
    ("tennis_ball", "drop", "gym"), ("crate", "slide", "street"), ("basketball", "bounce", "gym"),
    ("beach_ball", "kick", "beach"), ("tennis_ball", "roll", "park"),
)
"""What a vague prompt ("surprise me") is expanded into: one of these, drawn with the seed (among
those that can happen where the prompt says, when it names a place)."""
WORLD_VERB = {("crate", "drop"): "fall", ("ball", "fall"): "drop"}
"""The world drops balls and lets crates fall (generation.world.scenarios): what a verb of the
two is for a crate, and for a ball."""


def named_setting(mappings: list[Mapping]) -> str | None:
    """The place the prompt names: the first named in so many words, else the first guessed
    from a word's meaning (an embedding), else None."""
    places = [m for m in mappings if m.field == "setting"]
    return next((m.value for m in places if m.how == "exact"), places[0].value if places else None)


def can_happen(verb: str, setting: str) -> bool:
    """Whether the world can show `verb` in `setting`: floating, sinking and splashing need
    water (a pool or the beach); a shot needs a hoop, which the world stands on dry ground only."""
    if verb in WATER_VERBS:
        return setting in WET
    return setting in HOOP_SETTINGS if verb == "shoot" else True


def pick_ball(verbs: list[str], setting: str | None) -> str:
    for verb in verbs:
        if verb in KIND_FOR_VERB and KIND_FOR_VERB[verb] != "crate":
            return KIND_FOR_VERB[verb]
    return {"beach": "beach_ball", "pool": "beach_ball", "park": "tennis_ball"}.get(setting or "", "basketball")


def _objects(mappings: list[Mapping], verbs: list[str], setting: str | None, rng: random.Random) -> list[ObjectSpec]:
    colours = [m for m in mappings if m.field == "colour"]
    out: list[ObjectSpec] = []
    for m in (m for m in mappings if m.field == "kind"):
        kind = pick_ball(verbs, setting) if m.value == BALL else m.value
        near = [c for c in colours if 0 < m.position - c.position <= 2]
        if m.definite and _named_before(out, m.value, kind, near[-1].value if near else None):
            continue  # "the ball": the one already there, not another
        first = near[-1].value if near else DEFAULT_COLOUR.get(kind) or rng.choice(sorted(PALETTE))
        for n in range(min(m.count, MOST_OF_A_KIND)):  # "two crates": two, apart by colour unless one is said
            colour = first if n == 0 or near else _fresh_colour(kind, out, rng)
            out.append(ObjectSpec(f"obj{len(out)}", kind, colour))
    return out


def _fresh_colour(kind: str, objects: list[ObjectSpec], rng: random.Random) -> str:
    """A colour of `kind` that none of `objects` wears, so that two of a kind ("two crates") stay
    apart, as the world colours them (scenarios.Build._fresh_colour)."""
    used = {o.colour for o in objects}
    return rng.choice([c for c in KINDS[kind].colours if c not in used]
                      or sorted(set(PALETTE) - used) or sorted(PALETTE))


def _named_before(objects: list[ObjectSpec], value: str, kind: str, colour: str | None) -> bool:
    """Whether a thing named with "the" (`value` as read, `kind` as made, `colour` if said) is
    one of `objects`: the same kind (any ball for "the ball") and, where a colour is said, it."""
    return any((o.kind == kind or value == BALL and o.kind in BALL_KINDS) and colour in (None, o.colour)
               for o in objects)


def _ensure(objects: list[ObjectSpec], verbs: list[str], rng: random.Random) -> list[ObjectSpec]:
    """Add what the actions need: something to act on, something for it to collide with (one more
    of its kind), and a figure to throw or kick it."""
    movable = [o for o in objects if o.kind != "figure"]
    if not movable:
        kind = next((KIND_FOR_VERB[v] for v in verbs if v in KIND_FOR_VERB), "basketball")
        colour = DEFAULT_COLOUR.get(kind) or rng.choice(sorted(PALETTE))
        objects = [*objects, ObjectSpec(f"obj{len(objects)}", kind, colour)]
    if "collide" in verbs and len(objects) == 1:  # "a crate crashes": into another crate
        kind = objects[0].kind
        objects = [*objects, ObjectSpec(f"obj{len(objects)}", kind, _fresh_colour(kind, objects, rng))]
    if any(v in HAND_VERBS for v in verbs) and not any(o.kind == "figure" for o in objects):
        objects = [*objects, ObjectSpec(f"obj{len(objects)}", "figure", "blue")]
    return objects


def _actions(objects: list[ObjectSpec], verbs: list[str], outcome: str | None) -> tuple[Action, ...]:
    thing = next(o for o in objects if o.kind != "figure")
    figure = next((o for o in objects if o.kind == "figure"), None)
    verbs = verbs or [VERB_FOR_KIND[thing.kind]]
    actions = []
    for verb in dict.fromkeys(WORLD_VERB.get(("crate" if thing.kind == "crate" else "ball", v), v) for v in verbs):
        if verb in HAND_VERBS and figure is not None:
            actions.append(Action(verb, figure.id, target=thing.id))
        elif verb == "shoot":
            actions.append(Action(verb, thing.id, outcome=outcome or "score"))
        elif verb == "collide":  # into another thing, else a figure (_ensure adds one of the two)
            others = sorted((o for o in objects if o.id != thing.id), key=lambda o: o.kind == "figure")
            actions.append(Action(verb, thing.id, target=others[0].id if others else None))
        else:
            actions.append(Action(verb, thing.id))
    return tuple(actions)


def _setting(asked: str | None, verbs: list[str], objects: list[ObjectSpec]) -> str:
    if asked and all(can_happen(verb, asked) for verb in verbs):
        return asked
    for key in [*verbs, *(o.kind for o in objects)]:
        if key in SETTING_FOR:
            return SETTING_FOR[key]
    return "gym"


def dialogue_plan(lines: tuple[str, ...], line_shots: tuple[int, ...], speaker: str,
              n_shots: int) -> tuple[DialogueLine, ...]:
    """Each quoted line in the shot the clip speaks it in (parse.line_shots: the shot whose words
    hold it; the last shot takes any past it), early in that shot and after the line before it,
    as film.dialogue_stems places what is heard; its length estimated from its words."""
    out, free = [], 0.0
    for text, shot in zip(lines, line_shots, strict=True):
        start = max(min(shot, n_shots - 1) * SHOT_SECONDS + 0.2, free)
        end = start + min(SHOT_SECONDS - 0.3, 0.35 + 0.3 * len(text.split()))
        out.append(DialogueLine(speaker, text, round(start, 2), round(end, 2)))
        free = end + 0.1
    return tuple(out)


def build_plan(
    mappings: list[Mapping], *, segments: tuple[str, ...], dialogue: tuple[str, ...], style: str,
    n_shots: int, characters: tuple[str, ...], rng: random.Random, dialogue_shots: tuple[int, ...] | None = None,
) -> ScenePlan:
    """The ScenePlan for what was read; `mappings` may be empty (a vague prompt is expanded).
    `dialogue_shots`: the shot each line of `dialogue` is spoken in (parse.line_shots; default:
    line i in shot i)."""
    if not any(m.field in ("kind", "verb") for m in mappings):
        asked = named_setting(mappings)
        kind, verb, setting = rng.choice([t for t in TEMPLATES if asked is None or can_happen(t[1], asked)])
        mappings = [*mappings, Mapping(kind, "kind", kind, "expanded"), Mapping(verb, "verb", verb, "expanded"),
                    Mapping(setting, "setting", setting, "expanded")]
    verbs = [m.value for m in mappings if m.field == "verb"]
    if any(m.field == "outcome" for m in mappings) and "shoot" not in verbs:
        verbs.insert(0, "shoot")  # "misses and rebounds off the backboard" is a shot
    asked_setting = named_setting(mappings)
    objects = _objects(mappings, verbs, asked_setting, rng)
    if (characters or dialogue) and not any(o.kind == "figure" for o in objects):
        objects.append(ObjectSpec(f"obj{len(objects)}", "figure", "blue"))
    objects = _ensure(objects, verbs, rng)
    outcome = next((m.value for m in mappings if m.field == "outcome"), None)
    camera_plan = ScenePlan((), (), "gym").camera
    shots = tuple(
        Shot(i * SHOT_SECONDS, (i + 1) * SHOT_SECONDS, camera_plan, segments[i] if i < len(segments) else "")
        for i in range(n_shots)
    )
    speaker = next((o.id for o in objects if o.kind == "figure"), "narrator")
    where = tuple(range(len(dialogue))) if dialogue_shots is None else dialogue_shots
    return ScenePlan(
        objects=tuple(objects), actions=_actions(objects, verbs, outcome),
        setting=_setting(asked_setting, verbs, objects), style=style,
        time_of_day="night" if any(m.field == "time" for m in mappings) else "day",
        shots=shots, dialogue=dialogue_plan(dialogue, where, speaker, n_shots), characters=characters,
    )
