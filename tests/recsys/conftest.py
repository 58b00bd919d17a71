"""Fixtures of the feed's domain tests: a runtime whose chain makes real videos (the tiny model
and the clock of the generation-jobs tests), with a generous daily quota."""

from __future__ import annotations

import pytest

from tests.jobs.conftest import clock, generator, text_encoder  # noqa: F401 - fixtures
from tests.recsys.feed_fixtures import feed_runtime


@pytest.fixture
def runtime(tmp_path, clock, generator):  # noqa: F811
    rt = feed_runtime(tmp_path, clock, generator)
    yield rt
    rt.close()
