"""Prompt adherence and cross-shot consistency: what the pixels show against what was asked.

A free-text prompt is read into a ScenePlan by keyword (kinds, colours, setting, style, time of
day, verbs); a ScenePlan from the rewriter is used as it is.
"""

from __future__ import annotations

import re

import numpy as np
from scipy import ndimage

from generation.metrics.checks import CheckResult, not_applicable
from generation.metrics.colours import matches, ranked_names
from generation.metrics.scene import water_surface
from generation.metrics.shapes import category, seen_shape, size_ratio, wrong_size
from generation.metrics.tracking import ShotTracks, block_mean
from generation.metrics.trajectory import solid_tracks
from generation.world.catalog import PALETTE
from generation.world.plan import Action, ObjectSpec, ScenePlan

KIND_WORDS = {"basketball": "basketball", "tennis ball": "tennis_ball", "beach ball": "beach_ball",
              "bowling ball": "bowling_ball", "crate": "crate", "box": "crate",
              "player": "figure", "person": "figure", "figure": "figure"}
SETTING_WORDS = {"gym": "gym", "court": "court", "beach": "beach", "sea": "beach", "pool": "pool",
                 "street": "street", "road": "street", "park": "park"}
STYLE_WORDS = {"anime": "anime", "cel": "anime", "cinematic": "cinematic", "filmic": "cinematic",
               "movie": "cinematic", "realistic": "realistic", "photorealistic": "realistic",
               "lifelike": "realistic"}
VERB_WORDS = {"drop": "drop", "bounce": "bounce", "roll": "roll", "shoot": "shoot", "shot": "shoot",
              "collide": "collide", "crash": "collide", "throw": "throw", "toss": "throw",
              "kick": "kick", "float": "float", "bob": "float", "sink": "sink", "splash": "splash",
              "slide": "slide", "fall": "fall", "lob": "lob"}
MOVE_FRACTION = 0.1  # of the picture: a move this long is a move, however wide the thing
MIN_MOVE_PX = 6.0    # ...and at least this long (a small ball's width at 32 to 64 px)
STILL_SIDE = 64  # still_objects reads backgrounds no larger than this (shorter side, pixels)
FLOORS = {"gym": (188, 132, 78), "court": (92, 110, 104), "street": (78, 78, 84),
          "park": (82, 148, 64), "beach": (222, 198, 144)}


def plan_from_prompt(prompt: str) -> ScenePlan:
    """A ScenePlan read from free text by keywords; unmentioned fields keep their defaults."""
    text = prompt.lower()
    objects = []
    for m in re.finditer("|".join(map(re.escape, KIND_WORDS)), text):
        before = text[: m.start()].split()[-3:]
        colour = next((w for w in reversed(before) if w in PALETTE), "")
        objects.append(ObjectSpec(f"obj{len(objects)}", KIND_WORDS[m.group()], colour))
    subject = objects[0].id if objects else "obj0"
    verbs = sorted({v for k, v in VERB_WORDS.items() if re.search(rf"\b{k}", text)})
    outcome = "score" if re.search(r"\b(scores?|goes in|swish)", text) else (
        "rebound_backboard" if "backboard" in text else "rebound_rim" if "rim" in text else "none")
    return ScenePlan(tuple(objects), tuple(Action(v, subject, outcome=outcome if v == "shoot" else "none")
                                           for v in verbs),
                     _first_word(text, SETTING_WORDS), _first_word(text, STYLE_WORDS),
                     "night" if re.search(r"\bnight|dark\b", text) else "day")


def _first_word(text: str, table: dict[str, str]) -> str:
    """The value of the first key of `table` found as a word start in `text` ('' if none)."""
    return next((v for k, v in table.items() if re.search(rf"\b{k}", text)), "")


def _compact(shots: list[ShotTracks]):
    return [t for s in shots for t in s.tracks
            if len(t.detections) >= 4 and t.elongation < 1.9 and t.radius >= 1.0]


def still_objects(background: np.ndarray, with_rows: bool = False) -> list[tuple]:
    """(mean colour, radius in pixels[, centre row]) of small compact things standing out of
    the backdrop that rested long enough for the median background to hold them.

    A background larger than STILL_SIDE is read from a copy shrunk by block averaging to about
    that size (radii and rows given back in the full picture's pixels): whether a thing stands
    out of a median filter a fixed fraction of the frame wide depends on how its edges and the
    floor's edge fall on the pixel grid, and at 256 px a large resting crate's saliency joined
    the floor's edge beside it into one sprawling blob that is not read as a thing (at 64 px
    its corners are read). The shrunk copy is what a 64 px render shows, where the reading
    was tuned; and the filter costs a sixteenth."""
    b = max(1, min(background.shape[:2]) // STILL_SIDE)
    if b > 1:
        small = block_mean(background, b).round().astype(np.uint8)
        return [(rgb, radius * b, *((row * b + (b - 1) / 2,) if with_rows else ()))
                for rgb, radius, row in _still_objects(small)]
    return [item if with_rows else item[:2] for item in _still_objects(background)]


def _still_objects(background: np.ndarray) -> list[tuple]:
    """`still_objects` at the background's own size, with rows."""
    h, w = background.shape[:2]
    k = max(3, int(0.15 * min(h, w)) | 1)
    smooth = ndimage.median_filter(background, size=(k, k, 1))
    salient = np.abs(background.astype(np.int16) - smooth.astype(np.int16)).max(axis=2) > 40
    labels, _ = ndimage.label(salient)
    out = []
    for i, sl in enumerate(ndimage.find_objects(labels), start=1):
        blob = labels[sl] == i
        hh, ww = blob.shape
        area = int(blob.sum())
        if area < 4 or max(hh, ww) > 0.25 * min(h, w) or max(hh, ww) > 2.2 * min(hh, ww):
            continue
        if area < 0.45 * hh * ww:
            continue
        rgb, radius = background[sl][blob].astype(np.float32).mean(axis=0), float(np.sqrt(area / np.pi))
        out.append((rgb, radius, (sl[0].start + sl[0].stop - 1) / 2))
    return out


def objects_check(shots: list[ShotTracks], plan: ScenePlan,
                  backgrounds: list[np.ndarray] = (), scales: list[float | None] = (),
                  side: int = 0) -> CheckResult:
    """Every planned ball or crate is seen in its colour (moving, or at rest all along), and
    none is seen as another kind: a crate's shape for a ball's (or the reverse) where the
    moving blob is large enough to show it, or, where `scales` (pixels per metre per shot)
    and `side` (the frames' shorter side) are known, the size of another kind (a beach ball
    where a tennis ball was asked)."""
    wanted = [o for o in plan.objects if o.kind != "figure"]
    if not wanted:
        return not_applicable("objects", "no objects asked for")
    tracks = _compact(shots)
    seen = [t.rgb for t in tracks]
    seen += [rgb for bg in backgrounds for rgb, _ in still_objects(bg)]
    missing = [f"{o.colour} {o.kind}" for o in wanted
               if o.colour and not any(matches(rgb, o.colour, 3) for rgb in seen)]
    if missing:
        return CheckResult("objects", False, "missing: " + ", ".join(missing))
    wrong = _wrong_kinds(tracks, plan, list(scales), side)
    return CheckResult("objects", not wrong, ", ".join(wrong) if wrong
                       else f"all {len(wanted)} objects seen")


def _wrong_kinds(tracks, plan: ScenePlan, scales: list[float | None], side: int) -> list[str]:
    """'red ball seen as a crate' (or 'red basketball seen at 0.45 of its size') for each
    planned ball or crate whose tracks (those of its colour that no other planned object could
    explain) have the other's shape or another kind's size. Objects sharing a colour are not
    read: their blobs merge (a stack of crates)."""
    out = []
    for o in plan.objects:
        if o.kind == "figure" or not o.colour or [p.colour for p in plan.objects].count(o.colour) > 1:
            continue
        mine = [t for t in tracks if matches(t.rgb, o.colour, 3) and not any(
            p is not o and p.colour and matches(t.rgb, p.colour, 3) for p in plan.objects)]
        shape, measures = seen_shape(mine)
        if shape is not None and shape != category(o.kind):
            out.append(f"{o.colour} {category(o.kind)} seen as a {shape} ({measures})")
            continue
        # size only from tracks near in colour that did not split off in a collision (a
        # fragment of the scene, a gap between crates, passes for black)
        reading = size_ratio([t for t in mine if matches(t.rgb, o.colour, 2) and t.start_cause != "contact"],
                             o.kind, o.size, scales, side)
        if wrong_size(reading, side):
            ratio = reading.ratio
            name = o.kind.replace("_", " ")
            out.append(f"{o.colour} {name} seen at {ratio:.2f} of its size "
                       f"({'smaller' if ratio < 1 else 'larger'} than a {o.size} {name})")
    return out


def _moving_at_once(shot: ShotTracks, figures: list[str], strict: bool) -> int:
    """Most moving things in one frame of `shot`. Strict: only tracks seen travelling (as
    `solid_tracks` has them), and detections that overlap in a frame count once (a ball cut
    in two by the water line or a frame edge); otherwise any compact track of six or more
    detections counts, for whether anything moves at all."""
    tracks = solid_tracks(shot) if strict else [
        t for t in shot.tracks if len(t.detections) >= 6 and t.elongation < 1.9 and t.radius >= 1.2]
    frames: dict[int, list] = {}
    for t in tracks:
        if any(matches(t.rgb, c, 2) for c in figures):  # a swinging arm or leg
            continue
        for d in t.detections:
            if not d.static:  # a resting object is counted by the objects check
                frames.setdefault(d.frame, []).append(d)
    most = 0
    for dets in frames.values():
        if strict:
            dets = [d for i, d in enumerate(dets) if not any(
                np.hypot(d.x - e.x, d.y - e.y) < max(d.radius, e.radius) + 1 for e in dets[:i])]
        most = max(most, len(dets))
    return most


def count_check(shots: list[ShotTracks], plan: ScenePlan,
                backgrounds: list[np.ndarray] = ()) -> CheckResult:
    """No shot shows more moving things at once than the plan has balls and crates, and at
    least one of them is seen (moving, or at rest all along)."""
    wanted = len([o for o in plan.objects if o.kind != "figure"])
    if not wanted:
        return not_applicable("count", "no objects asked for")
    figures = [o.colour for o in plan.objects if o.kind == "figure" and o.colour]
    most = max([0, *(_moving_at_once(s, figures, strict=True) for s in shots)])
    moves = any(_moving_at_once(s, figures, strict=False) for s in shots)
    resting = any(matches(rgb, o.colour, 3) for bg in backgrounds for rgb, _ in still_objects(bg)
                  for o in plan.objects if o.kind != "figure" and o.colour)
    ok = most <= wanted and (moves or resting)
    return CheckResult("count", ok, f"at most {most} moving at once, {wanted} asked", float(most))


def setting_check(backgrounds: list[np.ndarray], rows, plan: ScenePlan) -> CheckResult:
    """The setting read from the backdrop: water (pool or beach) or the floor's colour."""
    if not plan.setting:
        return not_applicable("setting", "no setting asked for")
    bg, (top, bottom) = backgrounds[0], rows[0]
    surface = water_surface(bg, top, bottom)
    if surface is not None:
        sky = bg[top: top + (bottom - top) // 4].reshape(-1, 3).mean(axis=0)
        seen = ["beach" if sky[2] > sky[0] + 20 else "pool", "pool" if sky[2] > sky[0] + 20 else "beach"]
    else:
        floor = bg[bottom - max(2, (bottom - top) // 14): bottom - 1].reshape(-1, 3).mean(axis=0)
        chroma = floor / (floor.sum() + 1)
        seen = sorted(FLOORS, key=lambda k: np.abs(chroma - np.array(FLOORS[k]) / sum(FLOORS[k])).sum())
    ok = plan.setting in seen[:3] or (plan.setting == "court" and "street" in seen[:2])
    return CheckResult("setting", ok, f"looks like {seen[0]}, asked {plan.setting}")


def style_check(frames: np.ndarray, rows, plan: ScenePlan) -> tuple[CheckResult, CheckResult]:
    """Style (letterbox bars: cinematic; fine grain: realistic; flat: anime) and time of day."""
    top, bottom = rows[0]
    h = frames.shape[1]
    bars = top > 0.04 * h and (h - bottom) > 0.04 * h
    mid = frames[:, top:bottom].astype(np.float32)
    # shaded gradients and textures change from row to row; cel colours are flat bands
    shading = float((np.abs(np.diff(mid.mean(axis=-1), axis=1)) >= 0.9).mean())
    seen = "cinematic" if bars else ("realistic" if shading >= 0.57 else "anime")
    style = (CheckResult("style", seen == plan.style,
                         f"looks {seen} (shading {shading:.2f}), asked {plan.style}")
             if plan.style else not_applicable("style", "no style asked for"))
    sky = float(np.percentile(mid.mean(axis=-1), 75))
    when = "night" if sky < 118 else "day"
    tod = CheckResult("time_of_day", when == plan.time_of_day,
                      f"looks like {when} (brightness {sky:.0f}), asked {plan.time_of_day}")
    return style, tod


def action_check(shots: list[ShotTracks], plan: ScenePlan, fps: float, water_seen: bool) -> CheckResult:
    """The planned verbs leave their trace: things fall, bounce, move sideways, reach water."""
    verbs = {a.verb for a in plan.actions}
    if not verbs:
        return not_applicable("action", "no action asked for")
    tracks = [(t, s) for s in shots for t in s.tracks if len(t.detections) >= 3 and t.elongation < 2.5]
    # moved more than its own width, or than a tenth of the picture (not under MIN_MOVE_PX,
    # where jitter would do): a ball rolling slowly through a short shot stays partly in the
    # median background, and its blob (leading and trailing edges together) reads wider
    falls = any(np.ptp([d.y for d in t.detections]) > _move(t, s.bottom - s.top) for t, s in tracks)
    travels = any(np.ptp([d.x for d in t.detections]) > _move(t, s.width) for t, s in tracks)
    wet = {"float", "sink", "splash"}
    sideways = {"roll", "slide", "throw", "kick", "collide", "lob", "shoot"}
    problems = []
    if verbs & wet and not water_seen:
        problems.append("no water for " + "/".join(sorted(verbs & wet)))
    if verbs & sideways and not travels:
        problems.append("nothing travels sideways")
    if verbs & {"drop", "fall", "bounce", "splash"} and not falls:
        problems.append("nothing falls")
    if not tracks:
        problems.append("nothing moves")
    return CheckResult("action", not problems, "; ".join(problems) or "actions visible: "
                       + ", ".join(sorted(verbs)))


def _move(track, extent: int) -> float:
    """Pixels a track must cover along a picture `extent` pixels long to have moved."""
    return min(2 * track.radius, max(MOVE_FRACTION * extent, MIN_MOVE_PX))


def cross_shot_check(shots: list[ShotTracks], backgrounds: list[np.ndarray]) -> CheckResult:
    """After each cut the same objects (by the colours of their tracks) and the same place
    continue. A shot too short to track anything in is not held against the clip, but where
    no shot shows a tracked object there is nothing to compare and the check does not apply
    (it does not pass: a clip of still, empty stages shows no consistency of objects)."""
    if len(shots) < 2:
        return not_applicable("cross_shot", "single shot")
    problems, seen, any_seen = [], None, False
    for i, shot in enumerate(shots):
        names = {n for t in _compact([shot]) if len(t.detections) >= 6 for n in ranked_names(t.rgb)[:3]}
        any_seen |= bool(names)
        if seen is not None and names and seen and not (names & seen):
            problems.append(f"shot {i} shows {sorted(names)} after {sorted(seen)}")
        seen = names or seen
    if not any_seen:
        return not_applicable("cross_shot", f"no object seen in any of {len(shots)} shots")
    floors = [bg[-max(2, bg.shape[0] // 10):].reshape(-1, 3).mean(axis=0) for bg in backgrounds]
    for i in range(1, len(floors)):
        if np.abs(floors[i] - floors[0]).max() > 60:
            problems.append(f"shot {i} has a different floor")
    return CheckResult("cross_shot", not problems, "; ".join(problems) or
                       f"{len(shots)} shots consistent")
