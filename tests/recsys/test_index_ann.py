"""FeedIndex's ANN index (recsys.ann) and its filter indexes on a real LanceDB table in
tmp_path, with a small row threshold: built at it and not below, searched with exact filters
and high recall, kept current as rows are written and deleted, rebuilt by replace_all and
`reelworld feed reindex`, and described by it and `reelworld feed status` alike. A crash
mid-build: test_index_upkeep."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from recsys import ann
from recsys.ann import Action, AnnPolicy
from recsys.embeddings import shared_embedder
from recsys.index import FeedIndex, IndexedVideo
from tests.recsys.test_index import DIM, MARKER, on_disk, passing, unit

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
ROWS = 600  # the threshold of these tests
PARTITION = 50  # rows per IVF partition: 12 partitions at ROWS (the default aims at more rows than these tests hold)
ROOT = Path(__file__).resolve().parents[2]
FILTERS = ("audience", "facets", "owner_id", "posted_at")  # the filter columns with a scalar index
WORDS = "filter indexes on audience, facets, owner_id, posted_at"


def clustered(rng: np.random.Generator, n: int, centres: np.ndarray) -> np.ndarray:
    """Unit vectors near the given centres (as captions of a few kinds cluster)."""
    v = centres[rng.integers(0, len(centres), n)] + rng.normal(size=(n, DIM)).astype(np.float32) * 0.9
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def videos(n: int, start: int = 0) -> list[IndexedVideo]:
    """`n` videos: 3 audiences, 7 owners, facets, one minute apart."""
    return [IndexedVideo(video_id=f"v{i:04d}", owner_id=f"owner-{i % 7}", text="unused: vectors are given",
                         facets=(f"style:{('anime', 'realistic', 'cinematic')[i % 3]}",)
                         + (("topic:sports",) if i % 5 == 0 else ()), energy=0.5,
                         audience=("everyone", "everyone", "followers", "mutuals")[i % 4],
                         posted_at=NOW - timedelta(minutes=i)) for i in range(start, start + n)]


@pytest.fixture
def centres() -> np.ndarray:
    return unit(np.random.default_rng(0), 24) * 2.0


@pytest.fixture
def policy() -> AnnPolicy:
    return AnnPolicy(min_rows=ROWS, partition_rows=PARTITION, background=False)


@pytest.fixture
def index(tmp_path: Path, policy: AnnPolicy) -> FeedIndex:
    return FeedIndex(tmp_path / "lance", shared_embedder(), ann_policy=policy)


@pytest.fixture
def built(index: FeedIndex, centres: np.ndarray):
    """ROWS videos written and the ANN index built over them."""
    rows = videos(ROWS)
    vectors = clustered(np.random.default_rng(1), ROWS, centres)
    index.upsert(rows, vectors)
    assert index.upkeep().action is Action.BUILD
    return rows, vectors


def top(vectors: np.ndarray, keep: list[int], query: np.ndarray, k: int) -> list[int]:
    return sorted(keep, key=lambda i: -float(vectors[i] @ query))[:k]


def test_the_index_is_built_at_the_threshold_and_not_below(index, centres):
    rows, vectors = videos(ROWS), clustered(np.random.default_rng(1), ROWS, centres)
    index.upsert(rows[:-1], vectors[:-1])
    assert index.upkeep().action is Action.NONE and index.ann_state().kind is None
    index.upsert(rows[-1:], vectors[-1:])
    done = index.upkeep()
    assert done.action is Action.BUILD and done.seconds > 0
    assert index.ann_state() == ann.AnnState(rows=ROWS, kind="IVF_FLAT", indexed=ROWS, unindexed=0, segments=1,
                                             filters=FILTERS)
    assert index.upkeep().action is Action.NONE  # nothing more to do


def test_an_upsert_that_reaches_the_threshold_builds_in_the_background(tmp_path, centres):
    index = FeedIndex(tmp_path / "lance", shared_embedder(),
                      ann_policy=AnnPolicy(min_rows=ROWS, partition_rows=PARTITION))
    vectors = clustered(np.random.default_rng(1), ROWS, centres)
    index.upsert(videos(ROWS - 1), vectors[:-1])
    assert index.wait_for_upkeep(timeout=30) and index.ann_state().kind is None  # nothing was due
    index.upsert(videos(1, start=ROWS - 1), vectors[-1:])  # returns before the build is done
    assert index.wait_for_upkeep(timeout=30)
    assert index.ann_state().kind == "IVF_FLAT" and index.ann_state().indexed == ROWS


def test_readers_keep_answering_while_the_index_builds(index, centres):
    rows, vectors = videos(ROWS), clustered(np.random.default_rng(1), ROWS, centres)
    index.upsert(rows, vectors)
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                assert index.nearest(vectors[3], limit=1, audiences=None)[0].video_id == "v0003"
        except BaseException as e:  # noqa: BLE001 - reported to the test thread
            errors.append(e)

    readers = [threading.Thread(target=read) for _ in range(2)]
    for t in readers:
        t.start()
    try:
        assert index.upkeep().action is Action.BUILD
        index.upsert(videos(40, start=ROWS), clustered(np.random.default_rng(2), 40, centres))
        assert index.upkeep().action is Action.REFRESH
    finally:
        stop.set()
        for t in readers:
            t.join(timeout=30)
    assert not errors


def test_results_match_the_exact_search_within_the_measured_recall(index, built, centres):
    rows, vectors = built
    queries = clustered(np.random.default_rng(2), 20, centres)
    recalls = []
    for query in queries:
        hits = index.nearest(query, limit=50, audiences=None)
        want = {rows[i].video_id for i in top(vectors, list(range(ROWS)), query, 50)}
        recalls.append(len(want & {h.video_id for h in hits}) / 50)
        assert [h.similarity for h in hits] == sorted((h.similarity for h in hits), reverse=True)
        assert all(h.similarity == pytest.approx(float(vectors[int(h.video_id[1:])] @ query), abs=1e-5) for h in hits)
    assert np.mean(recalls) >= 0.98 and min(recalls) >= 0.9, recalls
    # The index is what answers: probing one partition, queries that point between the clusters
    # miss neighbours that lie in others.
    one_probe = FeedIndex(index.directory, shared_embedder(),
                          ann_policy=AnnPolicy(min_rows=ROWS, partition_rows=PARTITION, nprobes=1, max_nprobes=1))
    between = unit(np.random.default_rng(8), 20)
    assert any({h.video_id for h in one_probe.nearest(q, limit=5, audiences=None)}
               != {rows[i].video_id for i in top(vectors, list(range(ROWS)), q, 5)} for q in between)


@pytest.mark.parametrize("filters", [
    {"audiences": ("followers",)},
    {"audiences": None, "owners": ("owner-1", "owner-2")},
    {"exclude_owners": ("owner-0", "owner-3")},
    {"audiences": None, "exclude_facets": ("style:anime", "topic:sports")},
    {"audiences": None, "since": NOW - timedelta(minutes=150)},
    {"audiences": ("everyone", "followers"), "owners": ("owner-0", "owner-1", "owner-3"),
     "exclude_owners": ("owner-3",), "exclude_facets": ("topic:sports",), "since": NOW - timedelta(minutes=400)},
], ids=["audience", "owners", "exclude-owners", "exclude-facets", "since", "combined"])
def test_filters_stay_exact_with_the_index(index, built, centres, filters):
    rows, vectors = built
    keep = passing(rows, **filters)
    allowed = {rows[i].video_id for i in keep}
    # Two probes of 12 at least: the filter must still hold, and LanceDB probe on to fill the limit.
    few = FeedIndex(index.directory, shared_embedder(), ann_policy=AnnPolicy(min_rows=ROWS, partition_rows=PARTITION,
                                                                                    nprobes=2, max_nprobes=12))
    recalls = []
    for query in clustered(np.random.default_rng(3), 5, centres):
        want = [rows[i].video_id for i in top(vectors, keep, query, 20)]
        assert [h.video_id for h in index.nearest(query, limit=20, **filters)] == want  # every partition probed
        hits = few.nearest(query, limit=20, **filters)
        assert len(hits) == 20 and {h.video_id for h in hits} <= allowed
        recalls.append(len({h.video_id for h in hits} & set(want)) / 20)
    assert np.mean(recalls) >= 0.9, recalls


def test_rows_written_after_the_build_are_found_and_replaced_rows_not_by_their_old_vector(index, built):
    rows, vectors = built
    fresh = unit(np.random.default_rng(4), 3)
    index.upsert(videos(3, start=ROWS), fresh)
    moved = unit(np.random.default_rng(5), 1)
    index.upsert(rows[7:8], moved)  # v0007 gets a new vector
    assert index.ann_state().unindexed == 4
    for i, vector in enumerate(fresh):
        assert index.nearest(vector, limit=1, audiences=None)[0].video_id == f"v{ROWS + i:04d}"
    assert index.nearest(moved[0], limit=1, audiences=None)[0].video_id == "v0007"
    old = index.nearest(vectors[7], limit=5, audiences=None)
    assert all(h.video_id != "v0007" or h.similarity < 0.5 for h in old)


def test_deleted_rows_never_come_back_and_their_vector_leaves_the_index_files(index, built):
    marked = IndexedVideo(video_id=f"{MARKER}-video", owner_id="o", text="-", facets=(), energy=0.5,
                          audience="everyone", posted_at=NOW)
    vector = np.full((1, DIM), DIM ** -0.5, np.float32)  # a byte pattern no random vector has
    index.upsert([marked, *videos(1, start=ROWS)], np.concatenate([vector, unit(np.random.default_rng(9), 1)]))
    eager = FeedIndex(index.directory, shared_embedder(), ann_policy=AnnPolicy(min_rows=ROWS, partition_rows=PARTITION,
                                                                                      refresh_fraction=0.001))
    assert eager.upkeep().action is Action.REFRESH  # now an index file holds the vector too
    assert any("_indices" in f for f in on_disk(index.directory, vector.tobytes()[:64]))
    index.delete([marked.video_id, "v0000"])
    assert [h.video_id for h in index.nearest(vector[0], limit=ROWS, audiences=None)
            if h.video_id in (marked.video_id, "v0000")] == []
    assert on_disk(index.directory, vector.tobytes()[:64]) == []
    state = index.ann_state()
    assert state.kind == "IVF_FLAT" and state.rows == ROWS and state.unindexed <= 1  # the purge rewrites one row


def test_filter_indexes_are_kept_with_the_vector_index_and_forget_deleted_rows(index, built, centres):
    rows, vectors = built
    assert index.ann_state().filters == FILTERS
    marked = IndexedVideo(video_id=f"{MARKER}-video", owner_id=f"{MARKER}-owner", text="-",
                          facets=(f"topic:{MARKER}",), energy=0.5, audience="followers", posted_at=NOW)
    vector = unit(np.random.default_rng(9), 1)
    everyone = [*rows, marked, *videos(40, start=ROWS)]
    index.upsert(everyone[ROWS:], np.concatenate([vector, clustered(np.random.default_rng(6), 40, centres)]))
    # Not yet in the filter indexes: LanceDB filters the newer rows by their columns.
    assert [h.video_id for h in index.nearest(vector[0], limit=3, audiences=None, owners=(marked.owner_id,))] == [
        marked.video_id]
    assert index.upkeep().action is Action.REFRESH  # 41 of 641 rows: folded into every index
    table = index._open()
    assert {c.name: (c.num_indexed_rows, c.num_unindexed_rows) for c in table.list_indices()} == {
        name: (ROWS + 41, 0) for name in ["vector_idx", *(f"{column}_idx" for column in FILTERS)]}
    assert any("_indices" in f for f in on_disk(index.directory, MARKER.encode()))  # its owner and facet
    for filters in ({"audiences": ("followers",), "owners": (marked.owner_id,)},
                    {"audiences": None, "exclude_facets": (f"topic:{MARKER}",)},
                    {"audiences": None, "since": NOW, "exclude_owners": ("owner-0",)}):
        want = {everyone[i].video_id for i in passing(everyone, **filters)}
        assert {h.video_id for h in index.nearest(vector[0], limit=ROWS + 41, **filters)} == want, filters
    index.delete([marked.video_id])
    assert on_disk(index.directory, MARKER.encode()) == []  # the filter indexes were built anew without it
    assert index.ann_state().filters == FILTERS
    assert index.replace_all(rows, vectors) == ROWS and index.ann_state().filters == FILTERS
    assert index.replace_all(rows[:10], vectors[:10]) == 10 and index.ann_state().filters == ()


def test_a_delete_whose_index_build_fails_drops_the_index_and_still_purges(index, built, monkeypatch):
    vector = np.full((1, DIM), DIM ** -0.5, np.float32)
    index.upsert(videos(1, start=ROWS), vector)
    assert index.upkeep().action is Action.NONE
    eager = FeedIndex(index.directory, shared_embedder(), ann_policy=AnnPolicy(min_rows=ROWS, partition_rows=PARTITION,
                                                                                      refresh_fraction=0.001))
    assert eager.upkeep().action is Action.REFRESH
    build = ann.apply

    def failing(table, action, policy):  # noqa: ANN001 - the build runs out of disk, say
        if action is Action.REBUILD:
            raise OSError("No space left on device")
        return build(table, action, policy)

    monkeypatch.setattr(ann, "apply", failing)
    index.delete([f"v{ROWS:04d}"])
    assert index.ann_state().kind is None and on_disk(index.directory, vector.tobytes()[:64]) == []
    monkeypatch.setattr(ann, "apply", build)
    assert index.upkeep().action is Action.BUILD  # the next upkeep builds it again


def test_a_delete_that_leaves_fewer_rows_than_the_threshold_drops_the_index(index, built):
    index.delete(["v0001"])
    assert index.ann_state().kind is None and index.count() == ROWS - 1


def test_unindexed_rows_past_the_fraction_are_folded_in_then_trained_anew(tmp_path, centres):
    policy = AnnPolicy(min_rows=ROWS, partition_rows=PARTITION, refresh_fraction=0.05, max_segments=2, background=False)
    index = FeedIndex(tmp_path / "lance", shared_embedder(), ann_policy=policy)
    rng = np.random.default_rng(6)
    index.upsert(videos(ROWS), clustered(rng, ROWS, centres))
    assert index.upkeep().action is Action.BUILD
    index.upsert(videos(30, start=ROWS), clustered(rng, 30, centres))  # 30 of 630: under 5 %
    assert index.upkeep().action is Action.NONE
    index.upsert(videos(10, start=ROWS + 30), clustered(rng, 10, centres))  # 40 of 640: past it
    done = index.upkeep()
    assert done.action is Action.REFRESH and (done.state.unindexed, done.state.segments) == (0, 2)
    index.upsert(videos(40, start=ROWS + 40), clustered(rng, 40, centres))
    done = index.upkeep()  # two segments already: trained anew over every row
    assert done.action is Action.REBUILD and (done.state.indexed, done.state.segments) == (ROWS + 80, 1)


def test_replace_all_rebuilds_the_index_or_leaves_none_under_the_threshold(index, built, centres):
    rows, vectors = built
    reports = []
    assert index.replace_all(rows, vectors, on_ann=reports.append) == ROWS
    assert reports[0].action is Action.BUILD and reports[0].state.indexed == ROWS
    assert index.ann_state().segments == 1
    assert index.replace_all(rows[:10], vectors[:10], on_ann=reports.append) == 10
    assert reports[1].action is Action.NONE and index.ann_state().kind is None
    assert reports[1].describe(index.ann_policy) == f"no ANN index: searched exactly (under {ROWS} rows)"
    assert reports[0].describe(index.ann_policy).startswith(
        f"ANN index IVF_FLAT over {ROWS} of {ROWS} rows (0 unindexed, compared flat beside it), 1 segment, nprobes 20, "
        f"{WORDS}; "
        "built in ")


def test_bad_policies_are_refused():
    for bad in ({"min_rows": 0}, {"refresh_fraction": 0.0}, {"refresh_fraction": 1.5}, {"max_segments": 0},
                {"partition_rows": 0}, {"nprobes": 0},
                {"nprobes": 5, "max_nprobes": 4}, {"filter_indexes": ("caption",)}):
        with pytest.raises(ValueError, match="AnnPolicy"):
            AnnPolicy(**bad)


def test_feed_reindex_and_feed_status_say_the_ann_state_in_the_same_words(tmp_path, monkeypatch):
    from sqlmodel import Session
    from typer.testing import CliRunner

    import cluster.read_models
    from api.commands.feed import app
    from cluster.settings import load_settings
    from events import open_store
    from recsys.tables import PostRow

    monkeypatch.setenv("REELWORLD_HOME", str(tmp_path))
    monkeypatch.delenv("REELWORLD_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    settings = load_settings()
    store = open_store(settings.database_url)
    captions = [f"a {colour} ball {verb} in the {place}" for colour in ("red", "blue", "green", "gold")
                for verb in ("bounces", "rolls", "spins") for place in ("gym", "park", "pool")]
    n = len(captions)
    with Session(store.engine) as session:
        session.add_all(PostRow(video_id=f"p{i:03d}", generation_id=f"g{i:03d}", owner_id=f"o{i % 3}",
                                audience="everyone", teen=False, caption=caption, facets="", energy=0.5,
                                posted_at=NOW - timedelta(minutes=i)) for i, caption in enumerate(captions))
        session.commit()
    store.engine.dispose()
    policy = AnnPolicy(min_rows=30, nprobes=4, max_nprobes=20, background=False)
    indexes = []

    def small_threshold(settings):  # noqa: ANN001 - the command's index, with a threshold these posts pass
        indexes.append(FeedIndex(settings.lancedb_dir, shared_embedder(), ann_policy=policy))
        return indexes[-1]

    def status() -> str:
        result = CliRunner().invoke(app, ["status"])
        assert result.exit_code == 0, result.output
        return result.output

    monkeypatch.setattr(cluster.read_models, "feed_index_of", small_threshold)
    assert "no ANN index: searched exactly (under 30 rows)" in status()  # nothing indexed yet
    result = CliRunner().invoke(app, ["reindex", "--no-ray"])
    assert result.exit_code == 0, result.output
    said = (f"ANN index IVF_FLAT over {n} of {n} rows (0 unindexed, compared flat beside it), 1 segment, "
            f"nprobes 4-20, {WORDS}")
    assert f"{n} posted videos indexed" in result.output and f"{said}; built in " in result.output
    assert indexes[0].ann_state().indexed == n
    assert said in status()
    indexes[0].upsert([IndexedVideo(video_id="late", owner_id="o1", text="a red ball rolls in the gym", facets=(),
                                    energy=0.5, audience="everyone", posted_at=NOW)])
    assert f"ANN index IVF_FLAT over {n} of {n + 1} rows (1 unindexed, compared flat beside it)" in status()
    policy = AnnPolicy(min_rows=100, background=False)  # more than there are posts: none built
    result = CliRunner().invoke(app, ["reindex", "--no-ray"])
    assert result.exit_code == 0 and "no ANN index: searched exactly (under 100 rows)" in result.output, result.output
    assert "no ANN index: searched exactly (under 100 rows)" in status()
    policy = AnnPolicy(min_rows=n, background=False)  # enough rows, not built yet
    assert f"no ANN index yet: searched exactly ({n} rows, at least {n}: the next upkeep builds one)" in status()


@pytest.mark.parametrize(("now", "action"), [
    (ann.AnnState(rows=999), Action.NONE),
    (ann.AnnState(rows=1000), Action.BUILD),
    (ann.AnnState(rows=999, kind="IVF_FLAT", indexed=999, filters=FILTERS), Action.DROP),
    (ann.AnnState(rows=2000, kind="IVF_FLAT", indexed=1900, unindexed=100, segments=1, filters=FILTERS), Action.NONE),
    (ann.AnnState(rows=2000, kind="IVF_FLAT", indexed=1899, unindexed=101, segments=1, filters=FILTERS),
     Action.REFRESH),
    (ann.AnnState(rows=2000, kind="IVF_FLAT", indexed=1899, unindexed=101, segments=4, filters=FILTERS),
     Action.REBUILD),
    (ann.AnnState(rows=2000, kind="IVF_HNSW_SQ", indexed=2000, segments=1, filters=FILTERS), Action.REBUILD),
    (ann.AnnState(rows=2000, kind="IVF_FLAT", indexed=2000, segments=1), Action.REBUILD),
    (ann.AnnState(rows=2000, kind="IVF_FLAT", indexed=2000, segments=1, filters=FILTERS[:2]), Action.REBUILD),
    (ann.AnnState(rows=999, filters=FILTERS[:1]), Action.DROP),
], ids=["under", "at", "shrunk", "few-new", "refresh", "retrain", "other-kind", "no-filter-indexes",
        "some-filter-indexes", "left-by-a-stopped-build"])
def test_the_plan_for_each_state(now, action):
    assert ann.plan(now, AnnPolicy(min_rows=1000, refresh_fraction=0.05, max_segments=4)) is action


def test_a_refresh_that_loses_to_a_concurrent_write_builds_anew(index, built, centres, monkeypatch):
    import lancedb.table

    index.upsert(videos(40, start=ROWS), clustered(np.random.default_rng(6), 40, centres))

    def preempted(self, **_):  # noqa: ANN001, ANN003 - as LanceDB words it while upserts commit meanwhile
        raise RuntimeError("lance error: Retryable commit conflict for version 9: This Rewrite transaction was "
                           "preempted by concurrent transaction Update at version 9. Please retry.")

    monkeypatch.setattr(lancedb.table.LanceTable, "optimize", preempted)
    done = index.upkeep()
    assert done.action is Action.REBUILD and (done.state.indexed, done.state.unindexed) == (ROWS + 40, 0)
