"""Foley from pixels: contacts found by the tracker in generated frames become impact events
shaped by what hit what, so the sound follows the picture (not the simulator).

For each tracked object whose flight turns sharply, the contact's time and place come from the
two fitted flights meeting where their paths come closest (a few frames apart too: a floor
bounce right after a wall hit leaves too few frames between for a fit of their own); an object
that lands and stays, or sinks through the water line without turning, makes a contact too,
while a thrown object's release (a turn that speeds it up out of a hand's swing) does not. A
turn that speeds the object up out of a rest or a roll on the floor, or out of free flight, is
a strike (a kick, a hand or bat hitting it): it sounds, on the figure (cloth) when the plan has
one, since nothing else in the picture adds speed to an object it meets. A
stretch that falls far slower than the track's free flights is a run of low hops (a few pixels
high at 32 px), split under that gravity so that each bounce sounds. The object is matched to
the plan's objects by colour (its kind gives material and size); the surface is read from where
the contact happens and which way it turned the object: the water line (a splash), the
backboard (glass: it turns the object back out to its side) or the rim (steel: a bar from the
board to its front end, pushing the object away from where it touched it), a wall (hit from
the side), or the setting's floor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from generation.metrics.scene import HoopView
from generation.metrics.sync import meet_water_once, water_entry
from generation.metrics.tracking import ShotTracks, Track
from generation.metrics.trajectory import Segment, fit_segments, series, solid_tracks
from generation.world.catalog import KINDS, PALETTE
from generation.world.plan import ObjectSpec, ScenePlan
from generation.world.sandbox import ContactEvent
from generation.world.scenarios.water import WET

FLOORS = {"gym": "wood", "court": "concrete", "street": "asphalt", "park": "grass",
          "beach": "sand", "pool": "tile"}
DEFAULT_EXTENT_M = 8.0  # metres across the frame's shorter side when the plan has no camera
MAX_GAP = 6          # frames between two fitted stretches that may still hold their contacts
MIN_TURN = 1.5       # pixels per frame: a smaller change of velocity is tracking noise
TURN_PER_RADIUS = 0.45  # ... and so is one under this many radii per frame (a big blob jitters more)
FREE_SIDEWAYS = 0.1  # pixels per frame squared: a falling object barely speeds up sideways
FREE_DOWN = 0.1      # ... and speeds up downward at least this much (gravity at any zoom)
MIN_HOP_FIT = 5      # frames: a free flight this long shows the shot's gravity
HOP_SLOW = 0.5       # a stretch falling slower than this share of it is a run of low hops ...
HOP_GAIN = 0.6       # ... when hops fit it this much better (RMS) than one flat curve
HOP_PENALTY = 1.0    # cost of one more hop, against the flat fit's squared error
RELEASE_GAIN = 0.5   # turns of least: a turn that speeds the object up this much was a hand's throw
STILL = 0.35         # pixels per frame: a stretch rising or sinking slower than this rests or rolls ...
FLOOR_REACH = 0.5    # ... on the floor when within this many radii (plus a pixel) of the track's lowest point
STRIKER = ("figure", "cloth")  # (id, material) of what strikes an object: a figure's foot, hand or bat


def match_object(rgb, plan: ScenePlan) -> ObjectSpec:
    """The plan object whose colour is nearest to `rgb` (a basketball when the plan is empty)."""
    if not plan.objects:
        return ObjectSpec("obj0", "basketball", "orange")
    dist = lambda o: np.linalg.norm(np.subtract(PALETTE.get(o.colour, (128, 128, 128)), rgb))  # noqa: E731
    return min(plan.objects, key=dist)


def surface(x: float, y: float, radius: float, width: int, water_y: float | None,
            hoop: HoopView | None, setting: str, turn: tuple[float, float] | None = None) -> tuple[str, str]:
    """(id, material) of what an object at pixel (x, y) touched. `turn`, the change of its
    velocity there (pixels per frame, y down), tells a sideways hit (the backboard, a wall)
    from one from below (the rim's top, the floor), and which part of the hoop pushed it;
    without it, place alone decides."""
    sideways = turn is not None and abs(turn[0]) > abs(turn[1])
    if hoop is not None and water_y is not None and hoop.board_top - 2 <= water_y <= hoop.board_bottom + 2:
        water_y = None  # a hoop stands over dry ground: a bright line across its board is no water
    if water_y is not None and abs(y - water_y) <= radius + 2:
        return "water", "water"
    if hoop is not None and (part := hoop_part(x, y, radius, hoop, turn)) is not None:
        return part
    if sideways or x <= radius + 1 or x >= width - radius - 2:
        return "wall", "concrete"
    return "floor", FLOORS.get(setting, "wood")


def hoop_part(x: float, y: float, radius: float, hoop: HoopView,
              turn: tuple[float, float] | None = None) -> tuple[str, str] | None:
    """("backboard", "glass") or ("rim", "steel") when an object centred at (x, y) reaches
    that part, else None. The rim is a bar from the board to its front end: the object
    reaches it when its centre is within a radius of the bar (beyond its front end too, a
    ball glancing off it from outside). Where both are in reach, the one whose push matches
    `turn` wins: the board turns the object back out to the side it came from, the rim away
    from the point of the bar it touched (up, for a ball landing on it)."""
    reach = radius + 2
    lo, hi = sorted((hoop.board_x, hoop.front_x))
    near_x = min(max(x, lo), hi)  # the point of the bar nearest the centre
    on_rim = np.hypot(x - near_x, y - hoop.rim_y) <= reach
    on_board = abs(x - hoop.board_x) <= reach and hoop.board_top - 2 <= y <= hoop.board_bottom + 2
    board, rim = ("backboard", "glass"), ("rim", "steel")
    if not (on_rim or on_board):
        return None
    if turn is None or np.hypot(*turn) == 0 or not (on_rim and on_board):
        return board if on_board else rim
    out = np.sign(x - hoop.board_x) if abs(x - hoop.board_x) >= 1 else np.sign(hoop.front_x - hoop.board_x)
    board_fit = _cosine(turn, (out, 0.0))
    away = (x - near_x, y - hoop.rim_y)
    rim_fit = _cosine(turn, away) if np.hypot(*away) >= 1 else _cosine(turn, (0.0, -1.0))
    return board if board_fit > rim_fit else rim


def _cosine(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(np.dot(a, b) / max(np.hypot(*a) * np.hypot(*b), 1e-9))


class Turn(NamedTuple):
    """A contact seen in a track: when (frame), where (pixels), its velocity change (pixels
    per frame, y down) and whether it was struck (sped up by what it met)."""

    frame: float
    x: float
    y: float
    dvx: float
    dvy: float
    struck: bool = False

    @property
    def dv(self) -> float:
        return float(np.hypot(self.dvx, self.dvy))


def track_contacts(track: Track, water_y: float | None = None, figures: bool = False) -> list[Turn]:
    """Contacts of one track: where its flight turns sharply between two fitted stretches
    (stretches a few frames apart too, with what lies between fitted under the same
    gravity: a floor bounce right after a wall hit), where it lands and stays, and where it
    first sinks through the water line (`water_y`, a row), which it meets without turning.
    A turn that speeds the object up is a release (silent) when a hand carried it before,
    else a strike (`struck`). With `figures` in the scene, an object resting or rolling on
    the floor that is sent flying was struck (a kick); without, the object that hit it
    sounds that contact in its own track."""
    t, x, y = series(track)
    segs = _stretches(t, x, y, _hops(t, x, y, fit_segments(t, x, y, 0.45 + 0.08 * track.radius)))
    least = max(MIN_TURN, TURN_PER_RADIUS * track.radius)
    floor = float(y.max()) - FLOOR_REACH * track.radius - 1.0  # rows below this are on the floor
    grounded = [figures and _grounded(s, floor) for s in segs]
    if segs and not grounded[0] and _carried(segs[0], t[0]):
        segs, grounded = segs[1:], grounded[1:]  # its end is a release (a throw), not a contact
    out = []
    for k, (s1, s2) in enumerate(zip(segs, segs[1:])):
        if (c := _meeting(s1, s2)) is None or c.dv <= least:
            continue
        gain = _gain(s1, s2, c.frame)
        if gain > RELEASE_GAIN * least:
            if grounded[k] and not _kicked(s1, s2, c, track.radius):
                continue  # the track jumps away from where the object lay: a cut, another blob
            if not grounded[k] and (k == 0 or not _free(s1)):
                continue  # a release: before it, a hand carried the object
        out.append(c._replace(struck=gain > RELEASE_GAIN * least))
    if segs and (c := _landing(track, segs[-1])) is not None and c.dv > least:
        out.append(c)
    if water_y is not None:
        # an object meets the water line once; its turns there after that are bobbing
        out = meet_water_once(out, [c.y for c in out], water_y, track.radius, _water_entry(track, water_y))
    return sorted(out)


def _stretches(t: np.ndarray, x: np.ndarray, y: np.ndarray, segs: list[Segment]) -> list[Segment]:
    """`segs` with the frames that fell between them (too few for a fit of their own) fitted
    under the mean acceleration of their neighbours, and likewise a short run at either end."""
    if not segs:
        return []
    out: list[Segment] = []
    lead = _fixed_fit(t, x, y, segs[0].start - MAX_GAP, segs[0].start - 1, segs[0].accel)
    out += [lead] if lead is not None else []
    for s1, s2 in zip(segs, segs[1:]):
        out.append(s1)
        if 2 < s2.start - s1.stop <= MAX_GAP and not _one_turn(t, x, y, s1, s2):
            acc = tuple((a + b) / 2 for a, b in zip(s1.accel, s2.accel))
            mid = _fixed_fit(t, x, y, s1.stop + 1, s2.start - 1, acc)
            out += [mid] if mid is not None else []
    out.append(segs[-1])
    tail = _fixed_fit(t, x, y, segs[-1].stop + 1, segs[-1].stop + MAX_GAP, segs[-1].accel)
    return out + ([tail] if tail is not None else [])


def _hops(t: np.ndarray, x: np.ndarray, y: np.ndarray, segs: list[Segment]) -> list[Segment]:
    """`segs` with each stretch that falls far slower than the track's free flights split
    into hops under that gravity: a ball bouncing low (a few pixels, at 32 px) is fitted
    as well by one flat curve as by its hops, and each of its bounces would go unheard."""
    g = [s.accel[1] for s in segs if _free(s) and s.stop - s.start >= MIN_HOP_FIT]
    if not g:
        return segs
    gravity = float(np.median(g))
    out: list[Segment] = []
    for s in segs:
        keep = (t >= s.start) & (t <= s.stop)
        hops = _split_hops(t[keep], x[keep], y[keep], (s.accel[0], gravity), s.rms) \
            if s.accel[1] < HOP_SLOW * gravity and keep.sum() >= 6 else None
        out += hops or [s]
    return out


def _split_hops(t, x, y, acc: tuple[float, float], rms: float) -> list[Segment] | None:
    """The frames cut into runs of at least three, each fitted under `acc`, that fit best
    with a cost per cut (optimal partition, by dynamic programming); None when that fits
    no better than one flat curve (`rms`) or has a run that does not turn up at its start."""
    n = len(t)
    cost = _line_sse(t, x - acc[0] / 2 * t**2) + _line_sse(t, y - acc[1] / 2 * t**2)
    penalty = HOP_PENALTY * n * rms ** 2 / 4 + 1.0  # a quarter of the flat fit's error, plus a pixel²
    best, back = np.full(n + 1, np.inf), np.zeros(n + 1, int)
    best[0] = 0.0
    for j in range(3, n + 1):
        c = best[:j - 2] + cost[:j - 2, j - 1]
        back[j] = int(np.argmin(c))
        best[j] = c[back[j]] + penalty
    cuts, j = [], n
    while j > 0:
        cuts.append((back[j], j - 1))
        j = back[j]
    if len(cuts) < 2:
        return None
    pieces = [_fixed_fit(t, x, y, t[i], t[j], acc) for i, j in reversed(cuts)]
    sse = sum(p.rms ** 2 * (p.stop - p.start + 1) for p in pieces)
    if np.sqrt(sse / n) > HOP_GAIN * rms:
        return None
    if any(b.velocity(b.start)[1] >= a.velocity(b.start)[1] for a, b in zip(pieces, pieces[1:])):
        return None  # a bounce off the floor turns the object up: a cut that does not is no bounce
    return pieces


def _line_sse(t: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Squared error of the least-squares line through frames i..j of v(t), for every i < j
    (n x n, from running sums; inf where fewer than three frames)."""
    z = np.zeros(1)
    S = [np.concatenate([z, np.cumsum(a)]) for a in (np.ones_like(t), t, t * t, v, t * v, v * v)]
    i, j = np.triu_indices(len(t), 2)
    n, st, stt, sv, stv, svv = (a[j + 1] - a[i] for a in S)
    det = n * stt - st**2
    b = (n * stv - st * sv) / det
    c = (sv - b * st) / n
    out = np.full((len(t), len(t)), np.inf)
    out[i, j] = np.maximum(svv - b * stv - c * sv, 0.0)
    return out


def _carried(first: Segment, t0: float) -> bool:
    """Whether a track's first stretch (from its first frame, `t0`) is an object carried, not
    flying: a thrower's hand swings it sideways or holds it up against gravity, so where that
    stretch ends the object is let go, which makes no sound."""
    if first.start > t0 + 1:
        return False
    ax, ay = first.accel
    return abs(ax) > FREE_SIDEWAYS or ay < FREE_DOWN


def _gain(s1: Segment, s2: Segment, tb: float) -> float:
    """How much faster (pixels per frame) the object leaves the turn at frame `tb` than it came.
    Only a figure speeds it up that much: a hand letting go of it (a throw: silent) when before
    the turn it was carried (not flying freely, or seen only a few frames, and not on the
    floor), else a strike (a kick, a hand or bat hitting it: heard)."""
    return float(np.hypot(*s2.velocity(tb)) - np.hypot(*s1.velocity(tb)))


def _grounded(s: Segment, floor: float) -> bool:
    """Whether a stretch rests or rolls on the floor: its height barely changes, it is not swung
    sideways, and it lies at the track's lowest rows (`floor`: below a hand's, where it lands)."""
    vy = max(abs(s.velocity(s.start)[1]), abs(s.velocity(s.stop)[1]))
    return vy <= STILL and abs(s.accel[0]) <= FREE_SIDEWAYS and float(np.polyval(s.cy, (s.start + s.stop) / 2)) >= floor


def _kicked(rest: Segment, flight: Segment, c: Turn, radius: float) -> bool:
    """Whether an object resting or rolling (`rest`) was sent off by a strike at `c`: it leaves
    from where it lay (the two paths meet within a radius; a track that jumps at a cut or to
    another blob does not)."""
    gap = np.hypot(np.polyval(rest.cx, c.frame) - np.polyval(flight.cx, c.frame),
                   np.polyval(rest.cy, c.frame) - np.polyval(flight.cy, c.frame))
    return bool(gap <= radius + 1.0)


def _free(s: Segment) -> bool:
    """Whether a stretch is free flight: under gravity alone, which barely pushes sideways."""
    ax, ay = s.accel
    return abs(ax) <= FREE_SIDEWAYS and ay >= FREE_DOWN


def _fixed_fit(t, x, y, lo: float, hi: float, acc: tuple[float, float]) -> Segment | None:
    """The stretch of frames [lo, hi] fitted with the acceleration `acc` given (pixels per
    frame squared): only the velocity and place are free, so three frames suffice."""
    keep = (t >= lo) & (t <= hi)
    if keep.sum() < 3:
        return None
    tt = t[keep]
    cx = (acc[0] / 2, *np.polyfit(tt, x[keep] - acc[0] / 2 * tt**2, 1))
    cy = (acc[1] / 2, *np.polyfit(tt, y[keep] - acc[1] / 2 * tt**2, 1))
    res = np.hypot(np.polyval(cx, tt) - x[keep], np.polyval(cy, tt) - y[keep])
    return Segment(int(tt[0]), int(tt[-1]), tuple(map(float, cx)), tuple(map(float, cy)),
                   float(np.sqrt(np.mean(res**2))))


def _one_turn(t, x, y, s1: Segment, s2: Segment) -> bool:
    """Whether the frames between two stretches each lie on one of them (one contact between)."""
    gap = (t > s1.stop) & (t < s2.start)
    tt = t[gap]
    d1 = np.hypot(np.polyval(s1.cx, tt) - x[gap], np.polyval(s1.cy, tt) - y[gap])
    d2 = np.hypot(np.polyval(s2.cx, tt) - x[gap], np.polyval(s2.cy, tt) - y[gap])
    return bool((np.minimum(d1, d2) <= 2 * max(s1.rms, s2.rms, 0.5)).all())


def _meeting(s1: Segment, s2: Segment) -> Turn | None:
    """Where two successive stretches meet: the time their paths come closest between them
    (for a bounce the heights cross, for a hit from the side the columns), and the change of
    velocity there. None when they are too far apart to be one contact."""
    if s2.start - s1.stop > MAX_GAP:
        return None
    ts = np.linspace(s1.stop - 1, s2.start + 1, 8 * (s2.start - s1.stop + 2) + 1)
    p1 = np.polyval(s1.cx, ts), np.polyval(s1.cy, ts)
    p2 = np.polyval(s2.cx, ts), np.polyval(s2.cy, ts)
    k = int(np.argmin(np.hypot(p1[0] - p2[0], p1[1] - p2[1])))
    tb = float(ts[k])
    dvx, dvy = np.subtract(s2.velocity(tb), s1.velocity(tb))
    return Turn(tb, float(p1[0][k] + p2[0][k]) / 2, float(p1[1][k] + p2[1][k]) / 2, float(dvx), float(dvy))


def _landing(track: Track, last: Segment) -> Turn | None:
    """The object falls onto something and stays: its flight ends where it is next seen at rest."""
    rest = next((d for d in track.detections if d.static and d.frame > last.stop), None)
    if rest is None or rest.frame - last.stop > 3:
        return None
    ts = np.linspace(last.stop, rest.frame, 8 * (rest.frame - last.stop) + 1)
    gap = np.hypot(np.polyval(last.cx, ts) - rest.x, np.polyval(last.cy, ts) - rest.y)
    tb = float(ts[int(np.argmin(gap))])
    vx, vy = last.velocity(tb)
    return Turn(tb, rest.x, rest.y, -float(vx), -float(vy))


def _water_entry(track: Track, water_y: float) -> Turn | None:
    """The object's entry through the water line (sync.water_entry) as a contact met from
    above: the water stops its fall."""
    entry = water_entry(track, water_y)
    return None if entry is None else Turn(entry.frame, entry.x, water_y, 0.0, -entry.speed)


def contact_events(shots: list[ShotTracks], fps: float, plan: ScenePlan,
                   water: list[float | None], hoops: list[HoopView | None],
                   setting_at: Callable[[int], str] | None = None) -> list[tuple[ContactEvent, str]]:
    """(event, object kind) for every contact seen in the frames, in clip seconds. A floor
    sounds of the setting at the contact's frame (`setting_at`; default the plan's): a ball on
    the beach shot of a beach-then-gym clip lands in sand, not on the gym's wood. An object
    enters the water once: only its first splash is kept (shots go forward in time)."""
    events = []
    setting_at = setting_at or (lambda frame: plan.setting)
    figures = any(o.kind == "figure" for o in plan.objects)
    for shot, water_y, hoop in zip(shots, water, hoops):
        px_per_m = min(shot.width, shot.bottom - shot.top) / DEFAULT_EXTENT_M
        water_y = water_y if setting_at(shot.start) in WET else None
        for tr in solid_tracks(shot):
            obj = match_object(tr.rgb, plan)
            kind = KINDS.get(obj.kind, KINDS["basketball"])
            for c in track_contacts(tr, water_y, figures):
                b, material = STRIKER if c.struck and figures else \
                    surface(c.x, c.y, tr.radius, shot.width, water_y, hoop, setting_at(int(c.frame)), (c.dvx, c.dvy))
                speed = c.dv * fps / max(px_per_m, 1e-6)
                events.append((ContactEvent(c.frame / fps, obj.id, b, kind.material, material,
                                            speed, speed, c.x, c.y), obj.kind))
    events.sort(key=lambda e: e[0].time_s)
    wet: set[str] = set()
    out = []
    for ev in events:
        if ev[0].b == "water":
            if ev[0].a in wet:
                continue
            wet.add(ev[0].a)
        out.append(ev)
    return out
