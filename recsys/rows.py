"""The rows of the feed's LanceDB table: their schema, the videos written (IndexedVideo) and
the rows found (Hit) as Arrow tables, and the SQL filters of the queries.

Must not import api/ or actors/.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import msgspec
import numpy as np
import pyarrow as pa

from events.feed import AUDIENCES


class IndexedVideo(msgspec.Struct, frozen=True, kw_only=True):
    """A posted video to index. `text` (the caption) is what gets embedded; the index stores
    its vector and the other fields, never the text."""

    video_id: str
    owner_id: str
    text: str
    facets: tuple[str, ...]  # "kind:value", e.g. "style:anime", "topic:sports"
    energy: float  # 0..1
    audience: str  # one of AUDIENCES
    posted_at: datetime  # UTC, tz-aware


@dataclass(frozen=True)
class Hit:
    """A row found by a query. `similarity` is the cosine with the query vector (0.0 for
    newest() and get()); `vector` is the stored unit vector."""

    video_id: str
    owner_id: str
    facets: tuple[str, ...]
    energy: float
    audience: str
    posted_at: datetime
    similarity: float
    vector: np.ndarray


NOTHING = object()  # a filter that no row can pass (an empty `owners` or `audiences`)
HIT_COLUMNS = ["video_id", "owner_id", "facets", "energy", "audience", "posted_at", "vector"]


def schema(dim: int) -> pa.Schema:
    """The table's columns, for vectors of `dim` floats."""
    return pa.schema([
        pa.field("video_id", pa.string(), nullable=False),
        pa.field("owner_id", pa.string(), nullable=False),
        pa.field("facets", pa.list_(pa.string()), nullable=False),
        pa.field("energy", pa.float64(), nullable=False),
        pa.field("audience", pa.string(), nullable=False),
        pa.field("posted_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("vector", pa.list_(pa.float32(), dim), nullable=False),
    ])


def sql_string(value: str) -> str:
    """`value` as a SQL string literal for a LanceDB filter: quotes doubled (LanceDB's parser
    reads backslashes literally). Raises ValueError for a non-string or a NUL character."""
    if not isinstance(value, str):
        raise ValueError(f"expected a string in a filter, got {type(value).__name__}")
    if "\x00" in value:
        raise ValueError("a filter value cannot hold a NUL character")
    return "'" + value.replace("'", "''") + "'"


def string_list(values: Collection[str]) -> str:
    """`values` as the SQL literals of an IN list, sorted, each once."""
    return ", ".join(sorted({sql_string(v) for v in values}))


def _utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware (UTC), got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


def query_filter(*, audiences: Collection[str] | None, owners: Collection[str] | None,
                 exclude_owners: Collection[str], exclude_facets: Collection[str],
                 since: datetime | None) -> str | None | object:
    """The SQL filter for a query: the conditions joined by AND; None when nothing filters,
    `NOTHING` when no row can pass (an empty `audiences` or `owners`)."""
    if (audiences is not None and not audiences) or (owners is not None and not owners):
        return NOTHING
    parts = []
    if audiences is not None:
        parts.append(f"audience IN ({string_list(audiences)})")
    if owners is not None:
        parts.append(f"owner_id IN ({string_list(owners)})")
    if exclude_owners:
        parts.append(f"owner_id NOT IN ({string_list(exclude_owners)})")
    if exclude_facets:
        parts.append(f"NOT array_has_any(facets, [{string_list(exclude_facets)}])")
    if since is not None:
        # An explicit offset: a bare TIMESTAMP literal would be read as naive and compared as such.
        parts.append(f"posted_at >= TIMESTAMP {sql_string(_utc(since, 'since').isoformat())}")
    return " AND ".join(f"({p})" for p in parts) or None


def arrow_rows(videos: Sequence[IndexedVideo], vectors: np.ndarray, dim: int) -> pa.Table:
    """An Arrow table of `videos` and their vectors; a video_id given twice keeps its last row."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.shape != (len(videos), dim):
        raise ValueError(f"expected vectors of shape ({len(videos)}, {dim}), got {vectors.shape}")
    last = {v.video_id: i for i, v in enumerate(videos)}
    keep = sorted(last.values())
    chosen = [videos[i] for i in keep]
    for v in chosen:
        if v.audience not in AUDIENCES:
            raise ValueError(f"video {v.video_id}: audience {v.audience!r} is not one of {', '.join(AUDIENCES)}")
    flat = np.ascontiguousarray(vectors[keep]).reshape(-1)
    return pa.table({
        "video_id": pa.array([v.video_id for v in chosen], pa.string()),
        "owner_id": pa.array([v.owner_id for v in chosen], pa.string()),
        "facets": pa.array([list(v.facets) for v in chosen], pa.list_(pa.string())),
        "energy": pa.array([float(v.energy) for v in chosen], pa.float64()),
        "audience": pa.array([v.audience for v in chosen], pa.string()),
        "posted_at": pa.array([_utc(v.posted_at, f"video {v.video_id}: posted_at") for v in chosen],
                              pa.timestamp("us", tz="UTC")),
        "vector": pa.FixedSizeListArray.from_arrays(pa.array(flat, pa.float32()), dim),
    }, schema=schema(dim))


def hits(found: pa.Table, query: np.ndarray | None) -> list[Hit]:
    """The rows of a query's result (HIT_COLUMNS), with their cosine to `query` (0.0 without)."""
    if found.num_rows == 0:
        return []
    dim = found.schema.field("vector").type.list_size
    vectors = found.column("vector").combine_chunks().flatten().to_numpy().reshape(-1, dim).copy()
    vectors.flags.writeable = False
    similarities = vectors @ query if query is not None else np.zeros(len(vectors), np.float32)
    micros = found.column("posted_at").cast(pa.int64()).to_pylist()
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return [
        Hit(video_id=video_id, owner_id=owner_id, facets=tuple(facets), energy=energy, audience=audience,
            posted_at=epoch + timedelta(microseconds=us), similarity=float(similarity), vector=vector)
        for video_id, owner_id, facets, energy, audience, us, similarity, vector in zip(
            found.column("video_id").to_pylist(), found.column("owner_id").to_pylist(),
            found.column("facets").to_pylist(), found.column("energy").to_pylist(),
            found.column("audience").to_pylist(), micros, similarities, vectors, strict=True)
    ]
