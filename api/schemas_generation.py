"""Request and response bodies of generations and videos (frozen msgspec Structs, tagged).

Shape limits live here (lengths, ranges, the styles and tiers there are); the rewriter and the
jobs check the rest.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from api.schemas import Body, Short

Prompt = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]


class GenerationRequest(Body, frozen=True, kw_only=True):
    prompt: Prompt
    """What should happen, in plain words (quoted text is spoken)."""
    style: Literal["realistic", "cinematic", "anime"] | None = None
    characters: Annotated[tuple[Short, ...], msgspec.Meta(max_length=4)] = ()
    remix_of: Short | None = None
    """The id of one of your videos to remix."""
    shots: Annotated[int, msgspec.Meta(ge=1, le=4)] = 1
    tier: Literal["standard", "high"] = "standard"


class StepResponse(Body, frozen=True, kw_only=True):
    event: str
    at: datetime


class GenerationResponse(Body, frozen=True, kw_only=True):
    generation_id: str
    status: str
    """queued, running, published, blocked, failed, cancelled, deleted."""
    prompt: str
    style: str | None
    tier: str
    shots: int
    caption: str | None
    """The plan in the words the model reads (after the rewrite step)."""
    detail: str | None
    """Why it was blocked or failed."""
    video_id: str | None
    created_at: datetime
    updated_at: datetime
    steps: list[StepResponse]


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
