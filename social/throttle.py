"""Login throttling: failed logins slow a guesser down.

Three counts, each of failures within `window` (15 minutes): one handle from one client address
(10: a guesser at one account), one address over all handles (50: a guesser trying many), and
one handle from everywhere (100: a guesser spread over many addresses; high, so that a stranger
cannot easily lock a member out). Past a limit `check` refuses (TooManyAttempts, a 429 with
Retry-After) until the oldest failure leaves the window. An attempt counts as a failure from
the moment it is let through (`attempt`, under the lock), so a burst of parallel guesses cannot
all pass before the first is counted; a successful login takes its own count back and clears
the failures of its handle from its address.

The address is the client's as the API server sees it: the connection's peer, or the address a
trusted reverse proxy puts in X-Forwarded-For (REELWORLD_TRUSTED_PROXIES, this machine by
default; a proxy elsewhere must be listed, or every client counts as the proxy). Counts live in the database (`login_failures`,
one row per failure and count), so every API process of a cluster sees the same counts. A row's
key is an HMAC of the handle or address under the installation's own throttle key (kept in the
key vault's table, made on first use): a handle or an address cannot be read back from it by
trying them all, without that key; an attempt reads and adds its counts in
one write transaction, under the write lock on SQLite and under advisory locks on its keys on
PostgreSQL, so processes cannot both slip under a limit. Rows leave once out of the window.

Password hashing itself (argon2: about 64 MiB and tens of ms a call) also runs at most
`hashing` at a time (`HashGate`), so a flood of logins queues instead of exhausting memory.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from events.database import is_postgres, writer
from events.vault import KeyVault
from social.errors import TooManyAttempts
from social.tables import as_utc

failures = sa.Table(
    "login_failures", sa.MetaData(),
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_login_failures_key_failed_at", "key", "failed_at"),
    sa.Index("ix_login_failures_failed_at", "failed_at"),
)
"""Created by the Alembic revision 0006; change both together. The id is 64-bit: a steady guesser
adds rows for ever, and a 32-bit counter would run out (old rows do not give their ids back)."""
THROTTLE_SUBJECT = "service-login-throttle"
"""The key vault subject whose key makes the rows' keys (never shredded)."""

SWEEP_EVERY = 500
"""Attempts (in one process) between removals of every failure out of the window; each
attempt removes its own keys' old rows."""


class LoginThrottle:
    """Failed logins per handle and address (`per_pair`), per address (`per_client`) and per
    handle (`per_handle`) in `window`, counted in the database behind `engine`."""

    def __init__(self, engine: Engine, *, clock: Callable[[], datetime], per_pair: int = 10, per_client: int = 50,
                 per_handle: int = 100, window: timedelta = timedelta(minutes=15)) -> None:
        self._engine, self._postgres = writer(engine), is_postgres(engine)
        self._vault, self._secret = KeyVault(engine), b""
        self._clock, self._window = clock, window
        self._limits = {"pair": per_pair, "client": per_client, "handle": per_handle}
        self._attempts, self._count_lock = 0, threading.Lock()

    def attempt(self, handle: str, client: str | None) -> None:
        """Let a login attempt through, counted as a failure until `succeeded` says otherwise;
        raise TooManyAttempts if the handle or the client failed too often lately."""
        now = self._clock()
        since = now - self._window
        keys = dict(self._keys(handle, client))
        with self._engine.begin() as conn:
            self._lock(conn, keys)
            conn.execute(failures.delete().where(failures.c.key.in_(keys), failures.c.failed_at <= since))
            waits = {kind: self._wait(conn, key, kind, since, now) for key, kind in keys.items()}
            blocked = {kind: wait for kind, wait in waits.items() if wait is not None}
            if blocked:  # the longest wait: after it, no other count refuses again
                kind = max(blocked, key=blocked.get)
                what = "this address" if kind == "client" else f"@{handle}"
                raise TooManyAttempts(f"too many failed logins for {what}; try again in "
                                      f"{max(1, math.ceil(blocked[kind] / 60))} minutes", blocked[kind])
            conn.execute(failures.insert(), [{"key": key, "failed_at": now} for key in keys])
            if self._due_for_sweep():
                conn.execute(failures.delete().where(failures.c.failed_at <= since))

    def succeeded(self, handle: str, client: str | None) -> None:
        """The attempt let through for `handle` from `client` logged in: not a failure, and the
        handle's failures from that address are forgiven."""
        keys = dict(self._keys(handle, client))
        with self._engine.begin() as conn:
            self._lock(conn, keys)
            for key, kind in keys.items():
                if kind == "pair":
                    conn.execute(failures.delete().where(failures.c.key == key))
                    continue
                newest = sa.select(failures.c.id).where(failures.c.key == key).order_by(
                    failures.c.id.desc()).limit(1).scalar_subquery()
                conn.execute(failures.delete().where(failures.c.id == newest))

    def _wait(self, conn: Connection, key: str, kind: str, since: datetime, now: datetime) -> int | None:
        """Seconds until the count `key` lets an attempt through again; None if it does now."""
        recent = conn.execute(
            sa.select(failures.c.failed_at).where(failures.c.key == key, failures.c.failed_at > since)
            .order_by(failures.c.failed_at).limit(self._limits[kind])
        ).scalars().all()
        if len(recent) < self._limits[kind]:
            return None
        return max(1, math.ceil((as_utc(recent[0]) + self._window - now).total_seconds()))

    def _keys(self, handle: str, client: str | None) -> Iterator[tuple[str, str]]:
        """(keyed hash, kind) of each count an attempt falls under."""
        if not self._secret:  # made once per installation, read once per process
            self._secret = self._vault.live_key(THROTTLE_SUBJECT) or b""
        named = [("pair", f"{handle.lower()} {client or ''}"), ("handle", handle.lower())]
        if client:
            named.append(("client", client))
        for kind, value in named:
            yield hmac.new(self._secret, f"{kind}\0{value}".encode(), hashlib.sha256).hexdigest(), kind

    def _lock(self, conn: Connection, keys: dict[str, str]) -> None:
        """Serialise attempts on the same keys across processes (SQLite: the write lock that
        `writer` takes at BEGIN already does). On PostgreSQL the commit does not wait for the
        disk: a count lost in a crash only forgives a few failures."""
        if self._postgres:
            conn.execute(sa.text("SET LOCAL synchronous_commit TO OFF"))
            for key in sorted(keys):  # one order everywhere: no deadlock
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(int.from_bytes(bytes.fromhex(key[:16]), "big",
                                                                                    signed=True))))

    def _due_for_sweep(self) -> bool:
        with self._count_lock:
            self._attempts += 1
            return self._attempts % SWEEP_EVERY == 0


class HashGate:
    """At most `hashing` password hashes or checks at a time (default: the CPUs)."""

    def __init__(self, hashing: int | None = None) -> None:
        self._slots = threading.BoundedSemaphore(hashing or os.cpu_count() or 2)

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._slots:
            yield
