"""Rendering a simulated trace into frames, at any resolution, in three styles, day or night.

realistic: shaded balls, textured floors, soft shadows, film grain. cinematic: the same scene
with a blurred backdrop (depth of field), a teal-orange grade, a vignette and letterbox bars.
anime: flat colours with dark outlines, no shadows or grain. The renderer sees only the trace
and the plan (setting, style, time of day, shots); it never changes the physics.
"""

from __future__ import annotations

import zlib

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from generation.world.camera import to_pixels
from generation.world.plan import ScenePlan, Shot
from generation.world.render.backdrop import Canvas, draw_backdrop, water_overlay
from generation.world.render.post import finish, vignette_mask
from generation.world.render.sprites import (
    draw_ball,
    draw_crate,
    draw_droplets,
    draw_figure,
    draw_shadow,
)
from generation.world.trace import Trace

SUPERSAMPLE = 2


def shot_frames(shot: Shot, fps: float, n_world: int) -> range:
    """World frame indices that a shot shows."""
    start = int(round(shot.start_s * fps))
    return range(start, min(n_world, int(round(shot.end_s * fps))))


def render_clip(trace: Trace, plan: ScenePlan, width: int, height: int, seed: int = 0
                ) -> tuple[np.ndarray, list[int]]:
    """Frames (T, height, width, 3) uint8 for every shot of `plan`, and for each clip frame the
    world frame it shows. `seed` fixes textures and grain."""
    rng = np.random.default_rng(seed)
    frames, world_index = [], []
    vignette = vignette_mask(height, width) if plan.style == "cinematic" else None
    for shot in plan.shots:
        cv = _canvas(shot, width, height)
        backdrop = draw_backdrop(cv, plan.setting, plan.time_of_day, plan.style, trace.statics,
                                 np.random.default_rng(seed))
        if plan.style == "cinematic":
            backdrop = backdrop.filter(ImageFilter.GaussianBlur(radius=max(1.0, cv.width / 110)))
        for k in shot_frames(shot, trace.fps, len(trace.states)):
            img = _draw_frame(backdrop, cv, trace, k, plan)
            frames.append(np.asarray(img.resize((width, height), Image.Resampling.BOX)))
            world_index.append(k)
    return finish(np.stack(frames), plan.style, rng, vignette), world_index


def _canvas(shot: Shot, width: int, height: int) -> Canvas:
    w, h = width * SUPERSAMPLE, height * SUPERSAMPLE
    scale, ox, oy = to_pixels(shot.camera, w, h)
    return Canvas(w, h, scale, ox, oy)


def _draw_frame(backdrop: Image.Image, cv: Canvas, trace: Trace, k: int, plan: ScenePlan) -> Image.Image:
    img = backdrop.copy()
    d = ImageDraw.Draw(img, "RGBA")
    night = plan.time_of_day == "night"
    info = {e.id: e for e in trace.entities}
    states = trace.states[k]
    if plan.style != "anime":
        for s in states:
            if "." not in s.id and s.id in info:
                draw_shadow(d, cv, s, info[s.id].radius, night)
    figures: dict[str, dict] = {}
    for s in states:
        if "." in s.id:
            owner, part = s.id.split(".", 1)
            figures.setdefault(owner, {})[part] = s
    for owner, parts in figures.items():
        lengths = {p: info[f"{owner}.{p}"].radius for p in parts}
        draw_figure(d, cv, parts, lengths, info[f"{owner}.torso"].colour, plan.style, night)
    for s in states:
        e = info.get(s.id)
        if e is None or "." in s.id:
            continue
        if e.kind == "crate":
            draw_crate(d, cv, s, e.radius, e.colour, plan.style, night)
        else:
            draw_ball(d, cv, s, e.radius, e.kind, e.colour, plan.style, night)
    water = next((st for st in trace.statics if st.name == "water"), None)
    if water is None:
        return img
    img = water_overlay(img, cv, water, plan.time_of_day, plan.style)
    _splashes(img, cv, trace, k, water.params[2])
    return img


def _splashes(img: Image.Image, cv: Canvas, trace: Trace, k: int, surface: float) -> None:
    d = ImageDraw.Draw(img, "RGBA")
    t = k / trace.fps
    for c in trace.contacts:
        if c.b == "water":
            seed = zlib.crc32(f"{c.a}{c.time_s:.3f}".encode()) % 1000
            draw_droplets(d, cv, c.x, surface, t - c.time_s, c.speed, seed)
