"""Request and response bodies of notifications (frozen msgspec Structs). The inbox
(social.inbox) decides what is told to whom, and words it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from api.schemas import Body
from social.inbox import MAX_ID, NotificationKind



class NotificationResponse(Body, frozen=True, kw_only=True):
    id: int
    """Stable and increasing: newer notifications have larger ids (pass one as `before` or `up_to`)."""
    kind: NotificationKind
    at: datetime
    text: str
    """The notification in words."""
    actor: str | None
    """The handle of the member who did it, where a member did."""
    video_id: str | None
    generation_id: str | None
    detail: str
    """A code that says more: a block's category (`blocked:<category>`), a failed step
    (`failed:<step>`), `output`, `likeness`; a decision (`removed`, `kept`, `restored`,
    `upheld`, `overturned`); a removal's reason; the audience a remix, or a video with your
    character, was posted to."""
    unread: bool


class NotificationListResponse(Body, frozen=True, kw_only=True):
    notifications: list[NotificationResponse]
    unread: int
    """How many of all your notifications are unread."""
    next_before: int | None
    """Pass as `before` for older ones; null when there are none."""


class UnreadResponse(Body, frozen=True, kw_only=True):
    unread: int


class SeenRequest(Body, frozen=True, kw_only=True):
    up_to: Annotated[int, msgspec.Meta(ge=1, le=MAX_ID, description=(
        "the id of the newest notification you read (those up to it are read); leave it out to read all"
    ))] | None = None


class NotificationSettingsResponse(Body, frozen=True, kw_only=True):
    muted: list[NotificationKind]
    """The kinds you are not told of (still recorded: unmuting shows them)."""
    mutable: list[NotificationKind]
    """The kinds you may mute. Who shows your likeness and to whom, what reviewers do to your
    videos, and your guardianship are always told."""


class NotificationSettingsRequest(Body, frozen=True, kw_only=True):
    muted: Annotated[list[NotificationKind], msgspec.Meta(max_length=20, description=(
        "every kind to mute (an empty list unmutes all); each one of `mutable`"))]
