"""FeedIndex on a real LanceDB table in tmp_path, with the real MiniLM embedder."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import lancedb
import numpy as np
import pyarrow as pa
import pytest

from recsys.embeddings import shared_embedder
from recsys.index import FeedIndex, IndexedVideo, IndexSchemaError

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
DIM = 384


def video(video_id: str, *, owner: str = "owner-a", text: str = "a ball bounces", facets: tuple[str, ...] = (),
          energy: float = 0.5, audience: str = "everyone", minutes_ago: int = 0) -> IndexedVideo:
    return IndexedVideo(video_id=video_id, owner_id=owner, text=text, facets=facets, energy=energy,
                        audience=audience, posted_at=NOW - timedelta(minutes=minutes_ago))


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


@pytest.fixture
def index(tmp_path: Path) -> FeedIndex:
    return FeedIndex(tmp_path / "lance", shared_embedder())


@pytest.fixture
def world(index: FeedIndex):
    """60 videos with random vectors: 3 audiences, 4 owners, facets, one minute apart."""
    rng = np.random.default_rng(7)
    videos = [video(f"v{i:02d}", owner=f"owner-{i % 4}", audience=("everyone", "followers", "mutuals")[i % 3],
                    facets=(f"style:{('anime', 'realistic', 'cinematic')[i % 3]}",) + (("topic:sports",) if i % 5 == 0
                                                                                       else ()),
                    minutes_ago=i) for i in range(60)]
    vectors = unit(rng, len(videos))
    index.upsert(videos, vectors)
    return videos, vectors, unit(rng, 1)[0]


MARKER = "zq-marker-7f3a"  # in the ids and owner of the row to forget; no other bytes hold it


def on_disk(directory: Path, needle: bytes) -> list[str]:
    """The files under `directory` whose bytes hold `needle`."""
    return [str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file() and needle in p.read_bytes()]


def ids_in_every_version(index: FeedIndex) -> list[set[str]]:
    """The video ids of each version of the table that is still on disk."""
    table = lancedb.connect(index.directory).open_table(index.table_name)
    found = []
    for version in table.list_versions():
        table.checkout(version["version"])
        found.append(set(table.search().select(["video_id"]).to_arrow().column("video_id").to_pylist()))
    return found


def passing(videos, *, audiences=("everyone",), owners=None, exclude_owners=(), exclude_facets=(),
            since=None) -> list[int]:
    """Positions of the videos that pass the filters, checked one by one in Python."""
    return [i for i, v in enumerate(videos)
            if (audiences is None or v.audience in audiences) and (owners is None or v.owner_id in owners)
            and v.owner_id not in exclude_owners and not set(v.facets) & set(exclude_facets)
            and (since is None or v.posted_at >= since)]


def test_nearest_ranks_the_semantically_closest_caption_first(index):
    captions = ["an anime girl plays basketball and scores in a gym",
                "a cat sleeps on a sofa in the afternoon sun",
                "waves crash on a sunny beach at sunset",
                "a chef chops onions in a busy kitchen"]
    index.upsert([video(f"v{i}", text=t) for i, t in enumerate(captions)])
    query = shared_embedder().embed(["kitten napping on a couch"])[0]
    hits = index.nearest(query, limit=4)
    assert [h.video_id for h in hits][0] == "v1"
    assert [h.similarity for h in hits] == sorted((h.similarity for h in hits), reverse=True)
    assert hits[0].similarity == pytest.approx(float(hits[0].vector @ query), abs=1e-5)
    assert hits[0].vector.shape == (DIM,) and np.linalg.norm(hits[0].vector) == pytest.approx(1, abs=1e-5)


def test_upserting_an_id_twice_keeps_one_row_with_the_new_fields(index):
    index.upsert([video("v1", text="a red ball rolls", energy=0.2, facets=("style:anime",))])
    index.upsert([video("v1", text="a blue crate slides", energy=0.9, facets=("topic:sports",),
                        audience="followers", minutes_ago=5)])
    assert index.count() == 1
    hit = index.get(["v1"])["v1"]
    assert (hit.energy, hit.facets, hit.audience) == (0.9, ("topic:sports",), "followers")
    assert hit.posted_at == NOW - timedelta(minutes=5) and hit.posted_at.tzinfo is not None
    assert np.allclose(hit.vector, shared_embedder().embed(["a blue crate slides"])[0], atol=1e-6)


def test_the_same_id_twice_in_one_upsert_keeps_the_last(index):
    index.upsert([video("v1", energy=0.1), video("v1", energy=0.7)])
    assert index.count() == 1 and index.get(["v1"])["v1"].energy == 0.7


def test_delete_removes_the_rows_and_ignores_unknown_ids(index, world):
    index.delete(["v00", "v01", "no-such-video"])
    assert index.count() == 58
    assert set(index.get(["v00", "v01", "v02"])) == {"v02"}
    index.delete([])
    assert index.count() == 58


@pytest.mark.parametrize("fragments", ["one", "many"])
def test_a_deleted_row_is_gone_from_every_version_and_file(index, world, fragments):
    videos, vectors, _ = world
    if fragments == "one":
        index.replace_all(videos, vectors)  # one data file: one row deleted of 61 is below Lance's own threshold
    forgotten = video(f"{MARKER}-video", owner=f"{MARKER}-owner")
    vector = np.full((1, DIM), DIM ** -0.5, np.float32)  # a byte pattern no random vector has
    index.upsert([forgotten], vector)
    assert on_disk(index.directory, MARKER.encode()) and on_disk(index.directory, vector.tobytes()[:64])
    index.delete([forgotten.video_id, "v00"])
    assert on_disk(index.directory, MARKER.encode()) == [] and on_disk(index.directory, vector.tobytes()[:64]) == []
    assert all(forgotten.video_id not in ids and "v00" not in ids for ids in ids_in_every_version(index))
    assert index.count() == 59 and index.ids() == {v.video_id for v in videos[1:]}


def test_replace_all_leaves_no_older_version_of_the_rows_it_dropped(index, world):
    index.upsert([video(f"{MARKER}-video", owner=f"{MARKER}-owner")])
    index.replace_all([video("n1")], unit(np.random.default_rng(2), 1))
    assert on_disk(index.directory, MARKER.encode()) == []
    assert ids_in_every_version(index) == [{"n1"}]


def test_ids_lists_every_row(index, world, tmp_path):
    videos, _, _ = world
    assert index.ids() == {v.video_id for v in videos}  # all 60: more than a query's default limit
    index.delete(["v01"])
    assert index.ids() == {v.video_id for v in videos} - {"v01"}
    assert FeedIndex(tmp_path / "missing", shared_embedder()).ids() == set()


def old_schema_table(directory: Path, caption: str) -> None:
    """A table as the index wrote it before captions were left out: with a `text` column."""
    schema = pa.schema([("video_id", pa.string()), ("owner_id", pa.string()), ("text", pa.string()),
                        ("facets", pa.list_(pa.string())), ("energy", pa.float64()), ("audience", pa.string()),
                        ("posted_at", pa.timestamp("us", tz="UTC")), ("vector", pa.list_(pa.float32(), DIM))])
    rows = pa.table({"video_id": ["old"], "owner_id": ["o"], "text": [caption], "facets": [[]], "energy": [0.5],
                     "audience": ["everyone"], "posted_at": [NOW],
                     "vector": pa.FixedSizeListArray.from_arrays(pa.array(np.ones(DIM, np.float32)), DIM)},
                    schema=schema)
    lancedb.connect(directory).create_table("feed_videos", rows)


@pytest.mark.parametrize("rebuild", ["open_fresh", "replace_all"])
def test_a_table_of_the_old_schema_reads_empty_until_it_is_recreated(tmp_path, caplog, rebuild):
    caption = f"{MARKER} a caption in plain text"
    old_schema_table(tmp_path / "lance", caption)
    index = FeedIndex(tmp_path / "lance", shared_embedder())
    assert index.count() == 0 and index.newest(limit=5) == [] and index.ids() == set()
    assert "older schema" in caplog.text
    with pytest.raises(IndexSchemaError, match="reindex"):
        index.upsert([video("v1")])
    with pytest.raises(IndexSchemaError):
        index.delete(["old"])
    if rebuild == "open_fresh":
        assert index.open_fresh() is True
        index.upsert([video("v1")])
    else:
        index.replace_all([video("v1")], unit(np.random.default_rng(1), 1))
    assert index.ids() == {"v1"} and on_disk(tmp_path / "lance", MARKER.encode()) == []
    assert "dropped the feed index table" in caplog.text
    assert FeedIndex(tmp_path / "lance", shared_embedder()).open_fresh() is False  # another process: nothing to redo


def test_open_fresh_says_whether_the_table_was_created(tmp_path):
    first = FeedIndex(tmp_path / "lance", shared_embedder())
    assert first.open_fresh() is True and first.count() == 0
    first.upsert([video("v1")])
    assert FeedIndex(tmp_path / "lance", shared_embedder()).open_fresh() is False


@pytest.mark.parametrize("filters", [
    {"audiences": None},
    {"audiences": ("followers",)},
    {"audiences": ("everyone", "mutuals")},
    {"audiences": None, "owners": ("owner-1", "owner-2")},
    {"audiences": None, "exclude_owners": ("owner-0",)},
    {"audiences": None, "exclude_facets": ("style:anime", "topic:sports")},
    {"audiences": None, "since": NOW - timedelta(minutes=20)},
    {"audiences": ("everyone", "followers"), "owners": ("owner-0", "owner-1", "owner-3"),
     "exclude_owners": ("owner-3",), "exclude_facets": ("topic:sports",), "since": NOW - timedelta(minutes=45)},
], ids=["none", "audience", "audiences", "owners", "exclude-owners", "exclude-facets", "since", "combined"])
def test_filters_match_a_brute_force_over_every_row(index, world, filters):
    videos, vectors, query = world
    keep = passing(videos, **filters)
    assert len(keep) >= 8  # so every case also proves that the limit is filled after filtering
    by_similarity = sorted(keep, key=lambda i: -float(vectors[i] @ query))
    hits = index.nearest(query, limit=8, **filters)
    assert [h.video_id for h in hits] == [videos[i].video_id for i in by_similarity[:8]]
    by_time = sorted(keep, key=lambda i: videos[i].posted_at, reverse=True)
    newest = index.newest(limit=8, **filters)
    assert [h.video_id for h in newest] == [videos[i].video_id for i in by_time[:8]]
    assert all(h.similarity == 0.0 for h in newest)


def test_prefiltering_fills_the_limit_even_when_the_matches_are_the_least_similar(index):
    rng = np.random.default_rng(3)
    query = unit(rng, 1)[0]
    near = np.repeat(query[None, :], 200, axis=0)
    far = -near[:5]
    videos = [video(f"near{i}", owner="popular") for i in range(200)] + [video(f"far{i}", owner="rare")
                                                                         for i in range(5)]
    index.upsert(videos, np.concatenate([near, far]))
    hits = index.nearest(query, limit=5, owners=["rare"])
    assert sorted(h.video_id for h in hits) == [f"far{i}" for i in range(5)]
    hits = index.nearest(query, limit=10, exclude_owners=["popular"])
    assert len(hits) == 5


def test_empty_owners_or_audiences_match_nothing(index, world):
    _, _, query = world
    assert index.nearest(query, limit=5, owners=[]) == []
    assert index.newest(limit=5, owners=()) == []
    assert index.nearest(query, limit=5, audiences=[]) == []


def test_since_includes_the_boundary_and_rejects_a_naive_time(index, world):
    _, _, query = world
    since = NOW - timedelta(minutes=3)
    assert sorted(h.video_id for h in index.newest(limit=10, audiences=None, since=since)) == ["v00", "v01", "v02",
                                                                                            "v03"]
    with pytest.raises(ValueError, match="timezone-aware"):
        index.nearest(query, limit=5, since=datetime(2026, 11, 27, 12))
    later = since.astimezone(ZoneInfo("Asia/Tokyo"))  # the same moment, another zone
    assert len(index.newest(limit=10, audiences=None, since=later)) == 4


def test_values_with_quotes_and_backslashes_are_matched_literally(index):
    odd_id, odd_owner = "it's a \\'trap' OR 1=1 --", "o'brien\\"
    index.upsert([video(odd_id, owner=odd_owner, facets=("topic:rock'n'roll",)), video("plain", owner="x")])
    assert set(index.get([odd_id])) == {odd_id}
    query = index.get([odd_id])[odd_id].vector
    assert [h.video_id for h in index.nearest(query, limit=5, owners=[odd_owner])] == [odd_id]
    assert [h.video_id for h in index.nearest(query, limit=5, exclude_facets=["topic:rock'n'roll"])] == ["plain"]
    index.delete([odd_id])
    assert index.count() == 1 and index.get([odd_id]) == {}


def test_an_empty_or_missing_index_answers_empty(tmp_path):
    missing = FeedIndex(tmp_path / "never-written", shared_embedder())
    query = np.ones(DIM, np.float32)
    assert missing.count() == 0 and missing.nearest(query, limit=5) == [] and missing.newest(limit=5) == []
    assert missing.get(["v1"]) == {}
    missing.delete(["v1"])
    assert not (tmp_path / "never-written").exists()  # reading leaves no trace
    index = FeedIndex(tmp_path / "emptied", shared_embedder())
    index.upsert([video("v1")])
    index.delete(["v1"])
    assert index.count() == 0 and index.newest(limit=5) == []
    assert index.nearest(query, limit=5, owners=["owner-a"]) == []


def test_a_second_index_on_the_same_directory_sees_writes_at_once(tmp_path):
    reader = FeedIndex(tmp_path / "lance", shared_embedder())
    writer = FeedIndex(tmp_path / "lance", shared_embedder())
    assert reader.count() == 0  # opened before the table exists
    writer.upsert([video("v1"), video("v2")])
    assert reader.count() == 2
    writer.upsert([video("v1", energy=0.9)])
    writer.delete(["v2"])
    assert reader.count() == 1 and reader.get(["v1"])["v1"].energy == 0.9
    writer.replace_all([video("v3")], unit(np.random.default_rng(1), 1))
    assert [h.video_id for h in reader.newest(limit=5)] == ["v3"]


WRITER = """
import sys
from datetime import datetime, timezone
import numpy as np
from recsys.index import FeedIndex, IndexedVideo
class Fixed:
    dim = 384
    def embed(self, texts):
        return np.full((len(texts), 384), 384 ** -0.5, np.float32)
FeedIndex(sys.argv[1], Fixed()).upsert([IndexedVideo(video_id="from-another-process", owner_id="o", text="t",
    facets=(), energy=0.5, audience="everyone", posted_at=datetime(2026, 1, 1, tzinfo=timezone.utc))])
"""


def test_writes_from_another_process_are_seen_by_an_open_index(index):
    index.upsert([video("v1")])
    assert index.count() == 1
    subprocess.run([sys.executable, "-c", WRITER, str(index.directory)], check=True, timeout=120,
                   cwd=Path(__file__).resolve().parents[2])
    assert set(index.get(["from-another-process", "v1"])) == {"from-another-process", "v1"}


def test_replace_all_leaves_exactly_the_given_rows(index, world):
    rng = np.random.default_rng(5)
    fresh = [video("n1", owner="new"), video("n2", owner="new", minutes_ago=1)]
    assert index.replace_all(fresh, unit(rng, 2)) == 2
    assert index.count() == 2 and [h.video_id for h in index.newest(limit=10)] == ["n1", "n2"]
    assert index.replace_all([], np.zeros((0, DIM), np.float32)) == 0
    assert index.count() == 0


def test_wrong_vector_shapes_are_rejected(index):
    with pytest.raises(ValueError, match="shape"):
        index.upsert([video("v1")], np.zeros((1, 8), np.float32))
    with pytest.raises(ValueError, match="384"):
        index.nearest(np.zeros(8, np.float32), limit=3)


def test_readers_in_threads_run_beside_a_writer(index, world):
    videos, vectors, query = world
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            while not stop.is_set():
                hits = index.nearest(query, limit=10, audiences=None)
                assert len(hits) == 10
        except BaseException as e:  # noqa: BLE001 - reported to the test thread
            errors.append(e)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for t in readers:
        t.start()
    for round_ in range(5):
        index.upsert([video(f"w{round_}")], unit(np.random.default_rng(round_), 1))
    stop.set()
    for t in readers:
        t.join(timeout=30)
    assert not errors and index.count() == 65
