"""Request and response bodies of the feed and of posting videos (frozen msgspec Structs).

Shape limits live here (an instruction's length, the audiences and answers there are); the feed
(recsys) checks the rest: an instruction's characters, who may post what to whom.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from api.schemas import Body
from api.schemas_generation import VideoResponse
from events.feed import FeedSignal, PostAudience, WellbeingAnswer
from recsys.instructions import MAX_INSTRUCTION_CHARS

Audience = PostAudience


class PostRequest(Body, frozen=True, kw_only=True):
    audience: Annotated[Audience | None, msgspec.Meta(description=(
        "who may see it: everyone, your followers, or your mutuals (those you follow who follow you back). "
        "Default: everyone; a video by a teen, or showing one, goes to mutuals only"))] = None
    remixable: Annotated[bool | None, msgspec.Meta(description=(
        "whether those it reaches may remix it (POST /v1/generations with remix_of). Default: as it is posted "
        "now, else true; a video by a teen, or showing one, is never remixed by others"))] = None


class PostResponse(Body, frozen=True, kw_only=True):
    video_id: str
    audience: Audience
    posted_at: datetime
    teen: bool
    """A video by a teen, or showing one: it reaches mutuals only, and is not remixed by others."""
    remixable: bool


class InstructionRequest(Body, frozen=True, kw_only=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_INSTRUCTION_CHARS, description=(
        f"what you want of your feed, in your own words (up to {MAX_INSTRUCTION_CHARS} characters), "
        "e.g. \"more anime, no sports, calmer please\""))]


class UnderstoodResponse(Body, frozen=True, kw_only=True):
    """What the feed understood, facet by facet ("kind:value", e.g. "style:anime", "topic:sports")."""

    more: list[str]
    less: list[str]
    exclude: list[str]
    only: list[str]
    calm: float
    """> 0: calmer; < 0: livelier."""
    like: list[str]
    """Your phrases it looks for by meaning."""
    unlike: list[str]
    not_understood: list[str]
    """Parts it could not read: say them another way."""


class InstructionResponse(Body, frozen=True, kw_only=True):
    text: str
    summary: str
    understood: UnderstoodResponse


class PollResponse(Body, frozen=True, kw_only=True):
    poll_id: str
    question: str
    answers: list[str]


class FeedItemResponse(Body, frozen=True, kw_only=True):
    video: VideoResponse
    owner: str
    """The maker's handle."""
    score: float
    reasons: list[str]
    """Why it is here, in plain words."""
    remixable: bool
    """Whether you may remix it (POST /v1/generations with remix_of)."""
    liked: bool = False
    """Whether you said you like it (PUT /v1/feed/signals/{video_id}) and have not taken it back."""


class FeedResponse(Body, frozen=True, kw_only=True):
    items: list[FeedItemResponse]
    personalised: bool
    instruction: str | None
    """What was understood of your instruction, as applied to this page."""
    poll: PollResponse | None
    """A wellbeing question, now and then: answer with POST /v1/feed/wellbeing."""
    notices: list[str]
    served_today: int
    daily_limit: int | None
    caught_up: bool


class WellbeingRequest(Body, frozen=True, kw_only=True):
    poll_id: Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
    answer: Annotated[WellbeingAnswer, msgspec.Meta(description=(
        "how you feel after using the app just now, compared with before; \"worse\" makes your feed calmer "
        "and shorter for the next days"))]


class SignalRequest(Body, frozen=True, kw_only=True):
    signal: Annotated[FeedSignal, msgspec.Meta(description=(
        "like: more videos like it; less: fewer like it, and not this one again; none: take back what you said"))]


class SignalResponse(Body, frozen=True, kw_only=True):
    video_id: str
    signal: FeedSignal


class SignalListResponse(Body, frozen=True, kw_only=True):
    signals: list[SignalResponse]
    """What you said of single videos (like or less; the latest say of each), from your last 200 sayings."""


class WhyResponse(Body, frozen=True, kw_only=True):
    """Why a video was in your feed, as recorded when it was served to you last."""

    video_id: str
    served_at: datetime
    reasons: list[str]
    score: float
    personalised: bool
    """Whether your instruction steered that page."""
    signal: FeedSignal
    """What you have said of it since (like, less, none)."""
