"""Typed errors of human review. Each carries a message a person can act on.

The API maps each by its `kind` to a problem-details status (api.problems); this package knows
nothing of HTTP: invalid, forbidden, not_found, conflict.
"""

from __future__ import annotations

from typing import ClassVar


class ReviewError(Exception):
    """Base of the errors of appeals and their review."""

    kind: ClassVar[str] = "invalid"
    title: ClassVar[str] = "Invalid review request"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


class InvalidReview(ReviewError):
    """A note too long, an outcome that is not one."""


class NotAppealable(ReviewError):
    """The generation cannot be appealed: it was not blocked by the prompt check (still running,
    published, failed, blocked by a measurement of the output), or the appeal window has passed."""

    kind = "conflict"
    title = "Not appealable"


class NeverAppealable(ReviewError):
    """A block no reviewer may overturn (sexual content involving minors)."""

    kind = "forbidden"
    title = "Not appealable"


class AlreadyAppealed(ReviewError):
    """The generation was appealed already (one appeal each); `appeal_id` names it."""

    kind = "conflict"
    title = "Already appealed"

    def __init__(self, detail: str, *, appeal_id: str) -> None:
        self.appeal_id = appeal_id
        super().__init__(detail)


class GenerationUnknown(ReviewError):
    """The member has no generation of that id."""

    kind = "not_found"
    title = "No such generation"


class TooManyAppeals(ReviewError):
    """The member filed APPEALS_PER_DAY appeals within the last day; `retry_after_s` says when
    the next may come. (A blocked generation gives its quota slot back, so without this limit
    one member could fill the reviewers' queue.)"""

    kind = "busy"
    title = "Too many appeals"

    def __init__(self, detail: str, *, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class AppealNotFound(ReviewError):
    """No such appeal that this member may see (theirs, or any for a reviewer)."""

    kind = "not_found"
    title = "No such appeal"


class NotAReviewer(ReviewError):
    """The member is not a reviewer: only reviewers read and decide others' appeals."""

    kind = "forbidden"
    title = "Not a reviewer"


class OwnAppeal(ReviewError):
    """A reviewer may not decide their own appeal."""

    kind = "forbidden"
    title = "Own appeal"


class AlreadyDecided(ReviewError):
    kind = "conflict"
    title = "Already decided"


class ReviewerRefused(ReviewError):
    """The operator named no member, a teen, or a member already (not) a reviewer."""

    kind = "conflict"
    title = "Reviewer not changed"


class VideoUnknown(ReviewError):
    """No video of that id that the member may see (a report is of what one was shown)."""

    kind = "not_found"
    title = "No such video"


class NotReportable(ReviewError):
    """The member's own video: they take it down or delete it themselves."""

    kind = "conflict"
    title = "Not reportable"


class AlreadyReported(ReviewError):
    """The member reported this video already (once each); `report_id` names the report."""

    kind = "conflict"
    title = "Already reported"

    def __init__(self, detail: str, *, report_id: str) -> None:
        self.report_id = report_id
        super().__init__(detail)


class TooManyReports(ReviewError):
    """The member filed REPORTS_PER_DAY reports within the last day; `retry_after_s` says when
    the next may come."""

    kind = "busy"
    title = "Too many reports"

    def __init__(self, detail: str, *, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s


class ReportNotFound(ReviewError):
    """No such report of this member's, or no reports of that video for this reviewer to read."""

    kind = "not_found"
    title = "No such report"


class OwnReport(ReviewError):
    """A reviewer does not decide reports of their own video, of one showing them, or that they
    filed themselves."""

    kind = "forbidden"
    title = "Not yours to decide"


class RemovalNotAppealable(ReviewError):
    """No removal in force to appeal, appealed already, or past the appeal window."""

    kind = "conflict"
    title = "Not appealable"
