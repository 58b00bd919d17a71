"""Read models of human review (SQLModel tables), built only by safety.review.projections.

Created by the Alembic revisions 0011_reviews and 0013_reports; change both together. Nothing personal is kept
here: the notes and the prompt are read from the log, where they are sealed under the
appellant's key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


class ReviewerRow(SQLModel, table=True):
    __tablename__ = "review_reviewers"

    user_id: str = Field(primary_key=True, max_length=36)
    appointed_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class AppealRow(SQLModel, table=True):
    __tablename__ = "review_appeals"

    appeal_id: str = Field(primary_key=True, max_length=36)
    generation_id: str = Field(max_length=36, unique=True)
    appellant_id: str = Field(max_length=36, index=True)
    status: str = Field(max_length=12, index=True)
    """open, overturned or upheld."""
    filed_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class ReportRow(SQLModel, table=True):
    """One member's report of one video, and what became of it."""

    __tablename__ = "review_reports"

    report_id: str = Field(primary_key=True, max_length=36)
    video_id: str = Field(max_length=36, index=True)
    generation_id: str = Field(max_length=36)
    owner_id: str = Field(max_length=36, index=True)
    reporter_id: str | None = Field(default=None, max_length=36, index=True)
    """None once the reporter deleted their account (their reports stay, for any decision that
    read them and any appeal of it; their open ones are withdrawn)."""
    reason: str = Field(max_length=32)
    status: str = Field(max_length=12, index=True)
    """open; removed or kept (a reviewer decided); appealed (its owner appealed the removal),
    then restored or removed again (a second reviewer decided); withdrawn (the video or its
    owner's account is gone before anyone decided)."""
    filed_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


TABLES = [ReviewerRow.__table__, AppealRow.__table__, ReportRow.__table__]
