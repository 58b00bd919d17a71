"""Typed errors of the social domain. Each carries a message a person can act on.

The API maps each class to a problem-details status; the domain knows nothing of HTTP, only
which kind of failure it is (`kind`): invalid, unauthenticated, forbidden, not_found, conflict,
payment, quota.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar


class SocialError(Exception):
    """Base of the social domain's errors."""

    kind: ClassVar[str] = "invalid"
    title: ClassVar[str] = "Invalid request"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


class InvalidInput(SocialError):
    title = "Invalid input"


class TooYoung(SocialError):
    kind = "forbidden"
    title = "Too young to join"


class InvalidInvite(SocialError):
    title = "Invalid invite"


class InviteAllowanceExhausted(SocialError):
    kind = "forbidden"
    title = "No invites left"


class HandleTaken(SocialError):
    kind = "conflict"
    title = "Handle taken"


class InvalidCredentials(SocialError):
    kind = "unauthenticated"
    title = "Wrong handle or password"


class InvalidToken(SocialError):
    kind = "unauthenticated"
    title = "Invalid token"


class NotFound(SocialError):
    kind = "not_found"
    title = "Not found"


class Forbidden(SocialError):
    kind = "forbidden"
    title = "Not allowed"


class QuietHoursNow(Forbidden):
    """A teen's guardian set quiet hours and it is within them: what was asked waits until
    they end (`retry_after_s`)."""

    title = "Quiet hours"

    def __init__(self, detail: str, *, retry_after_s: int) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(detail)


class Conflict(SocialError):
    kind = "conflict"
    title = "Conflict"


class InvalidGuardianCode(SocialError):
    title = "Invalid guardian code"


class PaymentDeclined(SocialError):
    kind = "payment"
    title = "Payment declined"


class QuotaExceeded(SocialError):
    """No generation left today: neither free generations, nor credits, nor teen allowance."""

    kind = "quota"
    title = "Generation quota exceeded"

    def __init__(self, detail: str, *, resets_at: datetime) -> None:
        self.resets_at = resets_at
        super().__init__(detail)


class CreditRequired(SocialError):
    """Only a purchased credit can pay for this generation now, and none is left."""

    kind = "quota"
    title = "Credit required"


class TooManyAttempts(SocialError):
    """Too many failed logins lately, for a handle or from an address (429 with Retry-After)."""

    kind = "busy"
    title = "Too many attempts"

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s
