"""Foley contacts benchmark: the contacts `contact_events` finds in rendered frames against the
simulator's own contacts, before (the finder as it was, kept here as `legacy_contact_events`)
and after (generation.audio.visual_foley), on clips drawn as the world dataset draws them
(sample i is family i mod families with seed i; every 4th sample has 2-4 shots), drawn from
the held-out seeds (HELD_OUT_SEED on) that the finder's thresholds were not tuned on.

    .venv/bin/python bench/foley_contacts.py --clips 330 --size 64

What counts as a true contact, and what as found:
- visible (recall): an object (ball or crate, not a figure's limb) meets the floor, a ramp or
  step (scored as floor), a wall, the backboard, the rim or the water, hard enough to see: the
  simulator's speed change (for water, the entry speed) is at least VISIBLE_PX_PER_FRAME pixels
  per frame at the shot's scale (about 2.8 m/s in a 5 m wide shot at 64 px and 24 fps); the
  object's centre is in the picture at that frame, and the shot shows at least SIDE_FRAMES
  frames on each side of it (a turn at a cut cannot be seen as one).
- real (precision): any contact of an object with speed of at least REAL_SPEED m/s, including
  object against object and object against a figure; a found event within TOL_FRAMES of one
  is right. Matching is one to one, nearest in time first, visible contacts first.
- time error: |found - true| in frames over matched visible contacts; surface accuracy: the
  found surface id equals the true one, over the same pairs.
- figure (a row of its own, out of "all" so that the rows above stay comparable): an object
  meets a figure's limb or torso (a kick, a ball striking a swinging leg, a pass bouncing off
  a body), visible by the same rules; its surface is right when found as "figure". All such
  contacts count: every one in this world is a strike or a bounce that sounds (a held ball
  is placed by the hand, never in contact with it, so a throw's release is no contact and
  there is no catch to call soft). Its recall takes any found event in time; its precision
  is that of the events found as "figure".
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(_ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != _ROOT / "bench"]

import numpy as np  # noqa: E402

from generation.audio.visual_foley import (  # noqa: E402
    DEFAULT_EXTENT_M,
    FLOORS,
    contact_events,
    match_object,
)
from generation.metrics.scene import find_hoop, water_surface  # noqa: E402
from generation.metrics.trajectory import bounce_time, fit_segments, series, solid_tracks  # noqa: E402
from generation.metrics.tracking import track_clip  # noqa: E402
from generation.model.arguments import number, whole  # noqa: E402
from generation.world.camera import to_pixels  # noqa: E402
from generation.world.catalog import KINDS  # noqa: E402
from generation.world.dataset import HELD_OUT_SEED  # noqa: E402
from generation.world.generate import ScenarioError, generate  # noqa: E402
from generation.world.sandbox import ContactEvent  # noqa: E402
from generation.world.scenarios import all_families  # noqa: E402

VISIBLE_PX_PER_FRAME = 1.5
STRONG_PX_PER_FRAME = 3.0  # a second recall row for the hard contacts alone
SIDE_FRAMES = 3
REAL_SPEED = 0.5
TOL_FRAMES = 2.0
SURFACES = ("floor", "wall", "backboard", "rim", "water")
FIGURE = "figure"  # the surface of an object's contact with any figure's limb or torso
AS_SURFACE = {"ramp": "floor"}


# --- the finder before this change, frozen here to compare against ----------------------------
def _legacy_surface(x, y, radius, width, water_y, hoop, setting):
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


def _legacy_track_contacts(track):
    t, x, y = series(track)
    segs = fit_segments(t, x, y, 0.45 + 0.08 * track.radius)
    out = []
    for s1, s2 in zip(segs, segs[1:]):
        if s2.start - s1.stop > 2:
            continue
        tb = bounce_time(s1, s2)
        dv = float(np.hypot(*np.subtract(s1.velocity(tb), s2.velocity(tb))))
        if dv > max(1.5, 0.6 * track.radius):
            out.append((tb, float(np.polyval(s1.cx, tb)), float(np.polyval(s1.cy, tb)), dv))
    return out


def legacy_contact_events(shots, fps, plan, water, hoops, setting_at=None):
    events = []
    setting_at = setting_at or (lambda frame: plan.setting)
    for shot, water_y, hoop in zip(shots, water, hoops):
        px_per_m = min(shot.width, shot.bottom - shot.top) / DEFAULT_EXTENT_M
        for tr in solid_tracks(shot):
            obj = match_object(tr.rgb, plan)
            kind = KINDS.get(obj.kind, KINDS["basketball"])
            for frame, x, y, dv in _legacy_track_contacts(tr):
                b, material = _legacy_surface(x, y, tr.radius, shot.width, water_y, hoop, setting_at(int(frame)))
                speed = dv * fps / max(px_per_m, 1e-6)
                events.append((ContactEvent(frame / fps, obj.id, b, kind.material, material,
                                            speed, speed, x, y), obj.kind))
    return sorted(events, key=lambda e: e[0].time_s)


# --- clips and their true contacts ------------------------------------------------------------
def dataset_clips(first: int, n: int, size: int, fps: float):
    """Samples first..first+n-1 as the world dataset draws them (a family that cannot be
    staged at this size passes to the next, as there)."""
    names = list(all_families())
    for i in range(first, first + n):
        shots = 2 + i % 3 if i % 4 == 3 else 1
        for attempt in range(8):
            try:
                yield generate(names[(i + attempt) % len(names)], i + attempt * 1_000_003, width=size,
                               height=size, fps=fps, n_shots=shots, audio_rate=0)
                break
            except ScenarioError:
                continue


def true_contacts(meta) -> tuple[list[tuple], list[float], list[tuple]]:
    """A sample's contacts in clip frames: visible ones as (frame, surface, scenario, index in
    real, speed change in px/frame), the frames of the real ones, and the visible contacts
    with a figure (surface FIGURE), as the visible ones."""
    fps, n = meta.fps, len(meta.shot_of_frame)
    visible, real, figure = [], [], []
    for c in meta.contacts:
        if "." in c.a or c.speed < REAL_SPEED:
            continue
        f = c.time_s * fps
        real.append(f)
        ri = len(real) - 1
        b = FIGURE if "." in c.b else AS_SURFACE.get(c.b, c.b)
        k = min(int(round(f)), n - 1)
        shot = meta.shot_of_frame[k]
        same = [j for j in range(max(0, k - SIDE_FRAMES), min(n, k + SIDE_FRAMES + 1))
                if meta.shot_of_frame[j] == shot]
        if b not in (*SURFACES, FIGURE) or len(same) < 2 * SIDE_FRAMES + 1:
            continue
        scale, ox, oy = to_pixels(meta.plan.shots[shot].camera, meta.width, meta.height)
        if c.speed * scale / fps < VISIBLE_PX_PER_FRAME:
            continue
        st = next((s for s in meta.states[k] if s.id == c.a), None)
        if st is None or not (0 <= ox + scale * st.x < meta.width and 0 <= oy - scale * st.y < meta.height):
            continue
        (figure if b == FIGURE else visible).append((f, b, meta.scenario, ri, c.speed * scale / fps))
    return visible, real, figure


def found_contacts(frames, meta, shots, finder: Callable) -> tuple[list[tuple[float, str]], float]:
    """(frame, surface) events `finder` finds, and its seconds (scene reading and tracking excluded)."""
    bgs = [np.median(frames[s.start:s.stop], axis=0).astype(np.uint8) for s in shots]
    water = [water_surface(bg, s.top, s.bottom) for bg, s in zip(bgs, shots)]
    hoops = [find_hoop(bg, None) for bg in bgs]
    t0 = time.perf_counter()
    events = finder(shots, meta.fps, meta.plan, water, hoops)
    took = time.perf_counter() - t0
    return [(ev.time_s * meta.fps, ev.b) for ev, _ in events], took


def _pair(true_frames: list[float], found: list[tuple[float, str]], taken: set[int]) -> list[tuple[int, int]]:
    """One-to-one (true index, found index) pairs within TOL_FRAMES, nearest first, leaving out
    found events in `taken`."""
    cand = sorted((abs(t - f[0]), i, j) for i, t in enumerate(true_frames) for j, f in enumerate(found)
                  if j not in taken and abs(t - f[0]) <= TOL_FRAMES)
    pairs, used_t, used_f = [], set(), set(taken)
    for _, i, j in cand:
        if i not in used_t and j not in used_f:
            used_t.add(i)
            used_f.add(j)
            pairs.append((i, j))
    return pairs


class Tally:
    """Counts per surface (true surface for recall, found surface for precision)."""

    def __init__(self) -> None:
        self.n_true, self.hit, self.right = defaultdict(int), defaultdict(int), defaultdict(int)
        self.dt = defaultdict(list)
        self.n_found, self.ok_found = defaultdict(int), defaultdict(int)
        self.seconds, self.clips = 0.0, 0
        self.misses: list[tuple[str, str, float]] = []

    def add(self, visible, real, found, seconds: float, sid: str) -> None:
        pairs = _pair([v[0] for v in visible], found, set())
        ok = {j for _, j in pairs}
        for v in visible:
            self.n_true[v[1]] += 1
        for i, j in pairs:
            b = visible[i][1]
            self.hit[b] += 1
            self.dt[b].append(abs(visible[i][0] - found[j][0]))
            self.right[b] += found[j][1] == b
        hit = {i for i, _ in pairs}
        self.misses += [(sid, v[1], round(v[0], 1)) for i, v in enumerate(visible) if i not in hit]
        # a found event is right when paired with a visible contact or near another real one
        paired = {visible[i][3] for i, _ in pairs}
        rest = [r for k, r in enumerate(real) if k not in paired]
        real_left = {j for _, j in _pair(rest, found, ok)}
        for j, f in enumerate(found):
            self.n_found[f[1]] += 1
            self.ok_found[f[1]] += j in ok or j in real_left
        self.seconds += seconds
        self.clips += 1

    def row(self, b: str | None) -> tuple[int, float, float, float, float]:
        keys = SURFACES if b is None else (b,)
        n = sum(self.n_true[k] for k in keys)
        hit = sum(self.hit[k] for k in keys)
        nf = sum(self.n_found[k] for k in self.n_found) if b is None else self.n_found[b]
        okf = sum(self.ok_found[k] for k in self.ok_found) if b is None else self.ok_found[b]
        dts = [d for k in keys for d in self.dt[k]]
        right = sum(self.right[k] for k in keys)
        nan = float("nan")
        return (n, hit / n if n else nan, okf / nf if nf else nan,
                float(np.mean(dts)) if dts else nan, right / hit if hit else nan)


def run(first: int, clips: int, size: int, fps: float, show_misses: bool) -> None:
    before, after = Tally(), Tally()
    strong = (Tally(), Tally())
    figure = (Tally(), Tally())
    for s in dataset_clips(first, clips, size, fps):
        shots = track_clip(s.frames)
        visible, real, struck = true_contacts(s.meta)
        hard = [v for v in visible if v[4] >= STRONG_PX_PER_FRAME]
        for k, finder in enumerate((legacy_contact_events, contact_events)):
            found, took = found_contacts(s.frames, s.meta, shots, finder)
            (before, after)[k].add(visible, real, found, took, s.meta.id)
            strong[k].add(hard, real, found, 0.0, s.meta.id)
            figure[k].add(struck, real, found, 0.0, s.meta.id)
    print(f"{before.clips} clips at {size} px, {fps:g} fps; tolerance {TOL_FRAMES:g} frames; "
          f"visible: >= {VISIBLE_PX_PER_FRAME:g} px/frame speed change, in frame")
    print(f"{'surface':>10} {'n':>4} | {'recall':>6} {'prec':>6} {'dt fr':>6} {'surf':>6} | "
          f"{'recall':>6} {'prec':>6} {'dt fr':>6} {'surf':>6}")
    print(f"{'':>10} {'':>4} | {'before':^27} | {'after':^27}   (prec: by the surface found)")
    for b in (*SURFACES, None):
        rb, ra = before.row(b), after.row(b)
        print(f"{b or 'all':>10} {rb[0]:>4} | " + " ".join(f"{v:>6.2f}" for v in rb[1:]) + " | "
              + " ".join(f"{v:>6.2f}" for v in ra[1:]))
    rb, ra = strong[0].row(None), strong[1].row(None)
    print(f"{'all >=' + format(STRONG_PX_PER_FRAME, 'g') + 'px':>10} {rb[0]:>4} | {rb[1]:>6.2f} {'':>6} {rb[3]:>6.2f} "
          f"{rb[4]:>6.2f} | {ra[1]:>6.2f} {'':>6} {ra[3]:>6.2f} {ra[4]:>6.2f}")
    # recall over any event found in time; precision of the events found as FIGURE
    rb, ra = figure[0].row(FIGURE), figure[1].row(FIGURE)
    pb, pa = before.row(FIGURE)[2], after.row(FIGURE)[2]
    print(f"{FIGURE:>10} {rb[0]:>4} | {rb[1]:>6.2f} {pb:>6.2f} {rb[3]:>6.2f} {rb[4]:>6.2f} | "
          f"{ra[1]:>6.2f} {pa:>6.2f} {ra[3]:>6.2f} {ra[4]:>6.2f}   (out of 'all')")
    found_b, found_a = sum(before.n_found.values()), sum(after.n_found.values())
    print(f"found events: before {found_b}, after {found_a} ({after.n_found[FIGURE]} as {FIGURE})")
    ms_b, ms_a = 1000 * before.seconds / before.clips, 1000 * after.seconds / after.clips
    print(f"contact_events per clip: before {ms_b:.2f} ms, after {ms_a:.2f} ms ({ms_a / ms_b:.2f}x)")
    if show_misses:
        for m in after.misses + figure[1].misses:
            print("missed after:", *m)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--first", type=whole(0), default=HELD_OUT_SEED, help="first sample index (seed)")
    parser.add_argument("--clips", type=whole(1, 100_000), default=330)
    parser.add_argument("--size", type=whole(16, 1024), default=64)
    parser.add_argument("--fps", type=number(1.0, 120.0), default=24.0)
    parser.add_argument("--misses", action="store_true", help="list the visible contacts missed after")
    args = parser.parse_args()
    run(args.first, args.clips, args.size, args.fps, args.misses)


if __name__ == "__main__":
    main()
