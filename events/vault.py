"""Key vault for crypto-shredding: personal fields are sealed with a per-subject AES-GCM key.

The keys live in their own table, outside the log. Sealed values travel inside events; deleting
a subject's key (`shred`) makes every copy of them unreadable, in the log, in backups of the
log and in replays, while the log itself stays append-only and untouched.
"""

from __future__ import annotations

import os

import msgspec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import IntegrityError

from events.clock import Clock, utc_now
from events.database import writer
from events.errors import SubjectForgotten
from events.schema import subject_keys_table as keys


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
        key = self._key(subject, create=True)
        nonce = os.urandom(12)
        data = value.encode() if isinstance(value, str) else value
        return Sealed(subject, nonce, AESGCM(key).encrypt(nonce, data, subject.encode()))

    def open(self, sealed: Sealed) -> bytes:
        """Decrypt a sealed value. Raises SubjectForgotten if its key was shredded."""
        key = self._key(sealed.subject, create=False)
        return AESGCM(key).decrypt(sealed.nonce, sealed.ciphertext, sealed.subject.encode())

    def open_text(self, sealed: Sealed) -> str:
        return self.open(sealed).decode()

    def shred(self, subject: str) -> bool:
        """Delete the subject's key. Returns False if there was no live key."""
        with self._writer.begin() as conn:
            result = conn.execute(
                update(keys)
                .where(keys.c.subject == subject, keys.c.key.is_not(None))
                .values(key=None, shredded_at=self._clock())
            )
        return result.rowcount > 0

    def is_shredded(self, subject: str) -> bool:
        with self.engine.connect() as conn:
            row = conn.execute(select(keys.c.key, keys.c.shredded_at).where(keys.c.subject == subject)).first()
        return row is not None and row.key is None

    def _key(self, subject: str, *, create: bool) -> bytes:
        with self.engine.connect() as conn:
            row = conn.execute(select(keys.c.key).where(keys.c.subject == subject)).first()
        if row is not None:
            if row.key is None:
                raise SubjectForgotten(subject)
            return row.key
        if not create:
            raise SubjectForgotten(subject)
        key = AESGCM.generate_key(bit_length=256)
        try:
            with self._writer.begin() as conn:
                conn.execute(keys.insert().values(subject=subject, key=key, created_at=self._clock()))
        except IntegrityError:  # another writer created it first: use theirs
            return self._key(subject, create=False)
        return key
