"""The sweeper: follows the log and tidies what the chain leaves behind.

- A generation that ended without a video (blocked, failed, cancelled) gives its quota slot
  back (a block overturned on appeal opens it again, as a new request, without taking the
  slot again). The chain does this as it ends one; the sweeper repairs a crash between the last append
  and the release (releasing is idempotent).
- A started generation with no new event for `stuck_after` (a chain that died, a step that
  keeps failing), or one still queued after `queued_for` (a long queue is not stuck, so that
  limit is longer), ends with GenerationFailed: its owner is told and its slot comes back.
- When an account is deleted its generations stop (GenerationCancelled), its videos go
  (VideoDeleted), and every media object its generations wrote is removed from the media
  store; MediaErased records which keys went.
- When a person deletes a video, the request records VideoDeleted, removes its media and
  records MediaErased; where the store failed or the process died between, the sweeper removes
  the media and records MediaErased.
- Media a step wrote but never recorded (its process killed between the write and the append,
  then the generation cancelled or ended as stuck, or run again after the restart to a video
  from other bytes) are removed when the generation ends, with a video or without, while the
  sweeper runs, and again `late_writes` (20 minutes) later for a step that was still running
  (a Serve call past its 15-minute timeout), and with everything else when it is erased.
- The media of a generation that ended without a video (its frames, sound, the blocked output)
  are kept for `keep_unpublished` (30 days: long enough for a person to ask why, or for a
  review) after it ended, then erased with MediaErased, everything under its folder, including
  anything a crash kept the tidy above from removing. Every start queues them again from the log.
  One that failed because a character's owner took it back (`likeness_withdrawn`) is erased at
  once: it shows a likeness nobody may keep.
- The temporary files of media writes that a killed process left (`.partial-*`, which no key
  names) are removed once they are `partial_age` old, at most every `partials_every`.

Runs in any process with the store (the chain worker runs it on a thread of its own); several
sweepers may run at once: each append is made at the version read, so each fact is recorded once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import msgspec

from events import ConcurrencyError, Context, RecordedEvent, SqlEventStore
from events.base import UnknownEvent
from events.generation import (
    BlockOverturned,
    GenerationCancelled,
    GenerationFailed,
    GenerationRequested,
    MediaErased,
    OutputBlocked,
    PromptBlocked,
    VideoDeleted,
    VideoPublished,
)
from events.social import AccountDeleted
from generation.jobs.media import MediaStore
from generation.jobs.service import VIDEO_DELETED, generation_stream, media_keys, unrecorded
from generation.jobs.state import RELEASING, GenerationState, fold, video_key, work_folder
from social import QuotaService, SocialError

log = logging.getLogger(__name__)

_WATCHED = tuple(t.__name__ for t in (GenerationRequested, BlockOverturned, PromptBlocked, OutputBlocked,
                                      GenerationFailed, GenerationCancelled, VideoPublished, VideoDeleted, MediaErased,
                                      AccountDeleted))
_RETRIES = 5
ACCOUNT_DELETED = "the account was deleted"
LIKENESS_WITHDRAWN = "a character's owner took it back"
_ENDED_UNPUBLISHED = "it ended without a video"


class SweepReport(msgspec.Struct, kw_only=True):
    released: int = 0
    """Quota slots given back."""
    stuck: int = 0
    """Generations ended as stuck."""
    erased: int = 0
    """Generations whose media were erased (deleted accounts and videos)."""
    partials: int = 0
    """Temporary files of killed media writes removed."""
    expired: int = 0
    """Generations that ended without a video whose media were erased, `keep_unpublished` after."""


class Sweeper:
    """Releases quota, ends stuck generations, erases deleted accounts' media, removes killed
    writes' temporary files. Call `sweep`."""

    def __init__(self, store: SqlEventStore, quota: QuotaService, media: MediaStore, *,
                 clock: Callable[[], datetime], stuck_after: timedelta = timedelta(minutes=30),
                 queued_for: timedelta = timedelta(hours=6), partial_age: timedelta = timedelta(hours=1),
                 partials_every: timedelta = timedelta(hours=1),
                 late_writes: timedelta = timedelta(minutes=20),
                 keep_unpublished: timedelta = timedelta(days=30)) -> None:
        self.store, self.quota, self.media, self.clock = store, quota, media, clock
        self.stuck_after, self.queued_for = stuck_after, queued_for
        self.partial_age, self.partials_every, self.late_writes = partial_age, partials_every, late_writes
        self.keep_unpublished = keep_unpublished
        self._partials_swept: datetime | None = None
        self.position = 0
        self.owners: dict[str, list[str]] = {}
        """user id -> their generation ids, in request order."""
        self.open: dict[str, str] = {}
        """Unfinished generation id -> its owner."""
        self.to_erase: dict[str, tuple[str, str]] = {}
        """Generation id -> (owner, why), of deleted accounts and videos, whose media are still to erase."""
        self.to_release: dict[str, str] = {}
        """Generation id -> owner, of generations that ended without a video, whose slot is still to give back."""
        self.to_tidy: dict[str, list[datetime]] = {}
        """Generations that ended (with a video or without) since this sweeper started -> when their
        unrecorded media are to be removed: at once, and again after `late_writes` (a step
        still running at the end, a Serve call past its timeout, stores its output late)."""
        self.to_expire: dict[str, tuple[str, datetime]] = {}
        """Generation id -> (owner, when its media are erased), of generations that ended without a
        video and whose media are not erased yet (rebuilt from the log on every start)."""
        self.live_from = store.last_position()
        """Endings after this position happen while this sweeper runs; earlier ones were tidied by the sweeper of their day."""

    def sweep(self) -> SweepReport:
        """One pass over what the log recorded since the last one, then over the open generations.
        Work that fails (the database or the media store down for a moment) stays queued for
        the next pass: nothing the log asked for is dropped."""
        report = SweepReport()
        self._scan()
        for gid, user_id in list(self.open.items()):
            if self._attempt(self._end_if_stuck, gid):
                self.open.pop(gid, None)
                self.to_release[gid] = user_id
                self.to_expire[gid] = (user_id, self.clock() + self.keep_unpublished)
                self._tidy_later(gid)
                report.stuck += 1
        for gid, user_id in list(self.to_release.items()):
            released = self._attempt(self._release, gid, user_id)
            if released is not None:
                self.to_release.pop(gid)
                report.released += released
        now = self.clock()
        for gid, due in list(self.to_tidy.items()):
            if due[0] <= now and self._attempt(self._drop_unnamed, gid) is not None:
                due.pop(0)
                if not due:
                    del self.to_tidy[gid]
        for gid, (user_id, why) in list(self.to_erase.items()):
            erased = self._attempt(self._erase, gid, user_id, why)
            if erased is not None:
                self.to_erase.pop(gid)
                report.erased += erased
        for gid, (user_id, due) in list(self.to_expire.items()):
            if due <= now and (erased := self._attempt(self._erase, gid, user_id, _ENDED_UNPUBLISHED)) is not None:
                self.to_expire.pop(gid)
                report.expired += erased
        report.partials = self._remove_partials()
        return report

    @staticmethod
    def _attempt(work: Callable, gid: str, *args):  # noqa: ANN205 - work's result, None if it raised
        try:
            return work(gid, *args)
        except Exception as error:  # noqa: BLE001 - kept queued; the next sweep tries again
            log.warning("generation %s: %s failed, to be tried again: %s", gid, work.__name__.strip("_"), error)
            return None

    def _remove_partials(self) -> int:
        """Killed writes' temporary files, when `partials_every` has passed (a walk of the store)."""
        now = self.clock()
        if self._partials_swept is not None and now - self._partials_swept < self.partials_every:
            return 0
        self._partials_swept = now
        try:
            return self.media.remove_partials(now - self.partial_age)
        except OSError as error:
            log.warning("the media store's unfinished writes could not be removed: %s", error)
            return 0

    def _scan(self) -> None:
        """Queue what the log recorded since the last scan: releases, erasures."""
        while batch := self.store.read_all(self.position, 1000, types=_WATCHED):
            for recorded in batch:
                self._note(recorded)
            self.position = batch[-1].position

    def _note(self, recorded: RecordedEvent) -> None:
        event = recorded.event
        if isinstance(event, UnknownEvent):  # a newer release's shape of a watched type: left to it
            return
        if isinstance(event, AccountDeleted):
            for gid in self.owners.pop(event.user_id, []):
                self.open.pop(gid, None)
                self.to_expire.pop(gid, None)
                self.to_erase[gid] = (event.user_id, ACCOUNT_DELETED)
        elif isinstance(event, VideoDeleted):
            self.to_erase.setdefault(event.generation_id, (event.by, VIDEO_DELETED))
        elif isinstance(event, MediaErased):  # done already: a restart reads no stream for it
            self.to_erase.pop(event.generation_id, None)
            self.to_expire.pop(event.generation_id, None)
        elif isinstance(event, GenerationRequested):
            self.owners.setdefault(event.user_id, []).append(event.generation_id)
            self.open[event.generation_id] = event.user_id
        elif isinstance(event, BlockOverturned):  # running again: open, its media no longer due to go
            if event.generation_id in self.owners.get(event.owner_id, ()):  # not a deleted account's
                self.to_expire.pop(event.generation_id, None)
                self.to_release.pop(event.generation_id, None)
                self.open[event.generation_id] = event.owner_id
        else:
            user_id = self.open.pop(event.generation_id, None)
            if user_id is None:
                return
            if not isinstance(event, VideoPublished):
                self.to_release[event.generation_id] = user_id
                self.to_expire[event.generation_id] = (user_id, recorded.recorded_at + self.keep_unpublished)
            if isinstance(event, GenerationFailed) and event.likeness_withdrawn:  # not kept for review
                self.to_expire.pop(event.generation_id, None)
                self.to_erase[event.generation_id] = (user_id, LIKENESS_WITHDRAWN)
            if recorded.position > self.live_from:  # not on every restart's replay of the log
                # Published too: a step killed between its write and its append, run again
                # after the restart, may have made other bytes (a batch of other members, a
                # GPU's nondeterminism), stored under another key that no event names.
                self._tidy_later(event.generation_id)

    def _state(self, gid: str) -> tuple[GenerationState | None, list[RecordedEvent]]:
        stream = self.store.read_stream(generation_stream(gid))
        return fold(stream), stream

    def _release(self, gid: str, user_id: str) -> int:
        state, _ = self._state(gid)
        if state is None or state.status not in RELEASING:
            return 0
        try:  # mostly released by the chain as it ended the generation already: then 0
            return int(self.quota.release_generation(user_id, gid, context=Context(actor="sweeper")))
        except SocialError as error:
            log.warning("generation %s: its quota could not be released: %s", gid, error.detail)
            return 0

    def _tidy_later(self, gid: str) -> None:
        now = self.clock()
        self.to_tidy[gid] = [now, now + self.late_writes]

    def _stored(self, gid: str) -> list[str]:
        """Every key the generation's steps may have stored, named by an event or not."""
        return [*self.media.keys(work_folder(gid)), video_key(gid)]

    def _drop_unnamed(self, gid: str) -> int:
        """Remove what a step of a generation that ended stored but never recorded (killed
        between its write and its append, then cancelled, ended as stuck, or run again to other
        bytes): no event names it, so nothing else ever would. Returns how many keys went. A
        generation with events of a newer release is left alone: they may name keys this one
        cannot read (several releases may serve one database during an upgrade)."""
        state = self._state(gid)[0]
        if state is not None and state.foreign:
            return 0
        unnamed = unrecorded(state, self._stored(gid))
        for key in unnamed:
            self.media.delete(key)
        return len(unnamed)

    def _end_if_stuck(self, gid: str) -> bool:
        """Record GenerationFailed for a generation that has not moved for `stuck_after` (still
        queued: for `queued_for`)."""
        state, stream = self._state(gid)
        if state is None or state.finished or state.foreign:  # foreign: a newer release's to end
            return state is not None and not state.foreign
        limit = self.queued_for if state.status == "queued" else self.stuck_after
        if self.clock() - stream[-1].recorded_at < limit:
            return False
        minutes = int(limit.total_seconds() // 60)
        what = "waited in the queue" if state.status == "queued" else "made no progress"
        failed = GenerationFailed(generation_id=gid, step=state.next_step or "unknown",
                                  reason=f"it {what} for over {minutes} minutes; your quota was given back, "
                                         "please try again")
        try:
            self.store.append(generation_stream(gid), [failed], state.version,
                              context=Context(actor="sweeper").caused_by(stream[-1]))
        except ConcurrencyError:
            return False  # it moved meanwhile
        return True

    def _erase(self, gid: str, user_id: str, why: str = ACCOUNT_DELETED) -> int | None:
        """Stop the generation, delete its video, remove its media and record that they went:
        1; 0 when that was done before; None when it must be tried again (the stream kept
        moving, or the media store failed)."""
        for _ in range(_RETRIES):
            state, stream = self._state(gid)
            if state is None or state.media_erased:
                return 0
            keys = media_keys(state)
            try:
                for key in dict.fromkeys((*keys, *self._stored(gid))):  # unnamed ones too: a killed step's
                    self.media.delete(key)
            except Exception as error:  # the store is down: nothing recorded, the next sweep retries
                log.warning("generation %s: its media could not be erased: %s", gid, error)
                return None
            events = []
            if not state.finished:
                events.append(GenerationCancelled(generation_id=gid, by=user_id))
            if state.video is not None and not state.video_deleted:
                events.append(VideoDeleted(generation_id=gid, video_id=state.video.video_id, by=user_id,
                                           reason=why))
            events.append(MediaErased(generation_id=gid, keys=keys, reason=why))
            try:
                self.store.append(generation_stream(gid), events, state.version,
                                  context=Context(actor="sweeper").caused_by(stream[-1]))
            except ConcurrencyError:
                continue  # a step recorded meanwhile (maybe new media): erase again
            return 1
        log.warning("generation %s: its media could not be erased (too busy); the next sweep retries", gid)
        return None
