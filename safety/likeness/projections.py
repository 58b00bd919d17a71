"""The read model of characters, and what an account deletion does to its owner's character.

`CharactersProjection` keeps one row per live character (with its audience and approvals) for
the directory's checks and listings; it is rebuildable from position zero. `CharacterErasure`
owns no table: on AccountDeleted it shreds the key of the member's live character and records
CharacterRemoved(reason="account_deleted") in the same transaction as its checkpoint, as the
sweeper stops a deleted account's generations and erases their media. It runs wherever the
read models are caught up (the API after each command, the projector actor, the CLI), and
deciding from the member's stream makes a replay or a rebuild record nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import msgspec
from sqlalchemy import Table, delete, select, update
from sqlmodel import Session

from events import ConcurrencyError, Context, KeyVault, RecordedEvent, SqlEventStore, StreamWrite
from events.characters import (
    CharacterAudienceSet,
    CharacterCaptured,
    CharacterRecaptured,
    CharacterRemoved,
    character_subject,
    characters_stream,
)
from events.database import remove_old_copies
from events.social import AccountDeleted
from safety.likeness.state import fold
from safety.likeness.tables import CharacterApproval, CharacterRow

_json = msgspec.json.Encoder()
_RETRIES = 5


class CharactersProjection:
    """Live characters: owner, name, sealed features, audience; approvals by user id."""

    name = "safety.characters"

    def tables(self) -> Sequence[Table]:
        return [CharacterRow.__table__, CharacterApproval.__table__]

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event
        match event:
            case CharacterCaptured():
                _drop_owner(session, event.owner_id)  # a stale row never blocks a new capture
                session.add(CharacterRow(
                    character_id=event.character_id, owner_id=event.owner_id, name=event.name,
                    name_lower=event.name.lower(), features=_json.encode(event.features), audience="only_me",
                    created_at=event.captured_at, captured_at=event.captured_at,
                ))
            case CharacterRecaptured():
                session.execute(update(CharacterRow).where(CharacterRow.character_id == event.character_id)
                                .values(features=_json.encode(event.features), captured_at=event.captured_at))
            case CharacterAudienceSet():
                session.execute(update(CharacterRow).where(CharacterRow.character_id == event.character_id)
                                .values(audience=event.audience))
                session.execute(delete(CharacterApproval).where(CharacterApproval.character_id == event.character_id))
                session.add_all(CharacterApproval(character_id=event.character_id, user_id=who)
                                for who in dict.fromkeys(event.approved))
                session.flush()
            case CharacterRemoved():
                session.execute(delete(CharacterApproval).where(CharacterApproval.character_id == event.character_id))
                session.execute(delete(CharacterRow).where(CharacterRow.character_id == event.character_id))
            case AccountDeleted():
                _drop_owner(session, event.user_id)
                session.execute(delete(CharacterApproval).where(CharacterApproval.user_id == event.user_id))


def _drop_owner(session: Session, owner_id: str) -> None:
    """Delete the owner's character row and its approvals."""
    ids = session.execute(select(CharacterRow.character_id).where(CharacterRow.owner_id == owner_id)).scalars().all()
    if ids:
        session.execute(delete(CharacterApproval).where(CharacterApproval.character_id.in_(ids)))
        session.execute(delete(CharacterRow).where(CharacterRow.character_id.in_(ids)))


class CharacterErasure:
    """On AccountDeleted: the member's live character is removed (key shredded, then
    CharacterRemoved recorded), inside the projector's transaction."""

    name = "safety.character_erasure"

    def __init__(self, vault: KeyVault) -> None:
        self._vault, self._now, self._shredded = vault, None, False
        # Records at the time of the deletion it reacts to: a replay decides and dates the same.
        self._store = SqlEventStore(vault.engine, clock=lambda: self._now, new_id=uuid.uuid4)

    def tables(self) -> Sequence[Table]:
        return []

    def committed(self) -> None:
        """After the projector's commit: the old copies of the keys shredded in it go too (the
        write-ahead log's on SQLite, dead rows on PostgreSQL), as KeyVault.shred does; inside
        the transaction that cannot be done."""
        if self._shredded:
            self._shredded = False
            remove_old_copies(self._store.engine, "subject_keys")

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event
        if not isinstance(event, AccountDeleted):
            return
        conn = session.connection()
        stream = characters_stream(event.user_id)
        for _ in range(_RETRIES):
            state = fold(self._store.read_stream(stream))
            if state.live is None:
                return
            character_id, at = state.live.character_id, recorded.recorded_at
            self._shredded |= self._vault.shred_in(conn, character_subject(character_id), at)
            removed = CharacterRemoved(character_id=character_id, owner_id=event.user_id, reason="account_deleted")
            self._now = at
            try:
                self._store.append_in(conn, [StreamWrite(stream, [removed], state.version)],
                                      context=Context(actor="likeness").caused_by(recorded))
            except ConcurrencyError:  # the owner removed it (or re-captured) at this moment: decide again
                continue
            return
        raise ConcurrencyError(stream, state.version, state.version + 1)


def likeness_projections(vault: KeyVault) -> list:
    """The projections of characters, in the order they are caught up (the erasure first, so
    one catch-up also projects the removal it records)."""
    return [CharacterErasure(vault), CharactersProjection()]
