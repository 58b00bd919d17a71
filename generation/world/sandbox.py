"""The physics sandbox: a 2D side view on pymunk, in metres and seconds, y pointing up.

Statics (floor, walls, ramps, a hoop with rim and backboard), dynamic balls and crates,
jointed figures whose limbs follow scripted joint angles, and water that pushes up with the
weight of the displaced volume and drags. Every first contact is recorded with its impulse and
the materials that met; that record is what the foley synthesiser turns into sound.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import msgspec
import pymunk

from generation.world.catalog import GRAVITY, WATER_DENSITY, kind, radius_of


class ContactEvent(msgspec.Struct, frozen=True):
    """Two things met: `a` and `b` are object ids or static part names (floor, rim, water...)."""

    time_s: float
    a: str
    b: str
    material_a: str
    material_b: str
    impulse: float
    speed: float
    x: float
    y: float


@dataclass
class Entity:
    """A simulated thing: a ball, a crate, or one limb or torso of a figure."""

    id: str
    kind: str
    colour: str
    size: str
    radius: float
    material: str
    body: pymunk.Body
    shape: pymunk.Shape
    density: float = 1.0


@dataclass
class Water:
    """A body of water between x0 and x1, from `bottom` up to `surface` (metres)."""

    x0: float
    x1: float
    surface: float
    bottom: float
    drag: float = 2.5


@dataclass
class Hoop:
    """Where the hoop is: the backboard's x and vertical span, the rim's height and front x."""

    board_x: float
    board_bottom: float
    board_top: float
    rim_y: float
    rim_front_x: float


@dataclass
class Sandbox:
    """A pymunk space plus the bookkeeping that turns it into a sample."""

    gravity_scale: float = 1.0
    time_s: float = 0.0
    space: pymunk.Space = field(default_factory=pymunk.Space)
    entities: dict[str, Entity] = field(default_factory=dict)
    names: dict[pymunk.Shape, tuple[str, str]] = field(default_factory=dict)
    contacts: list[ContactEvent] = field(default_factory=list)
    statics: list[tuple[str, tuple[float, ...]]] = field(default_factory=list)
    water: Water | None = None
    hoop: Hoop | None = None
    controllers: list[Callable[[Sandbox, float, float], None]] = field(default_factory=list)
    after_contact: list[Callable[[Sandbox, ContactEvent], None]] = field(default_factory=list)
    _entered_water: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.space.gravity = (0.0, -GRAVITY * self.gravity_scale)
        self.space.iterations = 20
        self.space.on_collision(post_solve=self._on_post_solve)

    # --- statics -------------------------------------------------------------------------
    def _static_segment(self, name: str, a, b, radius: float, material: str, elasticity=1.0):
        shape = pymunk.Segment(self.space.static_body, a, b, radius)
        shape.elasticity, shape.friction = elasticity, 0.8
        self.space.add(shape)
        self.names[shape] = (name, material)
        return shape

    def add_floor(self, y: float = 0.0, material: str = "wood", x0=-60.0, x1=60.0) -> None:
        """A flat floor at height `y` (its top surface)."""
        self._static_segment("floor", (x0, y - 0.5), (x1, y - 0.5), 0.5, material)
        self.statics.append(("floor", (y,)))

    def add_wall(self, x: float, y0: float = 0.0, y1: float = 8.0, material="concrete") -> None:
        """A vertical wall at `x` from `y0` to `y1`."""
        self._static_segment("wall", (x, y0), (x, y1), 0.1, material)
        self.statics.append(("wall", (x, y0, y1)))

    def add_ramp(self, x0: float, y0: float, x1: float, y1: float, material="wood") -> None:
        """A straight ramp from (x0, y0) to (x1, y1), 0.1 m thick."""
        self._static_segment("ramp", (x0, y0), (x1, y1), 0.05, material)
        self.statics.append(("ramp", (x0, y0, x1, y1)))

    def add_hoop(self, board_x: float, rim_y: float = 3.05, facing: int = -1,
                 rim_width: float = 1.0, board_passable: bool = False) -> Hoop:
        """A backboard at `board_x` and a rim reaching `rim_width` toward `facing` (-1: left).

        `board_passable` makes the backboard a ghost (for the injected pass-through defect).
        """
        board = self._static_segment("backboard", (board_x, rim_y - 0.3), (board_x, rim_y + 1.1),
                                     0.05, "glass", elasticity=0.9)
        board.sensor = board_passable
        front = board_x + facing * rim_width
        rim = pymunk.Circle(self.space.static_body, 0.04, (front, rim_y))
        rim.elasticity, rim.friction = 0.8, 0.5
        self.space.add(rim)
        self.names[rim] = ("rim", "steel")
        self._static_segment("rim", (board_x, rim_y), (board_x + facing * 0.08, rim_y), 0.04, "steel")
        self.hoop = Hoop(board_x, rim_y - 0.3, rim_y + 1.1, rim_y, front)
        self.statics.append(("hoop", (board_x, rim_y, front)))
        return self.hoop

    def add_water(self, x0: float, x1: float, surface: float, bottom: float = 0.0) -> Water:
        """Water between x0 and x1 up to `surface`: buoyancy and drag on whatever is in it."""
        self.water = Water(x0, x1, surface, bottom)
        self.statics.append(("water", (x0, x1, surface, bottom)))
        return self.water

    # --- dynamic things ------------------------------------------------------------------
    def add_ball(self, oid: str, kind_name: str, colour: str, pos, vel=(0.0, 0.0),
                 size: str = "medium", spin: float = 0.0, density: float | None = None) -> Entity:
        """A ball of catalogue kind `kind_name` at `pos` (m) moving at `vel` (m/s)."""
        k = kind(kind_name)
        r = radius_of(kind_name, size)
        dens = k.density if density is None else density
        mass = dens * WATER_DENSITY * (4.0 / 3.0) * math.pi * r**3
        body = pymunk.Body(mass, pymunk.moment_for_circle(mass, 0, r) * 0.8)
        body.position, body.velocity, body.angular_velocity = pos, vel, spin
        shape = pymunk.Circle(body, r)
        shape.elasticity, shape.friction = k.restitution, k.friction
        return self._add(Entity(oid, kind_name, colour, size, r, k.material, body, shape, dens))

    def add_crate(self, oid: str, colour: str, pos, vel=(0.0, 0.0), size: str = "medium",
                  angle: float = 0.0) -> Entity:
        """A square wooden crate with half side from the catalogue, at `pos`."""
        k = kind("crate")
        h = radius_of("crate", size)
        mass = k.density * WATER_DENSITY * (2 * h) ** 3
        body = pymunk.Body(mass, pymunk.moment_for_box(mass, (2 * h, 2 * h)))
        body.position, body.velocity, body.angle = pos, vel, angle
        shape = pymunk.Poly.create_box(body, (2 * h, 2 * h), 0.01)
        shape.elasticity, shape.friction = k.restitution, k.friction
        return self._add(Entity(oid, "crate", colour, size, h, k.material, body, shape, k.density))

    def add_kinematic_segment(self, oid: str, kind_name: str, colour: str, pivot, length: float,
                              angle: float, thickness: float) -> Entity:
        """A limb: a kinematic segment from `pivot` along `angle`, driven by a controller."""
        body = pymunk.Body(body_type=pymunk.Body.KINEMATIC)
        body.position, body.angle = pivot, angle
        shape = pymunk.Segment(body, (0, 0), (length, 0), thickness)
        shape.elasticity, shape.friction = 0.5, 0.9
        return self._add(Entity(oid, kind_name, colour, "medium", length, "cloth", body, shape))

    def _add(self, entity: Entity) -> Entity:
        self.space.add(entity.body, entity.shape)
        self.entities[entity.id] = entity
        self.names[entity.shape] = (entity.id, entity.material)
        return entity

    # --- stepping ------------------------------------------------------------------------
    def step(self, dt: float) -> None:
        """Advance by `dt` seconds: controllers, water forces, then the pymunk solver."""
        for control in self.controllers:
            control(self, self.time_s, dt)
        if self.water is not None:
            dynamic = pymunk.Body.DYNAMIC
            for entity in self.entities.values():
                if entity.body.body_type == dynamic:
                    self._apply_water(entity, dt)
        self.space.step(dt)
        self.time_s += dt

    def _apply_water(self, e: Entity, dt: float) -> None:
        w, body = self.water, e.body  # body attributes cross into chipmunk: read each once
        x, y = body.position
        if not (w.x0 <= x <= w.x1):
            return
        r = e.radius
        depth = min(max(w.surface - (y - r), 0.0), 2 * r)
        if depth <= 0.0:
            return
        if e.kind == "crate":
            frac = depth / (2 * r)
        else:
            frac = depth * depth * (3 * r - depth) / (4 * r**3)
        v, mass = body.velocity, body.mass
        if e.id not in self._entered_water and v.y < -0.8:
            self._record_water_entry(e)
        self._entered_water.add(e.id)
        g = GRAVITY * self.gravity_scale
        buoyancy = frac * mass / max(e.density, 1e-6) * g
        speed = v.length
        area = frac * 2 * r
        drag = -w.drag * WATER_DENSITY * area * 0.25 * speed * v
        limit = mass / dt * 0.5  # never reverse a velocity within one step
        force = drag if drag.length < limit * speed else -v * limit
        body.apply_force_at_world_point((force.x, force.y + buoyancy), (x, y))
        body.angular_velocity *= 1.0 - min(0.9, 3.0 * dt * frac)

    def _record_water_entry(self, e: Entity) -> None:
        v = e.body.velocity
        event = ContactEvent(self.time_s, e.id, "water", e.material, "water",
                             e.body.mass * abs(v.y), abs(v.y), e.body.position.x, self.water.surface)
        self.contacts.append(event)

    def _on_post_solve(self, arbiter: pymunk.Arbiter, space: pymunk.Space, data) -> None:
        if not arbiter.is_first_contact:
            return
        sa, sb = arbiter.shapes
        (na, ma), (nb, mb) = self.names.get(sa, ("?", "?")), self.names.get(sb, ("?", "?"))
        if na not in self.entities and nb in self.entities:
            (na, ma), (nb, mb), sa, sb = (nb, mb), (na, ma), sb, sa
        impulse = arbiter.total_impulse.length
        body = sa.body
        speed = impulse / body.mass if body.body_type == pymunk.Body.DYNAMIC else 0.0
        points = arbiter.contact_point_set.points
        px, py = (points[0].point_a if points else body.position)
        event = ContactEvent(self.time_s, na, nb, ma, mb, impulse, speed, px, py)
        self.contacts.append(event)
        for hook in self.after_contact:
            hook(self, event)
