"""Backdrops: the static picture of a setting (sky or wall, floor, hoop, ramps, walls).

Drawn once per shot at the working resolution; moving things are drawn over it per frame.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from generation.world.trace import Static

SKY = {"day": ((118, 170, 228), (196, 222, 244)), "night": ((20, 26, 56), (46, 54, 92))}
WALL = {"day": ((206, 188, 160), (226, 212, 188)), "night": ((58, 54, 66), (78, 72, 82))}
INDOOR = ("gym", "pool")
FLOOR = {"gym": (188, 132, 78), "court": (92, 110, 104), "street": (78, 78, 84),
         "park": (82, 148, 64), "beach": (222, 198, 144), "pool": (170, 200, 206)}
WATER = {"day": (40, 130, 190), "night": (16, 44, 84)}


def _shade(rgb, k: float) -> tuple[int, int, int]:
    return tuple(int(max(0, min(255, c * k))) for c in rgb)


def _gradient(w: int, h: int, top, bottom) -> np.ndarray:
    t = np.linspace(0.0, 1.0, h)[:, None, None]
    img = np.asarray(top, float) * (1 - t) + np.asarray(bottom, float) * t
    return np.broadcast_to(img, (h, w, 3)).astype(np.uint8)


class Canvas:
    """World-to-pixel mapping at the working resolution."""

    def __init__(self, width: int, height: int, scale: float, ox: float, oy: float):
        self.width, self.height, self.scale, self.ox, self.oy = width, height, scale, ox, oy

    def p(self, x: float, y: float) -> tuple[float, float]:
        return self.ox + self.scale * x, self.oy - self.scale * y

    def m(self, metres: float) -> float:
        return self.scale * metres


def draw_backdrop(cv: Canvas, setting: str, time_of_day: str, style: str,
                  statics: tuple[Static, ...], rng: np.random.Generator) -> Image.Image:
    """The static background of one shot, as an RGB image at the canvas resolution."""
    night = time_of_day == "night"
    top, bottom = (WALL if setting in INDOOR else SKY)["night" if night else "day"]
    sky = _gradient(cv.width, cv.height, top, bottom)
    if style == "anime":
        sky = _cel(sky)
    img = Image.fromarray(sky.copy())
    d = ImageDraw.Draw(img)
    _scenery(d, cv, setting, night, style, rng)
    floor_y = cv.p(0, 0)[1]
    floor_rgb = _shade(FLOOR.get(setting, (150, 150, 150)), 0.45 if night else 1.0)
    if style == "anime":
        floor_rgb = tuple(int(c) for c in _cel(np.array([[floor_rgb]], np.uint8))[0, 0])
    d.rectangle([0, floor_y, cv.width, cv.height], fill=floor_rgb)
    if style == "realistic" or style == "cinematic":
        _floor_texture(img, cv, floor_y, setting, rng)
    for st in statics:
        _static(d, cv, st, night, style)
    return img


def _cel(img: np.ndarray, bands: int = 4, saturation: float = 1.45) -> np.ndarray:
    """Anime colour: brighter, more saturated, and flattened into a few bands."""
    f = img.astype(np.float32)
    grey = f.mean(axis=-1, keepdims=True)
    f = np.clip(grey + (f - grey) * saturation + 12, 0, 255)
    step = 256 / bands
    return (np.floor(f / step) * step + step / 2).clip(0, 255).astype(np.uint8)


def _scenery(d: ImageDraw.ImageDraw, cv: Canvas, setting: str, night: bool, style: str, rng) -> None:
    k = 0.4 if night else 1.0
    ground = cv.p(0, 0)[1]
    if setting == "street":
        for i in range(8):
            x = cv.width * i / 7 + rng.uniform(-0.05, 0.05) * cv.width
            h = cv.m(rng.uniform(3.0, 7.0))
            d.rectangle([x - cv.width * 0.07, ground - h, x + cv.width * 0.07, ground],
                        fill=_shade((150, 140, 150), k))
    elif setting == "park":
        for i in range(4):
            x = cv.width * (i + rng.uniform(0.2, 0.8)) / 4
            r = cv.m(rng.uniform(0.8, 1.3))
            d.ellipse([x - r, ground - cv.m(2.6) - r, x + r, ground - cv.m(2.6) + r],
                      fill=_shade((60, 120, 60), k))
    elif setting == "beach":
        d.rectangle([0, ground - cv.m(0.6), cv.width, ground], fill=_shade((70, 140, 190), k))
    elif setting in INDOOR:
        for i in range(1, 6):
            y = ground - cv.m(i * 1.2)
            d.line([0, y, cv.width, y], fill=_shade((180, 170, 150), k * 0.9), width=1)
    if night and setting not in INDOOR:
        for _ in range(20):
            x, y = rng.uniform(0, cv.width), rng.uniform(0, ground * 0.5)
            d.point((x, y), fill=(220, 220, 200))


def _floor_texture(img: Image.Image, cv: Canvas, floor_y: float, setting: str, rng) -> None:
    arr = np.asarray(img).astype(np.int16)
    y0 = int(max(0, np.ceil(floor_y)))
    if y0 >= cv.height:
        return
    noise = rng.normal(0.0, 6.0, (cv.height - y0, cv.width, 1))
    if setting == "gym":
        planks = (np.arange(cv.width) // max(2, int(cv.m(0.4))) % 2)[None, :, None] * 10
        noise = noise + planks
    arr[y0:] = np.clip(arr[y0:] + noise, 0, 255)
    img.paste(Image.fromarray(arr.astype(np.uint8)))


def _static(d: ImageDraw.ImageDraw, cv: Canvas, st: Static, night: bool, style: str) -> None:
    k = 0.55 if night else 1.0
    outline = (20, 20, 20) if style == "anime" else None
    if st.name == "wall":
        x, y0, y1 = st.params
        a, b = cv.p(x - 0.1, y1), cv.p(x + 0.1, y0)
        d.rectangle([a[0], a[1], b[0], b[1]], fill=_shade((120, 120, 128), k), outline=outline)
    elif st.name == "ramp":
        x0, y0, x1, y1 = st.params
        pts = [cv.p(x0, y0), cv.p(x1, y1), cv.p(x1, min(y0, y1)), cv.p(x1, 0), cv.p(x0, 0)]
        d.polygon(pts, fill=_shade((150, 110, 70), k), outline=outline)
        d.line([cv.p(x0, y0), cv.p(x1, y1)], fill=_shade((110, 80, 50), k), width=max(1, int(cv.m(0.08))))
    elif st.name == "hoop":
        _hoop(d, cv, *st.params, k=k, outline=outline)
    elif st.name == "water":
        draw_surface(d, cv, st)


def _hoop(d, cv: Canvas, board_x: float, rim_y: float, front: float, k: float, outline) -> None:
    side = 1 if board_x > front else -1
    pole_x = board_x + side * 0.35
    d.rectangle([*cv.p(pole_x - 0.06, rim_y + 0.6), *cv.p(pole_x + 0.06, 0)], fill=_shade((90, 90, 96), k))
    d.line([cv.p(board_x, rim_y + 0.5), cv.p(pole_x, rim_y + 0.5)], fill=_shade((90, 90, 96), k),
           width=max(1, int(cv.m(0.08))))
    a, b = cv.p(board_x - 0.06, rim_y + 1.1), cv.p(board_x + 0.06, rim_y - 0.3)
    d.rectangle([a[0], a[1], b[0], b[1]], fill=_shade((236, 236, 240), k), outline=outline)
    width = max(4, int(cv.m(0.09)))  # at least 2 output pixels: the rim must survive 64 px
    net = _shade((230, 230, 230), k)
    x_in, x_out = board_x - side * 0.12, front
    for i in range(4):
        f = i / 3
        top = x_in + (x_out - x_in) * f
        bottom = x_in + (x_out - x_in) * (0.2 + 0.6 * f)
        d.line([cv.p(top, rim_y), cv.p(bottom, rim_y - 0.5)], fill=net, width=max(1, width // 4))
    d.line([cv.p(board_x, rim_y), cv.p(front, rim_y)], fill=_shade((226, 60, 20), k), width=width)


def water_overlay(frame: Image.Image, cv: Canvas, water: Static, time_of_day: str,
                  style: str) -> Image.Image:
    """Tint everything below the water surface (the line itself is part of the backdrop)."""
    surface = water.params[2]
    y_top = int(round(cv.p(0.0, surface)[1]))
    if y_top >= cv.height:
        return frame
    arr = np.asarray(frame).astype(np.float32)
    colour = np.asarray(WATER["night" if time_of_day == "night" else "day"], np.float32)
    alpha = 0.55 if style == "anime" else 0.45
    y0 = max(0, y_top + max(4, int(cv.m(0.06))) // 2 + 1)  # just under the surface line
    arr[y0:] = arr[y0:] * (1 - alpha) + colour * alpha
    return Image.fromarray(arr.astype(np.uint8))


def draw_surface(d: ImageDraw.ImageDraw, cv: Canvas, water: Static) -> None:
    """The bright water line, drawn in the backdrop so that it passes behind floating things."""
    y_top = cv.p(0, water.params[2])[1]
    d.line([0, y_top, cv.width, y_top], fill=(244, 248, 255), width=max(4, int(cv.m(0.06))))
