"""Feed index benchmark: (a) seconds to rebuild the index of N posted videos, captions embedded
serially in this process against Ray Data (an actor pool, one MiniLM per actor); (b) a typical
filtered nearest() on LanceDB against a numpy brute force over every vector with the same
filters checked in Python; (c) with --ann-rows, nearest() over that many videos searched flat
against the ANN index (recsys.ann) of each --ann-partition-rows and --ann-nprobes: build
seconds, p50 / p95 latency, recall@100 against flat; (d) the first of them with and without the
scalar indexes of each --ann-filter-indexes set of filter columns (recsys.ann.FILTER_INDEXES),
side by side; then the latency as unindexed rows accumulate, and what a refresh, a rebuild
and a delete cost.

    .venv/bin/python bench/feed_index.py [--n 10000] [--queries 200] [--owners 2000]
    .venv/bin/python bench/feed_index.py --n 0 --ann-rows 100000   # (c) and (d) alone
    .venv/bin/python bench/feed_index.py --n 0 --ann-rows 100000 --ann-cache /tmp/vectors
        --ann-filter-indexes audience,facets,owner_id,posted_at owner_id   # (d): two sets side by side

Captions are the world's own (generation.world.plan.caption of random ScenePlans), facets and
energy come from recsys.facets; owners, audiences and posting times are random (seeded). The
typical query: audience everyone, 200 followed owners, 2 facets excluded, limit 100. Prints
the seconds and ratios side by side, and the p50 / p95 latency of each query kind.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import msgspec  # noqa: E402
import numpy as np  # noqa: E402

from generation.world.plan import caption  # noqa: E402
from recsys.ann import FILTER_INDEXES, AnnPolicy  # noqa: E402
from recsys.batch import embed_in_process, reindex  # noqa: E402
from recsys.embeddings import MiniLMEmbedder  # noqa: E402
from recsys.eval_data import random_plan  # noqa: E402 - the eval's catalog draws its plans the same way
from recsys.facets import video_facets  # noqa: E402
from recsys.index import FeedIndex, IndexedVideo  # noqa: E402

NOW = datetime(2026, 11, 28, tzinfo=UTC)
LIMIT = 100
EXCLUDED = ("topic:sports", "style:anime")


def posted_videos(n: int, owners: list[str], seed: int) -> list[IndexedVideo]:
    rng = random.Random(seed)
    videos = []
    for i in range(n):
        plan = random_plan(rng)
        text = caption(plan, rng)
        found = video_facets(plan, text)
        videos.append(IndexedVideo(
            video_id=f"{i:08d}-0000-4000-8000-{rng.getrandbits(48):012x}", owner_id=rng.choice(owners), text=text,
            facets=found.facets, energy=found.energy, audience=rng.choices(("everyone", "followers", "mutuals"),
                                                                           (6, 3, 1))[0],
            posted_at=NOW - timedelta(seconds=rng.uniform(0, 30 * 86400))))
    return videos


def brute_force(videos: list[IndexedVideo], matrix: np.ndarray, query: np.ndarray,
                followed: set[str]) -> list[tuple[str, float]]:
    """The typical query without LanceDB: the filters row by row in Python, then numpy top-k;
    (video_id, similarity) pairs."""
    keep = np.fromiter((v.audience == "everyone" and v.owner_id in followed and not any(f in EXCLUDED for f in v.facets)
                        for v in videos), bool, len(videos))
    rows = np.flatnonzero(keep)
    scores = matrix[rows] @ query
    top = rows[np.argsort(-scores, kind="stable")[:LIMIT]]
    return [(videos[i].video_id, float(matrix[i] @ query)) for i in top]


def latencies(fn, queries: list[np.ndarray]) -> np.ndarray:  # noqa: ANN001
    out = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - start)
    return np.array(out) * 1000


def bench_rebuild(videos: list[IndexedVideo], directory: Path) -> tuple[np.ndarray, dict[str, float]]:
    """Seconds of a rebuild each way (both cold: the model loads inside the timing), and the vectors."""
    from cluster.ray_runtime import start_ray
    from cluster.settings import load_settings

    serial_index = FeedIndex(directory / "serial", MiniLMEmbedder())
    start = time.perf_counter()
    serial_index.embedder.embed(["load"])
    load = time.perf_counter() - start
    reindex(videos, serial_index, use_ray=False)
    serial = time.perf_counter() - start
    info = start_ray(load_settings())
    ray_index = FeedIndex(directory / "ray", MiniLMEmbedder())
    start = time.perf_counter()
    reindex(videos, ray_index, use_ray=True)
    with_ray = time.perf_counter() - start
    ids = [v.video_id for v in videos[:500]]
    a, b = serial_index.get(ids), ray_index.get(ids)
    assert all(np.allclose(a[i].vector, b[i].vector, atol=1e-5) for i in ids), "the two rebuilds differ"
    matrix = np.stack([h.vector for h in sorted(serial_index.get([v.video_id for v in videos]).values(),
                                                 key=lambda h: int(h.video_id[:8]))])
    return matrix, {"serial": serial, "load": load, "ray": with_ray, "cpus": info.cpus}


# (c): the feed's three nearest() calls: the typical filtered one of (b), the feed's own (public
# posts of the window, not the member's, excluded facets dropped: most rows pass), and none.
ANN_QUERIES = {
    "typical filtered": lambda index, q, followed: index.nearest(q, limit=LIMIT, owners=followed,
                                                                 exclude_facets=EXCLUDED),
    "feed's own": lambda index, q, followed: index.nearest(q, limit=LIMIT, exclude_owners=(min(followed),),
                                                           exclude_facets=EXCLUDED, since=NOW - timedelta(days=30)),
    "unfiltered": lambda index, q, followed: index.nearest(q, limit=LIMIT, audiences=None),
}


def ask_all(index: FeedIndex, queries: list[np.ndarray], follows: list[set[str]],
            kinds: tuple[str, ...] = tuple(ANN_QUERIES)) -> dict[str, tuple[np.ndarray, list[list[str]]]]:
    """Per query kind: the latencies (ms) and the ids found."""
    out = {}
    for kind in kinds:
        ms, found = [], []
        for q, followed in zip(queries, follows, strict=True):
            start = time.perf_counter()
            hits = ANN_QUERIES[kind](index, q, followed)
            ms.append((time.perf_counter() - start) * 1000)
            found.append([h.video_id for h in hits])
        out[kind] = (np.array(ms), found)
    return out


def recall(got: list[list[str]], want: list[list[str]]) -> float:
    return float(np.mean([len(set(g) & set(w)) / len(w) for g, w in zip(got, want, strict=True) if w]))


def probes(spec: str) -> tuple[int, int]:
    """"20" -> (20, 20); "4-20" -> (4, 20): the least and most partitions probed."""
    low, _, high = spec.partition("-")
    return int(low), int(high or low)


def bench_ann(args: argparse.Namespace, owners: list[str], rng: random.Random) -> None:
    """(c): flat against each ANN variant over --ann-rows videos, then the cost of unindexed rows."""
    n = args.ann_rows
    videos = posted_videos(n, owners, args.seed + 1)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "ann"
        flat = FeedIndex(directory, MiniLMEmbedder(cache_size=0),
                         ann_policy=AnnPolicy(min_rows=n + 1, background=False))
        start = time.perf_counter()
        cache = args.ann_cache and Path(args.ann_cache) / f"captions-{n}-seed{args.seed + 1}.npy"
        if cache and cache.is_file():
            vectors = np.load(cache)
        else:
            vectors = embed_in_process([v.text for v in videos], flat.embedder.embed, progress=lambda done: print(
                f"  {done} captions embedded, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
                if done % 10240 == 0 or done == n else None)
            if cache:
                cache.parent.mkdir(parents=True, exist_ok=True)
                np.save(cache, vectors)
        embedded = time.perf_counter() - start
        flat.replace_all(videos, vectors)
        qvecs = list(flat.embedder.embed([caption(random_plan(rng), rng) for _ in range(50)]))
        queries = [qvecs[i % len(qvecs)] for i in range(args.ann_queries)]
        follows = [set(rng.sample(owners, 200)) for _ in queries]
        truth = ask_all(flat, queries, follows)
        print(f"\n(c) nearest() over {n} videos (caption vectors in {embedded:.0f} s), limit {LIMIT}, "
              f"{len(queries)} queries per kind; recall@{LIMIT} against flat")
        print(f"{'index':<34} {'build s':>8} {'query':<17} {'p50 ms':>7} {'p95 ms':>7} {'recall':>7} "
              f"{'flat/ANN p50':>13}")
        for kind, (ms, _) in truth.items():
            print(f"{'flat (exact)':<34} {'-':>8} {kind:<17} {np.percentile(ms, 50):>7.1f} "
                  f"{np.percentile(ms, 95):>7.1f} {1:>7.3f} {1:>12.1f}x")
        chosen: FeedIndex | None = None
        for partition_rows in args.ann_partition_rows:
            flat.upkeep()  # drops the index of the last variant (min_rows above the table)
            for i, spec in enumerate(args.ann_nprobes):
                low, high = probes(spec)
                policy = AnnPolicy(min_rows=n, partition_rows=partition_rows, nprobes=low, max_nprobes=high,
                                   background=False, filter_indexes=())
                index = FeedIndex(directory, flat.embedder, ann_policy=policy)
                build = index.upkeep().seconds if i == 0 else None
                chosen = chosen or index
                for kind, (ms, found) in ask_all(index, queries, follows).items():
                    flat_ms, want = truth[kind]
                    name = f"IVF_FLAT {partition_rows} rows/part, probes {low}-{high}"
                    print(f"{name:<34} {'' if build is None else f'{build:.1f}':>8} {kind:<17} "
                          f"{np.percentile(ms, 50):>7.1f} {np.percentile(ms, 95):>7.1f} {recall(found, want):>7.3f} "
                          f"{np.median(flat_ms) / np.median(ms):>12.1f}x")
                    build = None
        if chosen is None:
            return
        flat.upkeep()
        chosen.upkeep()  # the first variant again, for the comparisons below
        with_filters = bench_filter_indexes(chosen, queries, follows, truth, args.ann_filter_indexes)
        bench_unindexed(with_filters, videos, queries, follows, truth)


def bench_filter_indexes(plain: FeedIndex, queries: list[np.ndarray], follows: list[set[str]],
                         truth: dict[str, tuple[np.ndarray, list[list[str]]]],
                         column_sets: list[tuple[str, ...]]) -> FeedIndex:
    """(d): the ANN index `plain` (no filter indexes) against copies of its table with the
    scalar indexes of each set of filter columns (LanceDB uses a column's scalar index wherever
    it has one, so each needs a table of its own), each query kind timed on all in turn (the
    same queries, in alternating blocks of 10, so that a busy moment of the machine falls on all
    alike): p50 / p95 latency, recall@100 against flat and the p50 ratio plain / indexed. The
    copy with the first set is returned."""
    indexed = []
    print("\n(d) the first variant without filter indexes (plain) and with those of each set of columns")
    for columns in column_sets:
        policy = dataclasses.replace(plain.ann_policy, filter_indexes=columns)
        copy = plain.directory.with_name("filters-" + "-".join(policy.filter_indexes))
        shutil.copytree(plain.directory, copy)
        index = FeedIndex(copy, plain.embedder, ann_policy=policy)
        rebuild = index.upkeep()  # trained anew, the filter indexes built beside it
        sizes = {c.name: c.size_bytes for c in index._open().list_indices()}  # noqa: SLF001 - sizes on disk
        print(f"  {'+'.join(policy.filter_indexes)}: {rebuild.action.value} in {rebuild.seconds:.1f} s; index sizes "
              + ", ".join(f"{name} {size / 1e6:.2f} MB" for name, size in sorted(sizes.items())))
        indexed.append(index)
    print(f"{'query':<17} {'filter indexes':<36} {'p50 ms':>7} {'p95 ms':>7} {'recall':>7} {'plain/indexed p50':>18}")
    for kind, (_, want) in truth.items():
        runs = [([], []) for _ in range(len(indexed) + 1)]
        for block in range(0, len(queries), 10):
            for (ms, found), index in zip(runs, [plain, *indexed], strict=True):
                took, got = ask_all(index, queries[block:block + 10], follows[block:block + 10], (kind,))[kind]
                ms.extend(took)
                found.extend(got)
        for (ms, found), index in zip(runs, [plain, *indexed], strict=True):
            name = "+".join(index.ann_policy.filter_indexes) or "none (plain)"
            print(f"{kind:<17} {name:<36} {np.percentile(ms, 50):>7.1f} {np.percentile(ms, 95):>7.1f} "
                  f"{recall(found, want):>7.3f} {np.median(runs[0][0]) / np.median(ms):>17.2f}x")
    return indexed[0]


def bench_unindexed(index: FeedIndex, videos: list[IndexedVideo], queries: list[np.ndarray],
                    follows: list[set[str]], truth: dict[str, tuple[np.ndarray, list[list[str]]]]) -> None:
    """The feed's own query as rows written after the build accumulate (copies of indexed rows
    under new ids), then a refresh, a rebuild and a one-row delete timed."""
    n = len(videos)
    kind = "feed's own"
    print(f"\n{'unindexed rows':<16} {'of all':>7} {'p50 ms':>7} {'p95 ms':>7}   ({kind} query, "
          f"{index.ann_policy.partition_rows} rows/part)")
    ms, _ = ask_all(index, queries, follows, (kind,))[kind]
    print(f"{0:<16} {0:>6.1f}% {np.percentile(ms, 50):>7.1f} {np.percentile(ms, 95):>7.1f}")
    written = 0
    for fraction in (0.02, 0.05, 0.10, 0.20):
        want = int(fraction * n)
        sources = videos[written:want]
        stored = index.get([v.video_id for v in sources])
        copies = [msgspec.structs.replace(v, video_id=f"copy-{v.video_id}") for v in sources]
        index.upsert(copies, np.stack([stored[v.video_id].vector for v in sources]))
        written = want
        state = index.ann_state()
        ms, _ = ask_all(index, queries, follows, (kind,))[kind]
        print(f"{state.unindexed:<16} {100 * state.unindexed / state.rows:>6.1f}% {np.percentile(ms, 50):>7.1f} "
              f"{np.percentile(ms, 95):>7.1f}")
    refresh = index.upkeep()  # past refresh_fraction: folded in as a delta segment
    ms, _ = ask_all(index, queries, follows, (kind,))[kind]
    print(f"upkeep: {refresh.action.value} in {refresh.seconds:.1f} s -> {refresh.state.segments} segments, "
          f"p50 {np.percentile(ms, 50):.1f} ms")
    FeedIndex(index.directory, index.embedder, ann_policy=AnnPolicy(min_rows=10 * n, background=False)).upkeep()
    rebuild = index.upkeep()  # dropped above: trained anew over every row
    ms, _ = ask_all(index, queries, follows, (kind,))[kind]
    print(f"upkeep: {rebuild.action.value} over {rebuild.state.rows} rows in {rebuild.seconds:.1f} s -> "
          f"{rebuild.state.segments} segment, p50 {np.percentile(ms, 50):.1f} ms")
    start = time.perf_counter()
    index.delete([videos[0].video_id])
    print(f"delete of one row (the index built anew, then the purge): {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="posted videos")
    parser.add_argument("--queries", type=int, default=200, help="queries timed per kind")
    parser.add_argument("--owners", type=int, default=2_000, help="distinct owners")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ann-rows", type=int, default=0, help="(c): videos of the ANN comparison (0: none)")
    parser.add_argument("--ann-cache", default="", help="(c): a directory to keep the caption vectors in, for reruns")
    parser.add_argument("--ann-queries", type=int, default=100, help="(c): queries timed per kind and index")
    parser.add_argument("--ann-partition-rows", type=lambda v: [int(x) for x in v.split(",")], default=[8192],
                        help="(c): rows per IVF partition, one index each, comma-separated")
    parser.add_argument("--ann-filter-indexes", nargs="+", default=[",".join(sorted(FILTER_INDEXES))],
                        type=lambda v: tuple(v.split(",")),
                        help="(d): sets of filter columns given a scalar index, each comma-separated")
    parser.add_argument("--ann-nprobes", type=lambda v: v.split(","), default=["20"],
                        help='(c): partitions probed, "least-most" or "both", comma-separated')
    args = parser.parse_args()
    rng = random.Random(args.seed)
    owners = [f"owner-{i:05d}" for i in range(args.owners)]
    if args.n <= 0:
        if args.ann_rows:
            bench_ann(args, owners, rng)
        return
    start = time.perf_counter()
    videos = posted_videos(args.n, owners, args.seed)
    print(f"{args.n} videos, {len({v.text for v in videos})} distinct captions, built in "
          f"{time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        matrix, rebuild = bench_rebuild(videos, Path(tmp))
        print(f"\n(a) rebuild, {args.n} captions, {rebuild['cpus']:.0f} CPUs (model load {rebuild['load']:.1f} s "
              f"inside each)")
        print(f"{'serial s':>10} {'Ray Data s':>11} {'serial / Ray':>13}")
        print(f"{rebuild['serial']:>10.1f} {rebuild['ray']:>11.1f} {rebuild['serial'] / rebuild['ray']:>12.2f}x")

        index = FeedIndex(Path(tmp) / "serial", MiniLMEmbedder())
        query_texts = [caption(random_plan(rng), rng) for _ in range(50)]
        qvecs = list(index.embedder.embed(query_texts))
        queries = [qvecs[i % len(qvecs)] for i in range(args.queries)]
        follows = [set(rng.sample(owners, 200)) for _ in range(len(queries))]
        chosen = iter(follows)

        def lance(q: np.ndarray) -> list[str]:
            return [h.video_id for h in index.nearest(q, limit=LIMIT, audiences=("everyone",), owners=next(chosen),
                                                      exclude_facets=EXCLUDED)]

        for q, followed in zip(queries[:20], follows[:20], strict=True):
            got = [h.similarity for h in index.nearest(q, limit=LIMIT, owners=followed, exclude_facets=EXCLUDED)]
            want = [score for _, score in brute_force(videos, matrix, q, followed)]
            # Rank by rank the same similarities (near-ties may swap two ids, never change a score).
            assert len(got) == len(want) and np.allclose(got, want, atol=1e-5), "LanceDB and numpy disagree"
        rows = {"nearest, filtered (LanceDB)": latencies(lance, queries)}
        chosen = iter(follows)
        rows["same, numpy + Python filters"] = latencies(lambda q: brute_force(videos, matrix, q, next(chosen)),
                                                         queries)
        rows["nearest, no filter (LanceDB)"] = latencies(lambda q: index.nearest(q, limit=LIMIT, audiences=None),
                                                         queries)
        rows["same, numpy"] = latencies(lambda q: np.argsort(-(matrix @ q))[:LIMIT], queries)
        chosen = iter(follows)
        rows["newest, filtered (LanceDB)"] = latencies(
            lambda q: index.newest(limit=LIMIT, owners=next(chosen), exclude_facets=EXCLUDED), queries)
        print(f"\n(b) queries over {args.n} videos, limit {LIMIT}, {len(queries)} each; filtered = everyone, "
              f"200 followed owners, {len(EXCLUDED)} facets excluded")
        print(f"{'query':<30} {'p50 ms':>8} {'p95 ms':>8}")
        for name, ms in rows.items():
            print(f"{name:<30} {np.percentile(ms, 50):>8.2f} {np.percentile(ms, 95):>8.2f}")
        lance_ms, numpy_ms = rows["nearest, filtered (LanceDB)"], rows["same, numpy + Python filters"]
        plain_l, plain_n = rows["nearest, no filter (LanceDB)"], rows["same, numpy"]
        print(f"\n{'p50 ratio':<30} {'LanceDB / numpy':>16}")
        print(f"{'filtered nearest':<30} {np.median(lance_ms) / np.median(numpy_ms):>15.1f}x")
        print(f"{'unfiltered nearest':<30} {np.median(plain_l) / np.median(plain_n):>15.1f}x")
    if args.ann_rows:
        bench_ann(args, owners, rng)


if __name__ == "__main__":
    main()
