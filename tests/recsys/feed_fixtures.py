"""Fixtures of the feed's tests: a runtime whose chain makes real videos with the tiny model
(the real rewriter, prompt check, audio and output checks), members, and their posted videos."""

from __future__ import annotations

from pathlib import Path

from events import ManualClock
from generation.jobs import GenerationOrder
from tests.fixtures_db import join
from tests.jobs.fixtures import chain_runtime


def feed_runtime(tmp_path: Path, clock: ManualClock, model, **overrides):  # noqa: ANN001, ANN003, ANN201
    """A runtime on SQLite with the tiny model and a generous daily quota (a feed needs videos)."""
    return chain_runtime(tmp_path, clock, model, daily_free_generations=50, **overrides)


def publish(runtime, user_id: str, prompt: str, *, style: str | None = None,  # noqa: ANN001
            characters: tuple[str, ...] = ()) -> str:
    """A video of `prompt` by the member, made by the chain; its id."""
    gid = runtime.generations.request(user_id, GenerationOrder(prompt=prompt, style=style, characters=characters))
    runtime.chain.run(gid)
    runtime.catch_up()
    video_id = runtime.generations.generation(user_id, gid).video_id
    assert video_id is not None, runtime.generations.generation(user_id, gid)
    return video_id


def post(runtime, user_id: str, video_id: str, audience: str | None = None) -> None:  # noqa: ANN001
    runtime.posts.post(user_id, video_id, audience)
    runtime.catch_up()


def members(runtime, *handles: str, birth_year: int = 1990) -> list[str]:  # noqa: ANN001
    return [join(runtime, handle, birth_year=birth_year) for handle in handles]
