"""Crate scenarios: sliding to a stop, falling, stacks knocked over, balls off crates."""

from __future__ import annotations

import math

from generation.world.scenarios import Build, family

DRY = ("gym", "court", "street", "park", "beach")


@family("crate_slide", DRY, "a crate is shoved and slides to a stop")
def crate_slide(b: Build) -> None:
    b.sandbox.add_floor(0.0, b.floor_material)
    side = b.rng.choice((-1, 1))
    e = b.crate("crate", (0, 0), (side * b.uniform(3.0, 4.5), 0.0))
    e.body.position = (-side * 2.0, e.radius)
    b.act("slide", "crate", outcome="rest")
    b.duration_s = 2.4


@family("crate_drop", DRY, "a crate falls onto the floor")
def crate_drop(b: Build) -> None:
    b.sandbox.add_floor(0.0, b.floor_material)
    b.crate("crate", (b.uniform(-1, 1), b.uniform(2.0, 3.2)), (0.0, 0.0),
            angle=b.uniform(-0.4, 0.4))
    b.act("fall", "crate", outcome="rest")
    b.duration_s = 2.0


@family("crate_ramp_slide", DRY, "a crate slides down a ramp")
def crate_ramp_slide(b: Build) -> None:
    b.sandbox.add_floor(0.0, b.floor_material)
    side = b.rng.choice((-1, 1))
    top, length = b.uniform(1.6, 2.2), 2.6
    x0 = -side * 2.2
    b.sandbox.add_ramp(x0, top, x0 + side * length, 0.0)
    slope = math.atan2(top, length)
    e = b.crate("crate", (0, 0), size="small", angle=-side * slope)
    off = e.radius + 0.07
    e.body.position = (x0 + side * (0.4 + off * math.sin(slope)),
                       top - 0.4 * math.tan(slope) + off * math.cos(slope))
    e.shape.friction = 0.25
    b.act("slide", "crate")
    b.duration_s = 2.6


@family("ball_knocks_crate_stack", DRY, "a heavy ball rolls into a stack of crates")
def ball_knocks_crate_stack(b: Build) -> None:
    b.sandbox.add_floor(0.0, b.floor_material)
    side = b.rng.choice((-1, 1))
    colour = b.rng.choice(("brown", "orange", "green"))
    low = b.crate("crate_low", (0, 0), colour=colour, size="medium")
    low.body.position = (side * 1.0, low.radius)
    top = b.crate("crate_top", (0, 0), colour=colour, size="small")
    top.body.position = (side * 1.0, 2 * low.radius + top.radius + 0.01)
    ball = b.ball("ball", "bowling_ball", (0, 0), (side * b.uniform(4.0, 5.5), 0.0), size="large")
    ball.body.position = (-side * 2.2, ball.radius)
    b.act("collide", "ball", "crate_low")
    b.duration_s = 2.4


@family("ball_bounces_off_crate", DRY, "a falling ball bounces off the corner of a crate")
def ball_bounces_off_crate(b: Build) -> None:
    b.sandbox.add_floor(0.0, b.floor_material)
    crate = b.crate("crate", (0, 0), size="large")
    crate.body.position = (0.0, crate.radius)
    b.ball("ball", b.rng.choice(("basketball", "tennis_ball")),
           (b.rng.choice((-1, 1)) * b.uniform(0.35, 0.6), b.uniform(2.6, 3.4)))
    b.act("bounce", "ball", "crate")
    b.duration_s = 2.6
