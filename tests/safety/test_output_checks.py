"""Output checks judge the clip itself: flashes, degenerate frames, loud audio."""

from __future__ import annotations

import numpy as np

from generation.world.generate import generate
from safety import check_output
from safety.output import check_flashes, check_not_degenerate, count_flashes

FPS = 24.0


def _strobe(hz: float, seconds: float = 2.0) -> np.ndarray:
    t = np.arange(int(seconds * FPS)) / FPS
    on = (np.floor(t * hz * 2) % 2).astype(np.uint8)
    return np.broadcast_to((on * 255)[:, None, None, None], (len(t), 32, 32, 3)).copy()


def test_a_simulated_clip_with_its_sound_passes_every_output_check():
    sample = generate("missed_shot_backboard", seed=3, width=64, height=64, fps=FPS)
    verdict = check_output(sample.frames, FPS, sample.audio, 16_000)
    assert verdict.allowed, verdict.failures


def test_a_fast_strobe_fails_and_a_slow_one_passes():
    assert count_flashes(_strobe(6.0), FPS) >= 5
    assert not check_flashes(_strobe(6.0), FPS).passed
    assert check_flashes(_strobe(1.0), FPS).passed


def test_a_slow_fade_is_no_flash():
    ramp = np.linspace(0, 255, 48).astype(np.uint8)
    frames = np.broadcast_to(ramp[:, None, None, None], (48, 32, 32, 3)).copy()
    assert count_flashes(frames, FPS) == 0


def test_noise_and_blank_clips_are_degenerate():
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, size=(16, 32, 32, 3), dtype=np.uint8)
    assert not check_not_degenerate(noise).passed
    assert not check_not_degenerate(np.zeros((16, 32, 32, 3), np.uint8)).passed


def test_clipping_audio_fails_the_true_peak_and_loudness_limits():
    frames = generate("ball_drop", seed=1, width=64, height=64, fps=FPS).frames
    rate = 16_000
    square = np.sign(np.sin(2 * np.pi * 440 * np.arange(rate * 2) / rate)).astype(np.float32)
    verdict = check_output(frames, FPS, square, rate)
    failed = {f.check for f in verdict.failures}
    assert failed == {"true_peak", "loudness"}
