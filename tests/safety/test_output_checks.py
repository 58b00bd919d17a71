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


def test_halves_flashing_in_opposite_phase_fail():
    left = np.zeros((32, 32, 3), np.uint8)
    left[:, :16] = 255
    frames = np.stack([left if t % 2 == 0 else 255 - left for t in range(30)])
    finding = check_flashes(frames, 30.0)
    assert not finding.passed and finding.value == 14


def test_a_single_cut_is_no_flash():
    left = np.zeros((32, 32, 3), np.uint8)
    left[:, :16] = 255
    frames = np.stack([left] * 12 + [255 - left] * 12)  # one half brightens as the other darkens
    assert count_flashes(frames, FPS) == 0 and check_flashes(frames, FPS).passed
    lights_on = np.repeat(np.array([0, 255], np.uint8), 12)[:, None, None, None]
    assert count_flashes(np.broadcast_to(lights_on, (24, 32, 32, 3)), FPS) == 0


def test_a_15_hz_flicker_counts_each_flash_once():
    frames = np.stack([np.full((32, 32, 3), 255 * (t % 2), np.uint8) for t in range(60)])
    assert count_flashes(frames, 30.0) == 15  # 30 transitions in the worst second, not 30 flashes


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
