"""The read model of posted videos, and the LanceDB index that follows it.

`FeedProjection` keeps `feed_posts` (what is posted, to whom) from the log: a VideoPosted adds or
changes a post; VideoUnposted takes it down, and so do VideoDeleted, the owner's AccountDeleted,
and the removal (or account deletion) of anyone the video shows, each of which it records as a
VideoUnposted on the post's own stream. Every change also lists the video in
`feed_index_pending`, in the same transaction; after the commit (`committed`) the listed posts
are written to, or removed from, the vector index. A crash in between leaves them listed for the
next batch; `reelworld feed reindex` rebuilds the whole index from `feed_posts`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence

from sqlalchemy import Engine, Table, delete, select
from sqlmodel import Session, col

from events import ConcurrencyError, Context, RecordedEvent, SqlEventStore, StreamWrite
from events.characters import CharacterRemoved
from events.database import writer
from events.feed import SYSTEM, VideoPosted, VideoUnposted, post_stream
from events.generation import VideoDeleted
from events.social import AccountDeleted
from recsys.index import FeedIndex, IndexedVideo
from recsys.tables import TABLES, IndexPendingRow, PostCastRow, PostRow
from social.tables import as_utc

log = logging.getLogger(__name__)
_RETRIES = 5


class FeedProjection:
    """Posted videos (`feed_posts`, `feed_post_cast`), and the index entries still to write.

    It also records the take-downs that follow from other events: when a video is deleted, its
    owner's account deleted, or the character of anyone it shows removed, VideoUnposted (by
    "reelworld", with the reason) is appended to each such post's stream, inside the projector's
    transaction and dated at the event it follows from. A post's own stream thus always says
    whether it stands (PostBoard checks it before showing one), and a replay decides the same:
    a post whose stream already ends in VideoUnposted gets none again.
    """

    name = "recsys.feed"

    def __init__(self, engine: Engine, index: FeedIndex | None) -> None:
        self._engine, self._index = engine, index
        self._pending = True  # entries a crashed process left are written by the first commit
        self._opened = False
        self._now = None
        # Records at the time of the event it reacts to: a replay decides and dates the same.
        self._store = SqlEventStore(engine, clock=lambda: self._now, new_id=uuid.uuid4)

    def tables(self) -> Sequence[Table]:
        return TABLES

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event
        match event:
            case VideoPosted():
                row = session.get(PostRow, event.video_id)
                posted_at = row.posted_at if row is not None else recorded.recorded_at  # a new audience: as old
                _take_down(session, [event.video_id])
                session.add(PostRow(
                    video_id=event.video_id, generation_id=event.generation_id, owner_id=event.owner_id,
                    audience=event.audience, teen=event.teen, teen_safe=event.teen_safe, remixable=event.remixable,
                    caption=event.caption[:1000],
                    facets="\n".join(event.facets), energy=event.energy, posted_at=posted_at,
                ))
                session.add_all(PostCastRow(video_id=event.video_id, member_id=member)
                                for member in dict.fromkeys(event.cast))
                self._list(session, [event.video_id])
            case VideoUnposted():
                if session.get(PostRow, event.video_id) is not None:
                    _take_down(session, [event.video_id])
                    self._list(session, [event.video_id])
            case VideoDeleted():
                self._react(session, recorded, [event.video_id], "the video was deleted")
            case CharacterRemoved():
                self._react(session, recorded, _showing(session, event.owner_id),
                            "someone it shows removed their character")
            case AccountDeleted():
                owned = list(session.execute(select(PostRow.video_id).where(PostRow.owner_id == event.user_id)).scalars())
                self._react(session, recorded, owned, "its owner deleted their account")
                self._react(session, recorded, _showing(session, event.user_id),
                            "someone it shows deleted their account")

    def _react(self, session: Session, recorded: RecordedEvent, video_ids: list[str], reason: str) -> None:
        """Take the posts of `video_ids` down because of `recorded`: out of the read model, and
        VideoUnposted on each one's stream where it still stands."""
        rows = [row for video_id in video_ids if (row := session.get(PostRow, video_id)) is not None]
        if not rows:
            return
        conn = session.connection()
        self._now = recorded.recorded_at
        for row in rows:
            stream = post_stream(row.video_id)
            for _ in range(_RETRIES):
                posts = self._store.read_stream(stream)
                if not posts or not isinstance(posts[-1].event, VideoPosted):
                    break  # taken down already (by its owner, or before a replay)
                unposted = VideoUnposted(video_id=row.video_id, owner_id=row.owner_id, by=SYSTEM, reason=reason)
                try:
                    self._store.append_in(conn, [StreamWrite(stream, [unposted], len(posts))],
                                          context=Context(actor="feed").caused_by(recorded))
                except ConcurrencyError:  # its owner took it down at this moment: decide again
                    continue
                break
        ids = [row.video_id for row in rows]
        _take_down(session, ids)
        self._list(session, ids)

    def _list(self, session: Session, video_ids: list[str]) -> None:
        if video_ids:
            list_in(session, video_ids)
            self._pending = True

    def committed(self) -> None:
        """After the projector's commit: write the listed posts to the index (or remove them).
        The first time, where the index was missing or written by an older release (recreated
        empty: FeedIndex.open_fresh), every post is listed first."""
        if self._index is None or not self._pending:
            return
        self._pending = False
        try:
            if not self._opened:
                if not _anything_posted(self._engine):  # nothing to index yet: LanceDB untouched
                    return
                if self._index.open_fresh():
                    list_every_post(self._engine)
                self._opened = True
            sync_index(self._engine, self._index)
        except Exception:  # the feed checks every candidate against the posts; the index can wait
            self._pending = True
            log.exception("the feed index could not be updated; it will be tried again")


def _anything_posted(engine: Engine) -> bool:
    """Whether any post, or any index entry still to write, exists (two reads of one row)."""
    with Session(engine) as session:
        return any(session.execute(select(table.video_id).limit(1)).first() is not None
                   for table in (PostRow, IndexPendingRow))


def list_every_post(engine: Engine) -> None:
    """List every posted video to be written to the index again."""
    with Session(engine) as session:
        ids = list(session.execute(select(PostRow.video_id)).scalars())
    list_ids(engine, ids)


def reconcile(engine: Engine, index: FeedIndex) -> int:
    """Bring the index in line with the posts after it was rebuilt from a snapshot of them
    (`reelworld feed reindex`): list the posts it lacks or holds otherwise, and the entries of
    no post, then write them; how many were listed."""
    with Session(engine) as session:
        rows = {row.video_id: indexed(row) for row in session.execute(select(PostRow)).scalars()}
    entries = index.get(list(rows))
    differ = [video_id for video_id, want in rows.items() if (hit := entries.get(video_id)) is None or (
        hit.owner_id, tuple(hit.facets), round(hit.energy, 4), hit.audience, hit.posted_at)
        != (want.owner_id, want.facets, round(want.energy, 4), want.audience, want.posted_at)]
    stray = sorted(index.ids() - set(rows))
    list_ids(engine, [*differ, *stray])
    sync_index(engine, index)
    return len(differ) + len(stray)


def list_ids(engine: Engine, video_ids: Sequence[str]) -> None:
    """List `video_ids` to be written to (or removed from) the index, in one transaction."""
    if not video_ids:
        return
    with Session(writer(engine)) as session:
        list_in(session, video_ids)
        session.commit()


def list_in(session: Session, video_ids: Sequence[str]) -> None:
    """List `video_ids` in `session`'s transaction: a new entry, or one more change counted."""
    for video_id in dict.fromkeys(video_ids):
        row = session.get(IndexPendingRow, video_id)
        if row is None:
            session.add(IndexPendingRow(video_id=video_id, changes=1))
        else:
            row.changes += 1
    session.flush()


def sync_index(engine: Engine, index: FeedIndex, *, batch: int = 256) -> int:
    """Write the posts listed in `feed_index_pending` to `index`, remove the ones gone, and
    strike each off the list once done; the number handled. A post changed meanwhile (by
    another process's projector) stays listed: its count of changes moved on; one that another
    process struck off meanwhile is listed again, since what was written last may be older."""
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
            for video_id, changes in listed.items():
                struck = session.execute(delete(IndexPendingRow).where(
                    IndexPendingRow.video_id == video_id, IndexPendingRow.changes == changes)).rowcount
                if not struck and session.get(IndexPendingRow, video_id) is None:
                    # another process wrote and struck it meanwhile, maybe a newer state than
                    # ours: list it again, so that the next round writes what stands now
                    session.add(IndexPendingRow(video_id=video_id, changes=1))
            session.commit()
        done += len(ids)


def indexed(row: PostRow) -> IndexedVideo:
    """The index entry of a post."""
    return IndexedVideo(
        video_id=row.video_id, owner_id=row.owner_id, text=row.caption,
        facets=tuple(f for f in row.facets.split("\n") if f), energy=row.energy, audience=row.audience,
        posted_at=as_utc(row.posted_at),
    )


def _showing(session: Session, member_id: str) -> list[str]:
    """The posts that show `member_id`'s likeness (their consent to it ends with their character)."""
    return list(session.execute(select(PostCastRow.video_id).where(PostCastRow.member_id == member_id)).scalars())


def _take_down(session: Session, video_ids: list[str]) -> None:
    if video_ids:
        session.execute(delete(PostCastRow).where(col(PostCastRow.video_id).in_(video_ids)))
        session.execute(delete(PostRow).where(col(PostRow.video_id).in_(video_ids)))
