"""Generation leases: which process, and which thread of it, runs a generation now.

Processes sharing one PostgreSQL database (several `reelworld up`, several replicas of the Serve
ingress) lease each generation to one of them with a session advisory lock, taken where the
steps run (ChainRunner.run) and held for the whole run. A process keeps one connection of its
own for all of its leases, outside the engine's pool (the Serve ingress runs 64 generations at
once, more than the pool holds); as advisory locks are re-entrant within a session, the set of
generations its threads hold keeps a second thread of the same process from running one too.
The server lets go of every lease of a session that ends, a killed process's too, so another
process takes its generations over at its next try. On SQLite every lease is granted (one
process per database file): the steps' appends at the version read record each step once.

Domain code: imports SQLAlchemy only. A lease needs a session of its own: a pooler in
transaction mode (PgBouncer) does not keep it.
"""

from __future__ import annotations

import logging
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

_LEASE_SPACE = 0x52454547  # "REEG": the first key of the two-key advisory locks that lease generations
_TRY = text("SELECT pg_try_advisory_lock(:space, :id)")
_UNLOCK = text("SELECT pg_advisory_unlock(:space, :id)")


def lease_key(generation_id: str) -> tuple[int, int]:
    """The two int4 keys of `generation_id`'s advisory lock."""
    return _LEASE_SPACE, zlib.crc32(generation_id.encode()) - 2**31


class GenerationLeased(Exception):  # noqa: N818 - a state, not a failure: the generation is in good hands
    """Another process, or another thread of this one, runs the generation now; nothing was done."""

    def __init__(self, generation_id: str) -> None:
        super().__init__(f"generation {generation_id} is being run by another worker")
        self.generation_id = generation_id


@dataclass
class Lease:
    """A generation this process holds; `session` counts the lease connections before the one
    that took it (a lease of an earlier one ended with it)."""

    generation_id: str
    session: int


class GenerationLeases:
    """The leases of one process on `engine`'s database (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self._pg = engine.dialect.name == "postgresql"
        self._engine = create_engine(engine.url, poolclass=NullPool, isolation_level="AUTOCOMMIT") if (
            self._pg) else None
        self._connection: Connection | None = None
        self._session = 0
        self._lock = threading.Lock()
        """Serialises the connection's use and guards `_held`."""
        self._held: set[str] = set()

    @contextmanager
    def hold(self, generation_id: str) -> Iterator[Lease | None]:
        """`generation_id`'s lease, held until exit, or None when another process or thread
        holds it now. Raises SQLAlchemy's error when the database cannot be reached (after one
        new connection tried); a failed release is logged, never raised over the run's outcome."""
        lease = self._take(generation_id)
        try:
            yield lease
        finally:
            if lease is not None:
                self._let_go(lease)

    def confirm(self, lease: Lease) -> bool:
        """Whether `lease` is still this process's (a run asks before each step). Once its
        connection died, the server let go of it: it is taken again on a new connection, or
        False when another process took the generation meanwhile (the run must stop; that
        process may have started a step the dead session's run was also computing: each is
        still recorded once). Raises SQLAlchemy's error when the database cannot be reached."""
        if not self._pg:
            return True
        with self._lock:
            if lease.session == self._session:
                try:
                    self._execute(text("SELECT 1"))
                    return True
                except DBAPIError as error:
                    self._drop(error)
            if not self._try(lease.generation_id):
                return False
            lease.session = self._session
            return True

    def close(self) -> None:
        """End the lease connection (the server lets go of its leases)."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None
                self._session += 1

    def _take(self, generation_id: str) -> Lease | None:
        if not self._pg:
            return Lease(generation_id, self._session)
        with self._lock:
            if generation_id in self._held or not self._try(generation_id):
                return None
            self._held.add(generation_id)
            return Lease(generation_id, self._session)

    def _let_go(self, lease: Lease) -> None:
        if not self._pg:
            return
        with self._lock:
            self._held.discard(lease.generation_id)
            if lease.session != self._session:  # its session ended, and the lease with it
                return
            try:
                self._execute(_UNLOCK, lease.generation_id)
            except Exception as error:  # noqa: BLE001 - the lease ends with its session either way
                log.warning("generation %s: its lease ended with its database session (%s)",
                            lease.generation_id, error)
                if isinstance(error, DBAPIError):
                    self._drop(error)

    def _try(self, generation_id: str) -> bool:
        """pg_try_advisory_lock on the lease connection; a connection that died is replaced
        once (its leases are gone: their runs find out in `confirm`)."""
        try:
            return bool(self._execute(_TRY, generation_id))
        except DBAPIError as error:
            self._drop(error)
        return bool(self._execute(_TRY, generation_id))

    def _execute(self, statement, generation_id: str | None = None) -> object:  # noqa: ANN001 - a TextClause
        if self._connection is None:
            self._connection = self._engine.connect()
        params = {} if generation_id is None else dict(zip(("space", "id"), lease_key(generation_id), strict=True))
        return self._connection.execute(statement, params).scalar()

    def _drop(self, error: Exception) -> None:
        """Forget a lease connection that failed: any error on it is taken as its end (closing it
        ends the session if it still lived), so every lease it held is gone."""
        log.warning("the generation lease connection failed; its leases are gone (%s)", error)
        if self._connection is not None:
            try:
                self._connection.invalidate()
                self._connection.close()
            except Exception:  # noqa: BLE001 - already gone
                pass
            self._connection = None
        self._session += 1
