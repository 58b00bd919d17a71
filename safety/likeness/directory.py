"""The directory of characters: made from captures, used only with their owners' leave.

Commands append to the owner's `characters-<owner_id>` stream at the version read (events
.characters), guarded at the owner's account version where they make or change something, so
two captures at once make one character and nothing is made for an account being deleted.
Features are sealed under the character's own vault subject; removal shreds that key first.
Queries and `check_use` read the read models (safety.likeness.tables and social.tables: follows,
accounts, parental controls); the directory catches its read model up after each command, so a
narrower audience or a removal holds for every later check at once (and a guardian's control:
social.guardians catches its read model up after each change). The consent rules live in
safety.likeness.rules.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import msgspec
from sqlalchemy import and_, not_, or_, select
from sqlmodel import Session

from events import ConcurrencyError, Context, KeyVault, Projector, SqlEventStore, StreamWrite, SubjectForgotten
from events.characters import (
    CharacterAudienceSet,
    CharacterCaptured,
    CharacterRecaptured,
    CharacterRemoved,
    character_subject,
    characters_stream,
)
from events.clock import Clock
from events.vault import Sealed
from generation.jobs.characters import CaptureFeatures, CharacterUnavailable, Likeness
from safety.likeness.errors import (
    AccountGone,
    CaptureBusy,
    CaptureTooLarge,
    CaptureUnusable,
    CharacterBusy,
    CharacterExists,
    CharacterNotFound,
    NoCharacter,
    TooManyCaptures,
    UnknownHandles,
)
from safety.likeness.projections import CharactersProjection
from safety.likeness.rules import Party, check_audience, may_use, normalise_name
from safety.likeness.state import CharactersState, LiveCharacter, fold
from safety.likeness.tables import CharacterApproval, CharacterRow
from safety.likeness.views import CharacterView, UsableCharacter
from social import Directory, NotFound
from social.accounts import live_account_version, user_stream
from social.rules import is_teen, rate_wait, teen_clause, utc_day
from social.follows import mutual_ids
from social.tables import Account, ParentalControls, as_utc

log = logging.getLogger(__name__)

_RETRIES = 5
CAPTURES_PER_HOUR = 10
"""Captures and re-captures one member may upload in an hour (each is a few hundred ms of ffmpeg)."""
CAPTURE_WAIT_S = 30.0
"""How long an upload waits for a capture reader before it is a 503."""
_READERS = threading.BoundedSemaphore(max(1, os.cpu_count() or 1))
"""Captures read at once in this process: one per core, so uploads queue instead of crowding
out the API's other work."""


_features_decoder = msgspec.json.Decoder(CaptureFeatures)
_sealed_decoder = msgspec.json.Decoder(Sealed)
_json = msgspec.json.Encoder()


def _capture_rules() -> tuple[Callable[[bytes], CaptureFeatures], int, type[Exception]]:
    """generation.capture's analyser, size limit and refusal (imported on first use: it loads the
    model's conditioning, which a process that never reads a capture does without)."""
    from generation.capture import MAX_CAPTURE_BYTES, CaptureRejected, analyse_capture

    return analyse_capture, MAX_CAPTURE_BYTES, CaptureRejected


class CharacterDirectory:
    """Characters: capture, re-capture, audience, removal; listings; `check_use` (the
    generation.jobs.Characters port)."""

    def __init__(self, store: SqlEventStore, vault: KeyVault, directory: Directory, *, clock: Clock,
                 analyse: Callable[[bytes], CaptureFeatures] | None = None, new_id: Callable[[], uuid.UUID] = uuid.uuid4) -> None:
        """`analyse`: capture bytes -> CaptureFeatures, raising generation.capture.CaptureRejected
        (default: generation.capture.analyse_capture)."""
        self._store, self._vault, self._directory = store, vault, directory
        self._clock, self._new_id = clock, new_id
        self._analyse = analyse
        self._projector = Projector(store, CharactersProjection())

    # -- commands --------------------------------------------------------------------------

    def capture(self, owner_id: str, data: bytes, *, audience: str = "only_me", approved: Sequence[str] = (),
                context: Context | None = None) -> CharacterView:
        """Make the member's character from `data` (an MP4, MOV or WebM capture), open to
        `audience` (`approved`: handles, with audience "approved").

        Raises InvalidAudience, AudienceNotAllowed, UnknownHandles, CharacterExists (one
        character per member), CaptureTooLarge, CaptureUnusable (the analyser's sentence),
        AccountGone.
        """
        account, owner = self._member(owner_id)
        check_audience(audience, approved, owner_is_teen=owner.is_teen)
        approved_ids = self._resolve(approved, owner_id)
        state = self._state(owner_id)
        self._require_none(state)
        self._within_rate(state)
        features = self._features(data)
        character_id = str(self._new_id())
        subject = character_subject(character_id)
        sealed = self._vault.seal(subject, _json.encode(features))
        captured = CharacterCaptured(character_id=character_id, owner_id=owner_id, name=account.handle,
                                     features=sealed, captured_at=self._clock())
        audience_set = CharacterAudienceSet(character_id=character_id, owner_id=owner_id, audience=audience,
                                            approved=approved_ids)

        def made(state: CharactersState) -> list:
            self._require_none(state)  # another capture won the race
            return [captured, audience_set]

        try:
            self._append(owner_id, made, context, catch_up=False)
        except BaseException:
            self._vault.shred(subject)  # the key of a character that never was
            raise
        self._projector.catch_up()  # outside: a character recorded keeps its key whatever this raises
        return self._own_or_gone(owner_id)

    def recapture(self, owner_id: str, data: bytes, *, context: Context | None = None) -> CharacterView:
        """Replace the features of the member's character with those of a new capture; its
        id, name and audience stay. Raises NoCharacter, CaptureTooLarge, CaptureUnusable, AccountGone."""
        self._member(owner_id)
        state = self._state(owner_id)
        first = self._require_live(state)
        self._within_rate(state)
        features = self._features(data)
        try:
            sealed = self._vault.seal(character_subject(first.character_id), _json.encode(features))
        except SubjectForgotten:  # removed while the capture was read
            raise NoCharacter(_NO_CHARACTER) from None

        def recaptured(state: CharactersState) -> list:
            if self._require_live(state).character_id != first.character_id:
                raise CharacterBusy("your character was removed and made again meanwhile; try again")
            return [CharacterRecaptured(character_id=first.character_id, owner_id=owner_id, features=sealed,
                                        captured_at=self._clock())]

        self._append(owner_id, recaptured, context)
        return self._own_or_gone(owner_id)

    def set_audience(self, owner_id: str, audience: str, approved: Sequence[str] = (), *,
                     context: Context | None = None) -> CharacterView:
        """Say who may use the member's character from now on. Narrowing it revokes at once:
        every later check (a generation's request, its sampling, its speech) sees it.

        Raises InvalidAudience, AudienceNotAllowed, UnknownHandles, NoCharacter, AccountGone.
        """
        _, owner = self._member(owner_id)
        check_audience(audience, approved, owner_is_teen=owner.is_teen)
        approved_ids = self._resolve(approved, owner_id)

        def audience_set(state: CharactersState) -> list:
            live = self._require_live(state)
            if (live.audience, live.approved) == (audience, approved_ids):
                return []
            return [CharacterAudienceSet(character_id=live.character_id, owner_id=owner_id, audience=audience,
                                         approved=approved_ids)]

        self._append(owner_id, audience_set, context)
        return self._own_or_gone(owner_id)

    def remove(self, owner_id: str, *, context: Context | None = None) -> None:
        """Remove the member's character: its key is shredded (its features are unreadable
        for good, in the log too), then CharacterRemoved is recorded; the name is free for a
        new capture, which makes a new character. Raises NoCharacter."""
        def removed(state: CharactersState) -> list:
            live = self._require_live(state)
            self._vault.shred(character_subject(live.character_id))  # first: a retry finishes the job
            return [CharacterRemoved(character_id=live.character_id, owner_id=owner_id, reason="owner")]

        self._append(owner_id, removed, context)

    def _append(self, owner_id: str, decide: Callable[[CharactersState], list], context: Context | None, *,
                catch_up: bool = True) -> None:
        """Append what `decide` makes of the member's stream ([]: nothing) at the version read,
        while their account stays as read; decided again when either moved meanwhile. Then
        the read model is brought up to date (unless `catch_up` is False)."""
        for _ in range(_RETRIES):
            try:
                account_version = live_account_version(self._store, owner_id)
            except NotFound:
                raise AccountGone("this account no longer exists") from None
            state = self._state(owner_id)
            events = decide(state)
            if not events:
                return
            try:
                self._store.append_many([
                    StreamWrite(characters_stream(owner_id), events, state.version),
                    StreamWrite(user_stream(owner_id), [], account_version),
                ], context=context)
            except ConcurrencyError:
                continue
            if catch_up:
                self._projector.catch_up()
            return
        raise CharacterBusy("your character changed too often at once; try again")

    def _state(self, owner_id: str) -> CharactersState:
        return fold(self._store.read_stream(characters_stream(owner_id)))

    @staticmethod
    def _require_none(state: CharactersState) -> None:
        if state.live is not None:
            raise CharacterExists(
                "you already have a character: DELETE /v1/characters/me first, or re-capture it with "
                "PUT /v1/characters/me/capture")

    def _within_rate(self, state: CharactersState) -> None:
        """Raise TooManyCaptures where the member uploaded CAPTURES_PER_HOUR in the last hour."""
        wait = rate_wait(state.captures, CAPTURES_PER_HOUR, timedelta(hours=1), self._clock())
        if wait is not None:
            raise TooManyCaptures(f"you uploaded {CAPTURES_PER_HOUR} captures within the hour, the most there may be; "
                                  f"try again in {math.ceil(wait / 60)} minutes", retry_after_s=wait)

    @staticmethod
    def _require_live(state: CharactersState) -> LiveCharacter:
        if state.live is None:
            raise NoCharacter(_NO_CHARACTER)
        return state.live

    def _features(self, data: bytes) -> CaptureFeatures:
        analyse, limit, rejected = _capture_rules()
        analyse = self._analyse or analyse
        if len(data) > limit:
            raise CaptureTooLarge(f"a capture is at most {limit / 1e6:g} MB and this one is {len(data) / 1e6:.1f} MB: "
                                  "a few seconds of video is enough")
        if not _READERS.acquire(timeout=CAPTURE_WAIT_S):
            raise CaptureBusy("every capture reader is busy right now; upload it again in a minute")
        try:
            found = analyse(data)
        except rejected as error:
            raise CaptureUnusable(str(error)) from None
        finally:
            _READERS.release()
        return found

    def _member(self, user_id: str) -> tuple[Account, Party]:
        """The member's account and how the rules see them. Raises AccountGone."""
        account = self._directory.by_id(user_id)
        if account is None:
            raise AccountGone("this account no longer exists")
        return account, Party(user_id=user_id, is_teen=is_teen(account.birth_year, utc_day(self._clock())))

    def _resolve(self, handles: Sequence[str], owner_id: str) -> tuple[str, ...]:
        """User ids of `handles` (the owner's own left out: they always may), in the order
        given, each once. Raises UnknownHandles naming every handle no member has."""
        ids: dict[str, None] = {}
        unknown: list[str] = []
        for handle in dict.fromkeys(h.strip().removeprefix("@") for h in handles):
            account = self._directory.by_handle(handle)
            if account is None:
                unknown.append(handle)
            elif account.user_id != owner_id:
                ids[account.user_id] = None
        if unknown:  # named back as far as a handle can be long: what was sent may be anything
            shown = tuple(h if len(h) <= 30 else h[:30] + "..." for h in unknown)
            raise UnknownHandles("no member is called " + ", ".join(f"@{h}" for h in shown)
                                 + ": check the spelling, or leave them out", handles=shown)
        return tuple(ids)

    # -- queries ---------------------------------------------------------------------------

    def own(self, owner_id: str) -> CharacterView | None:
        """The member's own character; None when they have none."""
        with Session(self._store.engine) as session:
            row = session.execute(select(CharacterRow).where(CharacterRow.owner_id == owner_id)).scalars().first()
            if row is None:
                return None
            approved = session.execute(
                select(Account.handle).join(CharacterApproval, CharacterApproval.user_id == Account.user_id)
                .where(CharacterApproval.character_id == row.character_id).order_by(Account.handle_lower)
            ).scalars().all()
        features = self._open(row)
        if features is None:
            return None
        return CharacterView(
            character_id=row.character_id, name=row.name, colour=features.colour,
            voice_pitch=features.voice_pitch, voice_speed=features.voice_speed, audience=row.audience,
            approved=tuple(approved), created_at=as_utc(row.created_at), captured_at=as_utc(row.captured_at),
        )

    def mine(self, owner_id: str) -> CharacterView:
        """The member's own character. Raises NoCharacter (they have none)."""
        return self._own_or_gone(owner_id)

    def _own_or_gone(self, owner_id: str) -> CharacterView:
        view = self.own(owner_id)
        if view is None:  # removed between the append and this read
            raise NoCharacter(_NO_CHARACTER)
        return view

    def usable(self, user_id: str, *, limit: int = 100, offset: int = 0) -> list[UsableCharacter]:
        """The characters the member may use now, by name; one page of `limit` after `offset`
        (chosen and paged by the database: only the page's rows are read and opened)."""
        return [UsableCharacter(name=row.name, owner=row.name, colour=features.colour, own=row.owner_id == user_id)
                for row, features, _ in self._usable_rows(user_id, None, limit=limit, offset=offset)]

    def find(self, user_id: str, name: str) -> UsableCharacter:
        """The character `name` when the member may use it now. Raises CharacterNotFound (none
        such, or not theirs to use: one answer for both)."""
        key = normalise_name(name)
        for row, features, _ in self._usable_rows(user_id, [key] if key else []):
            return UsableCharacter(name=row.name, owner=row.name, colour=features.colour, own=row.owner_id == user_id)
        raise CharacterNotFound(f"there is no character {name!r} you may use")

    def check_use(self, user_id: str, names: tuple[str, ...]) -> tuple[Likeness, ...]:
        """The likeness of each character named (each once: a name given twice, in any case or
        with '@', gives one Likeness, where it first appears), when the member may use every
        one of them now. Raises CharacterUnavailable naming the first they may not (one message
        for "none such", "removed" and "not allowed")."""
        keys = {name: normalise_name(name) for name in names}
        wanted = [key for key in keys.values() if key is not None]
        usable = {row.name_lower: (row, features, teen) for row, features, teen in self._usable_rows(user_id, wanted)} \
            if wanted else {}
        likenesses: dict[str, Likeness] = {}
        for name, key in keys.items():
            if key is None or key not in usable:
                raise CharacterUnavailable(_unavailable(name))
            row, features, owner_is_teen = usable[key]
            likenesses.setdefault(key, Likeness(
                character_id=row.character_id, name=row.name, owner_id=row.owner_id, colour=features.colour,
                voice_pitch=features.voice_pitch, voice_speed=features.voice_speed,
                owner_is_teen=owner_is_teen,
            ))
        return tuple(likenesses.values())

    def _usable_rows(self, user_id: str, keys: list[str] | None, *, limit: int | None = None,
                     offset: int = 0) -> Iterable[tuple[CharacterRow, CaptureFeatures, bool]]:
        """(row, opened features, whether its owner is a teen today) of the characters `user_id`
        may use now, by name (not those whose key was shredded a moment ago); only those named
        by `keys` (lowercased names) unless None; the page of `limit` after `offset` where given. The database
        chooses them (`_may_use_clause`, safety.likeness.rules.may_use said in SQL, with each
        side's parental controls) and pages them, so a listing reads one page however many
        characters are open to everyone; may_use decides each row again."""
        today = utc_day(self._clock())
        with Session(self._store.engine) as session:
            found = session.execute(
                select(Account.birth_year, ParentalControls.characters_allowed)
                .outerjoin(ParentalControls, ParentalControls.teen_id == Account.user_id)
                .where(Account.user_id == user_id)).first()
            if found is None or (keys is not None and not keys):
                return
            viewer = _party(user_id, found.birth_year, found.characters_allowed, today)
            mutual = CharacterRow.owner_id.in_(mutual_ids(user_id))
            approved = CharacterApproval.user_id.is_not(None)
            query = (
                select(CharacterRow, approved, mutual, Account.birth_year, ParentalControls.characters_allowed)
                .join(Account, Account.user_id == CharacterRow.owner_id)
                .outerjoin(ParentalControls, ParentalControls.teen_id == CharacterRow.owner_id)
                .outerjoin(CharacterApproval, and_(CharacterApproval.character_id == CharacterRow.character_id,
                                                   CharacterApproval.user_id == user_id))
                .where(_may_use_clause(viewer, today, mutual=mutual, approved=approved))
                .order_by(CharacterRow.name_lower, CharacterRow.character_id)
            )
            if keys is not None:
                query = query.where(CharacterRow.name_lower.in_(keys))
            if limit is not None:
                query = query.offset(offset).limit(limit)
            rows = session.execute(query).all()
        for row, is_approved, is_mutual, owner_birth_year, owner_characters_allowed in rows:
            owner = _party(row.owner_id, owner_birth_year, owner_characters_allowed, today)
            if not may_use(viewer, owner, row.audience, approved=bool(is_approved), mutual=bool(is_mutual)):
                log.warning("character %s: the database's choice and may_use disagree; left out", row.character_id)
                continue
            features = self._open(row)
            if features is not None:
                yield row, features, owner.is_teen

    def _open(self, row: CharacterRow) -> CaptureFeatures | None:
        """The row's features; None once its key is shredded (removed a moment ago)."""
        try:
            return _features_decoder.decode(self._vault.open(_sealed_decoder.decode(row.features)))
        except SubjectForgotten:
            return None


def _may_use_clause(viewer: Party, today: date, *, mutual: Any, approved: Any) -> Any:  # noqa: ANN401 - SQL
    """rules.may_use(viewer, owner, audience, ...) as a condition on a character's row joined to
    its owner's account and parental controls: `mutual` and `approved` are the row's columns
    for "the owner and the viewer follow each other" and "the owner named the viewer".
    tests/safety/test_likeness_sql.py checks the two agree on every case."""
    own = CharacterRow.owner_id == viewer.user_id
    if viewer.is_teen and viewer.guardian_forbids_characters:  # kept to themselves
        return own
    owner_teen = teen_clause(Account.birth_year, today)
    owner_kept = and_(owner_teen, ParentalControls.characters_allowed.is_(False))
    allowed = or_(CharacterRow.audience == "everyone", and_(CharacterRow.audience == "mutuals", mutual),
                  and_(CharacterRow.audience == "approved", approved))
    across_ages = mutual if viewer.is_teen else or_(not_(owner_teen), mutual)  # a teen on either side: mutuals
    return or_(own, and_(not_(owner_kept), allowed, across_ages))


def _party(user_id: str, birth_year: int | None, characters_allowed: bool | None, today: date) -> Party:
    """A member as the rules see them, from their account's birth year and their parental
    controls' `characters_allowed` (None: no controls set, nothing forbidden)."""
    return Party(user_id=user_id, is_teen=is_teen(birth_year, today),
                 guardian_forbids_characters=characters_allowed is False)


_NO_CHARACTER = "you have no character: make one with POST /v1/characters (a short video of you speaking)"


def _unavailable(name: str) -> str:
    return (f"there is no character {name!r} you may use: a character is made from its owner's video and voice "
            "capture and used only with their permission; ask them to let you, or describe the figure in the "
            "prompt instead (e.g. 'a person in red')")
