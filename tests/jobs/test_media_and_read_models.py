"""The local media store, and the read models rebuilt from the log."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from events import Projector
from generation.jobs import (
    GenerationOrder,
    GenerationsProjection,
    LocalMediaStore,
    MediaNotFound,
)
from generation.jobs.tables import GenerationRow, GenerationStepRow, VideoRow


def test_the_local_store_puts_opens_sizes_and_deletes_by_key(tmp_path):
    media = LocalMediaStore(tmp_path / "media")
    assert media.put("videos/a.mp4", b"0123456789") == 10
    assert media.size("videos/a.mp4") == 10
    with media.open("videos/a.mp4") as stream:
        stream.seek(4)
        assert stream.read(3) == b"456"
    media.delete("videos/a.mp4")
    media.delete("videos/a.mp4")
    with pytest.raises(MediaNotFound):
        media.size("videos/a.mp4")
    assert list((tmp_path / "media" / "videos").iterdir()) == []  # no partial files left


@pytest.mark.parametrize("key", ["../escape", "/etc/passwd", "videos/../../x", "", "a//b", ".hidden"])
def test_keys_that_leave_the_store_are_refused(tmp_path, key):
    with pytest.raises(ValueError):
        LocalMediaStore(tmp_path).put(key, b"x")


def _snapshot(runtime) -> list:
    with Session(runtime.store.engine) as session:
        return [sorted(tuple(r.model_dump().items()) for r in session.exec(select(t)).all())
                for t in (GenerationRow, GenerationStepRow, VideoRow)]


def test_rebuilding_the_read_models_gives_what_the_projector_built(runtime, alice):
    published = runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym"))
    runtime.chain.run(published)
    cancelled = runtime.generations.request(alice, GenerationOrder(prompt="a crate slides"))
    runtime.generations.cancel(alice, cancelled)
    runtime.catch_up()
    before = _snapshot(runtime)
    Projector(runtime.store, GenerationsProjection()).rebuild()
    assert _snapshot(runtime) == before and len(before[2]) == 1
