"""Fixtures of the social domain tests: a runtime per test, on SQLite or PostgreSQL."""

from __future__ import annotations

import pytest

from events import ManualClock
from tests.fixtures_db import BACKENDS, runtime_on


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def runtime(tmp_path, clock):
    yield from runtime_on("sqlite", tmp_path, clock, "social")


@pytest.fixture(params=BACKENDS)
def any_runtime(request, tmp_path, clock):
    """The same test against SQLite and against a fresh PostgreSQL database."""
    yield from runtime_on(request.param, tmp_path, clock, "social")


@pytest.fixture
def fail_once(monkeypatch):
    """`fail_once(obj, "method", error)`: the next call of obj.method raises `error`, later calls go through."""

    def patch(obj, name: str, error: Exception) -> None:
        real = getattr(obj, name)
        calls = []

        def failing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            calls.append(1)
            if len(calls) == 1:
                raise error
            return real(*args, **kwargs)

        monkeypatch.setattr(obj, name, failing)

    return patch
