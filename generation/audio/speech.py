"""Speech: dialogue lines spoken by eSpeak NG (the library shipped by espeakng-loader, called
through ctypes), resampled to the clip's audio rate.

eSpeak NG keeps global state, so one process-wide synthesiser serialises calls with a lock.
Voices vary by speaker through pitch, so two characters do not sound the same.
"""

from __future__ import annotations

import ctypes
import functools
import threading
import zlib

import numpy as np
from scipy.signal import resample_poly

AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
RATE, VOLUME, PITCH = 1, 2, 3
MAX_CHARS = 400

_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class SpeechError(RuntimeError):
    """eSpeak NG could not be loaded or could not speak the line."""


class SpeechUnavailable(SpeechError):
    """eSpeak NG itself cannot run here (its library or its English voice): not the line's fault."""


class _Espeak:
    def __init__(self):
        import espeakng_loader

        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        path = espeakng_loader.get_data_path().encode()
        self.rate = self.lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, path, 0)
        if self.rate <= 0:
            raise SpeechUnavailable("eSpeak NG failed to initialise")
        self.chunks: list[np.ndarray] = []
        self.callback = _CALLBACK(self._collect)  # kept alive as long as the library uses it
        self.lib.espeak_SetSynthCallback(self.callback)
        if self.lib.espeak_SetVoiceByName(b"en") != 0:
            raise SpeechUnavailable("eSpeak NG has no English voice")
        self.lock = threading.Lock()

    def _collect(self, wav, n, events) -> int:
        if wav and n > 0:
            self.chunks.append(np.ctypeslib.as_array(wav, shape=(n,)).astype(np.float32) / 32768.0)
        return 0

    def speak(self, text: str, pitch: int, words_per_minute: int) -> np.ndarray:
        data = text.encode("utf-8")
        with self.lock:
            self.chunks = []
            self.lib.espeak_SetParameter(PITCH, pitch, 0)
            self.lib.espeak_SetParameter(RATE, words_per_minute, 0)
            err = self.lib.espeak_Synth(data, len(data) + 1, 0, POS_CHARACTER, 0,
                                        ESPEAK_CHARS_UTF8, None, None)
            self.lib.espeak_Synchronize()
            if err != 0:
                raise SpeechError(f"eSpeak NG failed on {text!r} (error {err})")
            return np.concatenate(self.chunks) if self.chunks else np.zeros(0, np.float32)


_engine: _Espeak | None = None
_engine_lock = threading.Lock()


def _get_engine() -> _Espeak:
    global _engine
    with _engine_lock:
        if _engine is None:
            _engine = _Espeak()
        return _engine


def speak(text: str, speaker: str, rate: int, pitch: int | None = None,
          words_per_minute: int = 170) -> np.ndarray:
    """Mono float32 speech of `text` at `rate` Hz; the pitch is fixed per `speaker` name, or
    `pitch` (0-99: a character's own voice) where given.

    Raises SpeechError for an empty or overlong line or a synthesiser failure.
    """
    text = " ".join(text.split())
    if not text or len(text) > MAX_CHARS:
        raise SpeechError(f"a dialogue line must have 1-{MAX_CHARS} characters")
    if pitch is None:
        pitch = 35 + zlib.crc32(speaker.encode()) % 30
    return _spoken(text, min(max(int(pitch), 0), 99), min(max(int(words_per_minute), 80), 450), rate)


@functools.lru_cache(maxsize=256)
def _spoken(text: str, pitch: int, words_per_minute: int, rate: int) -> np.ndarray:
    """The synthesis itself, kept for lines spoken again: a request's dialogue is fitted to its
    clip before sampling, then spoken into the soundtrack. Read-only: callers share it."""
    engine = _get_engine()
    wav = engine.speak(text, pitch, words_per_minute)
    if wav.size == 0:
        raise SpeechError(f"eSpeak NG produced no sound for {text!r}")
    g = np.gcd(rate, engine.rate)
    voice = resample_poly(wav, rate // g, engine.rate // g).astype(np.float32)
    voice.flags.writeable = False
    return voice
