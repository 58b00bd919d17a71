"""Fixtures of the generation-jobs tests: a runtime with the tiny model, a member."""

from __future__ import annotations

import pytest

from events import ManualClock
from tests.fixtures_db import join
from tests.jobs.fixtures import chain_runtime, tiny_generator


@pytest.fixture(scope="session")
def text_encoder():
    from generation.model.text import TextEncoder

    return TextEncoder()


@pytest.fixture(scope="session")
def generator(text_encoder):
    return tiny_generator(text_encoder)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def runtime(tmp_path, clock, generator):
    rt = chain_runtime(tmp_path, clock, generator)
    yield rt
    rt.close()


@pytest.fixture
def alice(runtime) -> str:
    return join(runtime, "alice")
