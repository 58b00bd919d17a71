"""The read model of posted videos, and the LanceDB index that follows it.

`FeedProjection` keeps `feed_posts` (what is posted, to whom) from the log: a VideoPosted adds or
changes a post; VideoUnposted, VideoDeleted, the owner's AccountDeleted, and the removal (or
account deletion) of anyone the video shows take it down. Every change also lists the video in
`feed_index_pending`, in the same transaction; after the commit (`committed`) the listed posts
are written to, or removed from, the vector index. A crash in between leaves them listed for the
next batch; `reelworld feed reindex` rebuilds the whole index from `feed_posts`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlalchemy import Engine, Table, delete, select
from sqlmodel import Session, col

from events import RecordedEvent
from events.database import writer
from events.characters import CharacterRemoved
from events.feed import VideoPosted, VideoUnposted
from events.generation import VideoDeleted
from events.social import AccountDeleted
from recsys.index import FeedIndex, IndexedVideo
from recsys.tables import TABLES, IndexPendingRow, PostCastRow, PostRow
from social.tables import as_utc

log = logging.getLogger(__name__)


class FeedProjection:
    """Posted videos (`feed_posts`, `feed_post_cast`), and the index entries still to write."""

    name = "recsys.feed"

    def __init__(self, engine: Engine, index: FeedIndex | None) -> None:
        self._engine, self._index = engine, index
        self._pending = True  # entries a crashed process left are written by the first commit

    def tables(self) -> Sequence[Table]:
        return TABLES

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event
        match event:
            case VideoPosted():
                _take_down(session, [event.video_id])
                session.add(PostRow(
                    video_id=event.video_id, generation_id=event.generation_id, owner_id=event.owner_id,
                    audience=event.audience, teen=event.teen, caption=event.caption[:1000],
                    facets="\n".join(event.facets), energy=event.energy, posted_at=recorded.recorded_at,
                ))
                session.add_all(PostCastRow(video_id=event.video_id, member_id=member)
                                for member in dict.fromkeys(event.cast))
                self._list(session, [event.video_id])
            case VideoUnposted() | VideoDeleted():
                if session.get(PostRow, event.video_id) is not None:
                    _take_down(session, [event.video_id])
                    self._list(session, [event.video_id])
            case CharacterRemoved():
                self._take_down_showing(session, event.owner_id)
            case AccountDeleted():
                owned = session.execute(select(PostRow.video_id).where(PostRow.owner_id == event.user_id)).scalars()
                ids = list(owned)
                _take_down(session, ids)
                self._list(session, ids)
                self._take_down_showing(session, event.user_id)

    def _take_down_showing(self, session: Session, member_id: str) -> None:
        """The posts that show `member_id`'s likeness: their consent to it ends with their character."""
        ids = list(session.execute(select(PostCastRow.video_id).where(PostCastRow.member_id == member_id)).scalars())
        _take_down(session, ids)
        self._list(session, ids)

    def _list(self, session: Session, video_ids: list[str]) -> None:
        for video_id in video_ids:
            row = session.get(IndexPendingRow, video_id)
            if row is None:
                session.add(IndexPendingRow(video_id=video_id, changes=1))
            else:
                row.changes += 1
        if video_ids:
            session.flush()
            self._pending = True

    def committed(self) -> None:
        """After the projector's commit: write the listed posts to the index (or remove them)."""
        if self._pending and self._index is not None:
            self._pending = False
            try:
                sync_index(self._engine, self._index)
            except Exception:  # the index is rebuilt from feed_posts; the feed never serves unchecked rows
                self._pending = True
                log.exception("the feed index could not be updated; it will be tried again")


def sync_index(engine: Engine, index: FeedIndex, *, batch: int = 256) -> int:
    """Write the posts listed in `feed_index_pending` to `index`, remove the ones gone, and
    strike each off the list once done; the number handled. A post changed meanwhile (by
    another process's projector) stays listed: its count of changes moved on."""
    done = 0
    while True:
        with Session(engine) as session:
            listed = {video_id: changes for video_id, changes in session.execute(
                select(IndexPendingRow.video_id, IndexPendingRow.changes)
                .order_by(col(IndexPendingRow.video_id)).limit(batch))}
            if not listed:
                return done
            ids = list(listed)
            rows = {row.video_id: row for row in session.execute(
                select(PostRow).where(col(PostRow.video_id).in_(ids))).scalars()}
        index.upsert([indexed(row) for row in rows.values()])
        index.delete([video_id for video_id in ids if video_id not in rows])
        with Session(writer(engine)) as session:
            for video_id, changes in listed.items():  # one changed again since it was read stays listed
                session.execute(delete(IndexPendingRow).where(IndexPendingRow.video_id == video_id,
                                                              IndexPendingRow.changes == changes))
            session.commit()
        done += len(ids)


def indexed(row: PostRow) -> IndexedVideo:
    """The index entry of a post."""
    return IndexedVideo(
        video_id=row.video_id, owner_id=row.owner_id, text=row.caption,
        facets=tuple(f for f in row.facets.split("\n") if f), energy=row.energy, audience=row.audience,
        posted_at=as_utc(row.posted_at),
    )


def _take_down(session: Session, video_ids: list[str]) -> None:
    if video_ids:
        session.execute(delete(PostCastRow).where(col(PostCastRow.video_id).in_(video_ids)))
        session.execute(delete(PostRow).where(col(PostRow.video_id).in_(video_ids)))
