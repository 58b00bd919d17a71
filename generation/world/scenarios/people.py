"""Figure scenarios: throwing, kicking, passing, dropping; figures carry the dialogue."""

from __future__ import annotations

import math

from generation.world.figure import (
    launch_speed,
    release_point,
    script_kick,
    script_throw,
)
from generation.world.scenarios import Build, family

DRY = ("gym", "court", "street", "park", "beach")


def _stand(b: Build, x: float, facing: int):
    b.sandbox.add_floor(0.0, b.floor_material)
    return b.figure("player", x, facing)


@family("figure_throw", DRY, "a figure throws a ball across the scene; it lands and bounces")
def figure_throw(b: Build) -> None:
    side = b.rng.choice((-1, 1))
    fig = _stand(b, -side * 2.0, side)
    ball = b.ball("ball", b.rng.choice(("basketball", "tennis_ball", "beach_ball")), (0, 0))
    script_throw(fig, ball, math.radians(b.uniform(30, 60)), b.uniform(4.0, 6.0), b.uniform(0.3, 0.5))
    b.act("throw", "player", "ball")
    b.duration_s = 2.8


@family("figure_kick", DRY, "a figure kicks a ball along the ground")
def figure_kick(b: Build) -> None:
    side = b.rng.choice((-1, 1))
    fig = _stand(b, -side * 2.0, side)
    ball = b.ball("ball", b.rng.choice(("basketball", "beach_ball", "tennis_ball")), (0, 0))
    ball.body.position = (fig.x + side * (0.32 + ball.radius), ball.radius)
    script_kick(fig, b.uniform(0.3, 0.5), b.uniform(8.0, 12.0))
    b.act("kick", "player", "ball")
    b.duration_s = 2.6


@family("figure_kick_wall", ("gym", "street", "court"), "a figure kicks a ball against a wall")
def figure_kick_wall(b: Build) -> None:
    side = b.rng.choice((-1, 1))
    fig = _stand(b, -side * 1.8, side)
    b.sandbox.add_wall(side * 2.4, 0.0, 6.0)
    ball = b.ball("ball", b.rng.choice(("basketball", "tennis_ball")), (0, 0))
    ball.body.position = (fig.x + side * (0.32 + ball.radius), ball.radius)
    script_kick(fig, b.uniform(0.3, 0.5), b.uniform(10.0, 13.0))
    b.act("kick", "player", "ball")
    b.duration_s = 2.6


@family("figure_throw_at_crate", DRY, "a figure throws a ball that knocks a crate")
def figure_throw_at_crate(b: Build) -> None:
    side = b.rng.choice((-1, 1))
    fig = _stand(b, -side * 2.0, side)
    crate = b.crate("crate", (0, 0), size="small")
    crate.body.position = (side * 1.4, crate.radius)
    ball = b.ball("ball", b.rng.choice(("basketball", "bowling_ball")), (0, 0), size="medium")
    elevation = math.radians(b.uniform(25, 40))
    start = release_point(fig, ball.radius, elevation)
    target = (crate.body.position.x - side * 0.2, crate.radius * 1.5)
    script_throw(fig, ball, elevation, launch_speed(start, target, elevation), b.uniform(0.3, 0.5))
    b.act("throw", "player", "ball")
    b.act("collide", "ball", "crate")
    b.duration_s = 2.6


@family("figure_pass", DRY, "one figure throws a ball to another, who it bounces off")
def figure_pass(b: Build) -> None:
    side = b.rng.choice((-1, 1))
    thrower = _stand(b, -side * 2.2, side)
    b.figure("partner", side * 2.2, -side)
    ball = b.ball("ball", b.rng.choice(("basketball", "beach_ball")), (0, 0))
    elevation = math.radians(b.uniform(30, 45))
    start = release_point(thrower, ball.radius, elevation)
    speed = launch_speed(start, (side * 2.2, 1.3), elevation)
    script_throw(thrower, ball, elevation, speed, b.uniform(0.3, 0.5))
    b.act("throw", "player", "ball")
    b.act("collide", "ball", "partner")
    b.duration_s = 2.8


@family("figure_bounce_pass", DRY, "a figure throws a ball down so it bounces up and away")
def figure_bounce_pass(b: Build) -> None:
    side = b.rng.choice((-1, 1))
    fig = _stand(b, -side * 2.2, side)
    ball = b.ball("ball", b.rng.choice(("basketball", "tennis_ball")), (0, 0))
    script_throw(fig, ball, math.radians(b.uniform(-35, -15)), b.uniform(4.0, 6.0), 0.4)
    b.act("throw", "player", "ball")
    b.act("bounce", "ball")
    b.duration_s = 2.6


@family("figure_drop", DRY, "a figure holds a ball out and lets it drop")
def figure_drop(b: Build) -> None:
    side = b.rng.choice((-1, 1))
    fig = _stand(b, -side * 0.5, side)
    ball = b.ball("ball", b.rng.choice(("basketball", "tennis_ball", "bowling_ball")), (0, 0))
    script_throw(fig, ball, math.radians(b.uniform(80, 100)), 0.3, b.uniform(0.4, 0.7))
    b.act("drop", "ball", outcome="rest")
    b.duration_s = 2.6
