"""Physics judges on tracked pixels: gravity, restitution, continuity (no teleporting), object
permanence, buoyancy outcome, backboard solidity and the score outcome.

Scale comes from the ScenePlan's camera (pixels per metre = shorter side / extent); without
one, gravity is judged only for its direction and consistency.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from generation.metrics.checks import CheckResult, not_applicable
from generation.metrics.colours import matches, ranked_names
from generation.metrics.scene import HoopView
from generation.metrics.tracking import ShotTracks, Track, blends_in, core_colour, surround_pixels
from generation.metrics.trajectory import (
    bounce_time,
    fit_segments,
    series,
    solid_tracks,
)
from generation.world.catalog import GRAVITY, KINDS
from generation.world.plan import ScenePlan

GRAVITY_BAND = (0.4, 1.6)
DRIVEN = 2.6  # |a| above this many g: carried by a hand, not flying
MAX_RESTITUTION = 1.12
JUMP_FRACTION = 0.2


def _tol(track: Track) -> float:
    return 0.45 + 0.08 * track.radius


def gravity(shots: list[ShotTracks], fps: float, scales: list[float | None],
            water: list[float | None]) -> CheckResult:
    """Every free-flight stretch accelerates downward at g (within GRAVITY_BAND)."""
    ratios = []
    for shot, scale, surface in zip(shots, scales, water):
        g_px = GRAVITY * scale / fps**2 if scale else None
        for tr in solid_tracks(shot):
            t, x, y = series(tr)
            for seg in fit_segments(t, x, y, _tol(tr)):
                ax, ay = seg.accel
                span = seg.stop - seg.start
                ys = np.polyval(seg.cy, np.arange(seg.start, seg.stop + 1))
                if span < 7 or abs(ax) > 0.3 * abs(ay) or np.ptp(ys) < 2 * tr.radius:
                    continue
                if surface is not None and ys.max() > surface - tr.radius:
                    continue  # fluid forces act below the surface
                ref = g_px if g_px else abs(ay)
                if abs(ay) < 0.35 * ref or abs(ay) > DRIVEN * ref:
                    continue
                ratios.append(ay / ref if g_px else np.sign(ay))
    if not ratios:
        return not_applicable("gravity", "no free flight seen")
    worst = max(ratios, key=lambda r: abs(np.log(abs(r))) if r > 0 else 1e9)
    ok = all(GRAVITY_BAND[0] <= r <= GRAVITY_BAND[1] for r in ratios)
    return CheckResult("gravity", ok, f"{len(ratios)} flights, a/g = "
                       + ", ".join(f"{r:.2f}" for r in ratios[:6]), float(worst))


def _falls_freely(seg, g_px: float | None) -> bool:
    """A stretch under gravity alone (not carried by a hand): downward acceleration near g."""
    ax, ay = seg.accel
    if g_px is None:
        return ay > 0 and abs(ax) < 0.5 * ay
    return GRAVITY_BAND[0] * g_px < ay < GRAVITY_BAND[1] * g_px and abs(ax) < 0.4 * ay


def restitution(shots: list[ShotTracks], water: list[float | None], fps: float = 24.0,
                scales: list[float | None] | None = None) -> CheckResult:
    """No bounce leaves faster than it arrived (speed ratio at most MAX_RESTITUTION); only
    bounces between two stretches of free fall count (a throw from a hand is not a bounce)."""
    ratios = []
    scales = scales or [None] * len(shots)
    for shot, surface, scale in zip(shots, water, scales):
        g_px = GRAVITY * scale / fps**2 if scale else None
        for tr in solid_tracks(shot):
            t, x, y = series(tr)
            segs = fit_segments(t, x, y, _tol(tr))
            for s1, s2 in zip(segs, segs[1:]):
                if s2.start - s1.stop > 3 or min(s1.stop - s1.start, s2.stop - s2.start) < 4:
                    continue
                tb = bounce_time(s1, s2)
                v1, v2 = np.hypot(*s1.velocity(tb)), np.hypot(*s2.velocity(tb))
                down_then_up = s1.velocity(tb)[1] > 0 > s2.velocity(tb)[1]
                if surface is not None and np.polyval(s1.cy, tb) > surface - 2 * tr.radius:
                    continue
                if not (_falls_freely(s1, g_px) and _falls_freely(s2, g_px)):
                    continue
                if down_then_up and v1 > max(1.0, 0.3 * tr.radius):
                    ratios.append(v2 / v1)
    if not ratios:
        return not_applicable("restitution", "no bounce seen")
    worst = max(ratios)
    return CheckResult("restitution", bool(worst <= MAX_RESTITUTION),
                       f"{len(ratios)} bounces, max speed ratio {worst:.2f}", float(worst))


def continuity(shots: list[ShotTracks]) -> CheckResult:
    """Objects move continuously: a compact blob never turns up far (JUMP_FRACTION of the width)
    from where the same-coloured blob was one frame before, and no track jumps that far."""
    bad = []
    for shot in shots:
        by_frame: dict[int, list] = {}
        for tr in shot.tracks:
            if tr.elongation < 1.9 and tr.radius >= 1.2 and len(tr.detections) >= 3:
                for d in tr.detections:
                    by_frame.setdefault(d.frame, []).append((d, tr.rgb))
        for k in sorted(by_frame):
            gap = next((g for g in (1, 2, 3) if by_frame.get(k - g)), None)
            if gap is None:
                continue
            limit = JUMP_FRACTION * shot.width * (1 + 0.5 * (gap - 1))
            for d, rgb in by_frame[k]:
                # the same colour by track (one frame's colour is noisy) and roughly by frame
                twins = [p for p, prgb in by_frame[k - gap] if np.abs(np.subtract(prgb, rgb)).max() < 30
                         and np.abs(np.subtract(p.rgb, d.rgb)).max() < 45]
                if twins and min(np.hypot(p.x - d.x, p.y - d.y) for p in twins) > limit:
                    bad.append(f"a blob jumped at frame {k}")
                    break
    return CheckResult("continuity", not bad, "; ".join(bad[:3]) or "no jumps", float(len(bad)))


def _coherent(tr: Track) -> bool:
    """A short track that is still an object: compact, seen moving in at least five frames
    along a path a smooth curve fits (a small or fast thing at a low resolution or frame
    rate, too brief for `solid_tracks`). Flicker in noise hops about and fails the fit."""
    t, x, y = series(tr)
    if len(t) < 5 or tr.elongation >= 2.2 or tr.radius < 1.0:
        return False
    if np.hypot(x - x[0], y - y[0]).max() < max(2.0, tr.radius):
        return False
    return any(s.stop - s.start >= 4 for s in fit_segments(t, x, y, _tol(tr)))


def nothing_tracked(shots: list[ShotTracks], plan: ScenePlan | None) -> str | None:
    """Why the clip cannot be judged for physics although the plan asks for balls or crates:
    no shot shows a solid (or at least coherent) moving track. None when something is
    tracked, or when nothing is asked (a clip of pure noise or an empty picture fails here,
    where every other physics check would find nothing to judge)."""
    asked = [o for o in (plan.objects if plan else ()) if o.kind != "figure"]
    if not asked:
        return None
    if any(solid_tracks(s) or any(_coherent(t) for t in s.tracks) for s in shots):
        return None
    names = ", ".join(f"{o.colour} {o.kind}".strip() for o in asked)
    return f"nothing tracked: asked for {names}, no solid track in the pixels"


def permanence(shots: list[ShotTracks], plan: ScenePlan | None = None) -> CheckResult:
    """Nothing appears or vanishes mid-picture without a cause (edge, contact, cut, rest).
    With a `plan` that asks for balls or crates, a clip where none is tracked at all fails
    too (see `nothing_tracked`): the asked objects never appeared."""
    if (missing := nothing_tracked(shots, plan)) is not None:
        return CheckResult("permanence", False, missing, 1.0)
    bad = []
    for shot in shots:
        for tr in solid_tracks(shot):
            if tr.start_cause == "none":
                bad.append(f"track {tr.id} appeared at frame {tr.detections[0].frame}")
            if tr.end_cause == "none":
                bad.append(f"track {tr.id} vanished after frame {tr.detections[-1].frame}")
    return CheckResult("permanence", not bad, "; ".join(bad[:3]) or "all objects accounted for",
                       float(len(bad)))


def _floaters_and_sinkers(plan: ScenePlan | None) -> tuple[list, list]:
    things = [o for o in (plan.objects if plan else ()) if o.kind in KINDS and o.kind != "figure"]
    return ([o for o in things if KINDS[o.kind].density < 1.0],
            [o for o in things if KINDS[o.kind].density >= 1.0])


def _afloat_at_end(shot: ShotTracks, surface: float, ends: tuple | None) -> list:
    """Colours of things sitting at the water line when the shot ends: tracked there, or
    found where the last frames differ from the first ones along the water line."""
    out = []
    for tr in shot.tracks:
        last = tr.detections[-1]
        if len(tr.detections) >= 3 and tr.elongation < 2.5 and last.frame >= shot.stop - 3 - shot.start \
                and abs(last.y - surface) < 2.0 * tr.radius + 1:
            out.append(tr.rgb)
    if ends is not None:
        first, last = (e.astype(np.int16) for e in ends)
        top = max(0, int(surface - 0.12 * last.shape[0]))
        band = slice(top, last.shape[0])
        changed = np.abs(last[band] - first[band]).max(axis=2) > 40
        labels, _ = ndimage.label(changed)
        for k, sl in enumerate(ndimage.find_objects(labels), start=1):
            blob = labels[sl] == k
            area = int(blob.sum())
            centre = top + sl[0].start + np.nonzero(blob)[0].mean()
            if area < max(4, 0.0008 * last.shape[0] * last.shape[1]) or \
                    centre > surface + 0.5 * np.sqrt(area / np.pi) + 1:
                continue  # too small, or under water
            pixels = last[band][sl][blob]
            if not blends_in(pixels, surround_pixels(last[band], sl, blob)):  # there at the end
                out.append(tuple(map(float, core_colour(pixels.astype(np.float32)))))
    return out


def buoyancy(shots: list[ShotTracks], water: list[float | None], plan: ScenePlan | None,
             ends: list[tuple[np.ndarray, np.ndarray]] | None = None) -> CheckResult:
    """At the end, what should float (by its kind, from the plan) sits at the water line, and
    what should sink does not."""
    floaters, sinkers = _floaters_and_sinkers(plan)
    verdicts: list[tuple[bool, str]] = []
    for i, (shot, surface) in enumerate(zip(shots, water)):
        entered = any(max(d.y for d in t.detections) > surface - t.radius
                      for t in shot.tracks if len(t.detections) >= 3) if surface is not None else False
        if not entered or not (floaters or sinkers):
            continue
        verdicts = []  # the outcome is what the last shot showing water says
        afloat = _afloat_at_end(shot, surface, ends[i] if ends else None)
        for obj in floaters:
            seen = any(matches(rgb, obj.colour, 4) for rgb in afloat) or (
                len(floaters) + len(sinkers) == 1 and bool(afloat))
            verdicts.append((seen, f"{obj.colour} {obj.kind} {'floats' if seen else 'sank'}"))
        for obj in sinkers:
            up = any(_looks_most_like(rgb, obj, floaters + sinkers) for rgb in afloat) if floaters \
                else bool(afloat)
            verdicts.append((not up, f"{obj.colour} {obj.kind} {'floats' if up else 'sank'}"))
    if not verdicts:
        return not_applicable("buoyancy", "nothing in water")
    return CheckResult("buoyancy", all(v for v, _ in verdicts), "; ".join(d for _, d in verdicts))


def _looks_most_like(rgb, obj, planned: list) -> bool:
    """Whether `rgb` is near `obj`'s colour (among the two nearest names) and no nearer to
    another planned object's: a blue beach ball at night reads blue first and purple second,
    and is not the purple bowling ball that sank."""
    names = ranked_names(rgb)
    rank = {n: i for i, n in enumerate(names)}
    mine = rank.get(obj.colour, len(names))
    return mine < 2 and all(mine <= rank.get(o.colour, len(names)) for o in planned if o.colour)


def _from_front(x: float, hoop: HoopView) -> bool:
    return (x - hoop.board_x) * (hoop.front_x - hoop.board_x) > 0


def _crossings(tr: Track, hoop: HoopView) -> tuple[bool, bool]:
    """(went through the backboard, dropped through the rim) for one track."""
    through, scored = False, False
    lo, hi = sorted((hoop.board_x, hoop.front_x))
    for a, b in zip(tr.detections, tr.detections[1:]):
        if (a.x - hoop.board_x) * (b.x - hoop.board_x) < 0:
            k = (hoop.board_x - a.x) / (b.x - a.x)
            yc = a.y + k * (b.y - a.y)
            # a ball whose body overlaps the board where it crosses it went through it
            overlaps = hoop.board_top - 0.7 * tr.radius < yc < hoop.board_bottom + tr.radius
            if overlaps and _from_front(a.x, hoop):
                through = True
        if a.y < hoop.rim_y <= b.y:
            k = (hoop.rim_y - a.y) / max(1e-6, b.y - a.y)
            if lo + 0.5 * tr.radius < a.x + k * (b.x - a.x) < hi - 0.5 * tr.radius:
                scored = True
    return through, scored


def hoop_checks(shots: list[ShotTracks], hoops: list[HoopView | None],
                plan: ScenePlan | None) -> list[CheckResult]:
    """Backboard solidity (no ball passes through it) and the shot's outcome as planned."""
    through, scored, seen = False, False, False
    for shot, hoop in zip(shots, hoops):
        if hoop is None:
            continue
        seen = True
        for tr in solid_tracks(shot):
            t_through, t_scored = _crossings(tr, hoop)
            through |= t_through
            scored |= t_scored
    if not seen:
        return [not_applicable("solidity", "no hoop seen"), not_applicable("outcome", "no hoop seen")]
    solid = CheckResult("solidity", not through, "a ball passed through the backboard" if through
                        else "nothing passed through the backboard")
    wanted = [a.outcome for a in (plan.actions if plan else ()) if a.verb == "shoot"]
    if not wanted:
        return [solid, not_applicable("outcome", "no shot planned")]
    want_score = wanted[0] == "score"
    return [solid, CheckResult("outcome", scored == want_score,
                               f"{'scored' if scored else 'missed'}, planned {wanted[0]}")]
