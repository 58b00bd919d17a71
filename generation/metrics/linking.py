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

    def step(self, frame: np.ndarray, index: int, dets: list[Detection]) -> None:
        self.frame = frame
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
            self.closed.append((tr, self._cause(tr.last, dets, index)))
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
        return best

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

    def _cause(self, det: Detection, dets: list[Detection], index: int) -> str:
        """Why a track may begin or end here; 'none' is a violation of object permanence."""
        if index <= 1:
            return "shot_start"
        margin = 2.5 * det.radius + 2
        top, bottom = self.rows
        if det.x < margin or det.x > self.width - margin or det.y < top + margin \
                or det.y > bottom - margin:
            return "border"
        for other in dets:
            if other is not det and np.hypot(other.x - det.x, other.y - det.y) < 2.5 * (
                    other.radius + det.radius) + 2:
                return "contact"
        if _colour_distance(self._disk_rgb(self.bg, det), det.rgb) < 30:
            return "was_resting"
        if self.water is not None and det.y > self.water - 2 * det.radius - 1:
            return "water"  # murky water hides what is in it
        return "none"

    def finish(self, n_frames: int) -> tuple[Track, ...]:
        done = [(t, "shot_end") for t in self.open] + self.closed
        out = []
        for tr, cause in sorted(done, key=lambda p: p[0].id):
            if tr.last.frame >= n_frames - 2:
                cause = "shot_end"
            dets = tuple(tr.dets)
            moving = [d for d in dets if not d.static] or list(dets)
            rgb = tuple(map(float, np.median([d.rgb for d in moving], axis=0)))
            out.append(Track(tr.id, self.shot, dets, rgb,
                             float(np.median([d.radius for d in moving])),
                             float(np.median([d.elongation for d in moving])),
                             tr.start_cause, cause, tuple(tr.jumps)))
        return tuple(out)


def _rest(d: Detection, index: int) -> Detection:
    return Detection(index, d.x, d.y, d.radius, d.rgb, d.elongation, static=True)
