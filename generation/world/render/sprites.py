"""Moving things as drawn: balls (shaded, or flat with outlines), crates, figures, shadows,
splash droplets. Each takes the world state of one object and a Canvas."""

from __future__ import annotations

import math

from PIL import ImageDraw

from generation.world.catalog import PALETTE
from generation.world.render.backdrop import Canvas
from generation.world.trace import ObjectState

OUTLINE = (16, 16, 20)
MIN_RADIUS_FRACTION = 0.028  # of the shorter frame side: a ball never shrinks below ~2 px at 64


def colour_rgb(name: str, night: bool) -> tuple[int, int, int]:
    """Palette colour of `name` as lit in the scene (dimmer and bluer at night)."""
    r, g, b = PALETTE.get(name, (200, 200, 200))
    if night:  # floodlit: a little dimmer and bluer, but still clear of the dark sky
        return int(r * 0.85 + 10), int(g * 0.85 + 10), int(min(255, b * 0.9 + 24))
    return r, g, b


def _mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(int(x * (1 - t) + y * t) for x, y in zip(a, b))


def pixel_radius(cv: Canvas, r: float) -> float:
    return max(cv.m(r), MIN_RADIUS_FRACTION * min(cv.width, cv.height))


def draw_shadow(d: ImageDraw.ImageDraw, cv: Canvas, s: ObjectState, r: float, night: bool) -> None:
    """A soft dark ellipse on the floor under the object, smaller the higher it is."""
    height = max(0.0, s.y - r)
    spread = pixel_radius(cv, r) * max(0.3, 1.0 - height / 5.0)
    fx, fy = cv.p(s.x, 0.0)
    alpha = int((70 if night else 110) * max(0.25, 1.0 - height / 4.0))
    d.ellipse([fx - spread, fy - spread * 0.25, fx + spread, fy + spread * 0.25], fill=(0, 0, 0, alpha))


def draw_ball(d: ImageDraw.ImageDraw, cv: Canvas, s: ObjectState, r: float, kind: str,
              colour: str, style: str, night: bool) -> None:
    """A ball: shaded sphere with its markings (realistic, cinematic) or flat cel (anime)."""
    cx, cy = cv.p(s.x, s.y)
    pr = pixel_radius(cv, r)
    base = colour_rgb(colour, night)
    box = [cx - pr, cy - pr, cx + pr, cy + pr]
    if style == "anime":
        ink = OUTLINE if sum(base) > 180 else (200, 200, 210)  # dark balls get a light outline
        d.ellipse(box, fill=base, outline=ink, width=max(1, int(pr * 0.18)))
        hl = _mix(base, (255, 255, 255), 0.45)
        d.ellipse([cx - pr * 0.55, cy - pr * 0.6, cx - pr * 0.1, cy - pr * 0.2], fill=hl)
    else:
        dark = _mix(base, (0, 0, 0), 0.45)
        d.ellipse(box, fill=dark)
        for i in range(1, 6):
            f = 1.0 - i * 0.14
            ox, oy = -pr * (1 - f) * 0.5, -pr * (1 - f) * 0.5
            tone = _mix(dark, base, min(1.0, i / 3.5)) if i < 5 else _mix(base, (255, 255, 255), 0.35)
            d.ellipse([cx + ox - pr * f, cy + oy - pr * f, cx + ox + pr * f, cy + oy + pr * f], fill=tone)
    _markings(d, cx, cy, pr, s.angle, kind, base)


def _markings(d, cx: float, cy: float, pr: float, angle: float, kind: str, base) -> None:
    if pr < 4:
        return
    width = max(1, int(pr * 0.1))
    ca, sa = math.cos(-angle), math.sin(-angle)
    if kind == "basketball":
        seam = _mix(base, (0, 0, 0), 0.7)
        d.line([cx - pr * ca, cy - pr * sa, cx + pr * ca, cy + pr * sa], fill=seam, width=width)
        d.line([cx + pr * sa, cy - pr * ca, cx - pr * sa, cy + pr * ca], fill=seam, width=width)
    elif kind == "tennis_ball":
        d.arc([cx - pr * 1.4 + pr * ca * 0.6, cy - pr * 0.7, cx + pr * ca * 0.6, cy + pr * 0.7],
              -60, 60, fill=(245, 245, 235), width=width)
    elif kind == "beach_ball":
        d.line([cx - pr * 0.9 * ca, cy - pr * 0.9 * sa, cx + pr * 0.9 * ca, cy + pr * 0.9 * sa],
               fill=(245, 245, 245), width=max(1, int(pr * 0.2)))
    elif kind == "bowling_ball":
        for k in range(3):
            a = angle + 0.35 * k
            hx, hy = cx + pr * 0.45 * math.cos(-a), cy + pr * 0.45 * math.sin(-a)
            d.ellipse([hx - pr * 0.1, hy - pr * 0.1, hx + pr * 0.1, hy + pr * 0.1], fill=(8, 8, 8))


def draw_crate(d: ImageDraw.ImageDraw, cv: Canvas, s: ObjectState, h: float, colour: str,
               style: str, night: bool) -> None:
    """A square crate turned by its angle, with planks (or a flat fill and outline)."""
    base = colour_rgb(colour, night)
    c, si = math.cos(s.angle), math.sin(s.angle)
    hp = max(h, MIN_RADIUS_FRACTION * min(cv.width, cv.height) / cv.scale)
    corners = [(s.x + dx * c - dy * si, s.y + dx * si + dy * c)
               for dx, dy in ((-hp, -hp), (hp, -hp), (hp, hp), (-hp, hp))]
    pts = [cv.p(*p) for p in corners]
    if style == "anime":
        d.polygon(pts, fill=base, outline=OUTLINE, width=max(1, int(cv.m(h) * 0.12)))
        return
    d.polygon(pts, fill=base)
    edge = _mix(base, (0, 0, 0), 0.3)
    width = max(1, int(cv.m(h) * 0.06))
    d.line(pts + [pts[0]], fill=edge, width=width)
    d.line([pts[0], pts[2]], fill=edge, width=width)


def draw_figure(d: ImageDraw.ImageDraw, cv: Canvas, parts: dict[str, ObjectState],
                lengths: dict[str, float], colour: str, style: str, night: bool) -> None:
    """A figure from its torso and limb states: thick jointed lines and a round head."""
    shirt = colour_rgb(colour, night)
    pants = _mix(shirt, (30, 30, 40), 0.55)
    head_rgb = _mix((200, 200, 210), (0, 0, 0), 0.35 if night else 0.0)
    order = (("leg_l", pants, 0.16), ("leg_r", pants, 0.16), ("torso", shirt, 0.26),
             ("arm_l", shirt, 0.12), ("arm_r", shirt, 0.12))
    for name, rgb, thick in order:
        s = parts.get(name)
        if s is None:
            continue
        end = (s.x + lengths[name] * math.cos(s.angle), s.y + lengths[name] * math.sin(s.angle))
        line = [cv.p(s.x, s.y), cv.p(*end)]
        w = max(2, int(cv.m(thick)))
        if style == "anime":
            d.line(line, fill=OUTLINE, width=w + 2, joint="curve")
        d.line(line, fill=rgb, width=w, joint="curve")
    torso = parts.get("torso")
    if torso is not None:
        hx, hy = cv.p(torso.x, torso.y + lengths["torso"] + 0.2)
        hr = max(2.0, cv.m(0.16))
        d.ellipse([hx - hr, hy - hr, hx + hr, hy + hr], fill=head_rgb,
                  outline=OUTLINE if style == "anime" else None)


def draw_droplets(d: ImageDraw.ImageDraw, cv: Canvas, x: float, surface: float, age: float,
                  strength: float, seed: int) -> None:
    """Spray thrown up where something hit the water `age` seconds ago."""
    if age < 0 or age > 0.7:
        return
    n = 10
    for i in range(n):
        a = math.pi * (0.15 + 0.7 * ((i * 0.618 + seed * 0.1) % 1.0))
        v = min(4.0, 1.0 + strength * 0.35) * (0.6 + 0.4 * ((i * 0.37 + seed * 0.3) % 1.0))
        px = x + v * math.cos(a) * age
        py = surface + v * math.sin(a) * age - 0.5 * 9.81 * age * age
        if py < surface:
            continue
        cx, cy = cv.p(px, py)
        r = max(0.6, cv.m(0.03))
        d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(225, 240, 255, 170))
