"""Jointed figures: a torso with head, two arms and two legs joined at shoulder and hip.

The limbs are kinematic pymunk bodies that follow scripted joint-angle curves, so a swinging
arm or leg hits a ball with a real impulse. A figure can hold a ball in its hand and release it
at a chosen moment; the ball then flies with the hand's velocity. Figures are the bodies that
characters will wear.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pymunk

from generation.world.catalog import GRAVITY
from generation.world.sandbox import Entity, Sandbox

HIP_Y = 0.9
SHOULDER_UP = 0.55
ARM_LENGTH = 0.65
LEG_LENGTH = 0.9
TORSO_LENGTH = 0.6
REST_ARM = -math.pi / 2 - 0.15
REST_LEG = -math.pi / 2 + 0.08

AngleCurve = Callable[[float], float]


@dataclass
class Figure:
    """A figure's id, where it stands, which way it faces, and its limb curves (facing right)."""

    id: str
    x: float
    facing: int
    curves: dict[str, AngleCurve] = field(default_factory=dict)
    held: Entity | None = None
    release_s: float = math.inf

    def world_angle(self, angle: float) -> float:
        """Mirror an angle given for a right-facing figure when the figure faces left."""
        return angle if self.facing > 0 else math.pi - angle

    def shoulder(self) -> tuple[float, float]:
        return (self.x, HIP_Y + SHOULDER_UP)


def hold(angle: float) -> AngleCurve:
    """A joint held still at `angle`."""
    return lambda t: angle


def swing(start: float, release: float, omega: float, release_s: float, follow_s=0.12) -> AngleCurve:
    """Hold at `start`, rotate at `omega` rad/s to pass `release` at `release_s`, follow through."""
    begin_s = release_s - (release - start) / omega

    def curve(t: float) -> float:
        t = min(max(t, begin_s), release_s + follow_s)
        return release - omega * (release_s - t)

    return curve


def add_figure(sb: Sandbox, oid: str, colour: str, x: float, facing: int = 1) -> Figure:
    """Stand a figure at `x` facing +x (1) or -x (-1); its limbs hang at rest until scripted."""
    fig = Figure(oid, x, facing)
    group = len([e for e in sb.entities if e.endswith(".torso")]) + 1
    parts = {
        "torso": ((x, HIP_Y), TORSO_LENGTH, math.pi / 2, 0.13),
        "arm_l": (fig.shoulder(), ARM_LENGTH, REST_ARM + 0.3, 0.06),
        "arm_r": (fig.shoulder(), ARM_LENGTH, REST_ARM, 0.06),
        "leg_l": ((x, HIP_Y), LEG_LENGTH, REST_LEG - 0.16, 0.08),
        "leg_r": ((x, HIP_Y), LEG_LENGTH, REST_LEG, 0.08),
    }
    for name, (pivot, length, angle, thick) in parts.items():
        e = sb.add_kinematic_segment(f"{oid}.{name}", "figure", colour, pivot, length,
                                     fig.world_angle(angle), thick)
        e.shape.filter = pymunk.ShapeFilter(group=group)
        fig.curves[name] = hold(angle)
    fig.group = group
    sb.controllers.append(lambda s, t, dt: _drive(fig, s, t, dt))
    return fig


def _drive(fig: Figure, sb: Sandbox, t: float, dt: float) -> None:
    for name, curve in fig.curves.items():
        body = sb.entities[f"{fig.id}.{name}"].body
        target = fig.world_angle(curve(t + dt))
        body.angular_velocity = (target - body.angle) / dt
    if fig.held is not None:
        arm = sb.entities[f"{fig.id}.arm_r"].body
        a, w = arm.angle + arm.angular_velocity * dt, arm.angular_velocity
        reach = ARM_LENGTH + fig.held.radius * 0.9
        sx, sy = fig.shoulder()
        ball = fig.held.body
        if t + dt < fig.release_s:
            ball.position = (sx + reach * math.cos(a), sy + reach * math.sin(a))
            ball.velocity = (-w * reach * math.sin(a), w * reach * math.cos(a))
            fig.held.shape.filter = pymunk.ShapeFilter(group=fig.group)
        elif t > fig.release_s + 0.25:
            fig.held.shape.filter = pymunk.ShapeFilter()
            fig.held = None


def script_throw(fig: Figure, ball: Entity, elevation: float, speed: float, release_s: float) -> None:
    """Swing the right arm underhand so that `ball` leaves the hand at `speed` and `elevation`.

    The arm turns at speed / reach rad/s and the ball is let go when the arm points at
    elevation - 90 degrees, where the hand's velocity has the asked direction.
    """
    reach = ARM_LENGTH + ball.radius * 0.9
    omega = speed / reach
    release = elevation - math.pi / 2
    fig.curves["arm_r"] = swing(release - 1.9, release, omega, release_s)
    fig.held, fig.release_s = ball, release_s
    sx, sy = fig.shoulder()
    # the ball starts in the hand where the arm is at time zero: a slow swing (a gentle drop)
    # is already part-way round then, and a ball placed at the swing's start would jump
    start = fig.world_angle(fig.curves["arm_r"](0.0))
    ball.body.position = (sx + reach * math.cos(start), sy + reach * math.sin(start))


def release_point(fig: Figure, ball_radius: float, elevation: float) -> tuple[float, float]:
    """Where the ball leaves the hand for a throw at `elevation` (world coordinates)."""
    reach = ARM_LENGTH + ball_radius * 0.9
    a = fig.world_angle(elevation - math.pi / 2)
    sx, sy = fig.shoulder()
    return sx + reach * math.cos(a), sy + reach * math.sin(a)


def launch_speed(start, target, elevation: float, gravity: float = GRAVITY) -> float:
    """Speed that carries a projectile from `start` through `target` at `elevation` (rad).

    Raises ValueError when no such speed exists (the target is above the line of the throw).
    """
    dx, dy = abs(target[0] - start[0]), target[1] - start[1]
    denom = 2 * math.cos(elevation) ** 2 * (dx * math.tan(elevation) - dy)
    if denom <= 0:
        raise ValueError("target unreachable at this elevation")
    return math.sqrt(gravity * dx * dx / denom)


def script_kick(fig: Figure, kick_s: float, omega: float = 11.0) -> None:
    """Swing the right leg from behind to in front of the body, passing vertical at `kick_s`."""
    vertical = -math.pi / 2
    fig.curves["leg_r"] = swing(vertical - 0.9, vertical + 0.9, omega, kick_s + 0.9 / omega)
