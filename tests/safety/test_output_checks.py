"""Output checks judge the clip itself: flashes, degenerate frames, loud audio."""

from __future__ import annotations

import msgspec
import numpy as np

from events.generation import OutputFinding
from generation.media.watermark import upscale, watermark
from generation.world.generate import generate
from generation.world.plan import STYLES
from safety import check_output
from safety.output import SILENT_DB, check_audio, check_flashes, check_not_degenerate, count_flashes, roughness

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


def _frozen(frame: np.ndarray, n: int = 16) -> np.ndarray:
    return np.broadcast_to(frame, (n, *frame.shape)).copy()


def test_black_grey_and_noise_clips_are_degenerate_at_any_noise_amplitude():
    rng = np.random.default_rng(1)
    clips = {
        "black": np.zeros((16, 32, 32, 3), np.uint8),
        "grey": np.full((16, 32, 32, 3), 128, np.uint8),
        "frozen noise": _frozen(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)),
        "faint noise": _frozen(np.clip(128 + rng.integers(-40, 41, (32, 32, 3)), 0, 255).astype(np.uint8)),
        "new noise each frame": rng.integers(0, 256, (16, 32, 32, 3), dtype=np.uint8),
    }
    for name, frames in clips.items():
        assert not check_not_degenerate(frames).passed, name


def test_drawn_scenes_at_model_sizes_are_not_degenerate():
    for scenario in ("missed_shot_backboard", "ball_drop"):
        for size in (16, 32, 64):
            frames = generate(scenario, seed=3, width=size, height=size, fps=8.0).frames
            assert check_not_degenerate(frames).passed, (scenario, size)


def test_world_clips_of_every_style_by_day_and_night_pass_as_published():
    """At the model's size and frame rate, then upscaled and watermarked as the chain shows them."""
    scenarios = ("made_shot", "splash", "figure_kick", "ball_knocks_crate_stack", "beach_ball_float", "ramp_jump")
    looks = [(style, time) for style in STYLES for time in ("day", "night")]
    for k, ((style, time), scenario) in enumerate(zip(looks, scenarios, strict=True)):
        raw = generate(scenario, seed=7 + k, width=32, height=32, fps=8.0, style=style, time_of_day=time,
                       n_shots=1 + 2 * (k % 2), audio_rate=0).frames
        verdict = check_output(watermark(upscale(raw, 256)), 8.0, model_frames=raw)
        assert verdict.allowed, (scenario, style, time, verdict.failures)


def _rows(levels: np.ndarray, width: int) -> np.ndarray:
    """(T, H) grey levels 0..255 -> (T, H, width, 3) uint8 frames, each row one level."""
    return np.broadcast_to(levels.astype(np.uint8)[:, :, None, None], (*levels.shape, width, 3)).copy()


def test_noise_along_one_axis_is_degenerate():
    """Each row (or column) a random level: smooth along it, so the two directions' mean
    difference was half that of noise and the clip passed."""
    rng = np.random.default_rng(5)
    scene = generate("ball_drop", seed=1, width=32, height=32, fps=8.0).frames[:16]
    for size in (32, 64):
        rows = _rows(rng.integers(0, 256, (16, size)), size)
        assert not check_not_degenerate(rows).passed, size
        assert not check_not_degenerate(rows.transpose(0, 2, 1, 3).copy()).passed, size  # columns
        assert not check_not_degenerate(_frozen(rows[0])).passed, size
    streaked = 0.5 * scene + 0.5 * rng.integers(0, 256, (16, 32, 1, 1))
    assert not check_not_degenerate(streaked.astype(np.uint8)).passed
    assert np.all(roughness(_rows(rng.integers(0, 256, (16, 64)), 64).mean(axis=-1) / 255) > 1.0)


def test_regular_stripes_grids_and_blinds_are_not_noise():
    """A pattern that repeats every few pixels differs between neighbours as much as noise does;
    it is a shirt, a fence or a blind's shadow, not a diverged sampler."""
    y, x = np.mgrid[:32, :32]
    patterns = {
        "1 px stripes": 255 * (y % 2), "2 px stripes": 255 * (y // 2 % 2), "1 px columns": 255 * (x % 2),
        "checkerboard": 255 * ((x + y) % 2), "grid": 255 * ((x % 4 == 0) | (y % 4 == 0)),
    }
    for name, pattern in patterns.items():
        grey = np.broadcast_to(pattern.astype(np.uint8)[..., None], (32, 32, 3))
        assert check_not_degenerate(_frozen(grey)).passed, name
    scene = generate("ball_drop", seed=1, width=32, height=32, fps=8.0).frames[:16].astype(np.float32)
    for period in (2.5, 3.3, 4.4, 5.5):  # blinds' shadows across a scene, hard and soft
        wave = np.sin(2 * np.pi * np.arange(32) / period + 0.3)
        for shade in (np.where(wave > 0, 1.0, 0.45), 0.725 + 0.275 * wave):
            blinds = (scene * shade[None, :, None, None]).astype(np.uint8)
            assert check_not_degenerate(blinds).passed, period
            assert check_not_degenerate(blinds.transpose(0, 2, 1, 3).copy()).passed, period


def test_a_clip_is_degenerate_when_more_than_a_quarter_of_its_frames_are():
    rng = np.random.default_rng(2)
    scene = generate("ball_drop", seed=1, width=32, height=32, fps=8.0).frames[:16]
    black_tail = scene.copy()
    black_tail[-3:] = 0  # a fade to black: 3 of 16 frames
    assert check_not_degenerate(black_tail).passed
    noisy = scene.copy()
    noisy[:5] = rng.integers(0, 256, (5, 32, 32, 3), dtype=np.uint8)
    assert not check_not_degenerate(noisy).passed


def test_flat_frames_are_blank_whether_or_not_their_colour_changes():
    rng = np.random.default_rng(4)
    colours = np.broadcast_to(rng.integers(0, 256, (16, 1, 1, 3), dtype=np.uint8), (16, 32, 32, 3))
    assert check_flashes(colours, 8.0).passed and not check_not_degenerate(colours).passed


def test_the_degenerate_check_reads_the_model_frames_the_upscaled_video_would_hide():
    rng = np.random.default_rng(3)
    raw = _frozen(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8))  # noise that does not flash
    shown = watermark(upscale(raw, 128))
    assert check_not_degenerate(shown).passed  # smoothed by upscaling: it no longer reads as noise
    verdict = check_output(shown, 8.0, model_frames=raw)
    assert [f.check for f in verdict.failures] == ["degenerate"]
    black = np.zeros((16, 32, 32, 3), np.uint8)
    assert not check_output(watermark(upscale(black, 128)), 8.0, model_frames=black).allowed


def test_no_frames_or_a_frame_rate_that_is_not_a_number_fail_without_an_error():
    empty = check_output(np.zeros((0, 32, 32, 3), np.uint8), FPS)
    assert not empty.allowed and "no frames" in empty.failures[0].detail
    for fps in (float("nan"), float("inf"), 0.0, -8.0):
        finding = check_flashes(_strobe(1.0), fps)
        assert not finding.passed and "frame rate" in finding.detail, fps


def test_a_smooth_flicker_is_one_flash_a_cycle():
    def sine(hz: float, fps: float) -> np.ndarray:
        t = np.arange(int(2 * fps)) / fps
        level = ((0.5 - 0.5 * np.cos(2 * np.pi * hz * t)) * 255).astype(np.uint8)
        return np.broadcast_to(level[:, None, None, None], (len(t), 32, 32, 3)).copy()

    assert count_flashes(sine(2.0, 30.0), 30.0) == 2 and check_flashes(sine(2.0, 30.0), 30.0).passed
    assert count_flashes(sine(5.0, 60.0), 60.0) == 5 and not check_flashes(sine(5.0, 60.0), 60.0).passed


def test_audio_that_is_not_numbers_fails():
    for bad in (np.nan, np.inf):
        audio = np.zeros(16_000, np.float32)
        audio[100:200] = bad
        [finding] = check_audio(audio, 16_000)
        assert (finding.check, finding.passed, finding.value) == ("audio_samples", False, 100.0)


def test_every_finding_survives_the_event_log():
    """Events are JSON, which has no infinity: silence is recorded at SILENT_DB."""
    verdict = check_output(generate("ball_drop", seed=1, width=32, height=32, fps=FPS).frames, FPS,
                           np.zeros(16_000, np.float32), 16_000)
    findings = tuple(OutputFinding(check=f.check, passed=f.passed, value=float(f.value), detail=f.detail)
                     for f in verdict.findings)
    decoded = msgspec.json.decode(msgspec.json.encode(findings), type=tuple[OutputFinding, ...])
    assert decoded == findings and {f.value for f in findings if f.check != "photosensitivity"} >= {SILENT_DB}
