"""Personal fields recorded in clear, before the store sealed them, sealed after the fact.

The store seals an event's `personal` fields as it appends (events.vault.FieldSealer). Events
appended before it did (a generation's prompt, captions, plan and failure reason, until
2026-11-26) keep those fields in clear, so deleting such a person's account would not erase
them. `seal_recorded` finds them and rewrites each such event's stored data in place: every
personal field still in clear is sealed under its owner's key, or replaced by its erased value
where the owner's key is already shredded (they left before the upgrade) or was never made. Position, stream,
version, type and metadata stay as they were; readers see the same values as before, since they
open sealed fields as they read. It is the one rewrite of the log, and it only changes how
personal words are stored.

An event without its owner field (a PromptRewritten or GenerationFailed from before it carried
`owner_id`) takes its owner from its stream's GenerationRequested and gains the field. The old
copies are then removed from disk as a shred removes a key: SQLite writes with secure_delete
and the write-ahead log is truncated; PostgreSQL's events table is vacuumed (its WAL and base
backups keep the old rows until recycled).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import msgspec
from sqlalchemy import func, select, update

from events.base import Event, personal_event_classes
from events.database import is_postgres, writer
from events.schema import events_table as events
from events.store import SqlEventStore
from events.vault import SEALED, KeyVault, field_at, seal_field, user_subject

log = logging.getLogger(__name__)
BATCH = 500


class SealReport(msgspec.Struct, kw_only=True):
    """What `seal_recorded` found (and, unless a dry run, rewrote)."""

    scanned: int = 0
    """Events of the classes with personal fields."""
    sealed: int = 0
    """Events whose clear fields were sealed under their owner's key."""
    erased: int = 0
    """Events whose clear fields were replaced by the erased value (the owner had left)."""
    ownerless: int = 0
    """Events whose owner could not be told: left as they are (logged)."""


def seal_recorded(store: SqlEventStore, vault: KeyVault, *, dry_run: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> SealReport:
    """Seal (or erase) every personal field the log still holds in clear; `dry_run` only counts.
    `progress` is called with the events scanned so far and their total. Safe to run again (it finds
    nothing the second time) and while the product runs: each batch is one write transaction."""
    personal = {cls.__name__: cls for cls in personal_event_classes()}
    report, owners = SealReport(), _Owners(store)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).where(events.c.type.in_(personal))).scalar_one()
    after = 0
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(events.c.position, events.c.stream_id, events.c.type, events.c.data)
                .where(events.c.position > after, events.c.type.in_(personal)).order_by(events.c.position).limit(BATCH)
            ).all()
        if not rows:
            break
        after = rows[-1].position
        rewritten = list(_rewrites(rows, personal, owners, vault, report))
        if rewritten and not dry_run:
            with writer(store.engine).begin() as conn:
                for position, data in rewritten:
                    conn.execute(update(events).where(events.c.position == position).values(data=data))
        if progress is not None:
            progress(report.scanned, total)
    if (report.sealed or report.erased) and not dry_run:
        _scrub(store)
    return report


def _rewrites(rows: list[Any], personal: dict[str, type[Event]], owners: _Owners, vault: KeyVault,
              report: SealReport) -> Iterator[tuple[int, bytes]]:
    """(position, new data) of each row holding a personal field in clear; counts in `report`."""
    for row in rows:
        report.scanned += 1
        cls = personal[row.type]
        data = msgspec.json.decode(row.data)
        clear = [(parent, name, erased) for parent, name, erased in _fields(data, cls)
                 if not (isinstance(parent[name], dict) and SEALED in parent[name])]
        if not clear:
            continue
        owner = data.get(cls.owner_field) or owners.of(row.stream_id)
        if owner is None:
            report.ownerless += 1
            log.warning("event %d (%s) holds personal fields in clear and no owner: left as it is",
                        row.position, row.type)
            continue
        data[cls.owner_field] = owner
        subject = user_subject(owner)
        try:
            key = vault.live_key(subject, create=False)
        except LookupError:  # no key was ever made: no member of this code lacks one (their name is sealed)
            key = None
        for parent, name, erased in clear:
            if key is None:
                parent[name] = msgspec.to_builtins(erased)
            else:
                seal_field(parent, name, key, subject)
        report.erased += key is None
        report.sealed += key is not None
        yield row.position, msgspec.json.encode(data)


def _fields(data: dict[str, Any], cls: type[Event]) -> Iterator[tuple[dict[str, Any], str, Any]]:
    """(the dict holding it, its name, its erased value) of each personal field present."""
    for path, erased in cls.personal.items():
        parent, name = field_at(data, path)
        if parent is not None:
            yield parent, name, erased


class _Owners:
    """The requester of a generation stream (its GenerationRequested's user_id), read once each."""

    def __init__(self, store: SqlEventStore) -> None:
        self._store = store
        self._known: dict[str, str | None] = {}

    def of(self, stream_id: str) -> str | None:
        if stream_id not in self._known:
            with self._store.engine.connect() as conn:
                data = conn.execute(select(events.c.data).where(
                    events.c.stream_id == stream_id, events.c.type == "GenerationRequested")
                    .limit(1)).scalar()
            self._known[stream_id] = msgspec.json.decode(data).get("user_id") if data is not None else None
        return self._known[stream_id]


def _scrub(store: SqlEventStore) -> None:
    """Remove the old row versions that held the clear words (see the module docstring)."""
    if is_postgres(store.engine):
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"VACUUM {events.name}")
        return
    with store.engine.connect() as conn:
        busy = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").first()[0]
    if busy:
        log.warning("the write-ahead log still holds clear words: a reader kept it from being truncated")
