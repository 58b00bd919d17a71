"""The read model of human review: the reviewers, and one row per appeal with its status.

Rebuildable from position zero. A deleted account takes its appeals with it (their notes and
its prompts are shredded with its key), and stops being a reviewer; decisions it made stay
decided, without its name.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, delete, update
from sqlmodel import Session

from events import RecordedEvent
from events.review import AppealFiled, ReviewDecided, ReviewerAppointed, ReviewerDismissed
from events.social import AccountDeleted
from safety.review.tables import AppealRow, ReviewerRow


class ReviewProjection:
    name = "safety.review"

    def tables(self) -> Sequence[Table]:
        return [ReviewerRow.__table__, AppealRow.__table__]

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event, at = recorded.event, recorded.recorded_at
        match event:
            case ReviewerAppointed():
                if session.get(ReviewerRow, event.user_id) is None:
                    session.add(ReviewerRow(user_id=event.user_id, appointed_at=at))
                    session.flush()
            case ReviewerDismissed():
                session.execute(delete(ReviewerRow).where(ReviewerRow.user_id == event.user_id))
            case AppealFiled():
                session.add(AppealRow(appeal_id=event.appeal_id, generation_id=event.generation_id,
                                      appellant_id=event.appellant_id, status="open", filed_at=at))
                session.flush()
            case ReviewDecided():
                session.execute(update(AppealRow).where(AppealRow.appeal_id == event.appeal_id)
                                .values(status=event.outcome, decided_at=at))
            case AccountDeleted():
                session.execute(delete(ReviewerRow).where(ReviewerRow.user_id == event.user_id))
                session.execute(delete(AppealRow).where(AppealRow.appellant_id == event.user_id))
