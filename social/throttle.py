"""Login throttling: failed logins slow a guesser down.

Three counts, each of failures within `window` (15 minutes): one handle from one client address
(10: a guesser at one account), one address over all handles (50: a guesser trying many), and
one handle from everywhere (100: a guesser spread over many addresses; high, so that a stranger
cannot easily lock a member out). Past a limit `check` refuses (TooManyAttempts, a 429 with
Retry-After) until the oldest failure leaves the window. An attempt counts as a failure from
the moment it is let through (`attempt`, under the lock), so a burst of parallel guesses cannot
all pass before the first is counted; a successful login takes its own count back and clears
the failures of its handle from its address.

The address is the connection's peer: behind a reverse proxy every client has the proxy's
address, and the per-address count then covers everyone (set the proxy to pass the client's
address through, e.g. uvicorn's --proxy-headers). Counts live in this process's
memory (an API process of a cluster counts its own), bounded to `max_keys` keys.

Password hashing itself (argon2: about 64 MiB and tens of ms a call) also runs at most
`hashing` at a time (`HashGate`), so a flood of logins queues instead of exhausting memory.
"""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from social.errors import TooManyAttempts


class LoginThrottle:
    """Failed logins per handle and address (`per_pair`), per address (`per_client`) and per
    handle (`per_handle`) in `window`."""

    def __init__(self, *, clock: Callable[[], datetime], per_pair: int = 10, per_client: int = 50,
                 per_handle: int = 100, window: timedelta = timedelta(minutes=15), max_keys: int = 100_000) -> None:
        self._clock, self._window, self._max_keys = clock, window, max_keys
        self._limits = {"pair": per_pair, "client": per_client, "handle": per_handle}
        self._failures: OrderedDict[tuple[str, str], deque[datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def attempt(self, handle: str, client: str | None) -> None:
        """Let a login attempt through, counted as a failure until `succeeded` says otherwise;
        raise TooManyAttempts if the handle or the client failed too often lately."""
        now = self._clock()
        with self._lock:
            keys = list(self._keys(handle, client))
            for key in keys:
                times = self._recent(key, now)
                if times is not None and len(times) >= self._limits[key[0]]:
                    wait = math.ceil((times[0] + self._window - now).total_seconds())
                    what = "this address" if key[0] == "client" else f"@{handle}"
                    raise TooManyAttempts(
                        f"too many failed logins for {what}; try again in {max(1, math.ceil(wait / 60))} "
                        "minutes", max(1, wait))
            for key in keys:
                self._failures.setdefault(key, deque()).append(now)
                self._failures.move_to_end(key)
            while len(self._failures) > self._max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, handle: str, client: str | None) -> None:
        """The attempt let through for `handle` from `client` logged in: not a failure."""
        with self._lock:
            for key in self._keys(handle, client):
                times = self._failures.get(key)
                if key[0] == "pair" or (times is not None and len(times) <= 1):
                    self._failures.pop(key, None)
                elif times:
                    times.pop()

    @staticmethod
    def _keys(handle: str, client: str | None) -> Iterator[tuple[str, str]]:
        yield "pair", f"{handle.lower()} {client or ''}"
        yield "handle", handle.lower()
        if client:
            yield "client", client

    def _recent(self, key: tuple[str, str], now: datetime) -> deque[datetime] | None:
        times = self._failures.get(key)
        while times and times[0] + self._window <= now:
            times.popleft()
        if times is not None and not times:
            del self._failures[key]
            return None
        return times


class HashGate:
    """At most `hashing` password hashes or checks at a time (default: the CPUs)."""

    def __init__(self, hashing: int | None = None) -> None:
        self._slots = threading.BoundedSemaphore(hashing or os.cpu_count() or 2)

    @contextmanager
    def slot(self) -> Iterator[None]:
        with self._slots:
            yield
