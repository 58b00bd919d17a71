"""Captures: a member's short video and voice recording read into the features of a character.

A character's owner records a few seconds of themselves saying a phrase (like Sora's cameos).
`analyse_capture` decodes the upload with ffmpeg (the imageio-ffmpeg binary), refuses what cannot
make a character — not a video, no sound, too short or too long, a still picture, nobody in the
middle, no speech — each with one sentence saying what to do, and reads what the world and the
model can use: the subject's colour as the nearest palette colour, and its voice as
eSpeak NG's pitch and speed. Liveness here is the weak kind: the picture must change (a photo
or a frozen frame cannot make a character); it does not prove who is in it.

Domain code: it must not import `api`, `actors` or Ray. Only the mov/mp4 and Matroska/WebM
demuxers and the file protocol are open to ffmpeg, so an upload cannot make it read anything
but the upload itself (a playlist naming local files, say).
"""

from __future__ import annotations

import math
import re
import subprocess
import tempfile
from pathlib import Path

import numpy as np
from scipy.signal import find_peaks

from generation.jobs.characters import CaptureFeatures  # noqa: F401 - what analyse_capture returns
from generation.media.mp4 import FFMPEG
from generation.world.catalog import PALETTE, lab

MAX_CAPTURE_BYTES = 30_000_000
MIN_SECONDS = 2.0
MAX_SECONDS = 20.0
MIN_SPEECH_SECONDS = 0.3

FRAME_SIDE = 96  # frames are read square at this side: colour and shares do not need the aspect
FRAME_RATE = 8
SAMPLE_RATE = 16000
DECODE_TIMEOUT_S = 30.0
_INPUT = ["-format_whitelist", "mov,matroska", "-protocol_whitelist", "file"]


class CaptureRejected(ValueError):
    """The upload is not a usable capture; str(error) says what is wrong and what to do, one
    sentence for a person."""


def analyse_capture(data: bytes) -> CaptureFeatures:
    """Read the capture `data` (an MP4, MOV or WebM file's bytes) into a character's features.

    Raises CaptureRejected, with a sentence for the person who recorded it, when the upload is
    empty or over MAX_CAPTURE_BYTES, not a video ffmpeg can read, has no picture or no sound,
    lasts under MIN_SECONDS or over MAX_SECONDS, shows nobody in the middle of the picture, is
    a still picture, or holds no speech. Never raises anything else for bad bytes.
    """
    if not data:
        raise CaptureRejected("The upload is empty; record a short video of yourself saying the "
                              "phrase shown, then upload it.")
    if len(data) > MAX_CAPTURE_BYTES:
        raise CaptureRejected(f"The file is {len(data) / 1e6:.0f} MB, over the "
                              f"{MAX_CAPTURE_BYTES / 1e6:.0f} MB limit; record a capture of "
                              f"{MIN_SECONDS:.0f} to {MAX_SECONDS:.0f} seconds instead.")
    with tempfile.TemporaryDirectory(prefix="reelworld-capture-") as tmp:
        frames, audio = _decode(Path(tmp), data)
    seconds = max(len(frames) / FRAME_RATE, len(audio) / SAMPLE_RATE)
    if seconds < MIN_SECONDS:
        shown = math.floor(seconds * 10) / 10  # 1.99 s must not read "only 2.0 s; at least 2"
        raise CaptureRejected(f"The capture lasts only {shown:.1f} seconds; record at least "
                              f"{MIN_SECONDS:.0f} seconds of yourself saying the phrase shown.")
    if seconds > MAX_SECONDS:
        raise CaptureRejected(f"The capture is longer than {MAX_SECONDS:.0f} seconds; record a "
                              f"shorter one, just long enough to say the phrase shown.")
    colour = subject_colour(frames)
    if is_still(frames):
        raise CaptureRejected("The picture does not move, like a photo or a frozen frame; record "
                              "yourself live, moving a little as you speak.")
    speech_seconds, f0, syllable_rate = voice(audio)
    if speech_seconds < MIN_SPEECH_SECONDS:
        raise CaptureRejected("No speech was heard in the capture; say the phrase shown aloud, "
                              "clearly, somewhere quiet.")
    return CaptureFeatures(colour=colour, voice_pitch=pitch_for(f0), voice_speed=speed_for(syllable_rate),
                           seconds=round(seconds, 2), speech_seconds=round(speech_seconds, 2))


# --- decoding --------------------------------------------------------------------------------

def _decode(tmp: Path, data: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Frames (T, FRAME_SIDE, FRAME_SIDE, 3) uint8 at FRAME_RATE and mono float32 audio at
    SAMPLE_RATE of the upload `data`, written under `tmp` (an MP4 whose index sits at its end
    cannot be read from a pipe). Reads at most a second past MAX_SECONDS. Raises CaptureRejected
    when it is no video, or has no picture or no sound."""
    source = tmp / "capture"  # no extension: ffmpeg must tell the format from the bytes alone
    source.write_bytes(data)
    info = _ffmpeg(["-hide_banner", *_INPUT, "-i", str(source)]).stderr.decode(errors="replace")
    not_video = CaptureRejected("This file is not a video we can read; upload the MP4, MOV or "
                                "WebM recording from your camera.")
    if not re.search(r"^Input #0", info, re.M):
        raise not_video
    streams = re.findall(r"^\s*Stream #0:\d+.*?: (Video|Audio):(.*)$", info, re.M)
    if not any(kind == "Video" and "attached pic" not in rest for kind, rest in streams):
        raise CaptureRejected("This file has no picture; record a video with your camera on, "
                              "so that we can see you.")
    if not any(kind == "Audio" for kind, _ in streams):
        raise CaptureRejected("This video has no sound; record with your microphone on and say "
                              "the phrase shown aloud.")
    video, sound = tmp / "video.rgb", tmp / "audio.f32"
    shrink = f"fps={FRAME_RATE},scale={FRAME_SIDE}:{FRAME_SIDE}:flags=area"
    run = _ffmpeg(["-v", "error", *_INPUT, "-t", str(MAX_SECONDS + 1), "-i", str(source),
                   "-map", "0:V:0", "-vf", shrink,
                   "-f", "rawvideo", "-pix_fmt", "rgb24", str(video),
                   "-map", "0:a:0", "-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "f32le", str(sound)])
    if run.returncode != 0 or not video.is_file() or not sound.is_file():
        raise CaptureRejected("This video is damaged or cut short and cannot be played; record "
                              "it again and upload the whole file.")
    frame_bytes = FRAME_SIDE * FRAME_SIDE * 3
    raw = video.read_bytes()
    frames = np.frombuffer(raw[:len(raw) // frame_bytes * frame_bytes], np.uint8)
    pcm = sound.read_bytes()
    audio = np.frombuffer(pcm[:len(pcm) // 4 * 4], np.float32)
    if not len(frames) or not len(audio):
        raise not_video if not len(frames) else CaptureRejected(
            "This video's sound is empty; record with your microphone on and say the phrase "
            "shown aloud.")
    audio = np.nan_to_num(audio, nan=0.0, posinf=0.0, neginf=0.0)
    return frames.reshape(-1, FRAME_SIDE, FRAME_SIDE, 3), audio


def _ffmpeg(args: list[str]) -> subprocess.CompletedProcess:
    """Run ffmpeg with `args` (it reads no stdin); CaptureRejected if it outlasts its time."""
    try:
        return subprocess.run([FFMPEG, "-nostdin", *args], capture_output=True, check=False,
                              timeout=DECODE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise CaptureRejected("This video took too long to read; upload a short capture "
                              f"({MIN_SECONDS:.0f} to {MAX_SECONDS:.0f} seconds) straight from "
                              "your camera.") from None


# --- the picture -----------------------------------------------------------------------------

SUBJECT_DELTA_E = 20.0  # CIELAB distance from every background colour that marks the subject
BACKGROUND_SHARE = 0.15  # a border colour this common is background, not a passing arm
MIN_CENTRE_SHARE = 0.04  # of the middle quarter of the picture, on average over the capture
MOVING_LEVELS = 24.0  # levels (of 255) a pixel's channel must swing by to have moved
MIN_MOVING_SHARE = 0.01  # of the picture: less is a photo or a frozen frame
LIGHTNESS_WEIGHT = 0.6  # lighting moves lightness more than hue: name colours by chroma first
_NAMES = tuple(PALETTE)


def subject_colour(frames: np.ndarray) -> str:
    """The PALETTE name of the subject's dominant colour in `frames` (T, H, W, 3) uint8. The
    background is the commonest colours of the top, left and right borders (the bottom one
    usually cuts through the person); the subject is what stands apart from all of them, each
    pixel voting for its nearest palette colour with a weight that falls off from the middle.
    Raises CaptureRejected when too little of the middle is subject."""
    seen = lab(frames[::max(1, len(frames) // 24)])
    t, h, w, _ = seen.shape
    edge = max(1, h // 10)
    border = np.concatenate([seen[:, :edge].reshape(-1, 3), seen[:, edge:, :edge].reshape(-1, 3),
                             seen[:, edge:, -edge:].reshape(-1, 3)])
    distance = np.min([np.linalg.norm(seen - c, axis=-1) for c in _background(border)], axis=0)
    subject = distance > SUBJECT_DELTA_E
    if subject[:, h // 4:3 * h // 4, w // 4:3 * w // 4].mean() < MIN_CENTRE_SHARE:
        raise CaptureRejected("No one was found in the middle of the picture; hold the camera so "
                              "that you fill the middle of the frame, in front of a plain wall.")
    y, x = (np.mgrid[0:h, 0:w] + 0.5) / np.array([h, w])[:, None, None]
    centred = np.exp(-((x - 0.5) ** 2 + (y - 0.5) ** 2) / (2 * 0.22 ** 2))
    weight = np.broadcast_to(centred, subject.shape)[subject]
    votes = np.bincount(_nearest_palette(seen[subject]), weight, minlength=len(_NAMES))
    return _NAMES[int(np.argmax(votes))]


def _background(border: np.ndarray, k: int = 3, rounds: int = 8) -> np.ndarray:
    """The centres of the commonest colours among `border` (n, 3) Lab pixels: k-means, keeping
    the clusters that hold at least BACKGROUND_SHARE of the pixels."""
    centres = np.quantile(border, np.linspace(0.1, 0.9, k), axis=0)
    for _ in range(rounds):
        label = np.argmin(((border[:, None] - centres[None]) ** 2).sum(-1), axis=1)
        centres = np.array([border[label == i].mean(0) if (label == i).any() else centres[i]
                            for i in range(k)])
    share = np.bincount(label, minlength=k) / len(border)
    return centres[share >= BACKGROUND_SHARE]


def _nearest_palette(colours: np.ndarray) -> np.ndarray:
    """Index into _NAMES of the palette colour nearest each (n, 3) Lab colour."""
    scale = np.array([LIGHTNESS_WEIGHT, 1.0, 1.0], np.float32)
    return np.argmin((((colours[:, None] - _PALETTE_LAB[None]) * scale) ** 2).sum(-1), axis=1)


def is_still(frames: np.ndarray) -> bool:
    """Whether `frames` (T, H, W, 3) uint8 hardly change: under MIN_MOVING_SHARE of the pixels
    swing by MOVING_LEVELS in any colour channel (5th to 95th percentile over the capture, so
    codec noise and a flickering frame stay under). Channels, not grey: a green figure before
    a green wall changes hue, hardly brightness."""
    low, high = np.percentile(frames[::max(1, len(frames) // 48)], [5, 95], axis=0)
    return float(((high - low).max(-1) > MOVING_LEVELS).mean()) < MIN_MOVING_SHARE


_PALETTE_LAB = lab([PALETTE[n] for n in _NAMES])


# --- the voice -------------------------------------------------------------------------------

WINDOW, HOP = 512, 160  # 32 ms frames every 10 ms at SAMPLE_RATE
F0_RANGE = (50.0, 400.0)  # from 50 Hz, not 70: eSpeak NG's lowest pitches go under 70 Hz
YIN_THRESHOLD = 0.25  # cumulative mean normalised difference under this: a voiced frame
SILENCE_DB = -55.0
VOICE_SPEEDS = (120, 260)

# eSpeak NG pitch against the median F0 (Hz) `voice` measures in a capture of eSpeak NG speaking
# at that pitch, and words per minute against the speech rate it measures (peaks per second):
# each the mean over three phrases ("one two three four five", "the quick brown fox jumps over
# the lazy dog", "please make a short video of me") made by tests/capture_fixtures.make_capture,
# 6 s, 64 px. The phrases' F0 differ by 4-9 Hz at one pitch, their rates by up to 30% at one
# speed (single-syllable words read slower). Voices above 170 Hz (most women's, children's)
# get pitch 99, the top of eSpeak NG's range.
PITCH_F0 = ((0, 67.2), (10, 70.9), (20, 76.1), (30, 83.2), (40, 91.9), (50, 100.2), (60, 111.1),
            (70, 123.4), (80, 136.9), (90, 153.1), (99, 169.6))
SPEED_RATE = ((80, 2.50), (100, 2.94), (120, 3.38), (140, 3.76), (170, 4.51), (200, 5.11),
              (240, 5.52), (280, 6.38), (350, 7.31), (450, 8.44))


def voice(audio: np.ndarray) -> tuple[float, float, float]:
    """Seconds of voiced speech in `audio` (mono float32 at SAMPLE_RATE), its median F0 in Hz
    (0 when none) and its syllable-like energy peaks per second of speech. A frame is speech
    when it is well above the recording's quiet floor, voiced when it is also periodic within
    F0_RANGE (YIN). The rate counts peaks over all speech, voiced or not: per voiced second it
    varied twice as much between phrases spoken at one eSpeak NG speed."""
    if len(audio) < WINDOW:
        return 0.0, 0.0, 0.0
    x = audio.astype(np.float64) - float(audio.mean())
    frames = np.lib.stride_tricks.sliding_window_view(x, WINDOW)[::HOP]
    level = 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-20)
    floor, loud = np.percentile(level, [5, 95])
    gate = level > max(SILENCE_DB, min(floor + 10.0, loud - 25.0))
    f0 = _yin(frames[gate])
    voiced = np.zeros(len(frames), bool)
    voiced[np.flatnonzero(gate)[f0 > 0]] = True
    seconds = voiced.sum() * HOP / SAMPLE_RATE
    if not voiced.any():
        return 0.0, 0.0, 0.0
    envelope = np.convolve(np.where(gate, level, level.min()), np.ones(5) / 5, mode="same")
    peaks, _ = find_peaks(envelope, prominence=3.0, distance=8)
    rate = gate[peaks].sum() / (gate.sum() * HOP / SAMPLE_RATE)
    return float(seconds), float(np.median(f0[f0 > 0])), float(rate)


def _yin(frames: np.ndarray) -> np.ndarray:
    """F0 in Hz of each (n, WINDOW) frame by YIN (de Cheveigné and Kawahara, 2002), 0 where it
    is not periodic within F0_RANGE."""
    if not len(frames):
        return np.zeros(0)
    lo, hi = int(SAMPLE_RATE / F0_RANGE[1]), int(np.ceil(SAMPLE_RATE / F0_RANGE[0]))
    spectrum = np.fft.rfft(frames, 2 * WINDOW, axis=1)
    r = np.fft.irfft(spectrum * spectrum.conj(), axis=1)[:, :hi + 2]
    energy = np.concatenate([np.zeros((len(frames), 1)), np.cumsum(frames ** 2, axis=1)], axis=1)
    lags = np.arange(hi + 2)
    d = energy[:, WINDOW - lags] + (energy[:, -1:] - energy[:, lags]) - 2 * r
    d[:, 0] = 0.0
    cmnd = np.ones_like(d)
    cmnd[:, 1:] = d[:, 1:] * lags[1:] / np.maximum(np.cumsum(d[:, 1:], axis=1), 1e-12)
    below = cmnd[:, lo:hi] < YIN_THRESHOLD
    found = below.any(axis=1)
    tau = lo + np.argmax(below, axis=1)
    rows = np.arange(len(frames))
    for _ in range(hi - lo):  # walk down to the dip's bottom
        step = (tau + 1 < hi) & (cmnd[rows, np.minimum(tau + 1, hi + 1)] < cmnd[rows, tau])
        if not step.any():
            break
        tau = tau + step
    a, b, c = cmnd[rows, tau - 1], cmnd[rows, tau], cmnd[rows, tau + 1]
    bend = a - 2 * b + c
    shift = np.where(np.abs(bend) > 1e-12, 0.5 * (a - c) / np.where(bend == 0, 1, bend), 0.0)
    return np.where(found, SAMPLE_RATE / (tau + np.clip(shift, -1, 1)), 0.0)


def pitch_for(f0: float) -> int:
    """eSpeak NG pitch (0-99) for a median F0 of `f0` Hz, monotonic through PITCH_F0."""
    pitches, hz = zip(*PITCH_F0)
    return int(np.clip(round(float(np.interp(f0, hz, pitches))), 0, 99))


def speed_for(syllable_rate: float) -> int:
    """eSpeak NG words per minute for `syllable_rate` peaks per voiced second, in VOICE_SPEEDS."""
    speeds, rates = zip(*SPEED_RATE)
    return int(np.clip(round(float(np.interp(syllable_rate, rates, speeds))), *VOICE_SPEEDS))
