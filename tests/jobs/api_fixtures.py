"""Fixtures for the API tests of generations and videos: the app's runtime with the tiny model.

Used by tests/api/test_generations.py and test_videos.py, whose `runtime` fixture overrides the
API conftest's (same SQLite database and body limit, plus the tiny sampler).
"""

from __future__ import annotations

import pytest

from tests.jobs.fixtures import chain_runtime, tiny_generator


@pytest.fixture(scope="session")
def tiny_model():
    from generation.model.text import TextEncoder

    return tiny_generator(TextEncoder())


def app_runtime(tmp_path, clock, model):
    """The API conftest's runtime (SQLite, small body limit) with `model` as the sampler."""
    rt = chain_runtime(tmp_path, clock, model, max_body_bytes=10_000)
    yield rt
    rt.close()
