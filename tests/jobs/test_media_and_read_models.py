"""The media stores (a local directory, any fsspec URL), and the read models rebuilt from the log."""

from __future__ import annotations

import uuid

import pytest
from sqlmodel import Session, select

from events import Projector
from generation.jobs import (
    GenerationOrder,
    GenerationsProjection,
    FsspecMediaStore,
    LocalMediaStore,
    MediaNotFound,
    media_store,
)
from generation.jobs.tables import GenerationRow, GenerationStepRow, VideoRow


STORES = ["local directory", "file:// URL", "memory:// URL", "plain path"]


@pytest.fixture(params=STORES)
def media(request, tmp_path):
    """Each MediaStore behind the same contract: a local directory, fsspec on file:// and on
    memory:// (what s3:// and gs:// go through), and media_store() given a plain path."""
    kind = request.param
    if kind == "local directory":
        return LocalMediaStore(tmp_path / "media")
    if kind == "file:// URL":
        return FsspecMediaStore(f"file://{tmp_path / 'media'}")
    if kind == "memory:// URL":
        store = media_store(f"memory://reelworld-test-{uuid.uuid4().hex}/media")
        assert isinstance(store, FsspecMediaStore)
        return store
    store = media_store(str(tmp_path / "media"))
    assert isinstance(store, LocalMediaStore)
    return store


def _files(media) -> list[str]:
    if isinstance(media, LocalMediaStore):
        return [str(p) for p in media.root.rglob("*") if p.is_file()]
    return media.fs.find(media.root)


def test_a_store_puts_opens_sizes_and_deletes_by_key(media):
    assert media.put("videos/a.mp4", b"0123456789") == 10
    assert media.put("videos/a.mp4", b"abcdefghij") == 10  # replaced whole
    assert media.size("videos/a.mp4") == 10
    with media.open("videos/a.mp4") as stream:
        stream.seek(4)
        assert stream.read(3) == b"efg"
    media.delete("videos/a.mp4")
    media.delete("videos/a.mp4")
    with pytest.raises(MediaNotFound):
        media.size("videos/a.mp4")
    with pytest.raises(MediaNotFound):
        media.open("videos/a.mp4")
    assert _files(media) == []  # no partial files left


def test_a_store_lists_the_keys_under_a_folder(media):
    assert media.keys("work/g1") == []
    for key in ("work/g1/frames-ab.npy", "work/g1/audio-cd.npy", "work/g10/frames.npy", "videos/v.mp4"):
        media.put(key, b"x")
    assert media.keys("work/g1") == ["work/g1/audio-cd.npy", "work/g1/frames-ab.npy"]
    assert media.keys("work/g1/") == media.keys("work/g1")
    media.delete("work/g1/audio-cd.npy")
    assert media.keys("work/g1") == ["work/g1/frames-ab.npy"]


@pytest.mark.parametrize("key", ["../escape", "/etc/passwd", "videos/../../x", "", "a//b", ".hidden"])
def test_keys_that_leave_the_store_are_refused(media, key):
    with pytest.raises(ValueError):
        media.put(key, b"x")


def test_the_temporary_file_of_a_killed_write_is_removed_once_old_enough(media):
    from datetime import UTC, datetime, timedelta

    media.put("videos/a.mp4", b"whole")
    before = datetime.now(UTC) - timedelta(seconds=5)
    if isinstance(media, LocalMediaStore):  # what a process killed mid-put leaves
        (media.root / "videos" / ".partial-0123").write_bytes(b"half")
    else:
        media.fs.pipe_file(f"{media.root}/videos/.partial-0123", b"half")
    assert media.remove_partials(before) == 0  # younger than the cutoff: it may still be written
    assert len(_files(media)) == 2
    assert media.remove_partials(datetime.now(UTC) + timedelta(seconds=5)) == 1
    assert [f.rsplit("/", 1)[-1] for f in _files(media)] == ["a.mp4"]  # the stored object stays
    assert media.size("videos/a.mp4") == 5


def test_a_url_no_filesystem_knows_is_a_clear_error():
    with pytest.raises(ValueError, match="cannot store media"):
        media_store("nosuchscheme://bucket/media")


def _snapshot(runtime) -> list:
    with Session(runtime.store.engine) as session:
        # fields in name order (model_dump's order follows the hash seed), rows by their text
        # (a field that is None in one row and text in another cannot be compared)
        return [sorted((tuple(sorted(r.model_dump().items())) for r in session.exec(select(t)).all()), key=repr)
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


def test_a_stored_file_is_made_as_open_makes_files_and_leaves_no_partial(tmp_path):
    import os

    from generation.jobs.media import LocalMediaStore

    mask = os.umask(0)
    os.umask(mask)
    LocalMediaStore(tmp_path).put("work/g/frames.npy", b"x" * 10)
    assert (tmp_path / "work/g/frames.npy").stat().st_mode & 0o777 == 0o666 & ~mask
    assert [p.name for p in (tmp_path / "work/g").iterdir()] == ["frames.npy"]
