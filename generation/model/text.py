"""Text encoder of the model: the shipped all-MiniLM-L6-v2, through the project's one Embedder.

Prompts repeat (training captions every epoch, a person retrying a prompt), so the embedder
keeps vectors by text; by default the process-wide one is used, so the rewriter, the safety
classifier and the sampler load the model once. The empty string maps to the zero vector, the
"no text" input that classifier-free guidance contrasts against.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from generation.model.model import TEXT_DIM
from recsys.embeddings import Embedder, shared_embedder


class TextEncoder:
    """Embeds prompts to unit-length float32 vectors of TEXT_DIM ("" gives zeros)."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder = embedder or shared_embedder()
        if self.embedder.dim != TEXT_DIM:
            raise ValueError(f"the model reads {TEXT_DIM}-d text vectors; the embedder gives {self.embedder.dim}")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """(N, TEXT_DIM) float32 for N texts."""
        out = np.zeros((len(texts), TEXT_DIM), np.float32)
        filled = [i for i, t in enumerate(texts) if t]
        if filled:
            out[filled] = self.embedder.embed([texts[i] for i in filled])
        return out
