"""Read models of generation jobs (SQLModel tables), built only by generation.jobs.projection.

Created by the Alembic revisions 0003_generation_read_models and 0004_models_remixes_deletions;
change both together.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


def _when(*, nullable: bool = False):
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=nullable))


class GenerationRow(SQLModel, table=True):
    __tablename__ = "generation_jobs"

    generation_id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(max_length=36, index=True)
    prompt: str = Field(max_length=1000)
    style: str | None = Field(default=None, max_length=20)
    tier: str = Field(max_length=20)
    shots: int
    status: str = Field(max_length=20)
    """queued, running, published, blocked, failed, cancelled."""
    detail: str | None = Field(default=None, max_length=1000)
    """Why it was blocked or failed, in words."""
    caption: str | None = Field(default=None, max_length=1000)
    video_id: str | None = Field(default=None, max_length=36)
    created_at: datetime = _when()
    updated_at: datetime = _when()
    model: str | None = Field(default=None, max_length=200)
    """The model chosen when asked (None for generations asked before models had names)."""
    remix_of: str | None = Field(default=None, max_length=36)


class GenerationStepRow(SQLModel, table=True):
    __tablename__ = "generation_steps"

    generation_id: str = Field(primary_key=True, max_length=36)
    version: int = Field(primary_key=True)
    """The event's version in the generation's stream."""
    event_type: str = Field(max_length=40)
    at: datetime = _when()


class VideoRow(SQLModel, table=True):
    __tablename__ = "generation_videos"

    video_id: str = Field(primary_key=True, max_length=36)
    generation_id: str = Field(max_length=36, unique=True)
    owner_id: str = Field(max_length=36, index=True)
    media_key: str = Field(max_length=200)
    size_bytes: int
    duration_s: float
    width: int
    height: int
    caption: str = Field(max_length=1000)
    model: str = Field(max_length=200)
    seed: int
    steps: int
    content_sha256: str = Field(max_length=64)
    remix_of: str | None = Field(default=None, max_length=36, index=True)
    published_at: datetime = _when()


class GenerationCastRow(SQLModel, table=True):
    """A member whose character a generation puts in its video (GenerationRequested.cast)."""

    __tablename__ = "generation_cast"

    generation_id: str = Field(primary_key=True, max_length=36)
    owner_id: str = Field(primary_key=True, max_length=36, index=True)


class DeletedVideoRow(SQLModel, table=True):
    """A video its owner deleted: asking to remix it is answered "deleted", not "no such video"."""

    __tablename__ = "generation_deleted_videos"

    video_id: str = Field(primary_key=True, max_length=36)
    owner_id: str = Field(max_length=36, index=True)
    deleted_at: datetime = _when()
