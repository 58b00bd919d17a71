"""Reports of videos: a member who was shown a video (posted to them, or showing them) reports
what is wrong with it; reviewers read the reports of a video together, watch it, and remove it
from the feed or keep it; its owner may appeal a removal to another reviewer.

Rules (all here):
- A member reports a video they may watch and do not own (their own they take down or delete
  themselves), once, for one of REPORT_REASONS ("other" with a note saying what), at most
  REPORTS_PER_DAY a day. Reports are counted in the member's own stream, appended at the version
  read, so requests at once pass neither rule. Who reported is never shown to the reviewer nor
  to the owner; the note is sealed under the reporter's key.
- A video with open reports from HOLD_AFTER members, or one report for a reason in
  HOLD_AT_ONCE (sexual content involving a minor; not from a member UNFOUNDED_LIMIT of whose
  such reports reviewers found unfounded), is held: it reaches no one but its owner and
  the members it shows (recsys.PostBoard asks `held_among`) until a reviewer decides. A
  reporter no longer finds what they reported in their feed (`reported_by`).
- A reviewer (safety.review.ReviewDesk's) reads a video's open reports as one case: the video
  itself (they may watch it while reports or an appeal of it wait: `may_review`), its prompt
  and caption, each report's reason and note. Their own video, one showing them, or one they
  reported is not theirs to read or decide: to them it has no reports (ReportNotFound), so a
  reviewer never learns that theirs was reported. They decide once for the reports they read:
  `remove` (PostRemoved on the video's moderation stream and, where it stood, VideoUnposted on
  its post stream, in one transaction; the video is not posted again) or `keep`
  (ReportsDismissed). Reports filed after a decision wait for the next one.
- The owner reads a removal in force (`removal`: when, why, the reviewer's note) and appeals it
  once, within APPEAL_WINDOW (`appeal_removal`). Another reviewer than the one who removed it
  decides: `restore` (the owner may post it again) or `uphold` (RemovalDecided). A pending
  appeal is decided before any report filed since.
- A removal takes the remixes of the removed video with it until a reviewer looks, and the
  remixes of those in turn: each posted one gets a report by SYSTEM (reason: the removal's
  category, its note saying why) from safety.review.holds.RemixHolds, the process manager
  that follows the log after the decision (the decision itself appends only the video's own
  streams, however large its remix tree; the runtime's catch-up runs the manager, so a
  request's answer already sees the holds). One posted while a removal of a video it derives
  from is in force gets one with its post (`remix_holds`, which recsys.PostBoard asks, and
  which records RemixPosted on the source's moderation stream: the manager reads the remixes
  from the log; the lineage upwards is read from the log too); a SYSTEM report (on
  `holds-<remix>`) holds at once. Reviewers decide those cases as any other; keeping a remix
  does not release what remixes it. A removal restored on appeal has the manager dismiss the
  SYSTEM reports that still wait below it, but not below a remix whose own removal is in
  force, nor at all while a removal above it is. A remix a reviewer kept since the removal is
  not reported again when posted again.
- A deleted account's open reports are withdrawn; all its reports stay, without its id, for
  any decision that read them and any appeal of it. Reports of a video deleted meanwhile are withdrawn (the read
  model). Report ids are random: nothing derives the reporter from one.

Domain code: must not import api/, actors/ or Ray. Reads the log for decisions (the
moderation stream says which reports are decided) and the read model for lists.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from collections.abc import Callable, Collection
from datetime import datetime, timedelta

import msgspec
from sqlalchemy import Engine, func, select
from sqlalchemy import case as when
from sqlmodel import Session, col

from events import ConcurrencyError, Context, RecordedEvent, SqlEventStore, StreamWrite
from events.feed import SYSTEM, VideoUnposted, post_standing, post_stream
from events.review import (
    REASON_WORDS,
    REPORT_REASONS,
    Moderation,
    PostRemoved,
    RemovalAppealed,
    RemovalDecided,
    RemixPosted,
    ReportsDismissed,
    VideoReported,
    holds_stream,
    moderation_of,
    moderation_stream,
    reports_stream,
)
from generation.jobs.service import generation_stream
from generation.jobs.state import fold
from generation.jobs.tables import GenerationCastRow, VideoRow
from safety.review.desk import APPEAL_WINDOW, ReviewDesk, clean_note, is_uuid
from safety.review.errors import (
    AlreadyDecided,
    AlreadyReported,
    InvalidReview,
    NotReportable,
    OwnReport,
    RemovalNotAppealable,
    ReportNotFound,
    TooManyReports,
    VideoUnknown,
)
from safety.review.remixes import Remix, holds_of, lineage, system_note, system_report
from safety.review.tables import AppealRow, ReportRow
from social import Directory
from social.rules import rate_wait
from social.tables import as_utc

REPORTS_PER_DAY = 20
HOLD_AFTER = 3
"""Open reports from this many members hold a video out of others' sight until a reviewer decides."""
HOLD_AT_ONCE = frozenset({"sexual_minors"})
"""Reasons for which one report holds a video at once."""
UNFOUNDED_LIMIT = 2
"""A member whose reports for a HOLD_AT_ONCE reason reviewers found unfounded (kept, or the
video restored) this many times no longer holds a video at once with one: their reports still
reach the reviewers, and count towards HOLD_AFTER."""
DECISIONS = ("remove", "keep", "restore", "uphold")
"""A reviewer's decisions: on a video's open reports (remove, keep), on its owner's appeal of a
removal (restore, uphold)."""
_STATUS_AFTER = {PostRemoved: "removed", ReportsDismissed: "kept", RemovalAppealed: "appealed"}
MAX_SHOWN = 50
"""The most reports of one video a case lists (the newest; `reasons` counts them all)."""
_RETRIES = 5


def status_after(event: PostRemoved | ReportsDismissed | RemovalAppealed | RemovalDecided) -> str:
    """The status of the reports a moderation event names, after it (the read model, the cases)."""
    if isinstance(event, RemovalDecided):
        return "restored" if event.outcome == "restored" else "removed"
    return _STATUS_AFTER[type(event)]


class ReportView(msgspec.Struct, frozen=True, kw_only=True):
    """A report as its reporter sees it."""

    report_id: str
    video_id: str
    reason: str
    note: str
    status: str
    """open; removed or kept (a reviewer decided); appealed, then restored or removed (its owner
    appealed the removal); withdrawn (the video, or the reporter's account, went first)."""
    filed_at: datetime
    decided_at: datetime | None = None


class ReportedItem(msgspec.Struct, frozen=True, kw_only=True):
    """One report as a reviewer reads it: not who filed it."""

    reason: str
    note: str
    filed_at: datetime


class RemovalView(msgspec.Struct, frozen=True, kw_only=True):
    """A reviewer's removal of a video, as its owner reads it, and where its appeal stands."""

    removed_at: datetime
    category: str
    reason: str
    """The category in words."""
    in_force: bool
    """False once a second reviewer restored it on appeal (it may be posted again)."""
    note: str
    """What the reviewer told the owner."""
    appealable: bool
    why_not: str | None = None
    appeal: str | None = None
    """pending, upheld or restored."""
    appeal_note: str | None = None
    appealed_at: datetime | None = None
    answer: str | None = None
    """The second reviewer's words, once they decided the appeal."""


class ReportCase(msgspec.Struct, frozen=True, kw_only=True):
    """A video's reports as a reviewer reads them: the open ones (or, once decided, those the
    last decision decided), the video's request and caption, whether it is posted and held."""

    video_id: str
    status: str
    """open while any report waits; appealed while the owner's appeal of its removal waits;
    else the last decision's: removed, kept or restored."""
    caption: str
    prompt: str
    shot_prompts: tuple[str, ...]
    style: str | None
    teen: bool
    """Held to the teen rules (a teen made it, or it shows one)."""
    posted: bool
    """Whether it stands in the feed now."""
    audience: str | None
    held: bool
    """Held out of others' sight until decided (HOLD_AFTER reporters, or a HOLD_AT_ONCE reason)."""
    reasons: dict[str, int]
    """How many of the reports (all of them, listed or not) give each reason."""
    reports: tuple[ReportedItem, ...]
    first_reported_at: datetime
    decided_at: datetime | None = None
    decided_by: str | None = None
    category: str | None = None
    """The reason a removal named."""
    answer: str | None = None
    """What the last decision's reviewer told the owner."""
    appeal: str | None = None
    """The owner's note, while their appeal of the removal waits."""


class ReportDesk:
    """Members' reports of videos, and reviewers' decisions on them."""

    def __init__(self, store: SqlEventStore, directory: Directory, reviewers: ReviewDesk, *,
                 audience: Callable[[str, str], bool], clock: Callable[[], datetime],
                 new_id: Callable[[], uuid.UUID] = uuid.uuid4) -> None:
        """`audience(member, video)`: whether a video is posted to the member (recsys.PostBoard.may_see)."""
        self._store, self._directory, self._reviewers = store, directory, reviewers
        self._audience, self._clock, self._new_id = audience, clock, new_id

    # -- members ------------------------------------------------------------------------------

    def report(self, reporter_id: str, video_id: str, reason: str, note: str = "", *,
               context: Context | None = None) -> ReportView:
        """Report a video the member may watch. Raises InvalidReview (reason, note),
        VideoUnknown (none they may watch), NotReportable (their own), AlreadyReported,
        TooManyReports."""
        if reason not in REPORT_REASONS:
            raise InvalidReview(f"reason is one of {', '.join(REPORT_REASONS)}; not {reason[:40]!r}")
        note = clean_note(note)
        if reason == "other" and not note:
            raise InvalidReview("a report for 'other' says in its note what is wrong")
        mine = self._store.read_stream(reports_stream(reporter_id))
        _already_reported(mine, video_id)  # said so even once the video is held (and unseen)
        with Session(self._store.engine) as session:  # shown to them: posted to them, or showing them
            row = session.get(VideoRow, video_id)
            shown = row is not None and session.get(GenerationCastRow, (row.generation_id, reporter_id)) is not None
        if row is None or (row.owner_id != reporter_id and not shown and not self._audience(reporter_id, video_id)):
            raise VideoUnknown(f"there is no video {video_id[:100]!r} you can see")
        if row.owner_id == reporter_id:
            raise NotReportable("this is your own video: take it down or delete it instead")
        report_id = str(self._new_id())
        for attempt in range(_RETRIES):
            if attempt:  # another report of theirs, or a change to the video, a moment ago: read again
                mine = self._store.read_stream(reports_stream(reporter_id))
                _already_reported(mine, video_id)
            filed = [r.recorded_at for r in mine]
            if (wait := rate_wait(filed, REPORTS_PER_DAY, timedelta(days=1), self._clock())) is not None:
                raise TooManyReports(f"you filed {REPORTS_PER_DAY} reports within a day; the next may come in "
                                     f"{math.ceil(wait / 3600)} hours", retry_after_s=wait)
            event = VideoReported(report_id=report_id, video_id=video_id, generation_id=row.generation_id,
                                  owner_id=row.owner_id, reporter_id=reporter_id, reason=reason, note=note)
            generation = fold(self._store.read_stream(generation_stream(row.generation_id)))
            if generation is None or generation.video_deleted:  # deleted a moment ago
                raise VideoUnknown(f"there is no video {video_id[:100]!r} you can see")
            try:  # with an empty write at the generation's version: a deletion at the same moment wins
                recorded = self._store.append_many([
                    StreamWrite(reports_stream(reporter_id), [event], mine[-1].version if mine else 0),
                    StreamWrite(generation_stream(row.generation_id), [], generation.version),
                ], context=context)
            except ConcurrencyError:  # another report of theirs, or a change to the video: decide again
                continue
            return ReportView(report_id=report_id, video_id=video_id, reason=reason, note=note, status="open",
                              filed_at=recorded[-1].recorded_at)
        raise TooManyReports("too many reports at once; try again in a moment", retry_after_s=1)

    def reports(self, reporter_id: str, *, limit: int = 50, offset: int = 0) -> list[ReportView]:
        """The member's reports, newest first, each with what became of it."""
        with Session(self._store.engine) as session:
            rows = session.execute(select(ReportRow).where(ReportRow.reporter_id == reporter_id)
                                   .order_by(col(ReportRow.filed_at).desc(), col(ReportRow.report_id))
                                   .offset(offset).limit(limit)).scalars().all()
        notes = self._notes([reporter_id])
        return [_report_view(row, notes.get(row.report_id, "")) for row in rows]

    def report_of(self, reporter_id: str, report_id: str) -> ReportView:
        """One of the member's reports. Raises ReportNotFound."""
        with Session(self._store.engine) as session:
            row = session.get(ReportRow, report_id) if is_uuid(report_id) else None
        if row is None or row.reporter_id != reporter_id:
            raise ReportNotFound(f"you have no report {report_id[:100]!r}")
        return _report_view(row, self._notes([reporter_id]).get(report_id, ""))

    # -- reviewers ----------------------------------------------------------------------------

    def queue(self, reviewer_id: str, *, status: str = "open", limit: int = 50, offset: int = 0) -> list[ReportCase]:
        """Videos with reports for the reviewer: `open` ones, those held for a minor's safety
        first, then the longest waiting; or `decided` ones, newest decision first. Never their
        own video, one showing them, or one they reported. Raises NotAReviewer, InvalidReview."""
        self._reviewers.require_reviewer(reviewer_id)
        if status not in ("open", "decided"):
            raise InvalidReview("status is 'open' or 'decided'")
        reported_by_them = select(ReportRow.video_id).where(ReportRow.reporter_id == reviewer_id)
        showing_them = select(GenerationCastRow.generation_id).where(GenerationCastRow.owner_id == reviewer_id)
        query = select(ReportRow.video_id).join(VideoRow, col(VideoRow.video_id) == col(ReportRow.video_id)).where(
            ReportRow.owner_id != reviewer_id, col(ReportRow.video_id).not_in(reported_by_them),
            col(ReportRow.generation_id).not_in(showing_them)).group_by(ReportRow.video_id)
        if status == "open":
            urgent = func.max(when((col(ReportRow.reason).in_(sorted(HOLD_AT_ONCE)), 1), else_=0))
            query = (query.where(col(ReportRow.status).in_(("open", "appealed")))
                     .order_by(urgent.desc(), func.min(ReportRow.filed_at), ReportRow.video_id))
        else:
            query = (query.where(col(ReportRow.status).in_(("removed", "kept", "restored")))
                     .order_by(func.max(ReportRow.decided_at).desc(), ReportRow.video_id))
        with Session(self._store.engine) as session:
            video_ids = list(session.execute(query.offset(offset).limit(limit)).scalars())
        return [found for video_id in video_ids if (found := self._case(reviewer_id, video_id)) is not None]

    def case(self, reviewer_id: str, video_id: str) -> ReportCase:
        """A video's reports, as the reviewer reads them. Raises NotAReviewer, ReportNotFound
        (none, or not theirs to read)."""
        self._reviewers.require_reviewer(reviewer_id)
        case = self._case(reviewer_id, video_id)
        if case is None:
            raise ReportNotFound(f"there are no reports of video {video_id[:100]!r} for you to review")
        return case

    def decide(self, reviewer_id: str, video_id: str, decision: str, category: str | None = None,
               note: str = "", *, context: Context | None = None) -> ReportCase:
        """Decide a video's open reports: `remove` (it leaves every feed and is not posted again;
        `category` names why, by default the reason most reports give; `note` tells the owner)
        or `keep`; or its owner's appeal of a removal (not by the reviewer who removed it):
        `restore` (they may post it again) or `uphold`. Raises NotAReviewer, InvalidReview,
        ReportNotFound, OwnReport, AlreadyDecided (nothing waits for that decision: decided
        meanwhile, or the video is gone)."""
        self._reviewers.require_reviewer(reviewer_id)
        if decision not in DECISIONS:
            raise InvalidReview("decision is 'remove' or 'keep' (for reports), 'restore' or 'uphold' "
                                "(for an appeal of a removal)")
        if category is not None and category not in REPORT_REASONS:
            raise InvalidReview(f"category is one of {', '.join(REPORT_REASONS)}; not {category[:40]!r}")
        if decision != "remove" and category is not None:
            raise InvalidReview("a category says why a video is removed; only `remove` takes one")
        if decision == "keep" and note.strip():
            raise InvalidReview("`keep` tells no one anything: its owner never learns of the reports; leave the "
                                "note out")
        note = clean_note(note)
        for _ in range(_RETRIES):
            rows = self._rows(video_id)
            if not rows or self._conflicted(reviewer_id, rows):  # theirs to leave to others: as if none
                raise ReportNotFound(f"there are no reports of video {video_id[:100]!r} for you to review")
            events = self._store.read_stream(moderation_stream(video_id))
            if not self._live(rows[0]):
                raise AlreadyDecided(f"video {video_id!r} is gone: there is nothing to decide")
            writes = self._decision(reviewer_id, video_id, decision, category, note, rows, events)
            try:
                self._store.append_many(writes, context=context)
            except ConcurrencyError:
                continue  # decided, posted or taken down meanwhile: read again
            return self._decided_case(reviewer_id, video_id)
        raise AlreadyDecided(f"the reports of video {video_id!r} changed too often at once; read them again")

    def _decision(self, reviewer_id: str, video_id: str, decision: str, category: str | None, note: str,
                  rows: list[ReportRow], events: list[RecordedEvent]) -> list[StreamWrite]:
        """What a decision appends, on the video's moderation stream as read (`events`).
        Raises OwnReport, AlreadyDecided."""
        owner, stream = rows[0].owner_id, moderation_stream(video_id)
        moderation, version = moderation_of(events), len(events)
        if decision in ("restore", "uphold"):
            if not moderation.appeal_pending or not moderation.in_force:
                raise AlreadyDecided(f"no appeal of a removal of video {video_id!r} waits for a decision")
            removal = moderation.removal.event
            if removal.reviewer_id == reviewer_id:
                raise OwnReport("another reviewer decides the appeal of a removal you made")
            return [StreamWrite(stream, [RemovalDecided(
                video_id=video_id, owner_id=owner, reviewer_id=reviewer_id, note=note, report_ids=removal.report_ids,
                outcome="restored" if decision == "restore" else "upheld")], version)]
        if moderation.appeal_pending:  # one decision at a time: the appeal names the removal's reports
            raise AlreadyDecided(f"its owner's appeal of the removal of video {video_id!r} waits: decide it first "
                                 "(restore or uphold)")
        waiting = _waiting(rows, moderation)
        if not waiting:
            raise AlreadyDecided(f"no reports of video {video_id!r} wait for a decision")
        ids = tuple(row.report_id for row in waiting)
        if decision == "keep":
            return [StreamWrite(stream, [ReportsDismissed(video_id=video_id, owner_id=owner, reviewer_id=reviewer_id,
                                                          report_ids=ids)], version)]
        chosen = category or Counter(row.reason for row in waiting).most_common(1)[0][0]
        removed = PostRemoved(video_id=video_id, owner_id=owner, reviewer_id=reviewer_id, category=chosen,
                              note=note, report_ids=ids)
        posts = self._store.read_stream(post_stream(video_id))
        unposted = [VideoUnposted(video_id=video_id, owner_id=owner, by=reviewer_id,
                                  reason="removed by a reviewer")] if post_standing(posts)[0] else []
        return [StreamWrite(stream, [removed], version), StreamWrite(post_stream(video_id), unposted, len(posts))]

    # -- remixes posted while a removal of a video they derive from is in force --------------
    # (a removal's remixes posted before it are held by safety.review.holds.RemixHolds, after it)

    def remix_holds(self, remix: VideoRow) -> list[StreamWrite]:
        """What posting `remix` appends with its post: RemixPosted on the moderation stream of
        the video it remixes, at the version read (and the streams of the videos that one
        remixes in turn, guarded), and a SYSTEM report where a reviewer's removal of one of
        them is in force and the remix has no SYSTEM report since (one waits, or a reviewer
        kept it)."""
        if remix.remix_of is None:
            return []
        above = lineage(self._store, remix.generation_id)  # the source first (the row's remix_of)
        (source, events), *further = above
        writes = [StreamWrite(moderation_stream(source), [RemixPosted(
            video_id=source, remix_id=remix.video_id, generation_id=remix.generation_id,
            owner_id=remix.owner_id)], len(events))]
        writes += [StreamWrite(moderation_stream(video), [], len(its)) for video, its in further]
        removals = [m.removal for m in (moderation_of(its) for _, its in above) if m.in_force]
        if not removals:
            return writes
        holds = holds_of(self._store, remix.video_id)
        unseen = [r for r in removals if not any(h.position > r.position for h in holds.holds)]  # the nearest first
        held = [system_report(Remix(remix.video_id, remix.generation_id, remix.owner_id), unseen[0].event.category,
                              self._new_id)] if unseen and not holds.waiting else []
        return [*writes, StreamWrite(holds_stream(remix.video_id), held, len(holds.holds))]

    # -- owners -------------------------------------------------------------------------------

    def removal(self, owner_id: str, video_id: str) -> RemovalView | None:
        """The last removal of the member's video by a reviewer, whether it is in force, and
        where its appeal stands (a reversal, with the second reviewer's words); None when no
        reviewer removed it. Raises VideoUnknown."""
        self._own_video(owner_id, video_id)
        moderation = moderation_of(self._store.read_stream(moderation_stream(video_id)))
        return _removal_view(moderation, self._clock()) if moderation.removal is not None else None

    def appeal_removal(self, owner_id: str, video_id: str, note: str = "", *,
                       context: Context | None = None) -> RemovalView:
        """Ask another reviewer to look again at the removal of one's video, once, within
        APPEAL_WINDOW of it. Raises VideoUnknown, InvalidReview (the note), RemovalNotAppealable."""
        note = clean_note(note)
        self._own_video(owner_id, video_id)
        for _ in range(_RETRIES):
            events = self._store.read_stream(moderation_stream(video_id))
            moderation = moderation_of(events)
            if (refusal := _removal_refusal(moderation, self._clock())) is not None:
                raise RemovalNotAppealable(refusal)
            appealed = RemovalAppealed(video_id=video_id, owner_id=owner_id, note=note,
                                       report_ids=moderation.removal.event.report_ids)
            try:
                self._store.append(moderation_stream(video_id), [appealed], len(events), context=context)
            except ConcurrencyError:
                continue
            return _removal_view(moderation_of(self._store.read_stream(moderation_stream(video_id))), self._clock())
        raise RemovalNotAppealable(f"video {video_id!r} changed too often at once; try again")

    def _own_video(self, owner_id: str, video_id: str) -> VideoRow:
        with Session(self._store.engine) as session:
            row = session.get(VideoRow, video_id) if is_uuid(video_id) else None
        if row is None or row.owner_id != owner_id:
            raise VideoUnknown(f"you have no video {video_id[:100]!r}")
        return row

    def may_review(self, user_id: str, video_id: str) -> bool:
        """Whether the member may watch the video as a reviewer: reports of it, or its owner's
        appeal of a removal, wait for a decision, and they are not theirs to leave to others."""
        rows = self._rows(video_id)
        return (any(row.status in ("open", "appealed") for row in rows) and self._reviewers.is_reviewer(user_id)
                and not self._conflicted(user_id, rows))

    # -- reading ------------------------------------------------------------------------------

    def _rows(self, video_id: str) -> list[ReportRow]:
        if not is_uuid(video_id):
            return []
        with Session(self._store.engine) as session:
            return list(session.execute(select(ReportRow).where(ReportRow.video_id == video_id)
                                        .order_by(col(ReportRow.filed_at).desc())).scalars())

    def _conflicted(self, reviewer_id: str, rows: list[ReportRow]) -> bool:
        """Whether the reports (of one video) are the reviewer's to leave to others: their own
        video, one showing them, one they reported."""
        if rows[0].owner_id == reviewer_id or any(row.reporter_id == reviewer_id for row in rows):
            return True
        with Session(self._store.engine) as session:
            return session.get(GenerationCastRow, (rows[0].generation_id, reviewer_id)) is not None

    def _decided_case(self, reviewer_id: str, video_id: str) -> ReportCase:
        """The case right after the reviewer's decision (the read model may not have heard)."""
        case = self._case(reviewer_id, video_id)
        assert case is not None
        return case

    def _live(self, row: ReportRow) -> bool:
        """Whether the reported video is still there (deleting the owner's account deletes it too)."""
        with Session(self._store.engine) as session:
            video = session.get(VideoRow, row.video_id)
        return video is not None

    def _case(self, reviewer_id: str, video_id: str) -> ReportCase | None:
        """The video's reports as the reviewer reads them; None where there are none to read or
        they are not the reviewer's (their video, one showing them, one they reported), or the
        video is gone."""
        rows = self._rows(video_id)
        if not rows or self._conflicted(reviewer_id, rows):
            return None
        with Session(self._store.engine) as session:
            video = session.get(VideoRow, video_id)
        state = fold(self._store.read_stream(generation_stream(rows[0].generation_id)))
        if video is None or state is None or state.video_deleted:
            return None
        moderation = moderation_of(self._store.read_stream(moderation_stream(video_id)))
        waiting = _waiting(rows, moderation)
        last = moderation.last
        if moderation.appeal_pending:  # decided before any report filed since
            shown, status = _among(rows, moderation.removal.event.report_ids), "appealed"
        elif waiting:
            shown, status = waiting, "open"
        elif last is not None:
            shown, status = _among(rows, last.event.report_ids), status_after(last.event)
        else:
            return None
        if not shown and status != "appealed":  # an appeal is decided even when its reports are gone
            return None
        notes = self._notes({row.reporter_id for row in shown[:MAX_SHOWN]} - {None, SYSTEM})  # None: gone, notes too
        notes |= {row.report_id: system_note(row.reason) for row in shown[:MAX_SHOWN] if row.reporter_id == SYSTEM}
        standing = post_standing(self._store.read_stream(post_stream(video_id)))[0]
        decided = None if status == "open" else last
        by = None
        if decided is not None and (account := self._directory.by_id(decided.event.reviewer_id)) is not None:
            by = account.handle
        removal = moderation.removal.event if moderation.removal is not None and status != "open" else None
        request = state.request
        return ReportCase(
            video_id=video_id, status=status, caption=video.caption, prompt=request.prompt,
            shot_prompts=tuple(request.shot_prompts), style=request.style, teen=request.teen,
            posted=standing is not None, audience=standing.audience if standing is not None else None,
            held=bool(_held(self._store.engine, waiting)), reasons=dict(Counter(row.reason for row in shown)),
            reports=tuple(ReportedItem(reason=row.reason, note=notes.get(row.report_id, ""),
                                       filed_at=as_utc(row.filed_at)) for row in shown[:MAX_SHOWN]),
            first_reported_at=as_utc(min(row.filed_at for row in shown)) if shown else moderation.removal.recorded_at,
            decided_at=decided.recorded_at if decided is not None else None, decided_by=by,
            category=removal.category if removal is not None else None,
            answer=decided.event.note if decided is not None and hasattr(decided.event, "note") else None,
            appeal=moderation.appeal.event.note if status == "appealed" else None,
        )

    def _notes(self, reporters: Collection[str]) -> dict[str, str]:
        """The notes of the reporters' reports, by report id, from their streams (sealed there
        under their keys)."""
        return {recorded.event.report_id: recorded.event.note
                for reporter in reporters for recorded in self._store.read_stream(reports_stream(reporter))}


class Backlog(msgspec.Struct, frozen=True, kw_only=True):
    """What waits for the reviewers (read model): the operator's view of the queues."""

    appeals: int
    """Appeals of blocked generations waiting."""
    appeals_since: datetime | None
    """When the longest waiting of them was filed."""
    videos: int
    """Reported videos whose reports wait."""
    reports: int
    held: int
    """Of those videos, how many are held out of others' sight meanwhile."""
    reports_since: datetime | None
    removals_appealed: int
    """Removed videos whose owner's appeal waits."""


def backlog(engine: Engine) -> Backlog:
    """What waits for the reviewers now."""
    with Session(engine) as session:
        appeals, appeals_since = session.execute(select(func.count(), func.min(AppealRow.filed_at)).where(
            AppealRow.status == "open")).one()
        open_rows = session.execute(select(ReportRow).where(ReportRow.status == "open")).scalars().all()
        appealed = session.execute(select(func.count(func.distinct(ReportRow.video_id))).where(
            ReportRow.status == "appealed")).scalar_one()
    videos = {row.video_id for row in open_rows}
    return Backlog(
        appeals=appeals, appeals_since=as_utc(appeals_since) if appeals_since else None, videos=len(videos),
        reports=len(open_rows), held=len(_held(engine, open_rows)),
        reports_since=as_utc(min(row.filed_at for row in open_rows)) if open_rows else None,
        removals_appealed=appealed,
    )


def held_among(engine: Engine, video_ids: Collection[str]) -> set[str]:
    """The videos among `video_ids` held out of others' sight until a reviewer decides: open
    reports from HOLD_AFTER members, or one for a reason in HOLD_AT_ONCE from a member whose
    such reports reviewers have not found unfounded UNFOUNDED_LIMIT times, or one by SYSTEM
    (a reviewer removed the video it remixes) (read model)."""
    if not video_ids:
        return set()
    with Session(engine) as session:
        rows = session.execute(select(ReportRow).where(ReportRow.status == "open",
                                                       col(ReportRow.video_id).in_(list(video_ids)))).scalars().all()
    return _held(engine, rows)


def _held(engine: Engine, open_rows: Collection[ReportRow]) -> set[str]:
    """The videos that `open_rows` (open reports) hold out of others' sight."""
    by_video: dict[str, list[ReportRow]] = {}
    for row in open_rows:
        by_video.setdefault(row.video_id, []).append(row)
    distrusted = _distrusted(engine, open_rows)
    return {video_id for video_id, reports in by_video.items() if _holds(reports, distrusted)}


def _distrusted(engine: Engine, rows: Collection[ReportRow]) -> set[str]:
    """The reporters among `rows`' whose reports for a HOLD_AT_ONCE reason were kept (or the
    video restored) UNFOUNDED_LIMIT times: their next such reports no longer hold at once."""
    urgent = {row.reporter_id for row in rows if row.reason in HOLD_AT_ONCE}
    if not urgent:
        return set()
    with Session(engine) as session:
        counts = session.execute(
            select(ReportRow.reporter_id, func.count()).where(
                col(ReportRow.reporter_id).in_(sorted(urgent)), col(ReportRow.reason).in_(sorted(HOLD_AT_ONCE)),
                col(ReportRow.status).in_(("kept", "restored"))).group_by(ReportRow.reporter_id)).all()
    return {reporter for reporter, count in counts if count >= UNFOUNDED_LIMIT}


def reported_by(engine: Engine, reporter_id: str, video_ids: Collection[str]) -> set[str]:
    """The videos among `video_ids` that the member reported (read model)."""
    if not video_ids:
        return set()
    with Session(engine) as session:
        return set(session.execute(select(ReportRow.video_id).where(
            ReportRow.reporter_id == reporter_id, col(ReportRow.video_id).in_(list(video_ids)))).scalars())


def _holds(reports: list[ReportRow], distrusted: Collection[str]) -> bool:
    return (any(row.reporter_id == SYSTEM for row in reports)  # the video it remixes was removed
            or len({row.reporter_id for row in reports}) >= HOLD_AFTER
            or any(row.reason in HOLD_AT_ONCE and row.reporter_id not in distrusted for row in reports))


def _already_reported(mine: list[RecordedEvent], video_id: str) -> None:
    """Raises AlreadyReported where the member's reports (their stream) hold one of the video."""
    if (earlier := next((r.event for r in mine if r.event.video_id == video_id), None)) is not None:
        raise AlreadyReported(f"you reported video {video_id!r} already (report {earlier.report_id})",
                              report_id=earlier.report_id)


def _waiting(rows: list[ReportRow], moderation: Moderation) -> list[ReportRow]:
    """The reports that wait for a decision (open in the read model, and decided by no event
    of the moderation stream, which may be ahead of it)."""
    return [row for row in rows if row.status == "open" and row.report_id not in moderation.decided]


def _among(rows: list[ReportRow], report_ids: Collection[str]) -> list[ReportRow]:
    wanted = set(report_ids)
    return [row for row in rows if row.report_id in wanted]


def _removal_refusal(moderation: Moderation, now: datetime) -> str | None:
    """Why the removal in force may not be appealed now (None: it may)."""
    if not moderation.in_force:
        return "no reviewer's removal of this video is in force"
    if moderation.appeal is not None:
        return "this removal was appealed already: each removal is appealed once"
    if now - moderation.removal.recorded_at > APPEAL_WINDOW:
        return (f"a removal is appealed within {APPEAL_WINDOW.days} days; this one was on "
                f"{moderation.removal.recorded_at:%Y-%m-%d}")
    return None


def _removal_view(moderation: Moderation, now: datetime) -> RemovalView:
    removal, appeal, decided = moderation.removal, moderation.appeal, moderation.appeal_decided
    refusal = _removal_refusal(moderation, now)
    outcome = None
    if appeal is not None:
        outcome = "pending" if decided is None else decided.event.outcome
    return RemovalView(
        removed_at=removal.recorded_at, category=removal.event.category, in_force=moderation.in_force,
        reason=REASON_WORDS[removal.event.category], note=removal.event.note, appealable=refusal is None,
        why_not=refusal, appeal=outcome, appeal_note=appeal.event.note if appeal is not None else None,
        appealed_at=appeal.recorded_at if appeal is not None else None,
        answer=decided.event.note if decided is not None else None,
    )


def _report_view(row: ReportRow, note: str) -> ReportView:
    return ReportView(report_id=row.report_id, video_id=row.video_id, reason=row.reason, note=note, status=row.status,
                      filed_at=as_utc(row.filed_at), decided_at=as_utc(row.decided_at) if row.decided_at else None)
