"""analyse_capture on real captures: MP4s made by ffmpeg with eSpeak NG speaking, read back into
a character's colour and voice; and every upload that cannot make a character refused with
a sentence saying why, never with any other error."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from generation.capture import (MAX_CAPTURE_BYTES, CaptureFeatures, CaptureRejected,
                                analyse_capture)
from generation.media.mp4 import FFMPEG
from generation.world.catalog import PALETTE
from tests.capture_fixtures import make_capture

SMALL = {"size": 96, "seconds": 3.0}
BACKGROUNDS = ((90, 140, 90), (150, 150, 150))


def _convert(data: bytes, *args: str, suffix: str) -> bytes:
    """`data` run through ffmpeg with output options `args`, into a file ending in `suffix`."""
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "in.mp4", Path(tmp) / f"out{suffix}"
        source.write_bytes(data)
        subprocess.run([FFMPEG, "-v", "error", "-i", str(source), *args, str(out)], check=True)
        return out.read_bytes()


@pytest.fixture(scope="module")
def capture() -> bytes:
    return make_capture(size=96, seconds=4.0)


@pytest.fixture(scope="module")
def pitched() -> dict[int, CaptureFeatures]:
    return {p: analyse_capture(make_capture(pitch=p, **SMALL)) for p in (20, 50, 80)}


@pytest.mark.parametrize("background", BACKGROUNDS)
@pytest.mark.parametrize("colour", list(PALETTE))
def test_the_figure_colour_is_named_from_the_palette(colour, background):
    features = analyse_capture(make_capture(rgb=PALETTE[colour], background=background, **SMALL))
    assert features.colour == colour


def test_features_carry_the_colour_and_the_lengths_of_the_capture(capture):
    features = analyse_capture(capture)
    assert features.colour == "red"
    assert features.seconds == pytest.approx(4.0, abs=0.2)
    assert 0.3 < features.speech_seconds < 3.0
    assert 0 <= features.voice_pitch <= 99 and 120 <= features.voice_speed <= 260


def test_a_higher_voice_comes_back_higher(pitched):
    assert pitched[20].voice_pitch < pitched[50].voice_pitch < pitched[80].voice_pitch


@pytest.mark.parametrize("pitch", [20, 50, 80])
def test_the_pitch_round_trip_lands_within_ten(pitched, pitch):
    assert abs(pitched[pitch].voice_pitch - pitch) <= 10


def test_faster_speech_comes_back_faster():
    slow = analyse_capture(make_capture(words_per_minute=120, **SMALL))
    fast = analyse_capture(make_capture(words_per_minute=240, **SMALL))
    assert slow.voice_speed < fast.voice_speed
    assert fast.voice_speed == pytest.approx(240, rel=0.25)


def test_speech_over_background_noise_is_still_heard():
    assert analyse_capture(make_capture(noise=0.01, **SMALL)).speech_seconds > 0.3


def test_a_webm_capture_is_read_like_an_mp4(capture):
    webm = _convert(capture, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-b:v", "300k",
                    "-c:a", "libopus", suffix=".webm")
    assert analyse_capture(webm).colour == "red"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (96, 96), (214, 36, 40)).save(out, format="PNG")
    return out.getvalue()


REFUSALS = {
    "empty": (lambda: b"", ["empty"]),
    "too big": (lambda: b"\0" * (MAX_CAPTURE_BYTES + 1), ["MB", "limit"]),
    "text": (lambda: b"this is not a video, only words\n" * 50, ["not a video"]),
    "image": (_png, ["not a video"]),
    "no sound": (lambda: make_capture(audio=False, **SMALL), ["no sound", "microphone"]),
    "too short": (lambda: make_capture(seconds=1.0, size=96), ["at least 2 seconds"]),
    "too long": (lambda: make_capture(seconds=25.0, size=64), ["longer than 20 seconds"]),
    "silent": (lambda: make_capture(speech=False, **SMALL), ["say the phrase shown aloud"]),
    "noise only": (lambda: make_capture(speech=False, noise=0.05, **SMALL),
                   ["say the phrase shown aloud"]),
    "still": (lambda: make_capture(still=True, **SMALL), ["does not move", "photo"]),
    "nobody": (lambda: make_capture(rgb=(90, 140, 90), background=(90, 140, 90), **SMALL),
               ["No one", "middle"]),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_an_unusable_capture_is_refused_saying_why(case):
    build, words = REFUSALS[case]
    with pytest.raises(CaptureRejected) as refused:
        analyse_capture(build())
    for word in words:
        assert word in str(refused.value)


def test_a_sound_file_without_picture_is_refused(capture):
    sound_only = _convert(capture, "-vn", "-c:a", "copy", suffix=".m4a")
    with pytest.raises(CaptureRejected, match="no picture"):
        analyse_capture(sound_only)


@pytest.mark.parametrize("seed", range(6))
def test_garbage_is_only_ever_refused(seed):
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 256, int(rng.integers(1, 200_000)), dtype=np.uint8).tobytes()
    with pytest.raises(CaptureRejected):
        analyse_capture(data)


@pytest.mark.parametrize("keep", [0.02, 0.3, 0.6, 0.9, 0.99])
def test_a_cut_short_mp4_is_refused_or_read(capture, keep):
    try:
        analyse_capture(capture[:int(len(capture) * keep)])
    except CaptureRejected:
        pass


@pytest.mark.parametrize("seed", range(4))
def test_a_corrupted_mp4_is_refused_or_read(capture, seed):
    rng = np.random.default_rng(seed)
    data = np.frombuffer(capture, np.uint8).copy()
    data[rng.integers(0, len(data), 40)] = rng.integers(0, 256, 40)
    try:
        analyse_capture(bytes(data))
    except CaptureRejected:
        pass


def test_features_sealed_with_the_appearance_code_of_before_still_open():
    """Features sealed before 2026-11-27 23:10 also hold the code the colour gives; a decode
    passes it by."""
    import msgspec

    from generation.jobs.characters import CaptureFeatures

    old = (b'{"colour": "red", "appearance": [1.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], "voice_pitch": 40,'
           b' "voice_speed": 150, "seconds": 4.0, "speech_seconds": 1.5}')
    assert msgspec.json.decode(old, type=CaptureFeatures).colour == "red"
