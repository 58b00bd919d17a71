"""Key vault for crypto-shredding: personal fields are sealed with a per-subject AES-GCM key.

The keys live in their own table, outside the log. Sealed values travel inside events; deleting
a subject's key (`shred`) makes every copy of them unreadable, in the log, in backups of the
log and in replays, while the log itself stays append-only and untouched.

Two ways in: a domain service seals a value itself (`seal`, a `Sealed` field: the display
name), or an event class names its `personal` fields and the store seals them as it appends
and opens them as it reads (`FieldSealer`: a generation's prompt and captions), so that code
reading the events sees plain values, and the erased value once the person is forgotten.

On SQLite a shred also truncates the write-ahead log, where the key's bytes would otherwise
stay until the next checkpoint (the database file itself is written with secure_delete). On
PostgreSQL the old row version holding the key stays in the table until VACUUM reuses its
space, and in the server's WAL and base backups until they are recycled.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from typing import Any

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError

from events.base import Event, decode_builtins, decode_event, encode_event, event_class
from events.clock import Clock, utc_now
from events.database import remove_old_copies, writer
from events.errors import SubjectForgotten
from events.schema import subject_keys_table as keys

log = logging.getLogger(__name__)


def user_subject(user_id: str) -> str:
    """The vault subject of a member: their key seals everything personal of theirs."""
    return f"user-{user_id}"


class Sealed(msgspec.Struct, frozen=True, array_like=True):
    """A personal value encrypted under its subject's key (bytes are base64 in JSON)."""

    subject: str
    nonce: bytes
    ciphertext: bytes


class KeyVault:
    """Seals and opens personal values; `shred(subject)` erases the subject's key for good."""

    def __init__(self, engine: Engine, *, clock: Clock = utc_now) -> None:
        self.engine = engine
        self._writer = writer(engine)
        self._clock = clock

    def seal(self, subject: str, value: str | bytes) -> Sealed:
        """Encrypt `value` for `subject`, creating its key on first use.

        Raises SubjectForgotten if the subject was shredded: nothing new is kept about them.
        """
        return seal_with(self._key(subject, create=True), subject, value.encode() if isinstance(value, str) else value)

    def open(self, sealed: Sealed) -> bytes:
        """Decrypt a sealed value. Raises SubjectForgotten if its key was shredded."""
        return open_with(self._key(sealed.subject, create=False), sealed)

    def open_text(self, sealed: Sealed) -> str:
        return self.open(sealed).decode()

    def shred(self, subject: str) -> bool:
        """Delete the subject's key. Returns False if there was no live key."""
        with self._writer.begin() as conn:
            shredded = self.shred_in(conn, subject)
        if shredded:  # and its old copies, which the database keeps a while
            remove_old_copies(self.engine, keys.name)
        return shredded

    def shred_in(self, conn: Connection, subject: str, at: datetime | None = None) -> bool:
        """`shred` inside the caller's transaction on `conn` (dated `at`, default now), which
        must call remove_old_copies(engine, "subject_keys") after it commits: inside it the old
        copies cannot go. Returns False if there was no live key."""
        result = conn.execute(
            update(keys)
            .where(keys.c.subject == subject, keys.c.key.is_not(None))
            .values(key=None, shredded_at=at or self._clock())
        )
        return result.rowcount > 0

    def live_key(self, subject: str, *, create: bool = True) -> bytes | None:
        """The subject's key; None once shredded (one read). A subject without a key gets one
        (`create`), else LookupError."""
        with self.engine.connect() as conn:
            row = conn.execute(select(keys.c.key).where(keys.c.subject == subject)).first()
        if row is not None:
            return row.key
        if not create:
            raise LookupError(f"no key for {subject!r}")
        key = AESGCM.generate_key(bit_length=256)
        try:
            with self._writer.begin() as conn:
                conn.execute(keys.insert().values(subject=subject, key=key, created_at=self._clock()))
        except IntegrityError:  # another writer created it first: use theirs
            return self.live_key(subject, create=False)
        return key

    def is_shredded(self, subject: str) -> bool:
        with self.engine.connect() as conn:
            row = conn.execute(select(keys.c.key, keys.c.shredded_at).where(keys.c.subject == subject)).first()
        return row is not None and row.key is None

    def _key(self, subject: str, *, create: bool) -> bytes:
        """The subject's live key; SubjectForgotten when it was shredded, or (not `create`) never made."""
        try:
            key = self.live_key(subject, create=create)
        except LookupError:
            raise SubjectForgotten(subject) from None
        if key is None:
            raise SubjectForgotten(subject)
        return key


def seal_with(key: bytes, subject: str, data: bytes) -> Sealed:
    """`data` encrypted under `key` for `subject` (AES-GCM, a fresh nonce, bound to the subject)."""
    nonce = os.urandom(12)
    return Sealed(subject, nonce, AESGCM(key).encrypt(nonce, data, subject.encode()))


def open_with(key: bytes, sealed: Sealed) -> bytes:
    """What `seal_with` sealed. Raises cryptography's InvalidTag for another key or altered bytes."""
    return AESGCM(key).decrypt(sealed.nonce, sealed.ciphertext, sealed.subject.encode())


SEALED = "$sealed"
"""The key of a sealed personal field in stored event data: {"$sealed": Sealed as builtins}."""
_SEALED_MARK = b'"' + SEALED.encode() + b'"'
_json = msgspec.json.Encoder()


class FieldSealer:
    """Seals the `personal` fields of events as the store writes them and opens them as it
    reads them. A field whose subject is forgotten reads as the class's erased value; an event
    with personal fields of a subject already forgotten is not appended at all (SubjectForgotten):
    nothing new is kept about a person who left, not even their ledger or a read-model row."""

    def __init__(self, vault: KeyVault) -> None:
        self.vault = vault

    def encode(self, event: Event, *, create: bool = True) -> bytes:
        """The stored data of `event`, its personal fields sealed. `create`: make the subject's
        key where it has none (False inside another write transaction, which SQLite would
        deadlock on). Raises SubjectForgotten when the subject's key was shredded."""
        cls = type(event)
        owner = getattr(event, cls.owner_field, None) if cls.personal else None
        if owner is None:
            return encode_event(event)
        subject = user_subject(owner)
        key = self.vault.live_key(subject, create=create)
        if key is None:
            raise SubjectForgotten(subject)
        data = msgspec.to_builtins(event)
        for path in cls.personal:
            parent, name = field_at(data, path)
            if parent is not None:
                seal_field(parent, name, key, subject)
        return _json.encode(data)

    def decode(self, type_name: str, stored_version: int, data: bytes, keys: dict[str, bytes | None]) -> Event:
        """The event from stored data, its sealed fields opened. `keys` caches the subjects'
        keys over one read (None: forgotten)."""
        cls = event_class(type_name)
        if not cls.personal or _SEALED_MARK not in data:  # nothing sealed: the fast typed decode
            return decode_event(type_name, stored_version, data)
        raw = msgspec.json.decode(data)
        for path, erased in cls.personal.items():
            parent, name = field_at(raw, path)
            value = parent.get(name) if parent is not None else None
            if not (isinstance(value, dict) and SEALED in value):
                continue
            parent[name] = self._open(value[SEALED], erased, keys)
        return decode_builtins(type_name, stored_version, raw)

    def _open(self, stored: Any, erased: Any, keys: dict[str, bytes | None]) -> Any:  # noqa: ANN401
        """A sealed field's value; the erased value where it cannot be opened: its subject is
        forgotten, has no key at all (a key table restored from an older backup than the log), or
        its bytes do not match the key (logged). One unreadable field never stops a read."""
        sealed = msgspec.convert(stored, Sealed)
        if sealed.subject not in keys:
            try:
                keys[sealed.subject] = self.vault.live_key(sealed.subject, create=False)
            except LookupError:
                log.warning("no key for %s: its sealed fields read as erased", sealed.subject)
                keys[sealed.subject] = None
        key = keys[sealed.subject]
        if key is None:
            return msgspec.to_builtins(erased)
        try:
            return msgspec.json.decode(open_with(key, sealed))
        except InvalidTag:
            log.warning("a sealed field of %s does not open with its key: it reads as erased", sealed.subject)
            return msgspec.to_builtins(erased)


def seal_field(parent: dict[str, Any], name: str, key: bytes, subject: str) -> None:
    """Seal `parent[name]` (stored event data, as builtins) in place under `subject`'s `key`."""
    parent[name] = {SEALED: msgspec.to_builtins(seal_with(key, subject, _json.encode(parent[name])))}


def field_at(data: dict[str, Any], path: str) -> tuple[dict[str, Any] | None, str]:
    """(the dict holding the field at dotted `path`, its name); None where a part is missing."""
    *parents, name = path.split(".")
    for part in parents:
        data = data.get(part) if isinstance(data, dict) else None
    if not isinstance(data, dict) or name not in data:
        return None, name
    return data, name
