"""reindex: the same index with Ray Data as in process (real MiniLM, real LanceDB in tmp_path)."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from generation.world.plan import BALL_KINDS, SETTINGS, STYLES, Action, ObjectSpec, ScenePlan, caption
from recsys.batch import reindex
from recsys.embeddings import shared_embedder
from recsys.index import FeedIndex, IndexedVideo

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def posted(n: int, seed: int = 11) -> list[IndexedVideo]:
    """`n` videos whose captions the world's caption builder phrases from random plans."""
    rng = random.Random(seed)
    videos = []
    for i in range(n):
        plan = ScenePlan((ObjectSpec("a", rng.choice(BALL_KINDS), rng.choice(("red", "blue", "green"))),),
                         (Action(rng.choice(("drop", "bounce", "roll")), "a"),), rng.choice(SETTINGS),
                         rng.choice(STYLES), rng.choice(("day", "night")))
        videos.append(IndexedVideo(video_id=f"v{i:03d}", owner_id=f"o{i % 5}", text=caption(plan, rng),
                                   facets=(f"style:{plan.style}",), energy=rng.random(),
                                   audience="everyone", posted_at=NOW - timedelta(minutes=i)))
    return videos


class HashEmbedder:
    """A stand-in for MiniLM that loads in no time: a unit vector seeded by the text's hash."""

    dim = 384

    def embed(self, texts):
        rows = [np.random.default_rng(int.from_bytes(hashlib.sha256(t.encode()).digest()[:8])).normal(size=self.dim)
                for t in texts]
        v = np.array(rows, np.float32).reshape(len(texts), self.dim)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def stored_vectors(index: FeedIndex, videos: list[IndexedVideo]) -> np.ndarray:
    found = index.get([v.video_id for v in videos])
    return np.stack([found[v.video_id].vector for v in videos])


def test_reindex_in_process_replaces_the_table_and_reports_progress(tmp_path):
    index = FeedIndex(tmp_path / "lance", shared_embedder())
    videos = posted(30)
    index.upsert([IndexedVideo(video_id="stale", owner_id="o", text="gone", facets=(), energy=0.0,
                               audience="everyone", posted_at=NOW)])
    seen: list[int] = []
    assert reindex(videos, index, use_ray=False, batch_size=8, progress=seen.append) == 30
    assert seen == [8, 16, 24, 30]
    assert index.count() == 30 and "stale" not in index.get(["stale"])
    assert np.allclose(stored_vectors(index, videos), shared_embedder().embed([v.text for v in videos]), atol=1e-6)


def test_reindex_of_nothing_empties_the_index(tmp_path):
    index = FeedIndex(tmp_path / "lance", shared_embedder())
    index.upsert(posted(3))
    assert reindex([], index, use_ray=False) == 0 and index.count() == 0
    with pytest.raises(ValueError, match="batch_size"):
        reindex(posted(1), index, use_ray=False, batch_size=0)


def test_ray_data_puts_every_vector_back_in_its_row(tmp_path, ray_session):
    videos = posted(100)
    local = FeedIndex(tmp_path / "local", HashEmbedder())
    distributed = FeedIndex(tmp_path / "ray", HashEmbedder())
    assert reindex(videos, local, use_ray=False, batch_size=16) == 100
    seen: list[int] = []
    assert reindex(videos, distributed, use_ray=True, batch_size=16, make_embedder=HashEmbedder,
                   progress=seen.append) == 100
    assert seen == sorted(seen) and seen[-1] == 100 and len(seen) > 1
    assert np.array_equal(stored_vectors(distributed, videos), stored_vectors(local, videos))


@pytest.mark.slow
def test_reindex_with_ray_data_gives_the_same_vectors_as_in_process(tmp_path, ray_session):
    videos = posted(48)
    local = FeedIndex(tmp_path / "local", shared_embedder())
    distributed = FeedIndex(tmp_path / "ray", shared_embedder())
    assert reindex(videos, local, use_ray=False, batch_size=16) == 48
    seen: list[int] = []
    assert reindex(videos, distributed, use_ray=True, batch_size=16, progress=seen.append) == 48
    assert seen == sorted(seen) and seen[-1] == 48
    # The same model; batches padded differently may move the last float bits, no more.
    assert np.allclose(stored_vectors(distributed, videos), stored_vectors(local, videos), atol=1e-5)
    query = shared_embedder().embed(["a red basketball bounces in a gym at night"])[0]
    assert [h.video_id for h in distributed.nearest(query, limit=10)] == [h.video_id
                                                                          for h in local.nearest(query, limit=10)]
