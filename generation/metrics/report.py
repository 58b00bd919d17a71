"""The judge: one MP4 (frames, fps, audio) and a ScenePlan or prompt in, every check out."""

from __future__ import annotations

import msgspec
import numpy as np

from generation.metrics import adherence, physics
from generation.metrics.checks import CheckResult, not_applicable
from generation.metrics.loudness import measure
from generation.metrics.scene import find_hoop, water_surface
from generation.metrics.sync import av_sync
from generation.metrics.tracking import track_clip
from generation.world.plan import ScenePlan

PHYSICS = ("gravity", "restitution", "continuity", "permanence", "buoyancy", "solidity", "outcome")


class Report(msgspec.Struct, frozen=True):
    """Every check on a clip; `passed`/`applicable` count the checks that apply."""

    checks: tuple[CheckResult, ...]
    shots: int
    tracks: int
    passed: int
    applicable: int

    def check(self, name: str) -> CheckResult:
        return next(c for c in self.checks if c.name == name)


report_encoder = msgspec.json.Encoder(order="deterministic")


def _scales(plan: ScenePlan | None, n_shots: int, width: int, height: int) -> list[float | None]:
    if plan is None or not plan.shots:
        return [None] * n_shots
    cams = [s.camera for s in plan.shots] if len(plan.shots) == n_shots else [plan.shots[0].camera] * n_shots
    return [min(width, height) / c.extent_m for c in cams]


def _ends(frames: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A shot's opening and closing pictures, each a median of a few frames against grain."""
    k = max(1, min(3, len(frames) // 4))
    return np.median(frames[:k], axis=0), np.median(frames[-k:], axis=0)


def _planned_cuts(plan: ScenePlan | None, fps: float, n_frames: int) -> list[int] | None:
    """Frames where the plan's shots change, when it has several and they fit the clip."""
    if plan is None or len(plan.shots) < 2:
        return None
    cuts, t = [], 0.0
    for shot in plan.shots[:-1]:
        t += shot.end_s - shot.start_s
        cuts.append(int(round(t * fps)))
    return cuts if cuts[-1] < n_frames else None


def judge(frames: np.ndarray, fps: float, audio: np.ndarray, rate: int,
          plan: ScenePlan | None = None, prompt: str | None = None) -> Report:
    """Run every judge on a clip. The plan (if given) or the prompt says what was asked;
    with neither, only the physics, sync and loudness checks apply."""
    asked = plan if plan is not None else (adherence.plan_from_prompt(prompt) if prompt else None)
    shots = track_clip(frames, _planned_cuts(plan, fps, len(frames)))
    backgrounds = [np.median(frames[s.start:s.stop], axis=0).astype(np.uint8) for s in shots]
    rows = [(s.top, s.bottom) for s in shots]
    scales = _scales(plan, len(shots), frames.shape[2], frames.shape[1])
    water = [water_surface(bg, *r) for bg, r in zip(backgrounds, rows)]
    hoops = [find_hoop(bg, sc) for bg, sc in zip(backgrounds, scales)]
    checks = [
        physics.gravity(shots, fps, scales, water),
        physics.restitution(shots, water, fps, scales),
        physics.continuity(shots),
        physics.permanence(shots, asked),
        physics.buoyancy(shots, water, asked, [_ends(frames[s.start:s.stop]) for s in shots]),
        *physics.hoop_checks(shots, hoops, asked),
        *_adherence(frames, shots, backgrounds, rows, asked, fps, any(w is not None for w in water),
                    scales),
        adherence.cross_shot_check(shots, backgrounds),
        av_sync(shots, fps, audio, rate, water),
        *_loudness(audio, rate),
    ]
    applicable = [c for c in checks if c.passed is not None]
    return Report(tuple(checks), len(shots), sum(len(s.tracks) for s in shots),
                  sum(1 for c in applicable if c.passed), len(applicable))


def _adherence(frames, shots, backgrounds, rows, plan: ScenePlan | None, fps, water_seen, scales):
    names = ("objects", "count", "action", "setting", "style", "time_of_day")
    if plan is None:
        return [not_applicable(n, "no prompt or plan") for n in names]
    if not shots:
        return [not_applicable(n, f"no shot long enough to judge in {len(frames)} frames") for n in names]
    style, tod = adherence.style_check(frames, rows, plan)
    return [adherence.objects_check(shots, plan, backgrounds, scales, min(frames.shape[1:3])),
            adherence.count_check(shots, plan, backgrounds),
            adherence.action_check(shots, plan, fps, water_seen),
            adherence.setting_check(backgrounds, rows, plan), style, tod]


def _loudness(audio: np.ndarray, rate: int) -> list[CheckResult]:
    if audio.size < rate * 0.5:
        return [not_applicable("loudness", "no audio"), not_applicable("true_peak", "no audio")]
    m = measure(audio, rate)
    return [CheckResult("loudness", m.lufs_ok, f"{m.integrated_lufs:.1f} LUFS", m.integrated_lufs),
            CheckResult("true_peak", m.true_peak_ok, f"{m.true_peak_dbtp:.1f} dBTP", m.true_peak_dbtp)]
