"""The chain's heavy components, each built once on first use and shared by every step run
in this process: the rewriter and prompt classifier (MiniLM), and the video model.

Loading is lazy so that a process which never generates (the CLI, most API tests) never pays
for it; the lock keeps two threads from loading the same model twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from generation.jobs.errors import ModelUnavailable

if TYPE_CHECKING:
    from generation.model.backend import VideoGenerator


T = TypeVar("T")

WEIGHTS_ROOT = Path(__file__).resolve().parents[1] / "weights"
"""Where the installed models live, one folder per name (what `reelworld train` exports)."""
DEFAULT_WEIGHTS = WEIGHTS_ROOT / "world32-h100"
"""Reelworld's default model."""


class Lazy(Generic[T]):
    """A value built by `build` on the first call, then the same value every call."""

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._value: T | None = None
        self._lock = threading.Lock()

    def __call__(self) -> T:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._build()
        return self._value


def shared_rewriter(chat_url: str | None = None, chat_model: str = "default", chat_api_key: str | None = None):
    """The built-in rewriter, or, with `chat_url`, the chat-endpoint backend in front of it."""
    from generation.rewriter import PromptRewriter
    from recsys.embeddings import shared_embedder

    base = PromptRewriter(shared_embedder())
    if not chat_url:
        return base
    from generation.rewriter.chat import ChatRewriter

    return ChatRewriter(base, chat_url, chat_model, api_key=chat_api_key)


def shared_classifier():
    from recsys.embeddings import shared_embedder
    from safety import PromptClassifier

    return PromptClassifier(shared_embedder())


def reelworld_generator(weights: Path) -> VideoGenerator:
    """Reelworld's own model from a checkpoint directory. Raises ModelUnavailable."""
    from generation.model.backend import ReelworldGenerator
    from generation.model.pipeline import WeightsError

    if not weights.exists():
        raise ModelUnavailable(f"no video model is installed at {weights}; train one with `reelworld train`")
    try:
        return ReelworldGenerator.from_pretrained(weights)
    except WeightsError as error:  # a damaged checkpoint: the model is unavailable, not a crash
        raise ModelUnavailable(str(error)) from None
