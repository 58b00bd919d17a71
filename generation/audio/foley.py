"""Foley: contact events in, impact sounds and setting ambience out (mono float32).

An impact's sound is shaped by the materials that met and the size of the thing that hit:
a basketball on a wooden floor is a short low thump with a ringing body, a ball on a glass
backboard a bright slap, steel rim a metallic clang, water a noisy splash that swells and
decays. Loudness follows the impulse. Ambience is a quiet stationary bed (ambience.py). The mix is normalised to a loudness target and kept under a true-peak ceiling.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec
import numpy as np

from generation.audio.ambience import ambience
from generation.world.sandbox import ContactEvent

TARGET_LUFS = -16.0
TRUE_PEAK_TARGET_DBTP = -3.5  # AAC encoding adds up to ~2.5 dB of overshoot
PEAK_CEILING = 0.7  # linear sample peak, leaves headroom for inter-sample peaks


class Timbre(msgspec.Struct, frozen=True):
    """How a material pair rings: pitch (Hz), decay (s), noise share, resonance partials."""

    pitch: float
    decay: float
    noise: float
    partials: tuple[float, ...] = (1.0, 2.3, 3.9)


TIMBRES = {
    "wood": Timbre(140.0, 0.09, 0.35),
    "glass": Timbre(420.0, 0.12, 0.25, (1.0, 2.7, 5.1)),
    "steel": Timbre(680.0, 0.35, 0.1, (1.0, 2.76, 5.4, 8.9)),
    "concrete": Timbre(110.0, 0.06, 0.5),
    "asphalt": Timbre(100.0, 0.05, 0.55),
    "grass": Timbre(80.0, 0.04, 0.8),
    "sand": Timbre(70.0, 0.04, 0.9),
    "tile": Timbre(260.0, 0.08, 0.3),
    "rubber": Timbre(180.0, 0.1, 0.3),
    "felt": Timbre(320.0, 0.05, 0.5),
    "vinyl": Timbre(150.0, 0.12, 0.35),
    "resin": Timbre(90.0, 0.08, 0.3),
    "cloth": Timbre(120.0, 0.04, 0.7),
}
SIZE_PITCH = {"basketball": 1.0, "tennis_ball": 1.9, "beach_ball": 0.7, "bowling_ball": 0.6,
              "crate": 0.8, "figure": 0.9}


def impact(event: ContactEvent, kind: str, rate: int, rng: np.random.Generator) -> np.ndarray:
    """The sound of one contact, starting at its first sample (onset at index 0)."""
    if event.b == "water":
        return _splash(event, rate, rng)
    surface = TIMBRES.get(event.material_b, TIMBRES["wood"])
    body = TIMBRES.get(event.material_a, TIMBRES["rubber"])
    pitch = 0.5 * (surface.pitch + body.pitch) * SIZE_PITCH.get(kind, 1.0)
    decay = max(surface.decay, body.decay)
    n = int(rate * min(1.0, decay * 6))
    t = np.arange(n) / rate
    tone = sum(np.sin(2 * np.pi * pitch * p * t) / (1 + i) for i, p in enumerate(surface.partials))
    noise = rng.normal(0.0, 1.0, n)
    env = np.exp(-t / decay)
    click = np.exp(-t / 0.004)
    sound = (1 - surface.noise) * tone * env + surface.noise * noise * env * click
    return (sound * _gain(event.speed)).astype(np.float32)


def _splash(event: ContactEvent, rate: int, rng: np.random.Generator) -> np.ndarray:
    n = int(rate * 0.6)
    t = np.arange(n) / rate
    env = np.minimum(1.0, t / 0.003) * np.exp(-t / 0.15)
    noise = rng.normal(0.0, 1.0, n)
    bubbles = np.sin(2 * np.pi * (500 + 900 * t) * t) * np.exp(-t / 0.08) * 0.3
    return ((noise * 0.8 + bubbles) * env * _gain(event.speed)).astype(np.float32)


def _gain(speed: float) -> float:
    return float(np.clip(speed / 8.0, 0.05, 1.0))


def synthesize(contacts: Sequence[ContactEvent], kinds: dict[str, str], setting: str,
               duration_s: float, rate: int, rng: np.random.Generator,
               min_speed: float = 1.0) -> np.ndarray:
    """Mix the impacts of `contacts` (times in clip seconds) over the setting's ambience.

    `kinds` maps object ids to kinds (for the size of the sound); contacts whose velocity
    change is below `min_speed` m/s are too soft to hear and are skipped. Returns mono
    float32 of length duration_s * rate, normalised to TARGET_LUFS and under PEAK_CEILING.
    """
    n = int(round(duration_s * rate))
    mix = ambience(setting, n, rate, rng)
    for event in audible(contacts, min_speed):
        start = int(round(event.time_s * rate))
        if not 0 <= start < n:
            continue
        kind = kinds.get(event.a.split(".")[0], kinds.get(event.a, "basketball"))
        sound = impact(event, kind, rate, rng)[: n - start]
        mix[start:start + len(sound)] += sound
    return normalise(mix, rate)


def audible(contacts: Sequence[ContactEvent], min_speed: float = 1.0) -> list[ContactEvent]:
    """Contacts loud enough to be heard, at most one per object within 60 ms."""
    out: list[ContactEvent] = []
    for event in sorted(contacts, key=lambda c: c.time_s):
        if event.speed < min_speed:
            continue
        if any(o.a == event.a and abs(o.time_s - event.time_s) < 0.06 for o in out[-4:]):
            continue
        out.append(event)
    return out


def normalise(audio: np.ndarray, rate: int, target_lufs: float = TARGET_LUFS) -> np.ndarray:
    """Gain `audio` to `target_lufs` integrated loudness, then soft-clip its peaks (lowering
    the clip level step by step) until the true peak is under TRUE_PEAK_TARGET_DBTP."""
    from generation.metrics.loudness import integrated_lufs, true_peak_dbtp

    out = audio
    for _ in range(3):  # clipping lowers loudness, so gain and clip again
        lufs = integrated_lufs(out, rate)
        if not np.isfinite(lufs) or abs(lufs - target_lufs) < 0.5:
            break
        audio = out * (10 ** ((target_lufs - lufs) / 20))
        ceiling, out = PEAK_CEILING, audio
        for _ in range(8):
            if true_peak_dbtp(out) <= TRUE_PEAK_TARGET_DBTP:
                break
            out = np.tanh(audio / ceiling) * ceiling  # tanh never reaches the ceiling
            ceiling *= 0.8
    if true_peak_dbtp(out) > TRUE_PEAK_TARGET_DBTP:  # pathological input: plain gain
        out = out * 10 ** ((TRUE_PEAK_TARGET_DBTP - true_peak_dbtp(out)) / 20)
    return out.astype(np.float32)
