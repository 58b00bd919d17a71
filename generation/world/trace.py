"""Running a built scene: per-frame object states and contact events, at the clip's frame rate."""

from __future__ import annotations

import math

import msgspec

from generation.world.sandbox import ContactEvent, Sandbox

PHYSICS_HZ = 240


class ObjectState(msgspec.Struct, frozen=True, array_like=True):
    """Where one object (or figure limb) is at one frame: metres, radians, metres per second."""

    id: str
    x: float
    y: float
    angle: float
    vx: float
    vy: float


class EntityInfo(msgspec.Struct, frozen=True):
    """What an object is, for rendering and judging: kind, colour, size, radius (m)."""

    id: str
    kind: str
    colour: str
    size: str
    radius: float


class Static(msgspec.Struct, frozen=True, array_like=True):
    """A static part of the scene (floor, wall, ramp, hoop, water) and its numbers."""

    name: str
    params: tuple[float, ...]


class Trace(msgspec.Struct, frozen=True):
    """A simulated world: states at every frame time (world time), contacts, statics."""

    fps: float
    states: tuple[tuple[ObjectState, ...], ...]
    contacts: tuple[ContactEvent, ...]
    statics: tuple[Static, ...]
    entities: tuple[EntityInfo, ...]

    @property
    def duration_s(self) -> float:
        return len(self.states) / self.fps


def run(sb: Sandbox, fps: float, duration_s: float) -> Trace:
    """Step `sb` for `duration_s` and record the state of every dynamic or driven body.

    The physics step divides the frame interval evenly (about 240 Hz), so frame k shows the
    world at exactly k / fps seconds.
    """
    substeps = max(1, round(PHYSICS_HZ / fps))
    dt = 1.0 / (fps * substeps)
    n_frames = max(2, int(round(duration_s * fps)))
    states = []
    for _ in range(n_frames):
        states.append(_snapshot(sb))
        for _ in range(substeps):
            sb.step(dt)
    entities = tuple(EntityInfo(e.id, e.kind, e.colour, e.size, e.radius) for e in sb.entities.values())
    statics = tuple(Static(name, tuple(map(float, p))) for name, p in sb.statics)
    return Trace(float(fps), tuple(states), tuple(sb.contacts), statics, entities)


def _snapshot(sb: Sandbox) -> tuple[ObjectState, ...]:
    out = []
    for e in sb.entities.values():
        b = e.body
        p, v, angle = b.position, b.velocity, b.angle  # each read crosses into chipmunk: once
        out.append(ObjectState(e.id, p.x, p.y, angle if math.isfinite(angle) else 0.0, v.x, v.y))
    return tuple(out)
