"""Many writers at once: every event is read back once, in order, and no reader skips one."""

from __future__ import annotations

import threading

from events import Subscription
from tests.events.sample_events import Deposited

WRITERS = 8
APPENDS = 1000


def test_concurrent_writers_lose_nothing_and_a_live_reader_skips_nothing(store):
    done = threading.Event()
    seen: list[int] = []
    reader = Subscription(store, after=0, poll_interval=0.01)

    def follow() -> None:
        # Reads while the writers write: a late-committing transaction must never be skipped.
        while True:
            finished = done.is_set()
            seen.extend(r.position for r in reader.next_batch(timeout=0.01))
            if finished and len(seen) >= WRITERS * APPENDS:
                return

    def write(writer: int) -> None:
        for n in range(APPENDS):
            store.append(f"writer-{writer}", [Deposited(account=str(writer), amount=n)], n)

    follower = threading.Thread(target=follow)
    follower.start()
    writers = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for t in writers:
        t.start()
    for t in writers:
        t.join(timeout=300)
    done.set()
    follower.join(timeout=60)
    reader.stop()

    everything = []
    while batch := store.read_all(after=everything[-1].position if everything else 0, limit=5000):
        everything.extend(batch)
    assert [r.position for r in everything] == list(range(1, WRITERS * APPENDS + 1))
    assert seen == [r.position for r in everything]
    for w in range(WRITERS):
        amounts = [r.event.amount for r in everything if r.stream_id == f"writer-{w}"]
        assert amounts == list(range(APPENDS))
