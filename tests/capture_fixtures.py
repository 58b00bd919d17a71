"""Synthetic character captures for tests: a short MP4 (H.264 + AAC) of a plain figure moving in
front of a background while eSpeak NG speaks a phrase, as a member's camera and microphone would
record it. Real ffmpeg and real eSpeak NG, nothing downloaded; the capture tests and the HTTP
upload tests both build their files here."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import numpy as np

from generation.audio.speech import _get_engine
from generation.media.mp4 import write_mp4

FPS = 12
SPEECH_START_S = 0.4


def make_capture(*, rgb=(214, 36, 40), background=(90, 140, 90), seconds=4.0, pitch=50,
                 words_per_minute=170, speech=True, audio=True, still=False, size=128,
                 text="one two three four five", noise=0.0, fps=FPS) -> bytes:
    """An MP4 (H.264 + AAC) of a figure of colour `rgb` moving in front of `background`, with
    eSpeak NG speaking `text` at `pitch` (silence where speech=False, no audio stream where
    audio=False; a still picture where still=True).

    `size` is the frame's side in pixels, `seconds` the capture's length; `noise` adds white
    noise of that amplitude (0-1) to the sound, `fps` sets the frame rate. The speech starts
    0.4 s in and is cut at the end of the capture. Raises MediaError if ffmpeg fails.
    """
    count = max(1, round(seconds * fps))
    times = [0.0 if still else i / fps for i in range(count)]
    frames = np.stack([_draw(rgb, background, size, t) for t in times])
    sound = None
    if audio:
        engine = _get_engine()
        sound = np.zeros(round(seconds * engine.rate), np.float32)
        if speech:
            voice = engine.speak(text, pitch, words_per_minute)
            start = round(SPEECH_START_S * engine.rate)
            voice = voice[:max(0, len(sound) - start)]
            sound[start:start + len(voice)] = 0.8 * voice / max(1e-6, float(np.abs(voice).max()))
        if noise:
            sound += np.random.default_rng(0).normal(0.0, noise, len(sound)).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_mp4(Path(tmp) / "capture.mp4", frames, fps, sound,
                         sample_rate=_get_engine().rate if audio else 16000, crf=20)
        return path.read_bytes()


def _draw(rgb, background, size: int, t: float) -> np.ndarray:
    """One (size, size, 3) uint8 frame at time `t`: a lit background and a figure (head, torso,
    two arms) swaying side to side, bobbing and waving, lightly shaded like cloth."""
    y, x = (np.mgrid[0:size, 0:size] + 0.5) / size
    light = 1.0 + 0.06 * (0.5 - y)  # lit from above: a gentle gradient, not one flat colour
    picture = np.asarray(background, np.float32) * light[..., None]
    cx = 0.5 + 0.12 * math.sin(2 * math.pi * 0.5 * t)
    cy = 0.02 * math.sin(2 * math.pi * 1.3 * t)
    wave = 0.25 * math.sin(2 * math.pi * 0.8 * t)
    head = (x - cx) ** 2 + (y - 0.27 - cy) ** 2 < 0.085 ** 2
    torso = (np.abs(x - cx) < 0.11) & (y > 0.37 + cy) & (y < 0.86 + cy)
    arms = np.zeros_like(head)
    for side in (-1, 1):
        sx, sy = cx + side * 0.11, 0.40 + cy  # shoulder; the arm hangs out and down, waving
        spread = 0.35 + side * wave  # radians out from hanging straight down
        dx, dy = side * math.sin(spread), math.cos(spread)
        along = (x - sx) * dx + (y - sy) * dy
        across = np.abs((x - sx) * dy - (y - sy) * dx)
        arms |= (along > 0) & (along < 0.30) & (across < 0.035)
    figure = head | torso | arms
    shade = (1.0 + 0.08 * np.cos(12 * (x - cx)) - 0.08)[..., None]
    picture = np.where(figure[..., None], np.asarray(rgb, np.float32) * shade, picture)
    return np.clip(picture, 0, 255).astype(np.uint8)
