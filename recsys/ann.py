"""The approximate-nearest-neighbour (ANN) index of the feed's LanceDB table, and the scalar
indexes of its filter columns beside it: when the table carries them, and how they are built
and kept current (recsys.upkeep runs these steps, one builder at a time across processes).

Below `AnnPolicy.min_rows` the table has no vector index and LanceDB searches it exactly
(flat). From there on it carries an IVF_FLAT index on `vector` with the dot metric (the
vectors are unit-norm: dot is the cosine). Measured (bench/feed_index.py --ann-rows, 2 busy
cores, 100 000 MiniLM caption vectors, limit 100), against flat's 187 ms unfiltered:
IVF_FLAT builds in 1.9 s and answers in 11 ms at recall 1.000; IVF_HNSW_SQ builds in 100 s
and answers in 4 ms at recall 0.986 (9 ms and 1.000 with refine_factor 2); on clustered
vectors IVF_SQ and IVF_PQ lost more recall (0.99, 0.57 to 0.94) for no speed. IVF_FLAT keeps
the full vectors, so the distances it ranks by are exact (no refine step), and it builds in
seconds, which delete() needs: an index file keeps a deleted row's vector, so the purge
builds the index anew. The feed's filtered queries spend most of their time on the filter
(about 40 of 55 ms at 100 000 rows), so HNSW's faster graph would save little there.

Partitions of 8192 rows (LanceDB's default) probed 20 at a time: at 100 000 rows that is
every partition, recall 1.000 for every query kind and 4 to 11 times faster than flat, the
speed coming from the index's layout rather than from skipping rows. Smaller partitions pay
little and lose recall under a filter, which LanceDB applies within the probed partitions
(2048 rows: 0.86 for the typical filtered query; 512: 0.52). Past 164 000 rows (20 x 8192)
the probes start to skip partitions: measure again there (the bench takes --ann-rows).

The filters, which LanceDB applies before the vector search, are what a filtered query then
spends its time on: so the indexed table carries scalar indexes of the filter columns too
(FILTER_INDEXES), built, refreshed, rebuilt and dropped with the vector index, by the same
plan and under the same lock. Measured (bench/feed_index.py --n 0 --ann-rows 100000, section
(d): the same 100 queries per kind on two copies of the table, alternating; two runs;
recall@100 1.000 on both): the typical filtered query 29.7-30.9 -> 10.2-11.4 ms p50
(2.7-2.9x), the feed's own 36.7-38.8 -> 11.5-12.8 ms (3.0-3.2x), unfiltered unchanged (12.6
-> 11.9-13.1 ms); an owner_id index alone gave 1.6x and 0.97x. They add 1.9 MB beside the
vector index's 154 MB, and up to 0.6 s to a build (0.9-1.6 s against 0.9-1.0 s). The bench
posts everything within the feed's 30-day window, so the posted_at index barely showed there
(10.2-11.4 against 10.7-11.7 ms without it); it is kept for the window's range filter as
posts age out of it.

Rows written after a build are not in the index; LanceDB searches them flat beside it (never
with fast_search, and filtered by their columns, not the filter indexes), so they are found
at once but slow each query as they accumulate: at 100 000 rows the feed's query took
11.8-13.0 ms p50 with none, 14.6-15.5 ms with 2 %, 16.8-17.5 ms with 5 %, 14.3-20.1 ms with
9 %, 23.9-27.4 ms with 17 % (without filter indexes: 54, 55 at 5 %, 59, 68 ms). `plan`
folds them in past 5 % (refresh: LanceDB's optimize(), which compacts and indexes them as a
delta segment in every index, 0.2-0.5 s there) and trains the index anew after
`max_segments` deltas (rebuild: 1.6-2.9 s at 120 000 rows, filter indexes included), the
partitions having been trained on the rows of the first build.

Must not import api/ or actors/.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from enum import Enum

import lancedb
from lancedb.index import Bitmap, BTree, IvfFlat, LabelList
from lancedb.table import IndexStatistics

log = logging.getLogger(__name__)
INDEX_NAME = "vector_idx"
INDEX_TYPE = "IVF_FLAT"
METRIC = "dot"
# The scalar indexes of the columns the feed filters on, by column: a bitmap of each value where
# there are few (audience) and of each label in the lists (facets: array_has_any, negated too), a
# sorted copy of the column where the values are many or compared by range (owners, posting times).
FILTER_INDEXES: dict[str, BTree | Bitmap | LabelList] = {
    "audience": Bitmap(), "facets": LabelList(), "owner_id": BTree(), "posted_at": BTree()}


def filter_index_name(column: str) -> str:
    return f"{column}_idx"


@dataclass(frozen=True)
class AnnPolicy:
    """When the feed table carries an ANN index and how it is searched.

    min_rows: from this many rows the table is indexed; below it, searched exactly.
    refresh_fraction: rows written since the last build or refresh, as a fraction of all, past
        which they are folded into the index (each one costs a flat comparison per query).
    max_segments: delta segments (one per refresh) past which a refresh trains the index anew.
    partition_rows: rows per IVF partition the build aims at (LanceDB's target_partition_size).
    nprobes, max_nprobes: IVF partitions searched at least and at most. Between the two
        LanceDB decides by the query: more where the centroids lie about as near as each other,
        and where a filter leaves too few rows in the first ones to fill the limit.
    background: upserts start the due upkeep on a thread of their own (False: only upkeep(),
        replace_all() and delete() do it).
    filter_indexes: the columns (of FILTER_INDEXES) whose scalar index the indexed table carries
        too, built, refreshed and dropped with the vector index.
    """

    min_rows: int = 50_000
    refresh_fraction: float = 0.05
    max_segments: int = 4
    partition_rows: int = 8192
    nprobes: int = 20
    max_nprobes: int = 20
    background: bool = True
    filter_indexes: tuple[str, ...] = tuple(sorted(FILTER_INDEXES))

    def __post_init__(self) -> None:
        if self.min_rows < 1:
            raise ValueError(f"AnnPolicy.min_rows must be at least 1, got {self.min_rows}")
        if not 0 < self.refresh_fraction <= 1:
            raise ValueError(f"AnnPolicy.refresh_fraction must be in (0, 1], got {self.refresh_fraction}")
        if self.max_segments < 1:
            raise ValueError(f"AnnPolicy.max_segments must be at least 1, got {self.max_segments}")
        if self.partition_rows < 1:
            raise ValueError(f"AnnPolicy.partition_rows must be at least 1, got {self.partition_rows}")
        if not 1 <= self.nprobes <= self.max_nprobes:
            raise ValueError(f"AnnPolicy wants 1 <= nprobes <= max_nprobes, got {self.nprobes} and {self.max_nprobes}")
        if not set(self.filter_indexes) <= set(FILTER_INDEXES):
            raise ValueError(f"AnnPolicy.filter_indexes must be among {', '.join(sorted(FILTER_INDEXES))}, "
                             f"got {', '.join(self.filter_indexes)}")
        object.__setattr__(self, "filter_indexes", tuple(sorted(set(self.filter_indexes))))


class Action(Enum):
    NONE = "none"
    BUILD = "built"  # no index: train one on every row
    REFRESH = "refreshed"  # fold the unindexed rows in (optimize)
    REBUILD = "rebuilt"  # train it anew, replacing it
    DROP = "dropped"  # below min_rows: search flat again
    BUSY = "busy"  # another builder holds the lock


@dataclass(frozen=True)
class AnnState:
    """The table's vector index as it stands: `kind` None where there is none (flat search)."""

    rows: int
    kind: str | None = None
    indexed: int = 0
    unindexed: int = 0
    segments: int = 0
    filters: tuple[str, ...] = ()  # the columns with a scalar index (FILTER_INDEXES), sorted

    def describe(self, policy: AnnPolicy) -> str:
        """One line for an operator: whether the table is indexed and why, e.g. "ANN index
        IVF_FLAT over 99000 of 100000 rows (1000 unindexed, compared flat beside it), 1 segment,
        nprobes 20" or "no ANN index: searched exactly (under 50000 rows)"."""
        if self.kind is None:
            if self.rows < policy.min_rows:
                return f"no ANN index: searched exactly (under {policy.min_rows} rows)"
            return (f"no ANN index yet: searched exactly ({self.rows} rows, at least {policy.min_rows}: "
                    "the next upkeep builds one)")
        probes = (f"{policy.nprobes}" if policy.nprobes == policy.max_nprobes
                  else f"{policy.nprobes}-{policy.max_nprobes}")
        segments = f"{self.segments} segment{'s' if self.segments != 1 else ''}"
        filters = f"filter indexes on {', '.join(self.filters)}" if self.filters else "no filter indexes"
        return (f"ANN index {self.kind} over {self.indexed} of {self.rows} rows ({self.unindexed} unindexed, "
                f"compared flat beside it), {segments}, nprobes {probes}, {filters}")


@dataclass(frozen=True)
class Upkeep:
    """What one upkeep step did to the index, and the state it left."""

    action: Action
    state: AnnState
    seconds: float = 0.0

    def describe(self, policy: AnnPolicy) -> str:
        """One line for an operator: the state (AnnState.describe) and what this step did, e.g.
        "ANN index IVF_FLAT over 100000 of 100000 rows (...), nprobes 20; built in 3.7 s"."""
        if self.action in (Action.BUILD, Action.REBUILD, Action.REFRESH, Action.DROP):
            return f"{self.state.describe(policy)}; {self.action.value} in {self.seconds:.1f} s"
        if self.action is Action.BUSY:
            return f"{self.state.describe(policy)}; another builder holds the upkeep lock"
        return self.state.describe(policy)


def state(table: lancedb.table.Table) -> AnnState:
    """The indexes of `table` now (three reads of its metadata: 0.35 ms at 100 000 rows)."""
    rows = table.count_rows()
    names = {config.name for config in table.list_indices()}
    filters = tuple(column for column in sorted(FILTER_INDEXES) if filter_index_name(column) in names)
    stats: IndexStatistics | None = table.index_stats(INDEX_NAME) if INDEX_NAME in names else None
    if stats is None:
        return AnnState(rows=rows, filters=filters)
    return AnnState(rows=rows, kind=stats.index_type, indexed=stats.num_indexed_rows,
                    unindexed=stats.num_unindexed_rows, segments=stats.num_indices or 1, filters=filters)


def plan(now: AnnState, policy: AnnPolicy, *, kind: str = INDEX_TYPE) -> Action:
    """The step the index needs: built once the table reaches min_rows, dropped under it,
    trained anew where it is of another kind or lacks (or has unwanted) filter indexes,
    refreshed once the unindexed rows pass refresh_fraction of all (rebuilt instead after
    max_segments refreshes)."""
    if now.kind is None:
        if now.rows >= policy.min_rows:
            return Action.BUILD
        return Action.DROP if now.filters else Action.NONE  # a build that stopped halfway
    if now.rows < policy.min_rows:
        return Action.DROP
    if now.kind != kind or now.filters != policy.filter_indexes:
        return Action.REBUILD
    if now.unindexed > policy.refresh_fraction * now.rows:
        return Action.REBUILD if now.segments >= policy.max_segments else Action.REFRESH
    return Action.NONE


def apply(table: lancedb.table.Table, action: Action, policy: AnnPolicy) -> Action:
    """Carry `action` out on `table` (caller holds the upkeep lock); the action taken. A
    refresh whose compaction loses to a concurrent write (LanceDB's "retryable commit
    conflict", which upserts under way cause often) is done as a rebuild instead: a build
    commits beside them. A build builds the filter indexes of policy.filter_indexes too (and
    drops the others), each committed on its own after the vector index. A build that crashes
    leaves only files no version refers to: the table answers as before (flat where it had no
    index), the next build starts afresh (LanceDB writes the index files, then commits the
    version that names them), and the next holder of the upkeep lock removes them (clean_up)."""
    if action is Action.REFRESH:
        try:
            table.optimize()  # compacts, then indexes the new rows as a delta; older versions kept (7 days)
            return action
        except Exception as conflict:
            if "commit conflict" not in str(conflict).lower():
                raise
            log.info("refreshing the feed's ANN index conflicted with a write; building it anew instead")
            action = Action.REBUILD
    present = {config.name for config in table.list_indices()}
    if action in (Action.BUILD, Action.REBUILD):
        config = IvfFlat(distance_type=METRIC, target_partition_size=policy.partition_rows)
        table.create_index("vector", config=config, name=INDEX_NAME, replace=True)
        wanted = policy.filter_indexes
        for column in wanted:
            table.create_index(column, config=FILTER_INDEXES[column], name=filter_index_name(column), replace=True)
        _drop(table, present, [filter_index_name(c) for c in FILTER_INDEXES if c not in wanted])
    elif action is Action.DROP:
        _drop(table, present, [INDEX_NAME, *(filter_index_name(c) for c in FILTER_INDEXES)])
    return action


def _drop(table: lancedb.table.Table, present: set[str], names: list[str]) -> None:
    for name in names:
        if name in present:
            table.drop_index(name)


def upkeep(table: lancedb.table.Table, policy: AnnPolicy) -> Upkeep:
    """Plan and apply the step the index of `table` needs; what was done, and how long it
    took (caller holds the upkeep lock)."""
    start = time.perf_counter()
    action = apply(table, plan(state(table), policy), policy)
    return Upkeep(action=action, state=state(table), seconds=time.perf_counter() - start)
