"""Foley from pixels: contacts found by the tracker in generated frames become impact events
shaped by what hit what, so the sound follows the picture (not the simulator).

For each tracked object whose flight turns sharply, the contact's time and place come from the
two fitted flights meeting; the object is matched to the plan's objects by colour (its kind
gives material and size); the surface is read from where the contact happens: the water line
(a splash), the backboard (glass) or the rim (steel), a side wall, or the setting's floor.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from generation.metrics.scene import HoopView
from generation.metrics.tracking import ShotTracks, Track
from generation.metrics.trajectory import bounce_time, fit_segments, series, solid_tracks
from generation.world.catalog import KINDS, PALETTE
from generation.world.plan import ObjectSpec, ScenePlan
from generation.world.sandbox import ContactEvent

FLOORS = {"gym": "wood", "court": "concrete", "street": "asphalt", "park": "grass",
          "beach": "sand", "pool": "tile"}
DEFAULT_EXTENT_M = 8.0  # metres across the frame's shorter side when the plan has no camera


def match_object(rgb, plan: ScenePlan) -> ObjectSpec:
    """The plan object whose colour is nearest to `rgb` (a basketball when the plan is empty)."""
    if not plan.objects:
        return ObjectSpec("obj0", "basketball", "orange")
    dist = lambda o: np.linalg.norm(np.subtract(PALETTE.get(o.colour, (128, 128, 128)), rgb))  # noqa: E731
    return min(plan.objects, key=dist)


def surface(x: float, y: float, radius: float, width: int, water_y: float | None,
            hoop: HoopView | None, setting: str) -> tuple[str, str]:
    """(id, material) of what an object at pixel (x, y) touched."""
    if water_y is not None and abs(y - water_y) <= radius + 2:
        return "water", "water"
    if hoop is not None:
        if abs(x - hoop.board_x) <= radius + 1 and hoop.board_top - 2 <= y <= hoop.board_bottom + 2:
            return "backboard", "glass"
        if abs(y - hoop.rim_y) <= radius + 2 and min(hoop.board_x, hoop.front_x) - 2 <= x <= max(hoop.board_x, hoop.front_x) + 2:
            return "rim", "steel"
    if x <= radius + 1 or x >= width - radius - 2:
        return "wall", "concrete"
    return "floor", FLOORS.get(setting, "wood")


def track_contacts(track: Track) -> list[tuple[float, float, float, float]]:
    """(frame, x, y, speed change in px/frame) where the track's flight turns sharply."""
    t, x, y = series(track)
    segs = fit_segments(t, x, y, 0.45 + 0.08 * track.radius)
    out = []
    for s1, s2 in zip(segs, segs[1:]):
        if s2.start - s1.stop > 2:
            continue
        tb = bounce_time(s1, s2)
        dv = float(np.hypot(*np.subtract(s1.velocity(tb), s2.velocity(tb))))
        if dv > max(1.5, 0.6 * track.radius):
            px = float(np.polyval(s1.cx, tb))
            py = float(np.polyval(s1.cy, tb))
            out.append((tb, px, py, dv))
    return out


def contact_events(shots: list[ShotTracks], fps: float, plan: ScenePlan,
                   water: list[float | None], hoops: list[HoopView | None],
                   setting_at: Callable[[int], str] | None = None) -> list[tuple[ContactEvent, str]]:
    """(event, object kind) for every contact seen in the frames, in clip seconds. A floor
    sounds of the setting at the contact's frame (`setting_at`; default the plan's): a ball on
    the beach shot of a beach-then-gym clip lands in sand, not on the gym's wood."""
    events = []
    setting_at = setting_at or (lambda frame: plan.setting)
    for shot, water_y, hoop in zip(shots, water, hoops):
        px_per_m = min(shot.width, shot.bottom - shot.top) / DEFAULT_EXTENT_M
        for tr in solid_tracks(shot):
            obj = match_object(tr.rgb, plan)
            kind = KINDS.get(obj.kind, KINDS["basketball"])
            for frame, x, y, dv in track_contacts(tr):
                b, material = surface(x, y, tr.radius, shot.width, water_y, hoop, setting_at(int(frame)))
                speed = dv * fps / max(px_per_m, 1e-6)
                events.append((ContactEvent(frame / fps, obj.id, b, kind.material, material,
                                            speed, speed, x, y), obj.kind))
    return sorted(events, key=lambda e: e[0].time_s)
