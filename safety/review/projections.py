"""The read model of human review: the reviewers, one row per appeal with its status, and one
row per report of a video with its status.

Rebuildable from position zero. A deleted account takes its appeals with it, and withdraws its
open reports (their notes and its prompts are shredded with its key; its reports stay, without
its id, for any decision that read them and any appeal of it), and stops being a reviewer; decisions
it made stay decided, without its name. A removed video's owner appealing the removal makes its
reports `appealed` until a second reviewer restores it (`restored`) or upholds it (`removed`
again). Reports still open when their video, or its owner's
account, is deleted are withdrawn: there is nothing left to decide.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, delete, update
from sqlmodel import Session, col

from events import RecordedEvent
from events.generation import VideoDeleted
from events.review import (
    AppealFiled,
    PostRemoved,
    RemovalAppealed,
    RemovalDecided,
    ReportsDismissed,
    ReviewDecided,
    ReviewerAppointed,
    ReviewerDismissed,
    VideoReported,
)
from events.social import AccountDeleted
from safety.review.reports import status_after
from safety.review.tables import TABLES, AppealRow, ReportRow, ReviewerRow

_WAITING = ("open", "appealed")
"""Statuses that wait for a reviewer: withdrawn when the video goes first."""


class ReviewProjection:
    name = "safety.review"

    def tables(self) -> Sequence[Table]:
        return TABLES

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
            case VideoReported():
                session.add(ReportRow(report_id=event.report_id, video_id=event.video_id,
                                      generation_id=event.generation_id, owner_id=event.owner_id,
                                      reporter_id=event.reporter_id, reason=event.reason, status="open", filed_at=at))
                session.flush()
            case PostRemoved() | ReportsDismissed() | RemovalAppealed() | RemovalDecided():
                session.execute(update(ReportRow).where(col(ReportRow.report_id).in_(event.report_ids))
                                .values(status=status_after(event), decided_at=at))
            case VideoDeleted():
                session.execute(update(ReportRow).where(ReportRow.video_id == event.video_id,
                                                        col(ReportRow.status).in_(_WAITING))
                                .values(status="withdrawn", decided_at=at))
            case AccountDeleted():
                session.execute(delete(ReviewerRow).where(ReviewerRow.user_id == event.user_id))
                session.execute(delete(AppealRow).where(AppealRow.appellant_id == event.user_id))
                # their open reports are withdrawn, the rest stay decided, all without their id
                # (a decision that read an open one a moment before still finds it, and its appeal)
                session.execute(update(ReportRow).where(ReportRow.reporter_id == event.user_id,
                                                        ReportRow.status == "open")
                                .values(status="withdrawn", decided_at=at))
                session.execute(update(ReportRow).where(ReportRow.reporter_id == event.user_id)
                                .values(reporter_id=None))
                session.execute(update(ReportRow).where(ReportRow.owner_id == event.user_id,
                                                        col(ReportRow.status).in_(_WAITING))
                                .values(status="withdrawn", decided_at=at))
