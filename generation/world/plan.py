"""ScenePlan: the structured description of a clip, and captions that phrase it in words.

The plan is what the simulator builds a sample from, what the prompt rewriter produces from
free text, and what the judges check a clip against. It holds content only (objects, actions,
setting, style, camera, shots, dialogue); resolution and frame rate are render parameters.
"""

from __future__ import annotations

import random

import msgspec

OBJECT_KINDS = ("basketball", "tennis_ball", "beach_ball", "bowling_ball", "crate", "figure")
BALL_KINDS = ("basketball", "tennis_ball", "beach_ball", "bowling_ball")
SETTINGS = ("gym", "beach", "pool", "street", "park", "court")
STYLES = ("realistic", "cinematic", "anime")
TIMES_OF_DAY = ("day", "night")
VERBS = (
    "drop", "bounce", "roll", "shoot", "collide", "throw", "kick",
    "float", "sink", "splash", "slide", "push", "stack", "fall", "lob",
)
OUTCOMES = ("score", "rebound_backboard", "rebound_rim", "rest", "float", "sink", "none")


class ObjectSpec(msgspec.Struct, frozen=True):
    """One thing in the scene: `kind` from OBJECT_KINDS, a colour name, a size and a material."""

    id: str
    kind: str
    colour: str
    size: str = "medium"
    material: str = "rubber"


class Action(msgspec.Struct, frozen=True):
    """What happens: `subject` (an object id) does `verb`, optionally to `target`, with `outcome`."""

    verb: str
    subject: str
    target: str | None = None
    outcome: str = "none"


class Camera(msgspec.Struct, frozen=True):
    """A side-view camera: the world point at the frame centre, and how many metres the shorter
    side of the frame spans (so pixels per metre = min(width, height) / extent_m)."""

    center_x: float
    center_y: float
    extent_m: float
    framing: str = "wide"


class Shot(msgspec.Struct, frozen=True):
    """A continuous stretch of world time seen through one camera."""

    start_s: float
    end_s: float
    camera: Camera
    description: str = ""


class DialogueLine(msgspec.Struct, frozen=True):
    """A spoken line, timed in clip time (seconds from the first frame)."""

    speaker: str
    text: str
    start_s: float
    end_s: float


class ScenePlan(msgspec.Struct, frozen=True):
    """The whole clip as structure: objects, actions, setting, look, camera, shots, dialogue."""

    objects: tuple[ObjectSpec, ...]
    actions: tuple[Action, ...]
    setting: str
    style: str = "realistic"
    time_of_day: str = "day"
    camera: Camera = Camera(0.0, 2.0, 8.0)
    shots: tuple[Shot, ...] = ()
    dialogue: tuple[DialogueLine, ...] = ()
    characters: tuple[str, ...] = ()

    @property
    def duration_s(self) -> float:
        """Clip length: the sum of the shot lengths (0 when the plan has no shots)."""
        return sum(s.end_s - s.start_s for s in self.shots)


plan_encoder = msgspec.json.Encoder()
plan_decoder = msgspec.json.Decoder(ScenePlan)

_NOUNS = {
    "basketball": ("basketball",),
    "tennis_ball": ("tennis ball",),
    "beach_ball": ("beach ball", "inflatable beach ball"),
    "bowling_ball": ("bowling ball", "heavy bowling ball"),
    "crate": ("crate", "wooden crate", "box"),
    "figure": ("figure", "player", "person"),
}
_PLACES = {
    "gym": ("in a gym", "inside a school gym", "on an indoor court"),
    "court": ("on an outdoor court", "on a basketball court"),
    "beach": ("at the beach", "by the sea", "on a sunny beach"),
    "pool": ("in a swimming pool", "at the pool", "by a pool"),
    "street": ("on a city street", "in the street", "on an empty road"),
    "park": ("in a park", "on a park lawn", "in a green park"),
}
_STYLE_WORDS = {
    "realistic": ("photorealistic", "realistic", "lifelike"),
    "cinematic": ("cinematic", "filmic", "movie-like"),
    "anime": ("anime", "anime-style", "cel-shaded anime"),
}
_VERB_PHRASES = {
    "drop": ("is dropped and bounces", "falls and bounces", "drops to the floor"),
    "bounce": ("bounces", "bounces along", "bounces to rest"),
    "roll": ("rolls down a ramp", "rolls", "rolls along"),
    "shoot": ("is shot at the hoop", "flies toward the hoop", "is thrown at the basket"),
    "collide": ("collides with", "crashes into", "knocks into"),
    "throw": ("throws", "tosses", "launches"),
    "kick": ("kicks", "boots", "punts"),
    "float": ("floats and bobs", "bobs on the water", "floats"),
    "sink": ("sinks", "sinks to the bottom", "goes under"),
    "splash": ("splashes into the water", "makes a splash", "plunges into the water"),
    "slide": ("slides to a stop", "skids to a halt", "slides"),
    "push": ("pushes", "shoves", "nudges"),
    "stack": ("sits on a stack", "topples off a stack", "falls from a stack"),
    "lob": ("is lobbed high and lands", "arcs high and comes down", "is lobbed across"),
    "fall": ("falls", "tumbles down", "drops"),
}
_TRANSITIVE = ("collide", "throw", "kick", "push")
"""Verbs whose phrases above need an object: "a crate crashes into" says nothing without one."""
_UNTARGETED_PHRASES = {
    "collide": ("collides", "crashes"),
    "throw": ("throws",),
    "kick": ("kicks",),
    "push": ("pushes",),
}
"""What the verbs of _TRANSITIVE say when an action has no other thing as its target."""
_OUTCOME_PHRASES = {
    "score": ("and scores", "and goes in", "and sinks the shot"),
    "rebound_backboard": ("but bounces off the backboard", "and rebounds off the backboard"),
    "rebound_rim": ("but clanks off the rim", "and rebounds off the rim"),
}


def _noun(obj: ObjectSpec, rng: random.Random) -> str:
    size = "" if obj.size == "medium" or rng.random() < 0.5 else obj.size + " "
    words = f"{size}{obj.colour} {rng.choice(_NOUNS[obj.kind])}"
    return ("an " if words[0] in "aeiou" else "a ") + words


def _action_clause(action: Action, names: dict[str, str], rng: random.Random) -> str:
    subject = names.get(action.subject, action.subject)
    if action.verb not in _TRANSITIVE:
        clause = f"{subject} {rng.choice(_VERB_PHRASES[action.verb])}"
    elif action.target in names and action.target != action.subject:
        clause = f"{subject} {rng.choice(_VERB_PHRASES[action.verb])} {names[action.target]}"
    else:  # no other thing of the plan to name: never a dangling "knocks into"
        clause = f"{subject} {rng.choice(_UNTARGETED_PHRASES[action.verb])}"
    if action.outcome in _OUTCOME_PHRASES:
        clause += " " + rng.choice(_OUTCOME_PHRASES[action.outcome])
    return clause


def caption(plan: ScenePlan, rng: random.Random) -> str:
    """Describe `plan` in one sentence; `rng` picks among phrasings so captions vary.

    The caption names every object kind and colour, the actions, the setting, the style and
    the time of day, so prompt adherence can be judged against it as well as against the plan.
    """
    names = {o.id: _noun(o, rng) for o in plan.objects}
    clauses = [_action_clause(a, names, rng) for a in plan.actions]
    mentioned = {a.subject for a in plan.actions} | {a.target for a in plan.actions}
    extra = [names[o.id] for o in plan.objects if o.id not in mentioned]
    body = ", then ".join(clauses) if clauses else "a quiet scene"
    if extra:
        body += ", with " + " and ".join(extra) + " nearby"
    place = rng.choice(_PLACES.get(plan.setting, (f"in a {plan.setting}",)))
    when = "at night" if plan.time_of_day == "night" else rng.choice(("by day", "in daylight", ""))
    style = rng.choice(_STYLE_WORDS.get(plan.style, (plan.style,)))
    shots = f", {len(plan.shots)} shots" if len(plan.shots) > 1 else ""
    forms = (
        f"{style.capitalize()} clip: {body} {place} {when}{shots}.",
        f"{body[0].upper()}{body[1:]} {place} {when}, {style.removesuffix('-style')} style{shots}.",
        f"{'An' if style[0] in 'aeiou' else 'A'} {style} video {place} {when}: {body}{shots}.",
    )
    text = rng.choice(forms)
    return " ".join(text.replace(" ,", ",").replace(" .", ".").replace(" :", ":").split())


def describe(plan: ScenePlan, seed: int) -> str:
    """The caption the model reads for `plan` (phrasing drawn with `seed`): what the chain's
    rewrite step writes, and what an evaluation gives the model for the same plan."""
    return caption(plan, random.Random(seed))
