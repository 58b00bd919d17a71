"""Output checks: is a generated clip safe to show, whatever was asked for?

Checks that work on the pixels and the samples of any clip:
- photosensitivity: general flashes after WCAG 2.3.1 / ITU-R BT.1702 (a pair of opposing
  changes of relative luminance of at least 0.1 over at least a quarter of the frame, the darker
  side below 0.8), brightening and darkening areas counted apart; more than three flashes in any
  one-second window fails;
- degenerate output: more than a quarter of the frames blank (one flat colour) or per-pixel
  noise (a sampler that diverged), read on the frames as the model made them, since upscaling
  smooths noise away and the watermark marks a blank frame;
- hearing safety: every sample a number, true peak at most -1 dBTP and integrated loudness at
  most -10 LUFS.
Each check returns a finding with its measured value (always finite: events are JSON), so a
moderator sees why a clip was held.
"""

from __future__ import annotations

import math

import msgspec
import numpy as np

from generation.metrics.loudness import integrated_lufs, true_peak_dbtp

FLASH_DELTA = 0.10
FLASH_AREA = 0.25
FLASH_DARK = 0.80
MAX_FLASHES_PER_SECOND = 3
NOISE_LIMIT = 0.8
"""Roughness (mean difference of neighbouring pixels over the frame's standard deviation) above
which a frame reads as noise. Scale-free: pixel noise of any amplitude scores about 1.1, drawn
and generated scenes 0.09 to 0.48 (16 to 64 pixels wide)."""
BLANK_STD = 0.01
"""Standard deviation of a frame's grey levels (0..1) below which it is flat."""
MAX_DEGENERATE_SHARE = 0.25
SILENT_DB = -99.0
"""The level recorded for silence or for audio too short to measure (JSON has no infinity)."""
MAX_TRUE_PEAK_DBTP = -1.0
MAX_LUFS = -10.0


class Finding(msgspec.Struct, frozen=True, kw_only=True):
    check: str
    passed: bool
    value: float
    detail: str


class OutputVerdict(msgspec.Struct, frozen=True, kw_only=True):
    allowed: bool
    findings: tuple[Finding, ...]

    @property
    def failures(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.passed)


def relative_luminance(frames: np.ndarray) -> np.ndarray:
    """(T, H, W, 3) uint8 sRGB -> (T, H, W) relative luminance in 0..1 (WCAG definition)."""
    c = frames.astype(np.float32) / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)


def _transitions(luminance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rises, falls): for each frame change, whether enough of the frame got brighter, and
    whether enough got darker. Both can hold at once (one half brightens as the other darkens)."""
    delta = np.diff(luminance, axis=0)
    eligible = np.minimum(luminance[:-1], luminance[1:]) < FLASH_DARK
    rises = ((delta >= FLASH_DELTA) & eligible).mean(axis=(1, 2)) >= FLASH_AREA
    falls = ((delta <= -FLASH_DELTA) & eligible).mean(axis=(1, 2)) >= FLASH_AREA
    return rises, falls


def count_flashes(frames: np.ndarray, fps: float) -> int:
    """The most general flashes in any one-second window of (T, H, W, 3) uint8 frames at `fps`
    (positive and finite, else ValueError).

    A flash is a pair of opposing transitions; once a transition completes one, both are spent, so
    a 15 Hz flicker is 15 flashes a second, not 30. Transitions of one direction in a row are one
    change spread over frames (a smooth fade up), so a sine flicker is one flash a cycle."""
    if not (math.isfinite(fps) and fps > 0):
        raise ValueError(f"a frame rate must be a positive number, not {fps}")
    rises, falls = _transitions(relative_luminance(frames))
    flash_ends: list[int] = []
    unpaired = last = None  # the direction of an unpaired transition; that of the one before
    for t, (rise, fall) in enumerate(zip(rises, falls, strict=True), start=1):
        if not (rise or fall):
            continue
        direction = "both" if rise and fall else "rise" if rise else "fall"
        if direction == last and direction != "both":
            continue  # the same change, going on
        last = direction
        if unpaired is not None and (unpaired != direction or direction == "both"):  # opposing
            flash_ends.append(t)
            unpaired = None
        else:
            unpaired = direction
    window = max(1, round(fps))
    return max((sum(1 for e in flash_ends if s <= e < s + window) for s in flash_ends), default=0)


def check_flashes(frames: np.ndarray, fps: float) -> Finding:
    if not (math.isfinite(fps) and fps > 0):
        return Finding(check="photosensitivity", passed=False, value=0.0,
                       detail=f"the clip's frame rate ({fps}) is not a positive number, so its flashes cannot be timed")
    flashes = count_flashes(frames, fps)
    return Finding(check="photosensitivity", passed=flashes <= MAX_FLASHES_PER_SECOND, value=flashes,
                   detail=f"{flashes} general flashes in the worst second (limit {MAX_FLASHES_PER_SECOND})")


def roughness(grey: np.ndarray) -> np.ndarray:
    """(T, H, W) grey levels -> (T,): the mean absolute difference of neighbouring pixels, across
    and down, over the frame's standard deviation (0 for a flat frame)."""
    across = np.abs(np.diff(grey, axis=2)).mean(axis=(1, 2)) if grey.shape[2] > 1 else 0.0
    down = np.abs(np.diff(grey, axis=1)).mean(axis=(1, 2)) if grey.shape[1] > 1 else 0.0
    spread = grey.std(axis=(1, 2))
    return np.where(spread > 0, (across + down) / 2 / np.maximum(spread, 1e-12), 0.0)


def check_not_degenerate(frames: np.ndarray) -> Finding:
    """Fails a clip with no frames, or one where more than MAX_DEGENERATE_SHARE of the frames
    are blank (standard deviation under BLANK_STD) or pixel noise (`roughness` above
    NOISE_LIMIT). Read it on the frames as the model made them. The value is that share."""
    if len(frames) == 0 or frames[0].size == 0:
        return Finding(check="degenerate", passed=False, value=1.0, detail="the clip has no frames")
    grey = frames.astype(np.float32).mean(axis=-1) / 255.0
    blank = grey.std(axis=(1, 2)) < BLANK_STD
    rough = roughness(grey)
    noisy = ~blank & (rough > NOISE_LIMIT)
    share = float((blank | noisy).mean())
    return Finding(check="degenerate", passed=share <= MAX_DEGENERATE_SHARE, value=share,
                   detail=f"{int(blank.sum())} of {len(grey)} frames blank, {int(noisy.sum())} noise (median "
                          f"roughness {float(np.median(rough)):.2f}, noise above {NOISE_LIMIT}; at most "
                          f"{MAX_DEGENERATE_SHARE:.0%} may be either)")


def check_audio(audio: np.ndarray, rate: int) -> list[Finding]:
    """True peak and loudness of `audio`; one failing finding if any sample is NaN or infinite
    (no level can be measured, and a player would make noise of it)."""
    bad = int(audio.size - np.isfinite(audio).sum())
    if bad:
        return [Finding(check="audio_samples", passed=False, value=float(bad),
                        detail=f"{bad} audio samples are not numbers (NaN or infinite)")]
    peak = _level(true_peak_dbtp(audio))
    loudness = _level(integrated_lufs(audio, rate))
    return [
        Finding(check="true_peak", passed=peak <= MAX_TRUE_PEAK_DBTP + 1e-6, value=peak,
                detail=f"true peak {peak:.1f} dBTP (limit {MAX_TRUE_PEAK_DBTP})"),
        Finding(check="loudness", passed=loudness <= MAX_LUFS, value=loudness,
                detail=f"integrated loudness {loudness:.1f} LUFS (limit {MAX_LUFS})"),
    ]


def _level(db: float) -> float:
    return db if math.isfinite(db) else SILENT_DB


def check_output(frames: np.ndarray, fps: float, audio: np.ndarray | None = None, rate: int = 48_000, *,
                 model_frames: np.ndarray | None = None) -> OutputVerdict:
    """All output checks on a clip: frames (T, H, W, 3) uint8 as people would see them at `fps`,
    optional audio. `model_frames` are the frames as the model made them, before upscaling and
    the watermark (default: `frames`); the degenerate check reads those."""
    raw = frames if model_frames is None else model_frames
    findings = [check_flashes(frames, fps), check_not_degenerate(raw)]
    if audio is not None and audio.size:
        findings += check_audio(audio, rate)
    return OutputVerdict(allowed=all(f.passed for f in findings), findings=tuple(findings))
