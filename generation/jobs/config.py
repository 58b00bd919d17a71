"""The chain's knobs (no heavy imports: the API and the CLI load it)."""

from __future__ import annotations

import msgspec


class ChainConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Denoising steps per tier, output height in pixels, guidance, the model's name."""

    standard_steps: int = 25
    high_steps: int = 50
    size: int = 256
    guidance: float = 2.0
    model: str = "reelworld"

    def steps_for(self, tier: str) -> int:
        return self.high_steps if tier == "high" else self.standard_steps


DEFAULT_CHAIN = ChainConfig()
