"""Human review: members appeal a generation the prompt check blocked, and reviewers the
operator appoints decide; an overturned block lets the generation run on (safety.review.desk
holds the rules). Next: reports of published videos, once others can see them (the feed).

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
    AppealNotFound,
    GenerationUnknown,
    InvalidReview,
    NeverAppealable,
    NotAppealable,
    NotAReviewer,
    OwnAppeal,
    ReviewError,
    ReviewerRefused,
    TooManyAppeals,
)
from safety.review.projections import ReviewProjection
from safety.review.views import AppealStanding, AppealView, ReviewCase, ReviewerView

__all__ = [
    "APPEALS_PER_DAY", "APPEAL_WINDOW", "MAX_NOTE", "OUTCOMES", "UNAPPEALABLE", "AlreadyAppealed",
    "AlreadyDecided", "AppealNotFound", "AppealStanding", "AppealView", "GenerationUnknown", "InvalidReview",
    "NeverAppealable", "NotAReviewer", "NotAppealable", "OwnAppeal", "ReviewCase", "ReviewDesk", "ReviewError",
    "ReviewProjection", "ReviewerRefused", "ReviewerView", "TooManyAppeals", "appeal_id_of",
]
