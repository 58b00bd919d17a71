"""The chain's knobs and the tiers (no heavy imports: the API and the CLI load it).

A tier names a denoising step count and a model choice: "default" (the installation's default
model), "largest" (the largest checkpoint installed at the time of the request) or a model's
name. Which checkpoints exist is read from disk when a generation is asked for (models.py), so
a larger checkpoint dropped into generation/weights/ serves `pro` from then on.
"""

from __future__ import annotations

import msgspec

TIERS = ("standard", "pro")
DEFAULT = "default"
LARGEST = "largest"


class ChainConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Steps and model per tier, output height in pixels, guidance, remix and shot knobs."""

    standard_steps: int = 25
    high_steps: int = 50
    """The pro tier's steps (the field keeps the tier's old name: Serve configs set it)."""
    standard_model: str = DEFAULT
    pro_model: str = LARGEST
    default_model: str = "world32"
    """The model `default` means, and the one generations recorded before models had names used."""
    size: int = 256
    guidance: float = 2.0
    remix_strength: float = 0.6
    """How far a remix noises its source's frames before denoising (1.0: from pure noise)."""
    continuation_frames: int = 4
    """How many last frames of a shot the next shot starts from (multi-shot)."""

    def steps_for(self, tier: str) -> int:
        return self.standard_steps if tier == "standard" else self.high_steps

    def model_choice(self, tier: str) -> str:
        """"default", "largest" or a model name: what `tier` samples with."""
        return self.standard_model if tier == "standard" else self.pro_model


def canonical_tier(tier: str) -> str:
    """`high` (the old name) reads as `pro`."""
    return "pro" if tier == "high" else tier


class CapacityPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """When the queue is this deep, free generations wait: only purchased credits go through."""

    max_queue_for_free: int | None = None
    """Queued or running generations past which free requests are refused (None: never)."""
    retry_after_s: int = 60
    """What the refusal tells clients to wait before asking again."""


DEFAULT_CHAIN = ChainConfig()
NO_LIMIT = CapacityPolicy()
