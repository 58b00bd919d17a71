"""What members and reviewers read of appeals."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

AppealStatus = Literal["open", "overturned", "upheld"]


class AppealView(msgspec.Struct, frozen=True, kw_only=True):
    """An appeal as its appellant sees it: what was blocked and why, their note, the answer."""

    appeal_id: str
    generation_id: str
    status: AppealStatus
    category: str | None
    """The prompt check's category (e.g. "violence"); None where it named none."""
    message: str
    """What the prompt check said when it blocked the generation."""
    note: str
    filed_at: datetime
    decided_at: datetime | None = None
    answer: str | None = None
    """The reviewer's words to the appellant, once decided (may be empty)."""


class AppealStanding(msgspec.Struct, frozen=True, kw_only=True):
    """Where a member's generation stands as to appeals (read with the generation itself)."""

    appealable: bool
    """Whether the member may appeal it now (the daily limit of appeals aside)."""
    reason: str | None = None
    """Why not, for a blocked generation that may not be appealed."""
    appeal_id: str | None = None
    status: AppealStatus | None = None
    """The appeal's status, once appealed."""


class ReviewCase(msgspec.Struct, frozen=True, kw_only=True):
    """An appeal as a reviewer sees it: the blocked request itself, the check's verdict and the
    appellant's note (not who the appellant is: a reviewer judges the request)."""

    appeal_id: str
    generation_id: str
    status: AppealStatus
    filed_at: datetime
    prompt: str
    shot_prompts: tuple[str, ...]
    style: str | None
    caption: str | None
    """What the prompt rewriter made of the prompt (the plan's caption), where it got that far."""
    category: str | None
    layer: str | None
    """Which layer of the prompt check blocked it (lexical, semantic, ...)."""
    message: str
    teen: bool
    """Held to the teen rules (a teen asked, or a teen's likeness was in it)."""
    note: str
    decided_at: datetime | None = None
    answer: str | None = None
    decided_by: str | None = None
    """The deciding reviewer's handle (None once their account is gone)."""


class ReviewerView(msgspec.Struct, frozen=True, kw_only=True):
    handle: str
    appointed_at: datetime
