"""MP4 round trip, foley shaped by material, loudness measurement."""

from __future__ import annotations

import numpy as np
import pytest

from generation.audio.foley import impact, synthesize
from generation.media.mp4 import MediaError, read_mp4, write_mp4
from generation.metrics.loudness import measure, true_peak_dbtp
from generation.world.sandbox import ContactEvent


def test_mp4_round_trip_keeps_frames_fps_and_audio_timing(tmp_path):
    rng = np.random.default_rng(0)
    frames = np.zeros((24, 48, 64, 3), np.uint8)
    frames[:, 10:30, 20:40] = (200, 40, 40)
    audio = np.zeros(16000, np.float32)
    audio[8000:8400] = rng.normal(0, 0.5, 400)
    path = write_mp4(tmp_path / "a.mp4", frames, 24.0, audio, 16000)
    clip = read_mp4(path)
    assert clip.frames.shape == frames.shape and clip.fps == 24.0
    assert np.abs(clip.frames.astype(int) - frames).mean() < 4
    onset = np.argmax(np.abs(clip.audio) > 0.05)
    assert abs(onset - 8000) < 200  # within 12.5 ms: AAC spreads a transient a little (pre-echo)


@pytest.mark.parametrize("fps", [7.5, 12.0, 23.976, 30.0])
def test_every_frame_is_kept_whatever_the_frame_rate(tmp_path, fps):
    """The sound track, rounded to whole samples, can end before the last frame does: that
    frame must not be cut (it was at these rates)."""
    frames = np.zeros((49, 32, 32, 3), np.uint8)
    frames[:, :, :, 0] = np.arange(49)[:, None, None] * 5
    audio = np.random.default_rng(1).normal(0, 0.1, int(round(49 / fps * 16000))).astype(np.float32)
    clip = read_mp4(write_mp4(tmp_path / "a.mp4", frames, fps, audio, 16000))
    assert len(clip.frames) == 49
    assert abs(len(clip.audio) / 16000 - 49 / fps) < 0.07  # the padding does not outlast the video


@pytest.mark.parametrize("name", ["a:b.mp4", "-odd.mp4"])
def test_names_ffmpeg_would_read_as_a_protocol_or_option_are_files(tmp_path, name, monkeypatch):
    monkeypatch.chdir(tmp_path)
    frames = np.zeros((4, 16, 16, 3), np.uint8)
    assert read_mp4(write_mp4(name, frames, 8.0)).frames.shape == frames.shape
    assert (tmp_path / name).is_file()


def test_reading_a_missing_file_is_a_media_error(tmp_path):
    with pytest.raises(MediaError):
        read_mp4(tmp_path / "none.mp4")


def _event(b, material_b, a_material="rubber", speed=6.0):
    return ContactEvent(0.0, "ball", b, a_material, material_b, 3.0, speed, 0.0, 0.0)


def test_backboard_and_splash_sound_different():
    rng = np.random.default_rng(1)
    board = impact(_event("backboard", "glass"), "basketball", 16000, rng)
    splash = impact(_event("water", "water"), "basketball", 16000, rng)
    spec = lambda x: np.abs(np.fft.rfft(x[:4000], 4000))
    centroid = lambda x: (spec(x) * np.arange(2001)).sum() / spec(x).sum()
    flatness = lambda x: np.exp(np.log(spec(x) + 1e-9).mean()) / spec(x).mean()
    assert flatness(splash) > 2 * flatness(board)  # a splash is noise, a backboard rings
    assert abs(centroid(board) - centroid(splash)) > 100


def test_foley_mix_meets_loudness_and_true_peak_limits():
    events = [ContactEvent(t, "ball", "floor", "rubber", "wood", 5.0, 8.0, 0, 0) for t in (0.3, 1.0, 1.6)]
    audio = synthesize(events, {"ball": "basketball"}, "gym", 2.5, 16000, np.random.default_rng(0))
    m = measure(audio, 16000)
    assert m.lufs_ok and m.true_peak_ok


def test_true_peak_sees_inter_sample_peaks():
    n = np.arange(4800)
    tone = np.sin(2 * np.pi * 11025 / 44100 * n + np.pi / 4).astype(np.float32)
    assert true_peak_dbtp(tone) > 20 * np.log10(np.abs(tone).max()) + 0.5
