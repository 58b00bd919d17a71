"""A dataset sample: caption, ScenePlan, frames, audio, per-frame object states, contacts."""

from __future__ import annotations

import msgspec
import numpy as np

from generation.world.plan import ScenePlan
from generation.world.sandbox import ContactEvent
from generation.world.trace import EntityInfo, ObjectState


class SampleMeta(msgspec.Struct, frozen=True):
    """Everything about a sample except its pixels and samples; JSON-encodable.

    `states[i]` is the world at clip frame i, `shot_of_frame[i]` the shot it belongs to;
    contact times are in clip seconds. Dialogue lines live in `plan.dialogue`.
    """

    id: str
    scenario: str
    seed: int
    caption: str
    plan: ScenePlan
    fps: float
    width: int
    height: int
    audio_rate: int
    shot_of_frame: tuple[int, ...]
    states: tuple[tuple[ObjectState, ...], ...]
    contacts: tuple[ContactEvent, ...]
    entities: tuple[EntityInfo, ...]
    defect: str = "none"


class Sample(msgspec.Struct, frozen=True):
    """A rendered sample: metadata, frames (T, H, W, 3) uint8 and mono float32 audio."""

    meta: SampleMeta
    frames: np.ndarray
    audio: np.ndarray


meta_encoder = msgspec.json.Encoder()
meta_decoder = msgspec.json.Decoder(SampleMeta)
