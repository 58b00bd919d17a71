"""Camera framing: pick a Camera that shows the action, and map world metres to pixels."""

from __future__ import annotations

from generation.world.plan import Camera
from generation.world.trace import Trace

MIN_EXTENT = {"wide": 4.5, "medium": 3.6, "close": 3.0}
MARGIN = {"wide": 1.25, "medium": 1.15, "close": 1.05}
STAGE = (-4.2, 6.5)  # |x| and height beyond which a fleeing object no longer widens the view
FLOOR_MARGIN = {"wide": 0.13, "medium": 0.21, "close": 0.29}  # of the extent, below the floor


def scene_bounds(trace: Trace, start: int, stop: int) -> tuple[float, float, float, float]:
    """World box (x0, y0, x1, y1) covering every object over frames [start, stop) and the
    static parts that matter to the story (the hoop, ramps, walls near the action)."""
    radius = {e.id: e.radius for e in trace.entities}
    xs, ys = [], []
    for frame in trace.states[start:stop]:
        for s in frame:
            if abs(s.x) > -STAGE[0] or s.y > STAGE[1] or s.y < -1.0:
                continue
            r = radius.get(s.id, 0.3) if "." not in s.id else 0.7
            xs += [s.x - r, s.x + r]
            ys += [s.y - r, s.y + r]
    for st in trace.statics:
        if st.name == "hoop":
            board_x, rim_y, front = st.params
            xs += [board_x + 0.2 * (board_x - front), front]
            ys += [rim_y + 1.2]
        elif st.name == "ramp":
            xs += [st.params[0], st.params[2]]
            ys += [st.params[1], st.params[3]]
    ys += [0.0]
    return min(xs), min(ys), max(xs), max(ys)


def frame_action(trace: Trace, start: int, stop: int, framing: str = "wide") -> Camera:
    """A camera that keeps frames [start, stop) of `trace` in view, floor included."""
    x0, y0, x1, y1 = scene_bounds(trace, start, stop)
    margin = MARGIN[framing]
    extent = max((x1 - x0) * margin, (y1 - min(y0, 0.0)) * margin / (1 - FLOOR_MARGIN[framing]),
                 MIN_EXTENT[framing])
    bottom = min(y0, 0.0) - FLOOR_MARGIN[framing] * extent
    return Camera((x0 + x1) / 2, bottom + extent / 2, round(extent, 3), framing)


def to_pixels(camera: Camera, width: int, height: int) -> tuple[float, float, float]:
    """(scale, ox, oy): pixel x = ox + scale * x, pixel y = oy - scale * y."""
    scale = min(width, height) / camera.extent_m
    return scale, width / 2 - scale * camera.center_x, height / 2 + scale * camera.center_y
