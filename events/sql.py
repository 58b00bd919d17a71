"""The store's hot-path SQL, per dialect, run on the raw DB-API cursor.

SQLAlchemy owns engines, pools and transactions; the few statements run once per event use the
driver directly (no statement compilation per call). On PostgreSQL each stream's events go in one
conditional INSERT (arrays unnested) that computes positions and versions from the table and
checks the expected version in the same statement: an append costs three round trips (lock,
insert, commit). On SQLite, which runs in-process behind BEGIN IMMEDIATE, reading the head and
inserting with executemany is cheapest. The time of recording lives in each event's metadata.
"""

from __future__ import annotations

COLUMNS = "position, stream_id, version, type, type_version, data, meta"

SQLITE_HEAD = "SELECT coalesce(max(position), 0) FROM events"
SQLITE_VERSION = "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = ?"
SQLITE_INSERT = f"INSERT INTO events ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"

PG_LOCK = "SELECT pg_advisory_xact_lock(%s), pg_notify(%s, '')"
PG_VERSION = "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = %s"
PG_INSERT = f"""
INSERT INTO events ({COLUMNS})
SELECT h.p + n.ord, %(stream_id)s, cur.v + n.ord, n.type, n.type_version, n.data, n.meta
FROM (SELECT coalesce(max(position), 0) AS p FROM events) AS h,
     (SELECT coalesce(max(version), 0) AS v FROM events WHERE stream_id = %(stream_id)s) AS cur,
     unnest(%(types)s::text[], %(type_versions)s::int[], %(data)s::bytea[], %(meta)s::bytea[])
         WITH ORDINALITY AS n(type, type_version, data, meta, ord)
WHERE %(expected)s::int IS NULL OR cur.v = %(expected)s::int
RETURNING position, version
"""




def select_events(paramstyle: str, *, where: str, limit: bool) -> str:
    """SELECT of what a reader needs, with `where` written with {p} for each parameter."""
    mark = "?" if paramstyle == "qmark" else "%s"
    sql = f"SELECT {COLUMNS} FROM events WHERE {where.format(p=mark)}"
    order = "version" if "stream_id" in where else "position"
    return f"{sql} ORDER BY {order}" + (f" LIMIT {mark}" if limit else "")
