"""The review desk: members appeal a generation the prompt check blocked; reviewers, whom the
operator appoints, read the blocked request and decide; an overturned block lets the chain run
the generation on from sampling.

Rules (all here):
- Only a generation blocked by the prompt check is appealed, by its owner, once, within
  APPEAL_WINDOW of the block; a member files at most APPEALS_PER_DAY appeals in a day (a
  blocked generation costs no quota, so nothing else bounds them). The output checks measure (flashes, blank or noise frames, sound
  levels) rather than judge, so their blocks are not appealed. A block for sexual content
  involving minors is never reviewed: UNAPPEALABLE.
- A reviewer is an adult member the operator appointed (`reelworld admin reviewer add`). They
  see the request (prompt, shots, style, what the rewriter made of it), the check's verdict and
  the appellant's note, not who asked; they never decide their own appeal.
- A decision is recorded once: ReviewDecided, and for an overturn BlockOverturned on the
  generation's stream in the same transaction, so a crash never leaves one without the other.
  The overturned generation runs without taking a quota slot again, and still passes every
  later check (likeness consent before each step, the output checks).
- A deleted account's appeals go with it (their notes and its prompt are shredded with its key).

Domain code: must not import api/, actors/ or Ray. Reads the log for decisions (never the read
model alone, which may lag) and the read model for lists.
"""

from __future__ import annotations

import math
import unicodedata
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from events import NO_STREAM, ConcurrencyError, Context, RecordedEvent, SqlEventStore, StreamWrite
from events.generation import BlockOverturned, GenerationRequested, PromptBlocked, PromptRewritten
from events.review import (
    AppealFiled,
    ReviewDecided,
    ReviewerAppointed,
    ReviewerDismissed,
    appeal_stream,
    reviewer_stream,
)
from generation.jobs.service import generation_stream
from generation.jobs.state import fold
from safety.review.errors import (
    AlreadyAppealed,
    AlreadyDecided,
    AppealNotFound,
    GenerationUnknown,
    InvalidReview,
    NeverAppealable,
    NotAppealable,
    NotAReviewer,
    OwnAppeal,
    ReviewerRefused,
    TooManyAppeals,
)
from safety.review.tables import AppealRow, ReviewerRow
from safety.review.views import AppealView, ReviewCase, ReviewerView
from social import Directory
from social.accounts import account_deleted
from social.tables import as_utc
from social.rules import is_teen, normalise_handle, utc_day

APPEAL_WINDOW = timedelta(days=30)
"""How long after a block its generation may be appealed: the time its work is kept for."""
MAX_NOTE = 1000
APPEALS_PER_DAY = 10
UNAPPEALABLE = frozenset({"sexual_minors"})
"""Prompt-check categories whose blocks no reviewer may overturn."""
OUTCOMES = {"overturn": "overturned", "uphold": "upheld"}
"""A reviewer's word for a decision, and the outcome it records."""
_APPEAL_IDS = uuid.UUID("8d3c1f62-4b0e-4c8a-9e5d-526576696577")
_RETRIES = 5


def appeal_id_of(generation_id: str) -> str:
    """The id of a generation's appeal: fixed by the generation, so never two."""
    return str(uuid.uuid5(_APPEAL_IDS, generation_id))


def clean_note(note: str | None) -> str:
    """The note as recorded: trimmed, control characters other than line breaks and tabs
    refused, at most MAX_NOTE characters. Raises InvalidReview."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidReview(f"a note is at most {MAX_NOTE} characters (this one has {len(note)})")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t\r" for c in note):
        raise InvalidReview("a note may not hold control characters")
    return note


class ReviewDesk:
    """Appeals, reviewers and their decisions."""

    def __init__(self, store: SqlEventStore, directory: Directory, *, clock: Callable[[], datetime]) -> None:
        self._store, self._directory, self._clock = store, directory, clock

    # -- the operator -----------------------------------------------------------------------

    def appoint(self, handle: str, *, context: Context | None = None) -> ReviewerView:
        """Make the member called `handle` a reviewer (nothing new when they are one). Raises
        ReviewerRefused (no such member, a teen)."""
        account = self._member(handle)
        if is_teen(account.birth_year, utc_day(self._clock())):
            raise ReviewerRefused(f"@{account.handle} is a teen: reviewers are adults")
        stream = reviewer_stream(account.user_id)
        for _ in range(_RETRIES):
            events = self._store.read_stream(stream)
            if events and isinstance(events[-1].event, ReviewerAppointed):
                return ReviewerView(handle=account.handle, appointed_at=events[-1].recorded_at)
            try:
                recorded = self._store.append(stream, [ReviewerAppointed(user_id=account.user_id, by=_by(context))],
                                              len(events) if events else NO_STREAM, context=context)
            except ConcurrencyError:
                continue
            return ReviewerView(handle=account.handle, appointed_at=recorded[-1].recorded_at)
        raise ReviewerRefused("the reviewers changed too often at once; try again")

    def dismiss(self, handle: str, *, context: Context | None = None) -> str:
        """The member called `handle` stops being a reviewer; their handle as registered.
        Raises ReviewerRefused (no such member, not a reviewer)."""
        account = self._member(handle)
        stream = reviewer_stream(account.user_id)
        for _ in range(_RETRIES):
            events = self._store.read_stream(stream)
            if not events or not isinstance(events[-1].event, ReviewerAppointed):
                raise ReviewerRefused(f"@{account.handle} is not a reviewer")
            try:
                self._store.append(stream, [ReviewerDismissed(user_id=account.user_id, by=_by(context))],
                                   len(events), context=context)
            except ConcurrencyError:
                continue
            return account.handle
        raise ReviewerRefused("the reviewers changed too often at once; try again")

    def reviewers(self) -> list[ReviewerView]:
        """The reviewers, longest serving first (read model)."""
        with Session(self._store.engine) as session:
            rows = session.exec(select(ReviewerRow).order_by(col(ReviewerRow.appointed_at))).all()
        accounts = self._directory.handles([r.user_id for r in rows])
        return [ReviewerView(handle=accounts[r.user_id].handle, appointed_at=as_utc(r.appointed_at))
                for r in rows if r.user_id in accounts]

    def is_reviewer(self, user_id: str) -> bool:
        """Whether the member is a reviewer now (from their stream: an appointment or dismissal
        a moment ago counts)."""
        version = self._store.stream_version(reviewer_stream(user_id))
        if not version:
            return False
        last = self._store.read_stream(reviewer_stream(user_id), version - 1)
        return isinstance(last[-1].event, ReviewerAppointed) and not account_deleted(self._store, user_id)

    def _member(self, handle: str):  # noqa: ANN202 - social.tables.Account
        account = self._directory.by_handle(normalise_handle(handle.strip().removeprefix("@")))
        if account is None:
            raise ReviewerRefused(f"no member is called @{handle.strip().removeprefix('@')}")
        return account

    # -- the appellant ----------------------------------------------------------------------

    def appeal(self, user_id: str, generation_id: str, note: str = "", *,
               context: Context | None = None) -> AppealView:
        """Ask a reviewer to look again at one's generation that the prompt check blocked.
        Raises GenerationUnknown (none such of theirs), NotAppealable (not blocked by the prompt
        check, or blocked longer than APPEAL_WINDOW ago), NeverAppealable, AlreadyAppealed,
        InvalidReview (the note), TooManyAppeals."""
        note = clean_note(note)
        stream = self._store.read_stream(generation_stream(generation_id))
        state = fold(stream)
        if state is None or state.request.user_id != user_id:
            raise GenerationUnknown(f"you have no generation {generation_id!r}")
        blocked = stream[-1] if stream and isinstance(stream[-1].event, PromptBlocked) else None
        appeal_id = appeal_id_of(generation_id)
        if self._store.stream_version(appeal_stream(generation_id)):
            raise AlreadyAppealed(f"generation {generation_id!r} was appealed already (appeal {appeal_id}): "
                                  "each generation is appealed once", appeal_id=appeal_id)
        if blocked is None:
            raise NotAppealable(_not_blocked(state.status))
        verdict = blocked.event
        if verdict.category in UNAPPEALABLE:
            raise NeverAppealable("this block is never reviewed: " + verdict.message)
        if self._clock() - blocked.recorded_at > APPEAL_WINDOW:
            raise NotAppealable(f"a block is appealed within {APPEAL_WINDOW.days} days; this one was on "
                                f"{blocked.recorded_at:%Y-%m-%d}")
        self._within_rate(user_id)
        filed = AppealFiled(appeal_id=appeal_id, generation_id=generation_id, appellant_id=user_id, note=note,
                            category=verdict.category, teen=state.request.teen)
        try:
            self._store.append(appeal_stream(generation_id), [filed], NO_STREAM, context=context)
        except ConcurrencyError:  # the same appeal sent twice at once
            raise AlreadyAppealed(f"generation {generation_id!r} was appealed already (appeal {appeal_id})",
                                  appeal_id=appeal_id) from None
        return self._appeal_view(generation_id)

    def _within_rate(self, user_id: str) -> None:
        """Raise TooManyAppeals where the member filed APPEALS_PER_DAY in the last day."""
        now = self._clock()
        with Session(self._store.engine) as session:
            recent = session.exec(select(AppealRow.filed_at).where(
                AppealRow.appellant_id == user_id, AppealRow.filed_at > now - timedelta(days=1))
                .order_by(col(AppealRow.filed_at).desc()).limit(APPEALS_PER_DAY)).all()
        if len(recent) >= APPEALS_PER_DAY:
            wait = max(1, math.ceil((as_utc(recent[-1]) + timedelta(days=1) - now).total_seconds()))
            raise TooManyAppeals(f"you filed {APPEALS_PER_DAY} appeals within a day; the next may come in "
                                 f"{math.ceil(wait / 3600)} hours", retry_after_s=wait)

    def appeals(self, user_id: str, *, limit: int = 50, offset: int = 0) -> list[AppealView]:
        """The member's appeals, newest first."""
        with Session(self._store.engine) as session:
            rows = session.exec(select(AppealRow).where(AppealRow.appellant_id == user_id)
                                .order_by(col(AppealRow.filed_at).desc(), col(AppealRow.appeal_id))
                                .offset(offset).limit(limit)).all()
        return [self._appeal_view(r.generation_id) for r in rows]

    def appeal_of(self, user_id: str, appeal_id: str) -> AppealView:
        """One of the member's appeals. Raises AppealNotFound."""
        generation_id = self._generation_of(appeal_id)
        view = self._appeal_view(generation_id) if generation_id else None
        if view is None or self._case(generation_id)[0].event.appellant_id != user_id:
            raise AppealNotFound(f"you have no appeal {appeal_id!r}")
        return view

    # -- reviewers --------------------------------------------------------------------------

    def queue(self, reviewer_id: str, *, status: str = "open", limit: int = 50, offset: int = 0) -> list[ReviewCase]:
        """Appeals for the reviewer: `open` ones oldest first (the longest waiting), or `decided`
        ones newest first; never their own. Raises NotAReviewer, InvalidReview (status)."""
        self._require_reviewer(reviewer_id)
        if status not in ("open", "decided"):
            raise InvalidReview("status is 'open' or 'decided'")
        query = select(AppealRow).where(AppealRow.appellant_id != reviewer_id)
        if status == "open":
            query = query.where(AppealRow.status == "open").order_by(col(AppealRow.filed_at), col(AppealRow.appeal_id))
        else:
            query = query.where(AppealRow.status != "open").order_by(col(AppealRow.decided_at).desc(),
                                                                     col(AppealRow.appeal_id))
        with Session(self._store.engine) as session:
            rows = session.exec(query.offset(offset).limit(limit)).all()
        return [case for r in rows if (case := self._review_case(r.generation_id)) is not None]

    def case(self, reviewer_id: str, appeal_id: str) -> ReviewCase:
        """One appeal, as a reviewer reads it. Raises NotAReviewer, AppealNotFound."""
        self._require_reviewer(reviewer_id)
        generation_id = self._generation_of(appeal_id)
        case = self._review_case(generation_id) if generation_id else None
        if case is None:
            raise AppealNotFound(f"there is no appeal {appeal_id!r}")
        return case

    def decide(self, reviewer_id: str, appeal_id: str, outcome: str, note: str = "", *,
               context: Context | None = None) -> ReviewCase:
        """Decide an open appeal: `overturn` (the generation runs on from sampling) or `uphold`.
        Raises NotAReviewer, InvalidReview (outcome, note), AppealNotFound (none such, or its
        appellant deleted their account), OwnAppeal, AlreadyDecided."""
        self._require_reviewer(reviewer_id)
        if outcome not in OUTCOMES:
            raise InvalidReview("outcome is 'overturn' (the block was wrong: the generation is made) "
                                "or 'uphold' (it stays blocked)")
        note = clean_note(note)
        generation_id = self._generation_of(appeal_id)
        if generation_id is None:
            raise AppealNotFound(f"there is no appeal {appeal_id!r}")
        for _ in range(_RETRIES):
            filed, decided, version = self._case(generation_id)
            appellant = filed.event.appellant_id
            if account_deleted(self._store, appellant):
                raise AppealNotFound(f"appeal {appeal_id!r} was withdrawn: its account was deleted")
            if appellant == reviewer_id:
                raise OwnAppeal("a reviewer does not decide their own appeal")
            if decided is not None:
                raise AlreadyDecided(f"appeal {appeal_id!r} was decided already ({decided.event.outcome})")
            writes = [StreamWrite(appeal_stream(generation_id), [ReviewDecided(
                appeal_id=appeal_id, generation_id=generation_id, appellant_id=appellant, reviewer_id=reviewer_id,
                outcome=OUTCOMES[outcome], note=note)], version)]
            if outcome == "overturn":
                stream = self._store.read_stream(generation_stream(generation_id))
                state = fold(stream)
                if state is None or not isinstance(stream[-1].event, PromptBlocked):
                    raise AlreadyDecided(f"generation {generation_id!r} is no longer blocked ({state and state.status})")
                writes.append(StreamWrite(generation_stream(generation_id), [BlockOverturned(
                    generation_id=generation_id, owner_id=appellant, appeal_id=appeal_id,
                    reviewer_id=reviewer_id)], state.version))
            try:
                self._store.append_many(writes, context=context)
            except ConcurrencyError:
                continue  # decided (or the generation changed) meanwhile: read again
            return self.case(reviewer_id, appeal_id)
        raise AlreadyDecided(f"appeal {appeal_id!r} changed too often at once; read it again")

    def _require_reviewer(self, user_id: str) -> None:
        if not self.is_reviewer(user_id):
            raise NotAReviewer("only reviewers read and decide appeals")

    # -- reading ----------------------------------------------------------------------------

    def _generation_of(self, appeal_id: str) -> str | None:
        """The generation an appeal is about (read model), None for no such appeal."""
        with Session(self._store.engine) as session:
            row = session.get(AppealRow, appeal_id) if _is_uuid(appeal_id) else None
            return row.generation_id if row is not None else None

    def _case(self, generation_id: str) -> tuple[RecordedEvent, RecordedEvent | None, int]:
        """The appeal's filing, its decision (None while open), and its stream's version."""
        events = self._store.read_stream(appeal_stream(generation_id))
        decided = next((e for e in events if isinstance(e.event, ReviewDecided)), None)
        return events[0], decided, events[-1].version

    def _appeal_view(self, generation_id: str) -> AppealView | None:
        stream = self._store.read_stream(generation_stream(generation_id))
        blocked = next((e.event for e in stream if isinstance(e.event, PromptBlocked)), None)
        if blocked is None:
            return None
        filed, decided, _ = self._case(generation_id)
        return AppealView(
            appeal_id=filed.event.appeal_id, generation_id=generation_id,
            status=decided.event.outcome if decided else "open", category=blocked.category, message=blocked.message,
            note=filed.event.note, filed_at=filed.recorded_at,
            decided_at=decided.recorded_at if decided else None, answer=decided.event.note if decided else None,
        )

    def _review_case(self, generation_id: str) -> ReviewCase | None:
        """The case as reviewers read it; None where the appellant's account is gone."""
        stream = self._store.read_stream(generation_stream(generation_id))
        if not stream:
            return None
        events = [e.event for e in stream]
        request = events[0]
        assert isinstance(request, GenerationRequested)
        if account_deleted(self._store, request.user_id):
            return None
        blocked = next(e for e in events if isinstance(e, PromptBlocked))
        rewrite = next((e for e in events if isinstance(e, PromptRewritten)), None)
        filed, decided, _ = self._case(generation_id)
        by = None
        if decided is not None:
            account = self._directory.by_id(decided.event.reviewer_id)
            by = account.handle if account is not None else None
        return ReviewCase(
            appeal_id=filed.event.appeal_id, generation_id=generation_id,
            status=decided.event.outcome if decided else "open", filed_at=filed.recorded_at,
            prompt=request.prompt, shot_prompts=tuple(request.shot_prompts), style=request.style,
            caption=rewrite.caption if rewrite is not None else None, category=blocked.category,
            layer=blocked.layer, message=blocked.message, teen=filed.event.teen, note=filed.event.note,
            decided_at=decided.recorded_at if decided else None, answer=decided.event.note if decided else None,
            decided_by=by,
        )


def _not_blocked(status: str) -> str:
    if status == "blocked":
        return "only a block by the prompt check is appealed: the finished clip failed a measured check " \
               "(flashing, blank or noisy frames, sound levels), which a reviewer cannot change"
    return f"only a generation the prompt check blocked is appealed; this one is {status}"


def _by(context: Context | None) -> str:
    return (context.actor if context is not None and context.actor else None) or "operator"


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


