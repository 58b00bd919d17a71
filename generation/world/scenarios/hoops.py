"""Basketball scenarios: a figure shoots at a hoop and scores, or misses off backboard or rim."""

from __future__ import annotations

import math

from generation.world.figure import launch_speed, release_point, script_throw
from generation.world.sandbox import Sandbox
from generation.world.scenarios import Build, family

HOOP_SETTINGS = ("gym", "court", "street", "park")


def _court(b: Build):
    """Floor, hoop and a shooter; the whole scene is mirrored at random."""
    side = b.rng.choice((-1, 1))
    b.sandbox.add_floor(0.0, b.floor_material)
    hoop = b.sandbox.add_hoop(side * b.uniform(2.2, 2.8), 3.05, facing=-side,
                              board_passable=b.tweaks.board_passable)
    shooter = b.figure("player", side * -b.uniform(1.6, 2.6), facing=side)
    ball = b.ball("ball", "basketball", (0.0, 0.0), size="medium")
    b.duration_s = 2.8
    return side, hoop, shooter, ball


def _shoot(b: Build, shooter, ball, target, elevation: float) -> None:
    start = release_point(shooter, ball.radius, elevation)
    speed = launch_speed(start, target, elevation, 9.81)
    script_throw(shooter, ball, elevation, speed, b.uniform(0.35, 0.55))


def _watch_score(sb: Sandbox, ball_id: str) -> dict:
    """Flag a score when the ball's centre drops through the rim between rim and board."""
    state = {"scored": False, "last_y": None}
    hoop = sb.hoop

    def watch(s: Sandbox, t: float, dt: float) -> None:
        x, y = s.entities[ball_id].body.position
        lo, hi = sorted((hoop.board_x, hoop.rim_front_x))
        last = state["last_y"]
        if last is not None and last >= hoop.rim_y > y and lo < x < hi:
            state["scored"] = True
        state["last_y"] = y

    sb.controllers.append(watch)
    return state


def _touched(sb: Sandbox, ball_id: str, part: str) -> bool:
    return any(c.a == ball_id and c.b == part for c in sb.contacts)


@family("made_shot", HOOP_SETTINGS, "a player shoots and the ball drops through the hoop")
def made_shot(b: Build) -> None:
    side, hoop, shooter, ball = _court(b)
    target = ((hoop.board_x + hoop.rim_front_x) / 2 - side * 0.05, hoop.rim_y + 0.02)
    _shoot(b, shooter, ball, target, math.radians(b.uniform(55, 66)))
    score = _watch_score(b.sandbox, "ball")
    b.act("shoot", "ball", outcome="score")
    b.accept = lambda sb: score["scored"] and not _touched(sb, "ball", "backboard")


@family("missed_shot_backboard", HOOP_SETTINGS, "a shot hits the backboard and rebounds")
def missed_shot_backboard(b: Build) -> None:
    side, hoop, shooter, ball = _court(b)
    target = (hoop.board_x - side * (ball.radius + 0.05), hoop.rim_y + b.uniform(0.6, 0.8))
    _shoot(b, shooter, ball, target, math.radians(b.uniform(40, 56)))
    score = _watch_score(b.sandbox, "ball")
    b.act("shoot", "ball", outcome="rebound_backboard")
    b.accept = lambda sb: _touched(sb, "ball", "backboard") and not score["scored"]


@family("missed_shot_rim", HOOP_SETTINGS, "a shot clanks off the front of the rim")
def missed_shot_rim(b: Build) -> None:
    side, hoop, shooter, ball = _court(b)
    target = (hoop.rim_front_x - side * b.uniform(0.05, 0.2), hoop.rim_y + 0.1)
    _shoot(b, shooter, ball, target, math.radians(b.uniform(45, 60)))
    score = _watch_score(b.sandbox, "ball")
    b.act("shoot", "ball", outcome="rebound_rim")
    b.accept = lambda sb: (_touched(sb, "ball", "rim") and not score["scored"]
                           and not _touched(sb, "ball", "backboard"))


@family("bank_shot", HOOP_SETTINGS, "a shot banks off the backboard and goes in")
def bank_shot(b: Build) -> None:
    side, hoop, shooter, ball = _court(b)
    target = (hoop.board_x - side * (ball.radius + 0.02), hoop.rim_y + b.uniform(0.25, 0.55))
    _shoot(b, shooter, ball, target, math.radians(b.uniform(50, 64)))
    score = _watch_score(b.sandbox, "ball")
    b.act("shoot", "ball", outcome="score")
    b.accept = lambda sb: score["scored"] and _touched(sb, "ball", "backboard")
