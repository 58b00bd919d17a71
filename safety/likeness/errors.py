"""Typed errors of characters. Each carries a message a person can act on.

The API maps each by its `kind` to a problem-details status; this package knows nothing of
HTTP: invalid, unauthenticated, forbidden, not_found, conflict, too_large, unprocessable.
(A generation naming a character it may not use gets generation.jobs.CharacterUnavailable.)
"""

from __future__ import annotations

from typing import ClassVar


class LikenessError(Exception):
    """Base of the errors of characters and their consent."""

    kind: ClassVar[str] = "invalid"
    title: ClassVar[str] = "Invalid character request"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


class InvalidAudience(LikenessError):
    """An audience that cannot be: handles without `approved`, too many handles."""

    title = "Invalid audience"


class UnknownHandles(LikenessError):
    """Handles to approve that no member has; `handles` names them."""

    kind = "unprocessable"
    title = "Unknown handles"

    def __init__(self, detail: str, *, handles: tuple[str, ...]) -> None:
        self.handles = handles
        super().__init__(detail)


class AudienceNotAllowed(LikenessError):
    """The owner may not open their character that wide (a teen and `everyone`)."""

    kind = "forbidden"
    title = "Audience not allowed"


class CaptureTooLarge(LikenessError):
    kind = "too_large"
    title = "Capture too large"


class CaptureUnusable(LikenessError):
    """The capture cannot make a character; the detail is the analyser's sentence."""

    kind = "unprocessable"
    title = "Capture not usable"


class CharacterExists(LikenessError):
    kind = "conflict"
    title = "Character exists"


class NoCharacter(LikenessError):
    """The member has no character (none made, or removed)."""

    kind = "not_found"
    title = "No character"


class CharacterNotFound(LikenessError):
    """No character of that name that this member may use: one answer for "none such" and
    "not yours to use", so a refusal tells nothing of characters they may not use."""

    kind = "not_found"
    title = "No such character"


class CharacterBusy(LikenessError):
    """The member's character kept changing while a command tried to change it."""

    kind = "conflict"
    title = "Conflict"


class TooManyCaptures(LikenessError):
    """The member uploaded CAPTURES_PER_HOUR captures within the last hour; `retry_after_s`
    says when the next may come."""

    kind = "busy"
    title = "Too many captures"

    def __init__(self, detail: str, *, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class CaptureBusy(LikenessError):
    """Every capture reader was busy for CAPTURE_WAIT_S: the server is loaded, not the upload wrong."""

    kind = "unavailable"
    title = "Service unavailable"


class AccountGone(LikenessError):
    kind = "unauthenticated"
    title = "Invalid token"
