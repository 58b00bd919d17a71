"""Output checks: is a generated clip safe to show, whatever was asked for?

Checks that work on the pixels and the samples of any clip:
- photosensitivity: general flashes after WCAG 2.3.1 / ITU-R BT.1702 (a pair of opposing
  changes of relative luminance of at least 0.1 over at least a quarter of the frame, the darker
  side below 0.8), brightening and darkening areas counted apart; more than three flashes in any
  one-second window fails;
- degenerate output: a blank clip, or one that is mostly per-pixel noise (a sampler that
  diverged);
- hearing safety: true peak at most -1 dBTP and integrated loudness at most -10 LUFS.
Each check returns a finding with its measured value, so a moderator sees why a clip was held.
"""

from __future__ import annotations

import msgspec
import numpy as np

from generation.metrics.loudness import integrated_lufs, true_peak_dbtp

FLASH_DELTA = 0.10
FLASH_AREA = 0.25
FLASH_DARK = 0.80
MAX_FLASHES_PER_SECOND = 3
NOISE_LIMIT = 0.18
"""Mean absolute difference of neighbouring pixels (0..1) above which a frame reads as noise."""
BLANK_STD = 0.01
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
    """The most general flashes in any one-second window of (T, H, W, 3) uint8 frames.

    A flash is a pair of opposing transitions; once a transition completes one, both are spent, so
    a 15 Hz flicker is 15 flashes a second, not 30."""
    rises, falls = _transitions(relative_luminance(frames))
    flash_ends: list[int] = []
    rising = falling = False  # an unpaired transition of each direction since the last flash
    for t, (rise, fall) in enumerate(zip(rises, falls, strict=True), start=1):
        if (rise and falling) or (fall and rising):
            flash_ends.append(t)
            rising = falling = False
        else:
            rising, falling = rising or rise, falling or fall
    window = max(1, round(fps))
    return max((sum(1 for e in flash_ends if s <= e < s + window) for s in flash_ends), default=0)


def check_flashes(frames: np.ndarray, fps: float) -> Finding:
    flashes = count_flashes(frames, fps)
    return Finding(check="photosensitivity", passed=flashes <= MAX_FLASHES_PER_SECOND, value=flashes,
                   detail=f"{flashes} general flashes in the worst second (limit {MAX_FLASHES_PER_SECOND})")


def check_not_degenerate(frames: np.ndarray) -> Finding:
    """Fails a blank clip, or one whose frames are mostly pixel noise."""
    grey = frames.astype(np.float32).mean(axis=-1) / 255.0
    if float(grey.std(axis=(1, 2)).max()) < BLANK_STD:
        return Finding(check="degenerate", passed=False, value=0.0, detail="every frame is blank")
    roughness = float(np.abs(np.diff(grey, axis=2)).mean())
    return Finding(check="degenerate", passed=roughness <= NOISE_LIMIT, value=roughness,
                   detail=f"neighbouring-pixel difference {roughness:.3f} (noise above {NOISE_LIMIT})")


def check_audio(audio: np.ndarray, rate: int) -> list[Finding]:
    peak = true_peak_dbtp(audio)
    loudness = integrated_lufs(audio, rate)
    return [
        Finding(check="true_peak", passed=peak <= MAX_TRUE_PEAK_DBTP + 1e-6, value=peak,
                detail=f"true peak {peak:.1f} dBTP (limit {MAX_TRUE_PEAK_DBTP})"),
        Finding(check="loudness", passed=loudness <= MAX_LUFS, value=loudness,
                detail=f"integrated loudness {loudness:.1f} LUFS (limit {MAX_LUFS})"),
    ]


def check_output(frames: np.ndarray, fps: float, audio: np.ndarray | None = None, rate: int = 48_000) -> OutputVerdict:
    """All output checks on a clip: frames (T, H, W, 3) uint8 at `fps`, optional audio."""
    findings = [check_flashes(frames, fps), check_not_degenerate(frames)]
    if audio is not None and audio.size:
        findings += check_audio(audio, rate)
    return OutputVerdict(allowed=all(f.passed for f in findings), findings=tuple(findings))
