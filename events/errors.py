"""Typed errors of the event store. Each message says what happened in words a person reads."""

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


class SubjectForgotten(EventStoreError):
    """The subject's key was deleted (crypto-shredded): the personal data is gone for good."""

    def __init__(self, subject: str) -> None:
        self.subject = subject
        super().__init__(f"personal data of subject {subject!r} was erased")
