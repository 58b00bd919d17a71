"""Remix holds: the process manager that carries a reviewer's removal down the remix tree, and
a restoration on appeal back up it, after the decision (which appends only the video's own
streams, however many remixes follow it).

`RemixHolds` reads the log in order from its checkpoint. For each PostRemoved still in force
it appends a SYSTEM report (holds-<remix>) to each posted remix of the removed video and to
each posted remix of those in turn; for each RemovalDecided that restored a video it dismisses
the SYSTEM reports that still wait below it (ReportsDismissed by the restoring reviewer), not
members' own reports, not below a remix whose own removal is in force, and not at all while a
removal of a video above it is in force. Each remix is one small append, guarded at the
versions read (the removed video's moderation stream, the remix's post, generation, holds and
moderation streams; for a release, the lineage above and the remixes between), so a decision,
post, deletion or keep at that moment makes it read again.

What it appends is keyed by the event it follows from, so a crash before the checkpoint moves,
two processes running it at once, or a replay from position zero, add nothing twice:
- a remix is held for a removal at position P unless a SYSTEM report of it was recorded after
  P (this manager, or its own post seeing the removal: safety.review.ReportDesk.remix_holds,
  held it for it already, and a reviewer may have decided it since), or one waited at P (a
  removal above or below held it then: one report, one look), or it is not posted, or deleted;
  and only while that removal is the video's last and in force (one restored or replaced
  meanwhile is left to the events that follow it);
- a restoration at position P dismisses only SYSTEM reports recorded before P that still wait.

A remix posted as the video is removed is held once: its post and the removal append on the
source's moderation stream at the version read, so either its post sees the removal (and holds
it), or the manager finds its RemixPosted before the removal.

It reads the generations' and the review's read models (remixes never posted; the removed
video's generation), so it goes only as far as they have caught up (`read_models_at`).

Domain code: must not import api/, actors/ or Ray.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Sequence
from typing import NamedTuple

from sqlalchemy import Engine, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from events import ConcurrencyError, Context, Projector, RecordedEvent, SqlEventStore, StreamWrite, Subscription
from events.database import writer
from events.feed import post_standing, post_stream
from events.review import (
    PostRemoved,
    RemovalDecided,
    ReportsDismissed,
    holds_stream,
    moderation_of,
    moderation_stream,
)
from events.schema import checkpoints_table
from generation.jobs.projection import GenerationsProjection
from generation.jobs.service import generation_stream
from generation.jobs.state import fold
from safety.review.projections import ReviewProjection
from safety.review.remixes import Descendant, Holds, descendants, holds_of, lineage, system_report
from safety.review.tables import ReportRow

log = logging.getLogger(__name__)

TRIGGERS = (PostRemoved.__name__, RemovalDecided.__name__)
_RETRIES = 10
"""Attempts at one remix's append before the stretch is left to the next run (from the checkpoint)."""


class Step(NamedTuple):
    """What one `run_once` did."""

    moved: bool
    """Whether the checkpoint moved (there was log to read)."""
    appended: int
    """Events appended (SYSTEM reports, dismissals)."""


class RemixHolds:
    """The process manager of remix holds; its checkpoint is kept beside the projections'."""

    name = "safety.remix_holds"

    def __init__(self, store: SqlEventStore, *, read_models_at: Callable[[], int] | None = None,
                 new_id: Callable[[], uuid.UUID] = uuid.uuid4, batch_size: int = 200) -> None:
        """`read_models_at()`: the position up to which the read models it reads are built
        (None: the head of the log)."""
        self.store, self._read_models_at, self._new_id = store, read_models_at, new_id
        self.batch_size = batch_size
        self._writer = writer(store.engine)

    # -- running ------------------------------------------------------------------------------

    def checkpoint(self) -> int:
        """The position up to which the log has been followed."""
        with self.store.engine.connect() as conn:
            row = conn.execute(select(checkpoints_table.c.position)
                               .where(checkpoints_table.c.name == self.name)).one_or_none()
        return row.position if row is not None else 0

    def run_once(self) -> Step:
        """Follow the next stretch of the log after the checkpoint (up to `batch_size` removals
        and restorations), then move the checkpoint past it. Raises what a store raises, and
        ConcurrencyError where one remix changed at every attempt: nothing is lost either way
        (the next run starts from the checkpoint again)."""
        after = self.checkpoint()
        upto = self.store.last_position()
        if self._read_models_at is not None:
            upto = min(upto, self._read_models_at())
        if upto <= after:
            return Step(False, 0)
        triggers = [r for r in self.store.read_all(after, self.batch_size, types=TRIGGERS) if r.position <= upto]
        if len(triggers) == self.batch_size:  # more may follow: the checkpoint moves past these only
            upto = triggers[-1].position
        appended = sum(self.follow(recorded) for recorded in triggers)
        _advance(self._writer, self.name, upto)
        return Step(True, appended)

    def catch_up(self) -> int:
        """Follow the log to its end (or as far as the read models it reads); returns how many
        events it appended."""
        appended = 0
        while (step := self.run_once()).moved:
            appended += step.appended
        return appended

    def run_forever(self, stop: threading.Event, *, poll_interval: float = 0.5,
                    then: Callable[[], object] | None = None) -> None:
        """Follow the log until `stop` is set; `then()` after each stretch that appended (the
        review projection, so that what it held reads held at once). A failing stretch is
        tried again."""
        subscription: Subscription | None = None
        try:
            while not stop.is_set():
                try:
                    if subscription is None:
                        subscription = Subscription(self.store, self.checkpoint(), poll_interval=poll_interval)
                    step = self.run_once()
                    if step.appended and then is not None:
                        then()
                    if not step.moved:
                        subscription.position = self.store.last_position()
                        subscription.wait(poll_interval)
                except Exception:
                    log.exception("remix holds failed; retrying")
                    stop.wait(poll_interval)
        finally:
            if subscription is not None:
                subscription.stop()

    def follow(self, recorded: RecordedEvent) -> int:
        """Carry one removal or restoration down the remix tree; returns how many events it
        appended (0 when done before: by an earlier run, or another process)."""
        match recorded.event:
            case PostRemoved():
                return self._hold(recorded)
            case RemovalDecided(outcome="restored"):
                return self._release(recorded)
        return 0

    # -- holding ------------------------------------------------------------------------------

    def _hold(self, removal: RecordedEvent) -> int:
        source = _Source(self.store, removal.event.video_id)
        if not source.removed_by(removal):
            return 0
        context = Context(actor="review").caused_by(removal)
        tree = descendants(self.store, source.video_id, source.events, into_removed=True)
        return sum(self._hold_one(removal, source, found, context) for found in tree)

    def _hold_one(self, removal: RecordedEvent, source: _Source, found: Descendant, context: Context) -> int:
        remix, holds = found.remix, found.holds
        for attempt in range(_RETRIES):
            if attempt:  # something changed at that moment: read again
                if not source.read().removed_by(removal):
                    return 0
                holds = holds_of(self.store, remix.video_id)
            if not _unheld_for(holds, removal.position):
                return 0
            posts = self.store.read_stream(post_stream(remix.video_id))
            generation = self.store.read_stream(generation_stream(remix.generation_id))
            state = fold(generation)
            if post_standing(posts)[0] is None or state is None or state.video_deleted:
                return 0
            writes = [
                StreamWrite(holds_stream(remix.video_id), [system_report(remix, removal.event.category, self._new_id)],
                            len(holds.holds)),
                StreamWrite(post_stream(remix.video_id), [], len(posts)),
                StreamWrite(generation_stream(remix.generation_id), [], len(generation)),
                StreamWrite(moderation_stream(remix.video_id), [], len(holds.moderation)),
                source.guard(),
            ]
            try:
                return len(self.store.append_many(writes, context=context))
            except ConcurrencyError:
                if attempt == _RETRIES - 1:
                    raise
        return 0

    # -- releasing ----------------------------------------------------------------------------

    def _release(self, restored: RecordedEvent) -> int:
        source = _Source(self.store, restored.event.video_id)
        generation_id = self._generation_of(source.video_id)
        above = lineage(self.store, generation_id) if generation_id is not None else []
        if source.in_force() or any(moderation_of(its).in_force for _, its in above):
            return 0  # removed again, or a removal above holds them: that removal's to release
        context = Context(actor="review").caused_by(restored)
        tree = descendants(self.store, source.video_id, source.events, into_removed=False)
        return sum(self._release_one(restored, source, above, found, context) for found in tree)

    def _release_one(self, restored: RecordedEvent, source: _Source, above: list[tuple[str, list[RecordedEvent]]],
                     found: Descendant, context: Context) -> int:
        remix, holds, path = found.remix, found.holds, list(found.path)
        for attempt in range(_RETRIES):
            if attempt:  # something changed at that moment: read again
                above = [(video, self.store.read_stream(moderation_stream(video))) for video, _ in above]
                between = [(video, self.store.read_stream(moderation_stream(video))) for video, _ in path]
                if (source.read().in_force() or any(moderation_of(its).in_force for _, its in above + between)):
                    return 0
                path = [(video, len(its)) for video, its in between]
                holds = holds_of(self.store, remix.video_id)
            waiting = set(holds.waiting)
            dismissed = tuple(h.event.report_id for h in holds.holds
                              if h.position < restored.position and h.event.report_id in waiting)
            if not dismissed or moderation_of(holds.moderation).in_force:
                return 0
            event = ReportsDismissed(video_id=remix.video_id, owner_id=remix.owner_id,
                                     reviewer_id=restored.event.reviewer_id, report_ids=dismissed)
            writes = [
                StreamWrite(moderation_stream(remix.video_id), [event], len(holds.moderation)),
                StreamWrite(holds_stream(remix.video_id), [], len(holds.holds)),
                source.guard(),
                *(StreamWrite(moderation_stream(video), [], len(its)) for video, its in above),
                *(StreamWrite(moderation_stream(video), [], version) for video, version in path),
            ]
            try:
                return len(self.store.append_many(writes, context=context))
            except ConcurrencyError:
                if attempt == _RETRIES - 1:
                    raise
        return 0

    def _generation_of(self, video_id: str) -> str | None:
        """The removed video's generation (its reports name it, and stay when it is deleted)."""
        with Session(self.store.engine) as session:
            return session.execute(select(ReportRow.generation_id).where(ReportRow.video_id == video_id)
                                   .limit(1)).scalar_one_or_none()


class _Source:
    """The removed or restored video's moderation stream, as last read."""

    def __init__(self, store: SqlEventStore, video_id: str) -> None:
        self.store, self.video_id = store, video_id
        self.read()

    def read(self) -> _Source:
        self.events = self.store.read_stream(moderation_stream(self.video_id))
        return self

    def removed_by(self, removal: RecordedEvent) -> bool:
        """Whether `removal` is the video's last removal and in force."""
        moderation = moderation_of(self.events)
        return moderation.in_force and moderation.removal.position == removal.position

    def in_force(self) -> bool:
        return moderation_of(self.events).in_force

    def guard(self) -> StreamWrite:
        return StreamWrite(moderation_stream(self.video_id), [], len(self.events))


def _unheld_for(holds: Holds, position: int) -> bool:
    """Whether a removal at `position` is still to hold the remix: no SYSTEM report of it was
    recorded after it, and none waited at it (undecided by the decisions before it)."""
    if any(h.position > position for h in holds.holds):
        return False
    decided = moderation_of([r for r in holds.moderation if r.position < position]).decided
    return not any(h.event.report_id not in decided for h in holds.holds)


def _advance(engine: Engine, name: str, position: int) -> None:
    """Move the checkpoint forward to `position` (never back: another process may be ahead)."""
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    with engine.begin() as conn:
        conn.execute(insert(checkpoints_table).values(name=name, position=0).on_conflict_do_nothing())
        conn.execute(update(checkpoints_table).where(checkpoints_table.c.name == name,
                                                     checkpoints_table.c.position < position)
                     .values(position=position))


def remix_holds_after(store: SqlEventStore, projectors: Sequence[Projector], *,
                      new_id: Callable[[], uuid.UUID] = uuid.uuid4) -> RemixHolds:
    """The manager on `store`, going as far as the read models it reads among `projectors`
    (the generations' and the review's) are built."""
    reads = [p for p in projectors if p.projection.name in (GenerationsProjection.name, ReviewProjection.name)]
    return RemixHolds(store, read_models_at=lambda: min((p.checkpoint() for p in reads), default=0), new_id=new_id)
