"""Fixtures of the social domain tests: a runtime per test, on SQLite or PostgreSQL."""

from __future__ import annotations

import pytest

from events import ManualClock
from tests.fixtures_db import build_runtime, fresh_postgres_database


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def runtime(tmp_path, clock):
    rt = build_runtime(f"sqlite:///{tmp_path / 'social.db'}", tmp_path, clock)
    yield rt
    rt.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_runtime(request, tmp_path, clock):
    """The same test against SQLite and against a fresh PostgreSQL database."""
    if request.param == "sqlite":
        rt = build_runtime(f"sqlite:///{tmp_path / 'social.db'}", tmp_path, clock)
        yield rt
        rt.close()
        return
    with fresh_postgres_database() as url:
        rt = build_runtime(url, tmp_path, clock)
        yield rt
        rt.close()


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
