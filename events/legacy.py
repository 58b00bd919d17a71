"""Personal fields recorded in clear, before the store sealed them, sealed after the fact.

The store seals an event's `personal` fields as it appends (events.vault.FieldSealer). Events
appended before it did (a generation's prompt, captions, plan and failure reason, until
2026-11-26) keep those fields in clear, so deleting such a person's account would not erase
them. `seal_recorded` finds them and rewrites each such event's stored data in place: every
personal field still in clear is sealed under its owner's key, or replaced by its erased value
where the owner's key is already shredded (they left before the upgrade). Position, stream,
version, type and metadata stay as they were; readers see the same values as before, since they
open sealed fields as they read. It is the one rewrite of the log, and it only changes how
personal words are stored.

An event without its owner field (a PromptRewritten or GenerationFailed from before it carried
`owner_id`) takes its owner from its stream's GenerationRequested and gains the field. Left as
they are, and reported: events whose owner cannot be told, whose owner has no key row at all
(a key table restored from an older backup than the log: erasing would destroy a member's
words), and events stored at an older schema version than their class (their field paths may
differ). The old copies are then removed from disk as a shred removes a key: SQLite writes with
secure_delete and the write-ahead log is truncated; PostgreSQL's events table is vacuumed (its
WAL and base backups keep the old rows until recycled).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import msgspec
from sqlalchemy import bindparam, func, select, update

from events.base import Event, personal_event_classes
from events.database import remove_old_copies, writer
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
    left: int = 0
    """Events with clear fields left as they are (logged with their positions): no owner, no key
    row for the owner, or an older schema version."""
    scrubbed: bool = True
    """Whether the old copies were removed from disk (False: run it again later)."""


def seal_recorded(store: SqlEventStore, vault: KeyVault, *, dry_run: bool = False,
                  progress: Callable[[int, int], None] | None = None) -> SealReport:
    """Seal (or erase) every personal field the log still holds in clear; `dry_run` only counts.
    `progress` is called with the events scanned so far and their total. Safe to run again (it
    finds nothing to seal, and removes old copies a run before could not) and while the product
    runs: each batch is one write transaction, and the WAL truncation waits at most 0.25 s."""
    personal = {cls.__name__: cls for cls in personal_event_classes()}
    report, reader = SealReport(), _Reader(store, vault)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).where(events.c.type.in_(personal))).scalar_one()
    update_data = update(events).where(events.c.position == bindparam("at")).values(data=bindparam("new"))
    after = 0
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(events.c.position, events.c.stream_id, events.c.type, events.c.type_version, events.c.data)
                .where(events.c.position > after, events.c.type.in_(personal)).order_by(events.c.position).limit(BATCH)
            ).all()
        if not rows:
            break
        after = rows[-1].position
        reader.read_owners(rows)
        rewritten = [{"at": position, "new": data} for position, data in _rewrites(rows, personal, reader, report)]
        if rewritten and not dry_run:
            with writer(store.engine).begin() as conn:
                conn.execute(update_data, rewritten)
        if progress is not None:
            progress(report.scanned, total)
    if not dry_run:
        report.scrubbed = remove_old_copies(store.engine, events.name)
    return report


def _rewrites(rows: list[Any], personal: dict[str, type[Event]], reader: _Reader,
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
        owner = data.get(cls.owner_field) or reader.owners.get(row.stream_id)
        why = ("stored at an older schema version" if row.type_version != cls.schema_version
               else "no owner" if owner is None else None)
        key = reader.key(owner) if why is None else None
        if key is _NO_KEY:
            why = "no key row for its owner"
        if why is not None:
            report.left += 1
            log.warning("event %d (%s) holds personal fields in clear and was left as it is: %s",
                        row.position, row.type, why)
            continue
        data[cls.owner_field] = owner
        for parent, name, erased in clear:
            if key is None:  # shredded: the owner left
                parent[name] = msgspec.to_builtins(erased)
            else:
                seal_field(parent, name, key, user_subject(owner))
        report.erased += key is None
        report.sealed += key is not None
        yield row.position, msgspec.json.encode(data)


def _fields(data: dict[str, Any], cls: type[Event]) -> Iterator[tuple[dict[str, Any], str, Any]]:
    """(the dict holding it, its name, its erased value) of each personal field present."""
    for path, erased in cls.personal.items():
        parent, name = field_at(data, path)
        if parent is not None:
            yield parent, name, erased


_NO_KEY = object()
"""What `_Reader.key` gives for an owner without any key row."""


class _Reader:
    """Owners of generation streams and owners' keys, each read once per run."""

    def __init__(self, store: SqlEventStore, vault: KeyVault) -> None:
        self._store, self._vault = store, vault
        self.owners: dict[str, str | None] = {}
        self._keys: dict[str, bytes | object | None] = {}

    def read_owners(self, rows: list[Any]) -> None:
        """Learn the requester of every stream in `rows` not known yet, in one query."""
        streams = {row.stream_id for row in rows} - self.owners.keys()
        if not streams:
            return
        with self._store.engine.connect() as conn:
            found = conn.execute(select(events.c.stream_id, events.c.data).where(
                events.c.stream_id.in_(streams), events.c.type == "GenerationRequested")).all()
        self.owners.update(dict.fromkeys(streams))
        self.owners.update({row.stream_id: msgspec.json.decode(row.data).get("user_id") for row in found})

    def key(self, owner: str) -> bytes | object | None:
        """The owner's key; None once shredded; _NO_KEY where they have no key row at all."""
        if owner not in self._keys:
            try:
                self._keys[owner] = self._vault.live_key(user_subject(owner), create=False)
            except LookupError:
                self._keys[owner] = _NO_KEY
        return self._keys[owner]
