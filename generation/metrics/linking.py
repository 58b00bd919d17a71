"""Linking detections into tracks: nearest predicted position with a colour check, objects at
rest kept alive where the picture still shows them, and re-found objects linked as jumps."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from generation.metrics.tracking import MAX_MISS, Detection, Track


@dataclass
class _Open:
    id: int
    dets: list[Detection] = field(default_factory=list)
    miss: int = 0
    start_cause: str = "shot_start"
    jumps: list[int] = field(default_factory=list)

    @property
    def last(self) -> Detection:
        return self.dets[-1]

    def predict(self, frame: int) -> tuple[float, float]:
        d = self.last
        if len(self.dets) < 2:
            return d.x, d.y
        p = self.dets[-2]
        gap = max(1, d.frame - p.frame)
        k = (frame - d.frame) / gap
        return d.x + (d.x - p.x) * k, d.y + (d.y - p.y) * k


def _colour_distance(a, b) -> float:
    return float(np.linalg.norm(np.asarray(a) - np.asarray(b)))


class Linker:
    """Frame-by-frame association; `finish` returns the tracks with their start/end causes."""

    def __init__(self, background: np.ndarray, width: int, rows: tuple[int, int], shot: int,
                 water: float | None = None):
        self.bg, self.width, self.rows, self.shot, self.water = background, width, rows, shot, water
        self.open: list[_Open] = []
        self.closed: list[tuple[_Open, str]] = []
        self.next_id = 0
        self.frame: np.ndarray | None = None
        self.history: list[np.ndarray] = []

    def step(self, frame: np.ndarray, index: int, dets: list[Detection]) -> None:
        self.frame = frame
        self.history.append(frame)
        free = list(dets)
        for tr in sorted(self.open, key=lambda t: -len(t.dets)):
            best = self._best(tr, free, index)
            if best is not None:
                free.remove(best)
                tr.dets.append(best)
                tr.miss = 0
            elif (spot := self._still_there(tr)) is not None:
                tr.dets.append(_rest(spot, index))
                tr.miss = 0
            else:
                tr.miss += 1
        for tr in [t for t in self.open if t.miss > MAX_MISS]:
            self.open.remove(tr)
            self.closed.append((tr, self._cause(tr.last, dets, index, _velocity(tr))))
        for det in free:
            self._start(det, dets, index)

    def _gate(self) -> float:
        return 0.14 * self.width

    def _best(self, tr: _Open, free: list[Detection], index: int) -> Detection | None:
        px, py = tr.predict(index)
        best, cost = None, 1e9
        for det in free:
            dist = np.hypot(det.x - px, det.y - py)
            if dist > self._gate() + 2 * tr.last.radius:
                continue
            c = dist / max(2.0, tr.last.radius) + _colour_distance(det.rgb, tr.last.rgb) / 40.0
            if c < cost:
                best, cost = det, c
        return best

    def _disk_rgb(self, image: np.ndarray, det: Detection) -> np.ndarray:
        r = max(1, int(det.radius * 0.6))
        y, x = int(round(det.y)), int(round(det.x))
        patch = image[max(0, y - r):y + r + 1, max(0, x - r):x + r + 1]
        return patch.reshape(-1, 3).astype(np.float32).mean(axis=0) if patch.size else np.zeros(3)

    def _still_there(self, tr: _Open) -> Detection | None:
        """An object that stopped moving melts into the median background. Find it near where
        it was last seen (it may have settled a little further): a place where the picture
        equals the background, the background looks like the object, and that background
        stands out from its surroundings (the resting object itself)."""
        d = tr.last
        if self.water is not None and abs(d.y - self.water) < 2 * d.radius + 1:
            return None  # at the water line things bob and splash; they are seen, not assumed
        step = max(1, int(d.radius) // 3)
        reach = int(d.radius) + 1 if not d.static else 0
        best, score = None, 1e9
        for dy in range(-reach, reach + 1, step):
            for dx in range(-reach, reach + 1, step):
                probe = Detection(d.frame, d.x + dx, d.y + dy, d.radius, d.rgb, d.elongation)
                here_bg = self._disk_rgb(self.bg, probe)
                s = _colour_distance(self._disk_rgb(self.frame, probe), here_bg)
                s2 = _colour_distance(here_bg, d.rgb)
                if s <= 25 and s2 <= 70 and s + s2 < score and self._stands_out(probe, here_bg):
                    best, score = probe, s + s2
        if best is not None and self._came_from_afar(tr) and not self._arrived(best, tr):
            return None
        return best

    @staticmethod
    def _came_from_afar(tr: _Open) -> bool:
        """A track coming to rest for the first time, far from where it was first seen."""
        d, first = tr.last, tr.dets[0]
        return not any(x.static for x in tr.dets) and np.hypot(d.x - first.x, d.y - first.y) > 2 * d.radius

    def _arrived(self, spot: Detection, tr: _Open) -> bool:
        """Something came to rest at `spot`: while the track was elsewhere (two radii or more
        away), the picture at the spot looked unlike it does now. Where it always looked the
        same, the scenery there merely resembles the object, and the object went out of
        sight instead. Without such frames (it never went far) it counts as arrived."""
        far = [self.history[d.frame] for d in tr.dets if not d.static and d.frame < len(self.history)
               and np.hypot(d.x - spot.x, d.y - spot.y) > 2 * spot.radius + 1][-10:]
        if len(far) < 3:
            return True
        now = self._disk_rgb(self.bg, spot)
        return float(np.median([_colour_distance(self._disk_rgb(f, spot), now) for f in far])) > 25

    def _landed(self, tr: _Open) -> bool:
        """A falling or sliding object that stopped further along its heading while it was
        missed (it touched down where the median background already holds it): somewhere
        on that line the background looks like the object, stands out from its
        surroundings, looked different while the object was elsewhere, and the frames after
        the track was lost mostly show it there (so it stayed). The line is a band a radius
        wide on either side: a crate that lands on a corner tips over sideways, a ball rolls
        on a little, and a track lost where the object merged with its own resting place
        (the median background holds it there) ends short of it."""
        v, d = _velocity(tr), tr.last
        after = self.history[d.frame + MAX_MISS:]
        if v is None or not after or np.hypot(*v) < 0.3:
            return False
        speed = float(np.hypot(*v))
        ux, uy = v[0] / speed, v[1] / speed
        reach, lateral = int(d.radius) + 1, max(1, int(d.radius) // 3)
        for side in sorted(range(-reach, reach + 1, lateral), key=abs):
            for step in np.arange(0.0, speed * (MAX_MISS + 2) + d.radius + 1.0, 1.0):
                probe = Detection(d.frame, d.x + ux * step - uy * side, d.y + uy * step + ux * side,
                                  d.radius, d.rgb, d.elongation)
                here_bg = self._disk_rgb(self.bg, probe)
                if _colour_distance(here_bg, d.rgb) > 70 or not self._stands_out(probe, here_bg):
                    continue
                shown = np.median([_colour_distance(self._disk_rgb(f, probe), here_bg) for f in after])
                if shown <= 25 and self._arrived(probe, tr):
                    return True
        return False

    def _stands_out(self, d: Detection, here_bg: np.ndarray) -> bool:
        r = int(max(2, d.radius * 2.2))
        y, x = int(round(d.y)), int(round(d.x))
        h, w = self.bg.shape[:2]
        ring = [self.bg[min(h - 1, max(0, y + dy)), min(w - 1, max(0, x + dx))]
                for dy, dx in ((-r, 0), (r, 0), (0, -r), (0, r), (-r, -r), (-r, r), (r, -r), (r, r))]
        return _colour_distance(here_bg, np.mean(np.asarray(ring, np.float32), axis=0)) > 30

    def _start(self, det: Detection, dets: list[Detection], index: int) -> None:
        for tr, cause in list(self.closed):
            gone = tr.last.frame
            if cause == "water" and 0 < index - gone <= MAX_MISS + 3 and np.hypot(
                    det.x - tr.last.x, det.y - tr.last.y) < 4 * tr.last.radius + 2:
                self.closed.remove((tr, cause))  # the same thing, seen again through the water
                tr.dets.append(det)
                tr.miss = 0
                self.open.append(tr)
                return
            if 0 < index - gone <= MAX_MISS + 3 and _colour_distance(tr.last.rgb, det.rgb) < 30 \
                    and abs(tr.last.radius - det.radius) < 0.5 * tr.last.radius + 1:
                self.closed.remove((tr, cause))
                tr.dets.append(det)
                tr.jumps.append(index)
                tr.miss = 0
                self.open.append(tr)
                return
        tr = _Open(self.next_id, [det], start_cause=self._cause(det, dets, index))
        self.next_id += 1
        self.open.append(tr)

    def _cause(self, det: Detection, dets: list[Detection], index: int,
               velocity: tuple[float, float] | None = None) -> str:
        """Why a track may begin or end here; 'none' is a violation of object permanence.
        With the track's last `velocity`, an end near an edge counts as leaving the picture
        only if the object touches that edge or was heading toward it fast enough to be out
        of sight by the next frame or two."""
        if index <= 1:
            return "shot_start"
        if self._at_border(det, velocity):
            return "border"
        for other in dets:
            if other is not det and np.hypot(other.x - det.x, other.y - det.y) < 2.5 * (
                    other.radius + det.radius) + 2:
                return "contact"
        if _colour_distance(self._disk_rgb(self.bg, det), det.rgb) < 30 or self._was_there(det, index):
            return "was_resting"
        if self.water is not None and det.y > self.water - 2 * det.radius - 1:
            return "water"  # murky water hides what is in it
        return "none"

    def _was_there(self, det: Detection, index: int) -> bool:
        """The object was already in the picture where it is first detected, unseen because
        it barely moved (the median background half held it): the last few frames showed
        its colour at that spot."""
        before = self.history[max(0, index - 3):index]
        return bool(before) and float(np.median(
            [_colour_distance(self._disk_rgb(f, det), det.rgb) for f in before])) < 30

    def _at_border(self, det: Detection, velocity: tuple[float, float] | None) -> bool:
        top, bottom = self.rows
        gaps = ((det.x, (-1.0, 0.0)), (self.width - det.x, (1.0, 0.0)),
                (det.y - top, (0.0, -1.0)), (bottom - det.y, (0.0, 1.0)))
        for gap, (nx, ny) in gaps:
            if gap >= 2.5 * det.radius + 2:
                continue
            # leaving, it is mostly out of the picture within a frame or two of the last sight
            toward = max(0.0, velocity[0] * nx + velocity[1] * ny) if velocity else 0.0
            if velocity is None or gap < det.radius + 2 + 2 * toward:
                return True
        return False

    def finish(self, n_frames: int) -> tuple[Track, ...]:
        done = [(t, "shot_end") for t in self.open] + self.closed
        out = []
        for tr, cause in sorted(done, key=lambda p: p[0].id):
            if tr.last.frame >= n_frames - 2:
                cause = "shot_end"
            elif cause == "none" and self._landed(tr):
                cause = "rest"
            dets = tuple(tr.dets)
            moving = [d for d in dets if not d.static] or list(dets)
            rgb = tuple(map(float, np.median([d.rgb for d in moving], axis=0)))
            out.append(Track(tr.id, self.shot, dets, rgb,
                             float(np.median([d.radius for d in moving])),
                             float(np.median([d.elongation for d in moving])),
                             tr.start_cause, cause, tuple(tr.jumps)))
        return tuple(out)


def _velocity(tr: _Open) -> tuple[float, float] | None:
    """Pixels per frame over the track's last few moving detections (None if too few)."""
    moving = [d for d in tr.dets if not d.static][-3:]
    if len(moving) < 2 or moving[-1] is not tr.last:
        return None
    a, b = moving[0], moving[-1]
    dt = max(1, b.frame - a.frame)
    return (b.x - a.x) / dt, (b.y - a.y) / dt


def _rest(d: Detection, index: int) -> Detection:
    return Detection(index, d.x, d.y, d.radius, d.rgb, d.elongation, static=True)
