"""The review desk: members appeal a generation the prompt check blocked; reviewers, whom the
operator appoints, read the blocked request and decide; an overturned block lets the chain check
the prompt again without the overturned category and run the generation on.

Rules (all here):
- Only a generation blocked by the prompt check is appealed, by its owner, once, within
  APPEAL_WINDOW of the block; a member files at most APPEALS_PER_DAY appeals in a day (a
  blocked generation costs no quota, so nothing else bounds them). Appeals are counted in the
  member's own stream, appended at the version read, so requests at once cannot pass either
  rule. The output checks measure (flashes, blank or noise frames, sound levels) rather than
  judge, so their blocks are not appealed. A block for sexual content involving minors is never
  reviewed (UNAPPEALABLE), nor waived by an overturn of another category.
- A reviewer is an adult member the operator appointed (`reelworld admin reviewer add`). They
  see the request (prompt, shots, style, what the rewriter made of it), the check's verdict and
  the appellant's note, not who asked; they never read or decide their own appeal, nor one
  about a video of their own likeness.
- A decision is recorded once: ReviewDecided, and for an overturn BlockOverturned on the
  generation's stream in the same transaction, so a crash never leaves one without the other.
  The overturned generation runs without taking a quota slot again, and still passes every
  later check (the prompt check for every other category, likeness consent before each step,
  the output checks).
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

import msgspec
from sqlmodel import Session, col, select

from events import NO_STREAM, ConcurrencyError, Context, RecordedEvent, SqlEventStore, StreamWrite
from events.generation import BlockOverturned, GenerationRequested, MediaErased, PromptBlocked, PromptRewritten
from events.review import (
    AppealFiled,
    ReviewDecided,
    ReviewerAppointed,
    ReviewerDismissed,
    appeals_stream,
    reviewer_stream,
)
from generation.jobs.service import generation_stream
from generation.jobs.state import GenerationState, fold
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
    ReviewError,
    ReviewerRefused,
    TooManyAppeals,
)
from safety.review.tables import AppealRow, ReviewerRow
from safety.review.views import AppealStanding, AppealView, ReviewCase, ReviewerView
from social import Directory
from social.accounts import account_deleted
from social.tables import as_utc
from social.rules import is_teen, normalise_handle, rate_wait, utc_day

APPEAL_WINDOW = timedelta(days=30)
"""How long after a block its generation may be appealed."""
MAX_NOTE = 1000
APPEALS_PER_DAY = 10
UNAPPEALABLE = frozenset({"sexual_minors"})
"""Prompt-check categories whose blocks no reviewer may overturn."""
OUTCOMES = {"overturn": "overturned", "uphold": "upheld"}
"""A reviewer's word for a decision, and the outcome it records."""
_APPEAL_IDS = uuid.UUID("8d3c1f62-4b0e-4c8a-9e5d-526576696577")
_RETRIES = 5
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def appeal_id_of(generation_id: str) -> str:
    """The id of a generation's appeal: fixed by the generation, so never two."""
    return str(uuid.uuid5(_APPEAL_IDS, generation_id))


def clean_note(note: str | None) -> str:
    """The note as recorded: trimmed, at most MAX_NOTE characters, control characters other
    than line breaks and tabs refused, and the bidirectional controls that would show a reader
    other words than were written. Raises InvalidReview."""
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidReview(f"a note is at most {MAX_NOTE} characters (this one has {len(note)})")
    if any(unicodedata.category(c) == "Cc" and c not in "\n\t\r" for c in note):
        raise InvalidReview("a note may not hold control characters")
    if any(c in _BIDI_CONTROLS for c in note):  # they would show the reader other words than were written
        raise InvalidReview("a note may not hold characters that reorder the text (bidirectional controls)")
    return note


class ReviewDesk:
    """Appeals, reviewers and their decisions."""

    def __init__(self, store: SqlEventStore, directory: Directory, *, clock: Callable[[], datetime]) -> None:
        self._store, self._directory, self._clock = store, directory, clock

    # -- the operator -----------------------------------------------------------------------

    def appoint(self, handle: str, *, context: Context | None = None) -> ReviewerView:
        """Make the member called `handle` a reviewer (nothing new when they are one). Raises
        ReviewerRefused (a teen), social's NotFound (no such member)."""
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
                                              events[-1].version if events else NO_STREAM, context=context)
            except ConcurrencyError:
                continue
            return ReviewerView(handle=account.handle, appointed_at=recorded[-1].recorded_at)
        raise ReviewerRefused("the reviewers changed too often at once; try again")

    def dismiss(self, handle: str, *, context: Context | None = None) -> str:
        """The member called `handle` stops being a reviewer; their handle as registered.
        Raises ReviewerRefused (not a reviewer), social's NotFound (no such member)."""
        account = self._member(handle)
        stream = reviewer_stream(account.user_id)
        for _ in range(_RETRIES):
            events = self._store.read_stream(stream)
            if not events or not isinstance(events[-1].event, ReviewerAppointed):
                raise ReviewerRefused(f"@{account.handle} is not a reviewer")
            try:
                self._store.append(stream, [ReviewerDismissed(user_id=account.user_id, by=_by(context))],
                                   events[-1].version, context=context)
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
        last = self._store.last_event(reviewer_stream(user_id))
        appointed = last is not None and isinstance(last.event, ReviewerAppointed)
        return appointed and not account_deleted(self._store, user_id)

    def _member(self, handle: str):  # noqa: ANN202 - social.tables.Account
        """The member called `handle` (with or without '@'). Raises social's InvalidInput, NotFound."""
        return self._directory.require_handle(normalise_handle(handle.strip().removeprefix("@")))

    # -- the appellant ----------------------------------------------------------------------

    def appeal(self, user_id: str, generation_id: str, note: str = "", *,
               context: Context | None = None) -> AppealView:
        """Ask a reviewer to look again at one's generation that the prompt check blocked.
        Raises GenerationUnknown (none such of theirs), NotAppealable (not blocked by the prompt
        check, or blocked longer than APPEAL_WINDOW ago), NeverAppealable, AlreadyAppealed,
        InvalidReview (the note), TooManyAppeals."""
        note = clean_note(note)
        stream = self._store.read_stream(generation_stream(generation_id))
        state, blocked = _blocked(stream, user_id, generation_id)
        for _ in range(_RETRIES):
            mine = _Appeals.read(self._store, user_id)
            if (refusal := self._refusal(state, blocked, mine)) is not None:
                raise refusal
            self._within_rate(mine)
            filed = AppealFiled(appeal_id=appeal_id_of(generation_id), generation_id=generation_id,
                                appellant_id=user_id, note=note)
            try:
                self._store.append(appeals_stream(user_id), [filed], mine.version, context=context)
            except ConcurrencyError:  # another appeal of theirs at the same moment: decide again
                continue
            return _appeal_view(stream, _Appeals.read(self._store, user_id))
        raise TooManyAppeals("too many appeals at once; try again in a moment", retry_after_s=1)

    def standing(self, user_id: str, generation_id: str) -> AppealStanding | None:
        """Where the member's generation stands as to appeals: its appeal, or whether it may be
        appealed now (and why not); None for a generation that was neither blocked by the
        prompt check nor appealed. Raises GenerationUnknown."""
        state, blocked = _blocked(self._store.read_stream(generation_stream(generation_id)), user_id, generation_id)
        mine = _Appeals.read(self._store, user_id)
        appeal_id = appeal_id_of(generation_id)
        if appeal_id in mine.cases:
            return AppealStanding(appealable=False, appeal_id=appeal_id, status=mine.status(appeal_id))
        if blocked is None:
            return None
        refusal = self._refusal(state, blocked, mine)
        return AppealStanding(appealable=refusal is None, reason=refusal.detail if refusal else None)

    def _refusal(self, state: GenerationState, blocked: RecordedEvent | None, mine: _Appeals) -> ReviewError | None:
        """Why the generation may not be appealed (None: it may), the daily limit aside."""
        generation_id = state.request.generation_id
        if (appeal_id := appeal_id_of(generation_id)) in mine.cases:
            return AlreadyAppealed(f"generation {generation_id!r} was appealed already (appeal {appeal_id}): "
                                   "each generation is appealed once", appeal_id=appeal_id)
        if blocked is None:
            return NotAppealable(_not_blocked(state.status))
        if blocked.event.category in UNAPPEALABLE:
            return NeverAppealable("this block is never reviewed: " + blocked.event.message)
        if self._clock() - blocked.recorded_at > APPEAL_WINDOW:
            return NotAppealable(f"a block is appealed within {APPEAL_WINDOW.days} days; this one was on "
                                 f"{blocked.recorded_at:%Y-%m-%d}")
        return None

    def _within_rate(self, mine: _Appeals) -> None:
        """Raise TooManyAppeals where the member's appeals stream holds APPEALS_PER_DAY filed
        within the last day (read from the log, at the version the append will expect)."""
        filed = sorted(filed.recorded_at for filed, _ in mine.cases.values())
        if (wait := rate_wait(filed, APPEALS_PER_DAY, timedelta(days=1), self._clock())) is not None:
            raise TooManyAppeals(f"you filed {APPEALS_PER_DAY} appeals within a day; the next may come in "
                                 f"{math.ceil(wait / 3600)} hours", retry_after_s=wait)

    def appeals(self, user_id: str, *, limit: int = 50, offset: int = 0) -> list[AppealView]:
        """The member's appeals, newest first."""
        with Session(self._store.engine) as session:
            rows = session.exec(select(AppealRow).where(AppealRow.appellant_id == user_id)
                                .order_by(col(AppealRow.filed_at).desc(), col(AppealRow.appeal_id))
                                .offset(offset).limit(limit)).all()
        mine = _Appeals.read(self._store, user_id)  # once for the page
        return [_appeal_view(self._store.read_stream(generation_stream(r.generation_id)), mine) for r in rows]

    def appeal_of(self, user_id: str, appeal_id: str) -> AppealView:
        """One of the member's appeals. Raises AppealNotFound."""
        row = self._row(appeal_id)
        if row is None or row.appellant_id != user_id:
            raise AppealNotFound(f"you have no appeal {appeal_id[:100]!r}")
        return _appeal_view(self._store.read_stream(generation_stream(row.generation_id)),
                            _Appeals.read(self._store, user_id))

    # -- reviewers --------------------------------------------------------------------------

    def queue(self, reviewer_id: str, *, status: str = "open", limit: int = 50, offset: int = 0) -> list[ReviewCase]:
        """Appeals for the reviewer: `open` ones oldest first (the longest waiting), or `decided`
        ones newest first; never their own, nor one about a video of their own likeness.
        Raises NotAReviewer, InvalidReview (status)."""
        self.require_reviewer(reviewer_id)
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
        return [case for r in rows if (case := self._review_case(reviewer_id, r)) is not None]

    def case(self, reviewer_id: str, appeal_id: str) -> ReviewCase:
        """One appeal, as a reviewer reads it (not their own, nor one about a video of their own
        likeness: those are theirs to leave to others). Raises NotAReviewer, AppealNotFound."""
        self.require_reviewer(reviewer_id)
        row = self._row(appeal_id)
        case = self._review_case(reviewer_id, row) if row is not None else None
        if case is None:
            raise AppealNotFound(f"there is no appeal {appeal_id[:100]!r} for you to review")
        return case

    def decide(self, reviewer_id: str, appeal_id: str, outcome: str, note: str = "", *,
               context: Context | None = None) -> ReviewCase:
        """Decide an open appeal: `overturn` (the generation runs on, its prompt checked again with
        the overturned category waived) or `uphold`. Raises NotAReviewer, InvalidReview (outcome,
        note), AppealNotFound (none such, or its appellant deleted their account), OwnAppeal
        (theirs, or a video of their likeness), AlreadyDecided."""
        self.require_reviewer(reviewer_id)
        if outcome not in OUTCOMES:
            raise InvalidReview("outcome is 'overturn' (the block was wrong: the generation is made) "
                                "or 'uphold' (it stays blocked)")
        note = clean_note(note)
        row = self._row(appeal_id)
        if row is None:
            raise AppealNotFound(f"there is no appeal {appeal_id[:100]!r}")
        appellant, generation_id = row.appellant_id, row.generation_id
        for _ in range(_RETRIES):
            if account_deleted(self._store, appellant):
                raise AppealNotFound(f"appeal {appeal_id!r} was withdrawn: its account was deleted")
            state, blocked = _blocked(self._store.read_stream(generation_stream(generation_id)), appellant,
                                      generation_id)
            if appellant == reviewer_id or reviewer_id in state.request.cast:
                raise OwnAppeal("a reviewer does not decide their own appeal, nor one about a video of their likeness")
            mine = _Appeals.read(self._store, appellant)
            if mine.status(appeal_id) != "open":
                raise AlreadyDecided(f"appeal {appeal_id!r} was decided already ({mine.status(appeal_id)})")
            writes = [StreamWrite(appeals_stream(appellant), [ReviewDecided(
                appeal_id=appeal_id, generation_id=generation_id, appellant_id=appellant, reviewer_id=reviewer_id,
                outcome=OUTCOMES[outcome], note=note)], mine.version)]
            if outcome == "overturn":
                if blocked is None:  # cancelled or erased with its account meanwhile
                    raise AlreadyDecided(f"generation {generation_id!r} is no longer blocked ({state.status})")
                writes.append(StreamWrite(generation_stream(generation_id), [BlockOverturned(
                    generation_id=generation_id, owner_id=appellant, appeal_id=appeal_id, reviewer_id=reviewer_id,
                    category=blocked.event.category)], state.version))
            try:
                self._store.append_many(writes, context=context)
            except ConcurrencyError:
                continue  # decided (or the generation changed) meanwhile: read again
            return self.case(reviewer_id, appeal_id)
        raise AlreadyDecided(f"appeal {appeal_id!r} changed too often at once; read it again")

    def require_reviewer(self, user_id: str) -> None:
        """Raises NotAReviewer unless the member is a reviewer now."""
        if not self.is_reviewer(user_id):
            raise NotAReviewer("only reviewers read and decide appeals")

    # -- reading ----------------------------------------------------------------------------

    def _row(self, appeal_id: str) -> AppealRow | None:
        """The appeal's row in the read model (who filed it, about which generation)."""
        if not is_uuid(appeal_id):
            return None
        with Session(self._store.engine) as session:
            return session.get(AppealRow, appeal_id)

    def _review_case(self, reviewer_id: str, row: AppealRow) -> ReviewCase | None:
        """The case as the reviewer reads it; None where it is not theirs to read (their own
        appeal, a video of their likeness) or the appellant's account is gone."""
        stream = self._store.read_stream(generation_stream(row.generation_id))
        if not stream or row.appellant_id == reviewer_id:
            return None
        events = [e.event for e in stream]
        request = events[0]
        assert isinstance(request, GenerationRequested)
        if reviewer_id in request.cast or account_deleted(self._store, request.user_id):
            return None
        blocked = next(e for e in events if isinstance(e, PromptBlocked))
        rewrite = next((e for e in events if isinstance(e, PromptRewritten)), None)
        filed, decided = _Appeals.read(self._store, row.appellant_id).cases[row.appeal_id]
        by = None
        if decided is not None:
            account = self._directory.by_id(decided.event.reviewer_id)
            by = account.handle if account is not None else None
        return ReviewCase(
            appeal_id=row.appeal_id, generation_id=row.generation_id,
            status=decided.event.outcome if decided else "open", filed_at=filed.recorded_at,
            prompt=request.prompt, shot_prompts=tuple(request.shot_prompts), style=request.style,
            caption=rewrite.caption if rewrite is not None else None, category=blocked.category,
            layer=blocked.layer, message=blocked.message, teen=request.teen, note=filed.event.note,
            decided_at=decided.recorded_at if decided else None, answer=decided.event.note if decided else None,
            decided_by=by,
        )


class _Appeals(msgspec.Struct, frozen=True):
    """A member's appeals stream folded: appeal id -> (its filing, its decision or None), and
    the stream's version (what an append to it expects)."""

    cases: dict[str, tuple[RecordedEvent, RecordedEvent | None]]
    version: int

    @classmethod
    def read(cls, store: SqlEventStore, appellant_id: str) -> _Appeals:
        cases: dict[str, tuple[RecordedEvent, RecordedEvent | None]] = {}
        events = store.read_stream(appeals_stream(appellant_id))
        for recorded in events:
            match recorded.event:
                case AppealFiled(appeal_id=appeal_id):
                    cases[appeal_id] = (recorded, None)
                case ReviewDecided(appeal_id=appeal_id):
                    cases[appeal_id] = (cases[appeal_id][0], recorded)
        return cls(cases, events[-1].version if events else 0)

    def status(self, appeal_id: str) -> str:
        decided = self.cases[appeal_id][1]
        return decided.event.outcome if decided is not None else "open"


def _blocked(stream: list[RecordedEvent], user_id: str,
             generation_id: str) -> tuple[GenerationState, RecordedEvent | None]:
    """The member's generation folded from `stream`, and its PromptBlocked where that is how it
    ended (None otherwise). The clean-up of an ended generation's media (MediaErased) after it
    does not count: a prompt block made none. Raises GenerationUnknown."""
    state = fold(stream)
    if state is None or state.request.user_id != user_id:
        raise GenerationUnknown(f"you have no generation {generation_id[:100]!r}")
    ended = [e for e in stream if not isinstance(e.event, MediaErased)]
    return state, ended[-1] if isinstance(ended[-1].event, PromptBlocked) else None


def _appeal_view(stream: list[RecordedEvent], mine: _Appeals) -> AppealView:
    """An appeal as its appellant sees it, from its generation's stream and their appeals."""
    generation_id = stream[0].event.generation_id
    blocked = next(e.event for e in stream if isinstance(e.event, PromptBlocked))
    appeal_id = appeal_id_of(generation_id)
    filed, decided = mine.cases[appeal_id]
    return AppealView(
        appeal_id=appeal_id, generation_id=generation_id, status=mine.status(appeal_id), category=blocked.category,
        message=blocked.message, note=filed.event.note, filed_at=filed.recorded_at,
        decided_at=decided.recorded_at if decided else None, answer=decided.event.note if decided else None,
    )


def _not_blocked(status: str) -> str:
    if status == "blocked":
        return "only a block by the prompt check is appealed: the finished clip failed a measured check " \
               "(flashing, blank or noisy frames, sound levels), which a reviewer cannot change"
    return f"only a generation the prompt check blocked is appealed; this one is {status}"


def _by(context: Context | None) -> str:
    return (context.actor if context is not None and context.actor else None) or "operator"


def is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


