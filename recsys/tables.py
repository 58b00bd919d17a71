"""Read models of the feed (SQLModel tables), built only by recsys.projection.

Created by the Alembic revisions 0012_feed and 0014_post_teens_and_remixes; change both together. `feed_posts` is the truth of
what is posted and to whom: the LanceDB index (recsys.index) only proposes candidates, and
every candidate is checked here before it is served. `feed_index_pending` lists the posts
whose index entry must be written or removed after the projector's commit (LanceDB cannot join
the SQL transaction): a crash between the two leaves them listed, and the next batch, or
`reelworld feed reindex`, finishes the work.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, false
from sqlmodel import Field, SQLModel


class PostRow(SQLModel, table=True):
    __tablename__ = "feed_posts"

    video_id: str = Field(primary_key=True, max_length=36)
    generation_id: str = Field(max_length=36)
    owner_id: str = Field(max_length=36, index=True)
    audience: str = Field(max_length=12)
    """everyone, followers or mutuals."""
    teen: bool
    teen_safe: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    """Whether teens may see it (VideoPosted.teen_safe)."""
    remixable: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    """Whether those it reaches may remix it (VideoPosted.remixable)."""
    caption: str = Field(max_length=1000)
    facets: str = Field(max_length=2000)
    """The facets, one per line."""
    energy: float
    posted_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False, index=True))


class PostCastRow(SQLModel, table=True):
    """A member whose likeness a posted video shows: their removal takes the post down."""

    __tablename__ = "feed_post_cast"

    video_id: str = Field(primary_key=True, max_length=36)
    member_id: str = Field(primary_key=True, max_length=36, index=True)


class IndexPendingRow(SQLModel, table=True):
    __tablename__ = "feed_index_pending"

    video_id: str = Field(primary_key=True, max_length=36)
    changes: int
    """Counts the changes listed; an entry is struck off only at the count it was written at."""


TABLES = [PostRow.__table__, PostCastRow.__table__, IndexPendingRow.__table__]
