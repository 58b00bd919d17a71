"""Human review: members appeal a generation the prompt check blocked, and reviewers the
operator appoints decide; an overturned block lets the generation run on (safety.review.desk
holds the rules). Members report videos they were shown, and reviewers remove them from the
feed or keep them (safety.review.reports); a removal holds the remixes below the video, and a
restoration releases them, after the decision (safety.review.holds, a process manager on the log).

Domain code: must not import api/, actors/ or Ray.
"""

from safety.review.desk import (
    APPEAL_WINDOW,
    APPEALS_PER_DAY,
    MAX_NOTE,
    OUTCOMES,
    UNAPPEALABLE,
    ReviewDesk,
    appeal_id_of,
)
from safety.review.errors import (
    AlreadyAppealed,
    AlreadyDecided,
    AlreadyReported,
    AppealNotFound,
    GenerationUnknown,
    InvalidReview,
    NeverAppealable,
    NotAppealable,
    NotAReviewer,
    NotReportable,
    OwnAppeal,
    OwnReport,
    RemovalNotAppealable,
    ReportNotFound,
    ReviewError,
    ReviewerRefused,
    TooManyAppeals,
    TooManyReports,
    VideoUnknown,
)
from safety.review.holds import RemixHolds, remix_holds_after
from safety.review.projections import ReviewProjection
from safety.review.reports import (
    DECISIONS,
    HOLD_AFTER,
    HOLD_AT_ONCE,
    REASON_WORDS,
    REPORTS_PER_DAY,
    RemovalView,
    ReportCase,
    ReportDesk,
    ReportedItem,
    ReportView,
)
from safety.review.views import AppealStanding, AppealView, ReviewCase, ReviewerView

__all__ = [
    "APPEALS_PER_DAY", "APPEAL_WINDOW", "DECISIONS", "HOLD_AFTER", "HOLD_AT_ONCE", "MAX_NOTE", "OUTCOMES",
    "REASON_WORDS", "REPORTS_PER_DAY", "UNAPPEALABLE", "AlreadyAppealed", "AlreadyDecided", "AlreadyReported",
    "AppealNotFound", "AppealStanding", "AppealView", "GenerationUnknown", "InvalidReview", "NeverAppealable",
    "NotAReviewer", "NotAppealable", "NotReportable", "OwnAppeal", "OwnReport", "RemovalNotAppealable",
    "RemixHolds", "RemovalView", "ReportCase", "ReportDesk", "ReportNotFound", "ReportView", "ReportedItem",
    "ReviewCase", "ReviewDesk", "ReviewError", "ReviewProjection", "ReviewerRefused", "ReviewerView", "TooManyAppeals",
    "TooManyReports", "VideoUnknown", "appeal_id_of", "remix_holds_after",
]
