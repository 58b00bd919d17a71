"""Ball scenarios: drops and bounces, ramps, collisions, walls and steps."""

from __future__ import annotations

import math

from generation.world.scenarios import Build, family

DRY = ("gym", "court", "street", "park", "beach")
BOUNCY = ("basketball", "tennis_ball", "beach_ball")


def _floor(b: Build) -> None:
    b.sandbox.add_floor(0.0, b.floor_material)


@family("ball_drop", DRY, "a ball is dropped and bounces to rest")
def ball_drop(b: Build) -> None:
    _floor(b)
    kind = b.rng.choice(BOUNCY)
    b.ball("ball", kind, (b.uniform(-1, 1), b.uniform(2.0, 3.4)), (b.uniform(-0.6, 0.6), 0.0))
    b.act("drop", "ball", outcome="rest")
    b.duration_s = b.uniform(2.6, 3.2)


@family("bowling_ball_drop", ("gym", "street", "park"), "a bowling ball thuds onto the floor")
def bowling_ball_drop(b: Build) -> None:
    _floor(b)
    b.ball("ball", "bowling_ball", (b.uniform(-1, 1), b.uniform(1.8, 3.0)), (b.uniform(-1, 1), 0))
    b.act("drop", "ball", outcome="rest")
    b.duration_s = 2.2


@family("two_ball_drop", DRY, "two different balls dropped side by side bounce differently")
def two_ball_drop(b: Build) -> None:
    _floor(b)
    k1, k2 = b.rng.sample(BOUNCY, 2)
    h = b.uniform(2.2, 3.2)
    b.ball("ball_a", k1, (-1.0, h), (0.0, 0.0))
    b.ball("ball_b", k2, (1.0, h + b.uniform(-0.4, 0.4)), (0.0, 0.0))
    b.act("drop", "ball_a", outcome="rest")
    b.act("drop", "ball_b", outcome="rest")
    b.duration_s = 2.8


@family("ball_toss_bounce", DRY, "a ball is tossed in from the side and bounces along")
def ball_toss_bounce(b: Build) -> None:
    _floor(b)
    side = b.rng.choice((-1, 1))
    b.ball("ball", b.rng.choice(BOUNCY), (side * 2.0, b.uniform(1.5, 2.5)),
           (-side * b.uniform(1.2, 2.4), b.uniform(1.0, 3.0)))
    b.act("bounce", "ball", outcome="rest")
    b.duration_s = 3.0


@family("ramp_roll", DRY, "a ball rolls down a ramp and along the floor")
def ramp_roll(b: Build) -> None:
    _floor(b)
    side = b.rng.choice((-1, 1))
    top, length = b.uniform(1.0, 1.8), b.uniform(2.2, 3.0)
    x0 = -side * 2.0
    b.sandbox.add_ramp(x0, top, x0 + side * length, 0.0)
    slope = math.atan2(top, length)
    k = b.rng.choice(("basketball", "tennis_ball", "bowling_ball"))
    e = b.ball("ball", k, (0, 0), (0, 0))
    off = e.radius + 0.06
    b.sandbox.entities["ball"].body.position = (x0 + side * (0.3 + off * math.sin(slope)),
                                                top - 0.3 * math.tan(slope) + off * math.cos(slope))
    b.act("roll", "ball")
    b.duration_s = 2.8


@family("ramp_jump", DRY, "a ball rolls down a raised ramp and flies off its end")
def ramp_jump(b: Build) -> None:
    _floor(b)
    side = b.rng.choice((-1, 1))
    x0, top = -side * 2.4, b.uniform(2.0, 2.6)
    b.sandbox.add_ramp(x0, top, x0 + side * 1.6, top - 1.0)
    b.sandbox.add_wall(x0 + side * 1.6, 0.0, top - 1.05)
    e = b.ball("ball", b.rng.choice(("tennis_ball", "basketball")), (0, 0), (0, 0))
    slope = math.atan2(1.0, 1.6)
    off = e.radius + 0.06
    e.body.position = (x0 + side * (0.2 + off * math.sin(slope)),
                       top - 0.2 * math.tan(slope) + off * math.cos(slope))
    b.act("roll", "ball")
    b.duration_s = 2.8


@family("balls_collide", DRY, "two balls roll toward each other and collide")
def balls_collide(b: Build) -> None:
    _floor(b)
    k1, k2 = b.rng.choice(BOUNCY + ("bowling_ball",)), b.rng.choice(BOUNCY)
    a = b.ball("ball_a", k1, (-2.0, 0.0), (b.uniform(1.5, 3.0), 0.0), size="medium")
    c = b.ball("ball_b", k2, (2.0, 0.0), (-b.uniform(1.5, 3.0), 0.0), size="medium")
    a.body.position = (-2.0, a.radius)
    c.body.position = (2.0, c.radius)
    b.act("collide", "ball_a", "ball_b")
    b.duration_s = 2.4


@family("ball_hits_resting_ball", DRY, "a rolling ball knocks a resting one away")
def ball_hits_resting_ball(b: Build) -> None:
    _floor(b)
    side = b.rng.choice((-1, 1))
    a = b.ball("ball_a", b.rng.choice(("bowling_ball", "basketball")), (0, 0),
               (side * b.uniform(2.5, 3.5), 0.0))
    c = b.ball("ball_b", b.rng.choice(("tennis_ball", "basketball")), (0, 0))
    a.body.position = (-side * 2.2, a.radius)
    c.body.position = (side * 0.2, c.radius)
    b.act("collide", "ball_a", "ball_b")
    b.duration_s = 2.4


@family("wall_bounce", ("gym", "street", "court"), "a ball is thrown at a wall and rebounds")
def wall_bounce(b: Build) -> None:
    _floor(b)
    side = b.rng.choice((-1, 1))
    b.sandbox.add_wall(side * 2.2, 0.0, 6.0)
    b.ball("ball", b.rng.choice(BOUNCY), (-side * 1.5, b.uniform(1.0, 2.0)),
           (side * b.uniform(3.0, 5.0), b.uniform(1.0, 3.5)))
    b.act("bounce", "ball", "wall")
    b.duration_s = 2.6


@family("steps_bounce", ("street", "park", "gym"), "a ball bounces down a flight of steps")
def steps_bounce(b: Build) -> None:
    _floor(b)
    side = b.rng.choice((-1, 1))
    step_w, step_h, n = 0.8, b.uniform(0.35, 0.5), 3
    for i in range(n):
        x_far, x_near = -side * (2.8 - i * step_w), -side * (2.8 - (i + 1) * step_w)
        h = (n - i) * step_h
        b.sandbox.add_ramp(x_far, h, x_near, h)
        b.sandbox.add_wall(x_near, 0.0, h)
    b.ball("ball", b.rng.choice(BOUNCY), (-side * 2.6, n * step_h + 0.8),
           (side * b.uniform(0.8, 1.5), 0.0))
    b.act("bounce", "ball")
    b.duration_s = 3.0


@family("lob", DRY, "a ball is lobbed high across the scene and lands")
def lob(b: Build) -> None:
    _floor(b)
    side = b.rng.choice((-1, 1))
    b.ball("ball", b.rng.choice(("tennis_ball", "basketball")), (-side * 2.6, 0.5),
           (side * b.uniform(2.0, 3.0), b.uniform(5.5, 7.0)))
    b.act("lob", "ball")
    b.duration_s = 2.8
