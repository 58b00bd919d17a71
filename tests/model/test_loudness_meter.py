"""The BS.1770 meter (generation.metrics.loudness) against the standard's own numbers and
against ffmpeg's ebur128 filter (libebur128), on the kind of clip that set them apart: a quiet
bed with an impact near the end."""

from __future__ import annotations

import math
import re
import subprocess
import wave

import imageio_ffmpeg
import numpy as np
import pytest

from generation.audio.mix import TARGET_LUFS, master
from generation.metrics.loudness import integrated_lufs, k_weighting

RATE = 16000


def _impact_near_the_end(rate: int = RATE, seconds: float = 1.984) -> np.ndarray:
    """A bed 20 dB under an impact that rings from 1.3 s to the end (as a generated clip's
    ambience and one bounce)."""
    rng = np.random.default_rng(3)
    t = np.arange(int(seconds * rate)) / rate
    bed = 0.01 * rng.standard_normal(t.size)
    hit = np.where(t >= 1.3, np.sin(2 * np.pi * 180 * t) * np.exp(-(t - 1.3) * 2.5), 0.0)
    return bed + 0.3 * hit


def _ffmpeg_integrated(audio: np.ndarray, rate: int, tmp_path) -> float:
    path = tmp_path / "a.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    out = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-nostats", "-i", str(path), "-af", "ebur128",
                          "-f", "null", "-"], capture_output=True, text=True, check=True).stderr
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", out)[-1])


def test_k_weighting_at_48_khz_is_the_standards_table():
    (b1, a1), (b2, a2) = k_weighting(48000)
    np.testing.assert_allclose(b1, [1.53512485958697, -2.69169618940638, 1.19839281085285], rtol=1e-9)
    np.testing.assert_allclose(a1, [1.0, -1.69065929318241, 0.73248077421585], rtol=1e-9)
    np.testing.assert_allclose(b2, [1.0, -2.0, 1.0])
    np.testing.assert_allclose(a2, [1.0, -1.99004745483398, 0.99007225036621], rtol=1e-9)


def test_a_full_scale_997_hz_sine_reads_as_the_standard_says():
    """EBU Tech 3341: a 997 Hz sine at 0 dBFS in one channel reads -3.01 LUFS."""
    t = np.arange(5 * 48000) / 48000
    assert integrated_lufs(np.sin(2 * np.pi * 997 * t), 48000) == pytest.approx(-3.01, abs=0.02)


@pytest.mark.parametrize("rate", [16000, 48000])
def test_the_meter_agrees_with_ffmpeg_on_an_impact_near_the_end(rate, tmp_path):
    audio = _impact_near_the_end(rate)
    assert integrated_lufs(audio, rate) == pytest.approx(_ffmpeg_integrated(audio, rate, tmp_path), abs=0.15)


def test_a_mastered_clip_with_an_impact_is_at_minus_16_lufs_by_ffmpegs_meter(tmp_path):
    """The mastering loop trusts this meter; the last block that runs past the end (which the
    old meter counted) is not a block, so an impact near the end no longer leaves the clip
    0.7 LU loud."""
    mastered = master(_impact_near_the_end(), RATE)
    assert _ffmpeg_integrated(mastered, RATE, tmp_path) == pytest.approx(TARGET_LUFS, abs=0.2)


def test_silence_and_audio_shorter_than_a_block_have_no_loudness():
    assert integrated_lufs(np.zeros(RATE), RATE) == -math.inf
    assert integrated_lufs(np.ones(int(0.39 * RATE)), RATE) == -math.inf


def test_stereo_channels_add_their_power():
    t = np.arange(2 * RATE) / RATE
    mono = 0.1 * np.sin(2 * np.pi * 1000 * t)
    assert integrated_lufs(np.stack([mono, mono], axis=1), RATE) == pytest.approx(
        integrated_lufs(mono, RATE) + 10 * math.log10(2), abs=1e-6)
