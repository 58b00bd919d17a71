"""Reports of videos: a member who was shown a video (posted to them, or showing them) reports
what is wrong with it; reviewers read the reports of a video together, watch it, and remove it
from the feed or keep it.

Rules (all here):
- A member reports a video they may watch and do not own (their own they take down or delete
  themselves), once, for one of REPORT_REASONS ("other" with a note saying what), at most
  REPORTS_PER_DAY a day. Reports are counted in the member's own stream, appended at the version
  read, so requests at once pass neither rule. Who reported is never shown to the reviewer nor
  to the owner; the note is sealed under the reporter's key.
- A video with open reports from HOLD_AFTER members, or one report for a reason in
  HOLD_AT_ONCE (sexual content involving a minor), is held: it reaches no one but its owner and
  the members it shows (recsys.PostBoard asks `held_among`) until a reviewer decides. A
  reporter no longer finds what they reported in their feed (`reported_by`).
- A reviewer (safety.review.ReviewDesk's) reads a video's open reports as one case: the video
  itself (they may watch it while it has reports: `may_review`), its prompt and caption, each
  report's reason and note. They never decide about their own video, one showing them, or one
  they reported. They decide once for the reports they read: `remove` (PostRemoved on the
  video's moderation stream and, where it stood, VideoUnposted on its post stream, in one
  transaction; the video is not posted again) or `keep` (ReportsDismissed). Reports filed after
  a decision wait for the next one.
- A deleted account's reports go with it; reports of a video deleted meanwhile are withdrawn
  (the read model).

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

from events import ConcurrencyError, Context, SqlEventStore, StreamWrite
from events.feed import VideoUnposted, post_standing, post_stream
from events.review import (
    REPORT_REASONS,
    PostRemoved,
    ReportsDismissed,
    VideoReported,
    moderation_stream,
    reports_stream,
)
from generation.jobs.errors import JobError
from generation.jobs.service import GenerationService, generation_stream
from generation.jobs.state import fold
from generation.jobs.tables import GenerationCastRow, VideoRow
from safety.review.desk import ReviewDesk, clean_note, is_uuid
from safety.review.errors import (
    AlreadyDecided,
    AlreadyReported,
    InvalidReview,
    NotReportable,
    OwnReport,
    ReportNotFound,
    TooManyReports,
    VideoUnknown,
)
from safety.review.tables import ReportRow
from social import Directory
from social.rules import rate_wait
from social.tables import as_utc

REPORTS_PER_DAY = 20
HOLD_AFTER = 3
"""Open reports from this many members hold a video out of others' sight until a reviewer decides."""
HOLD_AT_ONCE = frozenset({"sexual_minors"})
"""Reasons for which one report holds a video at once."""
REASON_WORDS = {
    "sexual_minors": "sexual content involving a minor, or a child put in danger",
    "sexual": "sexual or nude content",
    "graphic_violence": "graphic violence or gore",
    "self_harm": "self-harm or suicide",
    "hate": "hate or harassment",
    "violent_threats": "threats of violence",
    "dangerous": "dangerous acts or challenges",
    "real_person_likeness": "shows a real person (you, or someone else) without their consent",
    "spam": "spam or misleading",
    "other": "something else (say what in the note)",
}
"""Each reason in words a member understands (the web client's choices, the API's description)."""
assert tuple(REASON_WORDS) == REPORT_REASONS
DECISIONS = {"remove": "removed", "keep": "kept"}
"""A reviewer's word for a decision on a video's reports, and the status it gives them."""
MAX_SHOWN = 50
"""The most reports of one video a case lists (the newest; `reasons` counts them all)."""
_REPORT_IDS = uuid.UUID("5b1f0c7e-2a4d-4f39-8f0e-7265706f7274")
_RETRIES = 5


def report_id_of(reporter_id: str, video_id: str) -> str:
    """The id of a member's report of a video: fixed by both, so never two."""
    return str(uuid.uuid5(_REPORT_IDS, f"{reporter_id}/{video_id}"))


class ReportView(msgspec.Struct, frozen=True, kw_only=True):
    """A report as its reporter sees it."""

    report_id: str
    video_id: str
    reason: str
    note: str
    status: str
    """open, removed, kept (a reviewer decided), or withdrawn (the video is gone)."""
    filed_at: datetime
    decided_at: datetime | None = None


class ReportedItem(msgspec.Struct, frozen=True, kw_only=True):
    """One report as a reviewer reads it: not who filed it."""

    reason: str
    note: str
    filed_at: datetime


class ReportCase(msgspec.Struct, frozen=True, kw_only=True):
    """A video's reports as a reviewer reads them: the open ones (or, once decided, those the
    last decision decided), the video's request and caption, whether it is posted and held."""

    video_id: str
    status: str
    """open while any report waits; else the last decision's: removed or kept."""
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
    """What the reviewer told the owner of a removed video."""


class ReportDesk:
    """Members' reports of videos, and reviewers' decisions on them."""

    def __init__(self, store: SqlEventStore, directory: Directory, generations: GenerationService,
                 reviewers: ReviewDesk, *, clock: Callable[[], datetime]) -> None:
        self._store, self._directory, self._generations = store, directory, generations
        self._reviewers, self._clock = reviewers, clock

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
        try:
            self._generations.video(reporter_id, video_id)
        except JobError:
            raise VideoUnknown(f"there is no video {video_id[:100]!r} you can see") from None
        with Session(self._store.engine) as session:
            row = session.get(VideoRow, video_id)
        if row is None:  # deleted a moment ago
            raise VideoUnknown(f"there is no video {video_id[:100]!r} you can see")
        if row.owner_id == reporter_id:
            raise NotReportable("this is your own video: take it down or delete it instead")
        report_id = report_id_of(reporter_id, video_id)
        for _ in range(_RETRIES):
            mine = self._store.read_stream(reports_stream(reporter_id))
            if any(r.event.report_id == report_id for r in mine):
                raise AlreadyReported(f"you reported video {video_id!r} already (report {report_id})",
                                      report_id=report_id)
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
        notes = {r.event.report_id: r.event.note for r in self._store.read_stream(reports_stream(reporter_id))}
        return [_report_view(row, notes.get(row.report_id, "")) for row in rows]

    def report_of(self, reporter_id: str, report_id: str) -> ReportView:
        """One of the member's reports. Raises ReportNotFound."""
        with Session(self._store.engine) as session:
            row = session.get(ReportRow, report_id) if is_uuid(report_id) else None
        if row is None or row.reporter_id != reporter_id:
            raise ReportNotFound(f"you have no report {report_id[:100]!r}")
        notes = {r.event.report_id: r.event.note for r in self._store.read_stream(reports_stream(reporter_id))}
        return _report_view(row, notes.get(report_id, ""))

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
        query = select(ReportRow.video_id).where(
            ReportRow.owner_id != reviewer_id, col(ReportRow.video_id).not_in(reported_by_them),
            col(ReportRow.generation_id).not_in(showing_them)).group_by(ReportRow.video_id)
        if status == "open":
            urgent = func.max(when((col(ReportRow.reason).in_(sorted(HOLD_AT_ONCE)), 1), else_=0))
            query = (query.where(ReportRow.status == "open")
                     .order_by(urgent.desc(), func.min(ReportRow.filed_at), ReportRow.video_id))
        else:
            query = (query.where(col(ReportRow.status).in_(tuple(DECISIONS.values())))
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
        """Decide the open reports of a video: `remove` (it leaves every feed and is not posted
        again; `category` names why, by default the reason most reports give; `note` tells the
        owner) or `keep`. Raises NotAReviewer, InvalidReview, ReportNotFound, OwnReport,
        AlreadyDecided (nothing open: decided meanwhile, or the video is gone)."""
        self._reviewers.require_reviewer(reviewer_id)
        if decision not in DECISIONS:
            raise InvalidReview("decision is 'remove' (it breaks the rules: it leaves the feed) or 'keep'")
        if category is not None and category not in REPORT_REASONS:
            raise InvalidReview(f"category is one of {', '.join(REPORT_REASONS)}; not {category[:40]!r}")
        if decision == "keep" and category is not None:
            raise InvalidReview("a category says why a video is removed; a kept one has none")
        note = clean_note(note)
        for _ in range(_RETRIES):
            rows = self._rows(video_id)
            if not rows:
                raise ReportNotFound(f"there are no reports of video {video_id[:100]!r}")
            if self._conflicted(reviewer_id, rows):
                raise OwnReport("a reviewer does not decide reports of their own video, of one showing them, "
                                "or that they filed")
            moderation = self._store.read_stream(moderation_stream(video_id))
            decided = {rid for r in moderation for rid in r.event.report_ids}
            waiting = [row for row in rows if row.status == "open" and row.report_id not in decided]
            if not waiting:
                raise AlreadyDecided(f"the reports of video {video_id!r} were decided already, or it is gone")
            ids = tuple(row.report_id for row in waiting)
            owner = rows[0].owner_id
            if decision == "keep":
                event = ReportsDismissed(video_id=video_id, owner_id=owner, reviewer_id=reviewer_id, report_ids=ids)
                writes = [StreamWrite(moderation_stream(video_id), [event], len(moderation))]
            else:
                chosen = category or Counter(row.reason for row in waiting).most_common(1)[0][0]
                removed = PostRemoved(video_id=video_id, owner_id=owner, reviewer_id=reviewer_id, category=chosen,
                                      note=note, report_ids=ids)
                posts = self._store.read_stream(post_stream(video_id))
                unposted = [VideoUnposted(video_id=video_id, owner_id=owner, by=reviewer_id,
                                          reason="removed by a reviewer")] if post_standing(posts)[0] else []
                writes = [StreamWrite(moderation_stream(video_id), [removed], len(moderation)),
                          StreamWrite(post_stream(video_id), unposted, len(posts))]
            try:
                self._store.append_many(writes, context=context)
            except ConcurrencyError:
                continue  # decided, posted or taken down meanwhile: read again
            return self._decided_case(reviewer_id, video_id)
        raise AlreadyDecided(f"the reports of video {video_id!r} changed too often at once; read them again")

    def may_review(self, user_id: str, video_id: str) -> bool:
        """Whether the member may watch the video as a reviewer of its reports (it has some,
        and it is not theirs to leave to others)."""
        rows = self._rows(video_id)
        return bool(rows) and self._reviewers.is_reviewer(user_id) and not self._conflicted(user_id, rows)

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
        moderation = self._store.read_stream(moderation_stream(video_id))
        decided = {rid for r in moderation for rid in r.event.report_ids}
        waiting = [row for row in rows if row.report_id not in decided and row.status in ("open",)]
        last = moderation[-1] if moderation else None
        shown = waiting or ([row for row in rows if row.report_id in set(last.event.report_ids)] if last else [])
        if not shown:
            return None
        notes = self._notes(shown[:MAX_SHOWN])
        posts = self._store.read_stream(post_stream(video_id))
        standing = post_standing(posts)[0]
        by = None
        if last is not None and (account := self._directory.by_id(last.event.reviewer_id)) is not None:
            by = account.handle
        removal = last.event if last is not None and isinstance(last.event, PostRemoved) else None
        request = state.request
        return ReportCase(
            video_id=video_id, status="open" if waiting else DECISIONS["remove" if removal else "keep"],
            caption=video.caption, prompt=request.prompt, shot_prompts=tuple(request.shot_prompts),
            style=request.style, teen=request.teen, posted=standing is not None,
            audience=standing.audience if standing is not None else None,
            held=bool(waiting) and _holds(waiting), reasons=dict(Counter(row.reason for row in shown)),
            reports=tuple(ReportedItem(reason=row.reason, note=notes.get(row.report_id, ""), filed_at=row.filed_at)
                          for row in shown[:MAX_SHOWN]),
            first_reported_at=as_utc(min(row.filed_at for row in shown)),
            decided_at=None if waiting or last is None else last.recorded_at,
            decided_by=None if waiting else by, category=None if waiting or removal is None else removal.category,
            answer=None if waiting or removal is None else removal.note,
        )

    def _notes(self, rows: list[ReportRow]) -> dict[str, str]:
        """Each report's note, from its reporter's stream (sealed there under their key)."""
        notes: dict[str, str] = {}
        for reporter in {row.reporter_id for row in rows}:
            for recorded in self._store.read_stream(reports_stream(reporter)):
                notes[recorded.event.report_id] = recorded.event.note
        return notes


def held_among(engine: Engine, video_ids: Collection[str]) -> set[str]:
    """The videos among `video_ids` held out of others' sight until a reviewer decides: open
    reports from HOLD_AFTER members, or one for a reason in HOLD_AT_ONCE (read model)."""
    if not video_ids:
        return set()
    with Session(engine) as session:
        rows = session.execute(select(ReportRow).where(ReportRow.status == "open",
                                                       col(ReportRow.video_id).in_(list(video_ids)))).scalars().all()
    by_video: dict[str, list[ReportRow]] = {}
    for row in rows:
        by_video.setdefault(row.video_id, []).append(row)
    return {video_id for video_id, reports in by_video.items() if _holds(reports)}


def reported_by(engine: Engine, reporter_id: str, video_ids: Collection[str]) -> set[str]:
    """The videos among `video_ids` that the member reported (read model)."""
    if not video_ids:
        return set()
    with Session(engine) as session:
        return set(session.execute(select(ReportRow.video_id).where(
            ReportRow.reporter_id == reporter_id, col(ReportRow.video_id).in_(list(video_ids)))).scalars())


def _holds(reports: list[ReportRow]) -> bool:
    return (len({row.reporter_id for row in reports}) >= HOLD_AFTER
            or any(row.reason in HOLD_AT_ONCE for row in reports))


def _report_view(row: ReportRow, note: str) -> ReportView:
    return ReportView(report_id=row.report_id, video_id=row.video_id, reason=row.reason, note=note, status=row.status,
                      filed_at=as_utc(row.filed_at), decided_at=as_utc(row.decided_at) if row.decided_at else None)
