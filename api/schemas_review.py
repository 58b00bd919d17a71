"""Request and response bodies of appeals, reports of videos, and their review (frozen msgspec
Structs).

Shape limits live here (a note's length, the outcomes there are); the review desk
(safety.review) checks the rest: who may appeal or decide what, and a note's characters.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from api.schemas import Body
from events.review import ReportReason
from safety.review import MAX_NOTE, REASON_WORDS

AppealStatus = Literal["open", "overturned", "upheld"]
Note = Annotated[str, msgspec.Meta(max_length=MAX_NOTE, description=(
    f"up to {MAX_NOTE} characters (surrounding spaces included; they are trimmed), line breaks and tabs "
    "allowed but no other control characters nor bidirectional controls"))]


class AppealRequest(Body, frozen=True, kw_only=True):
    note: Annotated[Note, msgspec.Meta(description=(
        "why you think the block was wrong, for the reviewer to read (optional)"))] = ""


class DecisionRequest(Body, frozen=True, kw_only=True):
    outcome: Annotated[Literal["overturn", "uphold"], msgspec.Meta(description=(
        "overturn: the block was wrong, and the generation is made (it still passes the checks of the "
        "finished clip); uphold: it stays blocked"))]
    note: Annotated[Note, msgspec.Meta(description="what you tell the appellant (optional)")] = ""


class AppealResponse(Body, frozen=True, kw_only=True):
    """An appeal as its appellant sees it."""

    appeal_id: str
    generation_id: str
    status: AppealStatus
    category: str | None
    """The prompt check's category (e.g. graphic_violence); null where it named none."""
    message: str
    """What the prompt check said when it blocked the generation."""
    note: str
    filed_at: datetime
    decided_at: datetime | None
    answer: str | None
    """The reviewer's words to you, once decided (may be empty)."""


class AppealListResponse(Body, frozen=True, kw_only=True):
    appeals: list[AppealResponse]


class ReviewCaseResponse(Body, frozen=True, kw_only=True):
    """An appeal as a reviewer reads it: the blocked request, the check's verdict and the
    appellant's note (not who the appellant is)."""

    appeal_id: str
    generation_id: str
    status: AppealStatus
    filed_at: datetime
    prompt: str
    shot_prompts: list[str]
    style: str | None
    caption: str | None
    """What the prompt rewriter made of the prompt, where it got that far."""
    category: str | None
    layer: str | None
    """Which layer of the prompt check blocked it (lexical, semantic, ...)."""
    message: str
    teen: bool
    """Held to the teen rules (a teen asked, or a teen's likeness was in it)."""
    note: str
    decided_at: datetime | None
    answer: str | None
    decided_by: str | None
    """The deciding reviewer's handle (null while open, or once their account is gone)."""


class ReviewListResponse(Body, frozen=True, kw_only=True):
    cases: list[ReviewCaseResponse]


ReportStatus = Literal["open", "removed", "kept", "appealed", "restored", "withdrawn"]
REASONS_SAID = "; ".join(f"{reason}: {words}" for reason, words in REASON_WORDS.items())


class ReportRequest(Body, frozen=True, kw_only=True):
    reason: Annotated[ReportReason, msgspec.Meta(description=f"what is wrong with it ({REASONS_SAID})")]
    note: Annotated[Note, msgspec.Meta(description=(
        "what you saw, for the reviewer to read (optional, except for `other`); the reviewer and the video's "
        "owner never learn who reported"))] = ""


class ReportResponse(Body, frozen=True, kw_only=True):
    """A report as its reporter sees it."""

    report_id: str
    video_id: str
    reason: ReportReason
    note: str
    status: ReportStatus
    """open; removed or kept once a reviewer decided; appealed while the owner's appeal of a
    removal waits, then restored or removed; withdrawn when the video went first."""
    filed_at: datetime
    decided_at: datetime | None


class ReportListResponse(Body, frozen=True, kw_only=True):
    reports: list[ReportResponse]


class ReportedItemResponse(Body, frozen=True, kw_only=True):
    reason: ReportReason
    note: str
    filed_at: datetime


class ReportCaseResponse(Body, frozen=True, kw_only=True):
    """A video's reports as a reviewer reads them (not who filed them), with the video itself."""

    video_id: str
    status: Literal["open", "appealed", "removed", "kept", "restored"]
    """open: reports wait; appealed: its owner appealed its removal (decide it with restore or
    uphold); else the last decision's."""
    caption: str
    prompt: str
    shot_prompts: list[str]
    style: str | None
    teen: bool
    """Held to the teen rules (a teen made it, or it shows one)."""
    posted: bool
    audience: str | None
    held: bool
    """Kept out of others' sight until decided (reports from several members, or one of `sexual_minors`)."""
    reasons: dict[str, int]
    reports: list[ReportedItemResponse]
    first_reported_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    category: ReportReason | None
    """Why it was removed."""
    answer: str | None
    """What the last decision's reviewer told its owner."""
    appeal: str | None
    """The owner's note, while their appeal of the removal waits."""
    media_url: str
    """The MP4 (a reviewer may watch a video while it has reports)."""


class ReportCaseListResponse(Body, frozen=True, kw_only=True):
    cases: list[ReportCaseResponse]


class ReportDecisionRequest(Body, frozen=True, kw_only=True):
    decision: Annotated[Literal["remove", "keep", "restore", "uphold"], msgspec.Meta(description=(
        "for open reports: remove (it breaks the rules; it leaves every feed and is not posted again) or keep; "
        "for an owner's appeal of a removal (not yours to decide if you removed it): restore (they may post it "
        "again) or uphold"))]
    category: Annotated[ReportReason | None, msgspec.Meta(description=(
        "why it is removed (default: the reason most reports give); remove only"))] = None
    note: Annotated[Note, msgspec.Meta(description="what you tell the video's owner (optional)")] = ""


class RemovalAppealRequest(Body, frozen=True, kw_only=True):
    note: Annotated[Note, msgspec.Meta(description=(
        "why you think the removal was wrong, for another reviewer to read (optional)"))] = ""


class RemovalResponse(Body, frozen=True, kw_only=True):
    """A reviewer's removal of your video, and where your appeal of it stands."""

    removed_at: datetime
    category: ReportReason
    reason: str
    """The category in words."""
    in_force: bool
    """False once a second reviewer restored it on your appeal: you may post it again."""
    note: str
    """What the reviewer told you."""
    appealable: bool
    why_not: str | None
    """Why it may not be appealed now (appealed already, or more than 30 days ago)."""
    appeal: Literal["pending", "upheld", "restored"] | None
    appeal_note: str | None
    appealed_at: datetime | None
    answer: str | None
    """What the second reviewer told you, once they decided your appeal."""
