"""Request and response bodies of appeals and their review (frozen msgspec Structs).

Shape limits live here (a note's length, the outcomes there are); the review desk
(safety.review) checks the rest: who may appeal or decide what, and a note's characters.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from api.schemas import Body
from safety.review import MAX_NOTE

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
