"""The upkeep of the feed's table (recsys.upkeep) around its ANN index, on a real LanceDB table in
tmp_path: one builder at a time, a build killed midway harmless, and the files it left (which
hold every vector) removed from the disk by the next holder of the lock, once the writes under
way are done."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import numpy as np
import pytest

from recsys.ann import Action, AnnPolicy
from recsys.embeddings import shared_embedder
from recsys.index import FeedIndex
from recsys.upkeep import Held, upkeep_lock, writes_lock
from tests.recsys.test_index import DIM, on_disk, unit
from tests.recsys.test_index_ann import PARTITION, ROOT, ROWS, clustered, videos

CENTRES = unit(np.random.default_rng(0), 24) * 2.0  # the clusters of test_index_ann's vectors


@pytest.fixture
def built(tmp_path) -> FeedIndex:
    """ROWS videos, their ANN index built."""
    policy = AnnPolicy(min_rows=ROWS, partition_rows=PARTITION, background=False)
    index = FeedIndex(tmp_path / "lance", shared_embedder(), ann_policy=policy)
    index.upsert(videos(ROWS), clustered(np.random.default_rng(1), ROWS, CENTRES))
    assert index.upkeep().action is Action.BUILD
    return index


def test_a_busy_lock_makes_a_second_builder_step_aside(built):
    index = built
    with upkeep_lock(index.directory / ".feed_videos.upkeep.lock", wait=False) as held:
        assert held
        assert index.upkeep(wait=False).action is Action.BUSY


BUILDER = """
import sys
from recsys.ann import AnnPolicy
from recsys.index import FeedIndex
class Unused:
    dim = 384
FeedIndex(sys.argv[1], Unused(), ann_policy=AnnPolicy(min_rows=1, background=False)).upkeep()
"""


def test_the_upkeep_lock_tells_the_next_holder_when_the_last_stopped_midway(tmp_path):
    path = tmp_path / "upkeep.lock"
    with upkeep_lock(path, wait=True) as held:
        assert held == Held(interrupted=False)
    with pytest.raises(OSError), upkeep_lock(path, wait=True):
        raise OSError("No space left on device")  # a build that failed midway
    with upkeep_lock(path, wait=True) as held:
        assert held == Held(interrupted=True)
    with upkeep_lock(path, wait=True) as held:
        assert held == Held(interrupted=False)


def test_the_cleanup_after_a_stopped_upkeep_waits_for_the_writes_under_way(built):
    index = built
    with pytest.raises(OSError), upkeep_lock(index.directory / ".feed_videos.upkeep.lock", wait=True):
        raise OSError("killed")  # as a builder that died midway leaves the lock file
    done = threading.Event()
    upkeep = threading.Thread(target=lambda: (index.upkeep(), done.set()))
    with writes_lock(index.directory / ".feed_videos.writes.lock", exclusive=False):  # an upsert under way
        upkeep.start()
        assert not done.wait(timeout=1.0)  # its cleanup would remove the files the write has not committed
    assert done.wait(timeout=30)
    upkeep.join(timeout=30)


def crash_a_build(table: FeedIndex, begun: Callable[[], bool]) -> None:
    """Build the index of `table` in a child process (min_rows 1, on the lock as any builder),
    killed with SIGKILL once `begun()` holds: stopped first, so that it has not committed."""
    child = subprocess.Popen([sys.executable, "-c", BUILDER, str(table.directory)], cwd=ROOT)
    deadline = time.monotonic() + 60
    while child.poll() is None and not begun() and time.monotonic() < deadline:
        time.sleep(0.002)  # the condition: the build has begun writing its files
    child.send_signal(signal.SIGSTOP)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, "the build ended before it could be killed"


def test_a_crash_while_building_leaves_a_table_that_answers_and_builds_next_time(tmp_path):
    rows, vectors = videos(3000), clustered(np.random.default_rng(7), 3000, CENTRES)
    for attempt in range(4):  # a build may commit in the moment between its first file and the kill
        index = FeedIndex(tmp_path / f"lance{attempt}", shared_embedder(),
                          ann_policy=AnnPolicy(min_rows=3000, background=False))
        index.upsert(rows, vectors)
        indices = index.directory / "feed_videos.lance" / "_indices"
        crash_a_build(index, lambda: indices.exists() and any(indices.iterdir()))
        if index.ann_state().kind is None:
            break
    assert index.ann_state().kind is None  # nothing committed
    query = vectors[11]
    assert index.nearest(query, limit=1, audiences=None)[0].video_id == "v0011"  # exact, as before
    assert index.upkeep().action is Action.BUILD and index.ann_state().indexed == 3000
    assert index.nearest(query, limit=1, audiences=None)[0].video_id == "v0011"


@pytest.mark.parametrize("then", ["upkeep", "delete"])
def test_the_files_of_a_crashed_build_leave_the_disk_at_the_next_upkeep(tmp_path, then):
    rows, vectors = videos(3000), clustered(np.random.default_rng(7), 3000, CENTRES)
    vectors[5] = DIM ** -0.5  # a byte pattern no other vector has
    needle = vectors[5].tobytes()[:64]
    for attempt in range(4):  # scanning the files for the vector takes a moment, in which the build may commit
        index = FeedIndex(tmp_path / f"lance{attempt}", shared_embedder(),
                          ann_policy=AnnPolicy(min_rows=3000, background=False))
        index.upsert(rows, vectors)
        data = set(on_disk(index.directory, needle))  # the table's own files
        crash_a_build(index, lambda: set(on_disk(index.directory, needle)) != data)
        if index.ann_state().kind is None:  # killed before it committed: the case to test
            break
    assert index.ann_state().kind is None and set(on_disk(index.directory, needle)) > data  # files no version names
    if then == "upkeep":  # one that finds nothing else to do
        quiet = FeedIndex(index.directory, shared_embedder(), ann_policy=AnnPolicy(min_rows=5000, background=False))
        assert quiet.upkeep().action is Action.NONE
        assert set(on_disk(index.directory, needle)) == data
        assert index.upkeep().action is Action.BUILD  # and the next build is whole
    else:
        index.delete(["v0005"])
        assert on_disk(index.directory, needle) == []
    assert index.nearest(vectors[11], limit=1, audiences=None)[0].video_id == "v0011"
