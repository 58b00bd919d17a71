"""Typed errors of the event store. Each message says what happened in words a person reads.

Each error pickles with its own arguments (`__reduce__`): they cross process boundaries (Ray
actors, multiprocessing), where the default would call `__init__` with the message alone.
"""

from __future__ import annotations


class EventStoreError(Exception):
    """Base of the event store's errors."""


class ConcurrencyError(EventStoreError):
    """An append expected a stream version that is no longer current: someone wrote first."""

    def __init__(self, stream_id: str, expected: int, actual: int) -> None:
        self.stream_id, self.expected, self.actual = stream_id, expected, actual
        super().__init__(
            f"stream {stream_id!r} is at version {actual}, but the append expected {expected}"
        )

    def __reduce__(self) -> tuple[type, tuple[str, int, int]]:
        return type(self), (self.stream_id, self.expected, self.actual)


class SubjectForgotten(EventStoreError):
    """The subject's key was deleted (crypto-shredded): the personal data is gone for good."""

    def __init__(self, subject: str) -> None:
        self.subject = subject
        super().__init__(f"personal data of subject {subject!r} was erased")

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return type(self), (self.subject,)


class SchemaNewerThanCode(EventStoreError):
    """The database's schema is at a revision this code's migrations do not know: a newer
    release migrated it, and this code was rolled back past that migration."""

    def __init__(self, revision: str, head: str | None) -> None:
        self.revision, self.head = revision, head
        super().__init__(
            f"the database schema is at revision {revision}, newer than this code's {head}: "
            "run the newer release, or restore a backup"
        )

    def __reduce__(self) -> tuple[type, tuple[str, str | None]]:
        return type(self), (self.revision, self.head)
