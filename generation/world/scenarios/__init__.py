"""Scenario families: each builds a randomised sandbox scene and says what it shows.

A family is a function of a seeded `Build`; it adds statics and objects, scripts figures, and
records the plan's objects and actions. `Tweaks` bend the physics for defect injection (doubled
or reversed gravity, a passable backboard, floaters that sink, bounces that gain energy) while
keeping every random choice the same, so a defective clip differs from its clean twin only there.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

import msgspec

from generation.world.catalog import KINDS
from generation.world.figure import Figure, add_figure
from generation.world.plan import Action, ObjectSpec
from generation.world.sandbox import ContactEvent, Entity, Sandbox

FLOOR_MATERIAL = {"gym": "wood", "court": "asphalt", "street": "asphalt", "park": "grass",
                  "beach": "sand", "pool": "tile"}
SIZE_CHOICES = ("small", "medium", "medium", "large")


class Tweaks(msgspec.Struct, frozen=True):
    """Physics bent on purpose, for defect injection; the default is the true world."""

    gravity_scale: float = 1.0
    board_passable: bool = False
    floaters_sink: bool = False
    bounce_gain: float = 1.0


@dataclass
class Build:
    """The scene under construction: sandbox, plan objects and actions, duration, setting."""

    rng: random.Random
    setting: str
    tweaks: Tweaks = Tweaks()
    duration_s: float = 3.0
    objects: list[ObjectSpec] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    accept: Callable[[Sandbox], bool] | None = None
    sandbox: Sandbox = field(init=False)

    def __post_init__(self) -> None:
        self.sandbox = Sandbox(gravity_scale=self.tweaks.gravity_scale)
        if self.tweaks.bounce_gain != 1.0:
            _install_bounce_gain(self.sandbox, self.tweaks.bounce_gain)

    @property
    def floor_material(self) -> str:
        return FLOOR_MATERIAL.get(self.setting, "wood")

    def ball(self, oid: str, kind: str, pos, vel=(0.0, 0.0), colour: str | None = None,
             size: str | None = None, spin: float = 0.0) -> Entity:
        """Add a ball of `kind` with a random catalogue colour and size unless given."""
        colour = colour or self._fresh_colour(KINDS[kind].colours)
        size = size or self.rng.choice(SIZE_CHOICES)
        density = None
        if self.tweaks.floaters_sink and KINDS[kind].density < 1.0:
            density = 2.5
        e = self.sandbox.add_ball(oid, kind, colour, pos, vel, size, spin, density)
        self.objects.append(ObjectSpec(oid, kind, colour, size, KINDS[kind].material))
        return e

    def crate(self, oid: str, pos, vel=(0.0, 0.0), colour: str | None = None,
              size: str | None = None, angle: float = 0.0) -> Entity:
        """Add a wooden crate with a random colour and size unless given."""
        colour = colour or self.rng.choice(KINDS["crate"].colours)
        size = size or self.rng.choice(SIZE_CHOICES)
        e = self.sandbox.add_crate(oid, colour, pos, vel, size, angle)
        if self.tweaks.floaters_sink:
            e.density = 2.5
            e.body.mass = e.body.mass * 2.5 / KINDS["crate"].density
        self.objects.append(ObjectSpec(oid, "crate", colour, size, "wood"))
        return e

    def figure(self, oid: str, x: float, facing: int = 1, colour: str | None = None) -> Figure:
        """Stand a jointed figure at `x`."""
        colour = colour or self._fresh_colour(KINDS["figure"].colours)
        self.objects.append(ObjectSpec(oid, "figure", colour, "medium", "cloth"))
        return add_figure(self.sandbox, oid, colour, x, facing)

    def _fresh_colour(self, choices: tuple[str, ...]) -> str:
        """A colour no object in the scene wears yet, so each thing stays recognisable."""
        used = {o.colour for o in self.objects}
        return self.rng.choice([c for c in choices if c not in used] or list(choices))

    def act(self, verb: str, subject: str, target: str | None = None, outcome="none") -> None:
        """Record what the scene shows, for the plan and the caption."""
        self.actions.append(Action(verb, subject, target, outcome))

    def uniform(self, lo: float, hi: float) -> float:
        return self.rng.uniform(lo, hi)


def _install_bounce_gain(sb: Sandbox, gain: float) -> None:
    """At each ball's second hard floor bounce (a lower one, so the gain stays in the picture)
    make it leave `gain` times faster than it arrived: a bounce that creates energy."""
    pending: list[tuple[str, float]] = []
    seen: dict[str, int] = {}

    def on_contact(s: Sandbox, event: ContactEvent) -> None:
        if event.b == "floor" and event.speed > 2.0:
            seen[event.a] = seen.get(event.a, 0) + 1
            if seen[event.a] == 2:
                pending.append((event.a, event.speed))

    def apply(s: Sandbox, t: float, dt: float) -> None:
        while pending:
            oid, dv = pending.pop()
            body = s.entities[oid].body
            v_out = body.velocity.length
            v_in = max(dv - abs(body.velocity.y), 0.5)  # the change of velocity spans both
            body.velocity = body.velocity * (gain * v_in / max(v_out, 1e-6))

    sb.after_contact.append(on_contact)
    sb.controllers.append(apply)


class Family(msgspec.Struct, frozen=True):
    """A named scenario family, the settings it can happen in, and its builder."""

    name: str
    settings: tuple[str, ...]
    build: Callable[[Build], None]
    summary: str


FAMILIES: dict[str, Family] = {}


def family(name: str, settings: tuple[str, ...], summary: str):
    """Register the decorated builder as scenario family `name`."""

    def register(fn: Callable[[Build], None]) -> Callable[[Build], None]:
        FAMILIES[name] = Family(name, settings, fn, summary)
        return fn

    return register


def get_family(name: str) -> Family:
    """The family called `name`; raises KeyError listing the known ones."""
    _load_all()
    try:
        return FAMILIES[name]
    except KeyError:
        raise KeyError(f"unknown scenario {name!r}; known: {', '.join(sorted(FAMILIES))}") from None


def all_families() -> dict[str, Family]:
    """Every registered family, by name."""
    _load_all()
    return dict(sorted(FAMILIES.items()))


def _load_all() -> None:
    from generation.world.scenarios import balls, crates, hoops, people, water  # noqa: F401
