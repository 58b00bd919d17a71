"""The generation jobs' knobs: tiers, the chain, capacity (no heavy imports: the API and the
CLI load it). Deployments override any of them with REELWORLD_CHAIN, a JSON object of these
fields (Settings.chain), through `chain_config`.

A tier names a denoising step count and a model choice: "default" (the installation's default
model), "largest" (the largest checkpoint installed at the time of the request) or a model's
name. Which checkpoints exist is read from disk when a generation is asked for (models.py), so
a larger checkpoint dropped into generation/weights/ serves `pro` from then on.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from generation.limits import MAX_GUIDANCE, MAX_SIZE, MAX_STEPS, MIN_SIZE, MIN_STEPS, REMIX_STRENGTH

TIERS = ("standard", "pro")
Steps = Annotated[int, msgspec.Meta(ge=MIN_STEPS, le=MAX_STEPS)]
Count = Annotated[int, msgspec.Meta(ge=0)]
DEFAULT = "default"
LARGEST = "largest"


class ChainConfig(msgspec.Struct, frozen=True, kw_only=True):
    """Steps and model per tier, output height in pixels, guidance, remix and shot knobs."""

    standard_steps: Steps = 25
    high_steps: Steps = 50
    """The pro tier's steps (the field keeps the tier's old name: Serve configs set it)."""
    standard_model: str = DEFAULT
    pro_model: str = LARGEST
    default_model: str = "world32-h100"
    """The model `default` means (the standard tier's). world32-h100 draws the scene and passes
    the output checks (200 of 200 held-out clips, and 50 of 50 chained videos); world32, the CPU-trained model, still samples
    noise that the photosensitivity check blocks, and stays addressable by name."""
    legacy_model: str = "world32"
    """The model that generations recorded before models had names used."""
    size: Annotated[int, msgspec.Meta(ge=MIN_SIZE, le=MAX_SIZE)] = 256
    """Output height in pixels (limits.MIN_SIZE to MAX_SIZE)."""
    guidance: Annotated[float, msgspec.Meta(ge=1.0, le=MAX_GUIDANCE)] = 1.0
    """Classifier-free guidance (1.0: off, half the cost). Measured on world32-h100, 200 held-out
    prompts at 10 steps: guidance 3.0 lowered adherence from 61.3% to 58.8% and physics from
    65.2% to 62.3%, so it stays off until a model gains from it."""
    remix_strength: Annotated[float, msgspec.Meta(gt=0.0, le=1.0)] = REMIX_STRENGTH
    """How far a remix noises its source's frames before denoising (1.0: from pure noise)."""
    continuation_frames: Annotated[int, msgspec.Meta(ge=1, le=64)] = 4
    """How many last frames of a shot the next shot starts from (multi-shot)."""
    max_queue_for_free: Count | None = None
    """Queued or running generations past which free requests are refused, while requests paid
    with purchased credits still go through (None: no limit)."""
    retry_after_s: Annotated[int, msgspec.Meta(ge=1, le=86_400)] = 60
    """What that refusal tells clients to wait before asking again."""

    def steps_for(self, tier: str) -> int:
        return self.standard_steps if tier == "standard" else self.high_steps

    def model_choice(self, tier: str) -> str:
        """"default", "largest" or a model name: what `tier` samples with."""
        return self.standard_model if tier == "standard" else self.pro_model


def canonical_tier(tier: str) -> str:
    """`tier` as TIERS spells it: read in any case and without the spaces around it ("Pro" is
    pro), with `high` (the old name) read as `pro`. A name of no tier comes back as it was given,
    to be refused with the tiers there are."""
    name = tier.strip().lower()
    name = "pro" if name == "high" else name
    return name if name in TIERS else tier


class ConfigError(ValueError):
    """Overrides of the chain's knobs that name no knob or hold a value of the wrong type."""


def chain_config(overrides: dict, base: ChainConfig | None = None) -> ChainConfig:
    """`base` (default: the defaults) with `overrides` (field name -> value, as from
    REELWORLD_CHAIN). Raises ConfigError naming the unknown fields or the bad value."""
    unknown = sorted(set(overrides) - set(ChainConfig.__struct_fields__))
    if unknown:
        raise ConfigError(f"unknown chain settings {', '.join(unknown)}; "
                          f"known: {', '.join(ChainConfig.__struct_fields__)}")
    try:  # the overrides' values are checked (types and ranges); `base` is taken as it is
        checked = msgspec.convert({**msgspec.to_builtins(ChainConfig()), **overrides}, ChainConfig)
    except msgspec.ValidationError as error:
        raise ConfigError(f"chain settings: {error}") from None
    return msgspec.structs.replace(base or ChainConfig(), **{name: getattr(checked, name) for name in overrides})


DEFAULT_CHAIN = ChainConfig()
