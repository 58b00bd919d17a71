"""Request and response bodies of generations and videos (frozen msgspec Structs).

Shape limits live here (lengths, ranges, the styles and tiers there are); the rewriter and the
jobs check the rest.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from api.schemas import Body, Short

Prompt = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
ShotPrompt = Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
ModelName = Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


def _described(text: str) -> msgspec.Meta:
    return msgspec.Meta(description=text)


class GenerationRequest(Body, frozen=True, kw_only=True):
    """Every field may be left out but one: a `prompt`, or `shots` as a list of prompts."""

    prompt: Annotated[Prompt, _described(
        "what should happen, in plain words (quoted text is spoken); for a remix, the change. May be "
        "left out when `shots` lists one prompt per shot")] | None = None
    style: Annotated[str, msgspec.Meta(min_length=1, max_length=40, description=(
        'realistic, cinematic or anime, in any case ("Anime" is anime); the prompt\'s words or realistic '
        "when left out"))] | None = None
    characters: Annotated[list[Short], msgspec.Meta(max_length=4, description=(
        "up to 4 characters by name: a member's likeness, only with its owner's permission (404 for one "
        "that is not yours to use)"))] = msgspec.field(default_factory=list)
    remix_of: Annotated[Short, _described(
        "the id of a video to remix: its scene, changed by the prompt, from its noised frames; yours, or "
        "another's posted to you whose owner lets it be remixed (its characters' owners must let you use them "
        "too)")] | None = None
    shots: Annotated[
        Annotated[int, msgspec.Meta(ge=1, le=4)]
        | Annotated[list[ShotPrompt], msgspec.Meta(min_length=1, max_length=4)],
        _described("how many shots, 1 to 4 (each continues the one before), or one prompt per shot: a list of "
                   "1 to 4 prompts of 1 to 300 characters"),
    ] = 1
    tier: Annotated[str, msgspec.Meta(min_length=1, max_length=40, description=(
        "`standard`, or `pro`: more denoising steps on the largest installed model, in any case (\"Pro\" is "
        "pro). `high` is an alias of `pro` (its old name), answered as `pro`"))] = "standard"
    model: Annotated[ModelName, _described(
        "a model by name (GET /v1/models lists them); the tier's otherwise")] | None = None


class StepResponse(Body, frozen=True, kw_only=True):
    event: str
    at: datetime


class AppealStandingResponse(msgspec.Struct, frozen=True, kw_only=True):
    """Where a blocked (or appealed) generation stands as to appeals."""

    appealable: bool
    """Whether you may appeal it now (POST /v1/generations/{id}/appeal; at most 10 a day)."""
    reason: str | None = None
    """Why not, where it may not be appealed."""
    appeal_id: str | None = None
    status: str | None = None
    """The appeal's status once appealed: open, overturned or upheld."""


class GenerationResponse(Body, frozen=True, kw_only=True):
    generation_id: str
    status: str
    """queued, running, published, blocked, failed, cancelled, deleted."""
    prompt: str
    style: str | None
    tier: str
    shots: int
    model: str | None
    """The model chosen when asked."""
    remix_of: str | None
    caption: str | None
    """The plan in the words the model reads (after the rewrite step)."""
    detail: str | None
    """Why it was blocked or failed."""
    video_id: str | None
    created_at: datetime
    updated_at: datetime
    steps: list[StepResponse]
    appeal: AppealStandingResponse | None = None
    """For a generation the prompt check blocked, or one appealed: its appeal, or whether it
    may be appealed; null otherwise."""


class VideoResponse(Body, frozen=True, kw_only=True):
    video_id: str
    generation_id: str
    duration_s: float
    width: int
    height: int
    size_bytes: int
    caption: str
    model: str
    seed: int
    steps: int
    content_sha256: str
    """SHA-256 of the MP4: provenance anyone can check against the media."""
    remix_of: str | None
    published_at: datetime
    media_url: str


class VideoListResponse(Body, frozen=True, kw_only=True):
    videos: list[VideoResponse]


class ModelResponse(Body, frozen=True, kw_only=True):
    name: str
    size_bytes: int
    tiers: list[str]
    """The tiers that sample with this model now (a model named in a request needs none)."""


class ModelListResponse(Body, frozen=True, kw_only=True):
    models: list[ModelResponse]
