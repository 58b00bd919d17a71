"""Notifications benchmark: the work of GET /v1/notifications (one page), GET
/v1/notifications/unread (the count the web client polls each minute) and POST
/v1/notifications/seen, for a member with N notifications (and, for the streams of
GET /v1/notifications/stream, what a move of the log costs for 21 watched members: one read of
their inboxes' signatures against asking each one's unread count again), when none of them are remixes and
when half of them are remixes of their video posted where they cannot see them (each page then
reads past hidden rows, and asks the posts' audiences), side by side. Remixes and follows
alternate, so a page of 50 shown reads about 100 rows.

    .venv/bin/python bench/inbox.py [--n 2000] [--repeats 30]

The notifications are real: followers' Followed events and remixes' GenerationRequested,
VideoPublished and VideoPosted events, projected by the real projections (the time of all of them is printed) into
SQLite under a temporary REELWORLD_HOME. Every remix is posted to its maker's followers, and
the member follows none of them: the remixes never reach her.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher  # noqa: E402

from api.runtime import open_runtime  # noqa: E402
from cluster.settings import load_settings  # noqa: E402
from events import ManualClock  # noqa: E402
from events.feed import VideoPosted, post_stream  # noqa: E402
from events.generation import GenerationRequested, Provenance, VideoPublished  # noqa: E402
from events.social import Followed  # noqa: E402


def _members(runtime, count: int, prefix: str) -> list[str]:  # noqa: ANN001
    codes = [invite.code for invite in runtime.invites.issue_by_operator(count)]
    return [runtime.accounts.sign_up(invite_code=code, handle=f"{prefix}{i}", password="correct horse",
                                     birth_year=1990).user_id for i, code in enumerate(codes)]


def _video(runtime, gid: str, owner: str, video: str, remix_of: str | None = None) -> None:  # noqa: ANN001
    runtime.store.append(f"generation-{gid}", [
        GenerationRequested(generation_id=gid, user_id=owner, prompt="a ball", style=None, characters=(),
                            remix_of=remix_of, shots=1, tier="standard", seed=1, teen=False, reservation="free"),
        VideoPublished(generation_id=gid, video_id=video, owner_id=owner, media_key="k", size_bytes=1,
                       duration_s=2.0, width=256, height=256,
                       provenance=Provenance(model="m", caption="c", seed=1, steps=2, generation_id=gid,
                                             content_sha256="0" * 64))])


def _timed(fn, repeats: int) -> float:  # noqa: ANN001
    """Median milliseconds of `repeats` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(n: int, remixes: bool, repeats: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as home:
        runtime = open_runtime(load_settings({"REELWORLD_HOME": home}), clock=ManualClock(),
                               hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        try:
            (ann,) = _members(runtime, 1, "ann")
            _video(runtime, "g0", ann, "v0")
            makers = _members(runtime, 20, "maker")
            for i in range(n):  # every other one a hidden remix, or all follows
                if remixes and i % 2 == 0:
                    maker, gid, video = makers[i % len(makers)], f"g{i + 1}", f"v{i + 1}"
                    _video(runtime, gid, maker, video, remix_of="v0")
                    runtime.store.append(post_stream(video), [VideoPosted(
                        video_id=video, generation_id=gid, owner_id=maker, audience="followers", cast=(),
                        teen=False, caption="c", facets=(), energy=0.5, teen_safe=True, remixable=True)])
                else:  # the follower's account need not exist to be told (the text says "Someone")
                    runtime.store.append(f"follows-bench-{i}", [Followed(follower_id=f"bench-{i}", followee_id=ann)])
            start = time.perf_counter()
            runtime.catch_up()
            projected = time.perf_counter() - start
            inbox = runtime.inbox
            page = inbox.page(ann, limit=50)
            assert len(page.notifications) == 50, len(page.notifications)
            figures = {
                "page": _timed(lambda: inbox.page(ann, limit=50), repeats),
                "unread": _timed(lambda: inbox.unread(ann), repeats),
                "older page": _timed(lambda: inbox.page(ann, before=page.next_before, limit=50), repeats),
                "mark all read": _timed(lambda: inbox.mark_seen(ann), 1),
                # what an open stream's watch does when the log moves, for 21 watched members: one
                # read of their inboxes' signatures, against asking each one's count again
                "21 streams: signatures": _timed(lambda: runtime.inbox_watch._read([ann, *makers]), repeats),
                "21 streams: recount": _timed(lambda: [inbox.unread(u) for u in (ann, *makers)], repeats),
            }
            print(f"{'half hidden remixes' if remixes else 'no remixes'}: {runtime.store.last_position()} events "
                  f"projected by every read model in {projected:.1f} s")
            return figures
        finally:
            runtime.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    plain = measure(args.n, False, args.repeats)
    mixed = measure(args.n, True, args.repeats)
    print(f"{args.n} notifications; half hidden remixes against none (SQLite, median of {args.repeats}; "
          "mark all read: one call)")
    print(f"{'':22s} {'no remixes':>12s} {'half hidden':>12s} {'ratio':>7s}")
    for name in plain:
        print(f"{name:22s} {plain[name]:9.1f} ms {mixed[name]:9.1f} ms {mixed[name] / plain[name]:6.2f}x")


if __name__ == "__main__":
    main()
