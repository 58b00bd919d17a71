"""Fixtures of the feed's domain tests: a runtime whose chain makes real videos (tiny model)."""

from __future__ import annotations

import pytest

from events import ManualClock
from tests.jobs.fixtures import tiny_generator
from tests.recsys.feed_fixtures import feed_runtime


@pytest.fixture(scope="session")
def generator():
    from generation.model.text import TextEncoder

    return tiny_generator(TextEncoder())


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def runtime(tmp_path, clock, generator):
    rt = feed_runtime(tmp_path, clock, generator)
    yield rt
    rt.close()
