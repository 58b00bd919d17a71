"""Feed page benchmark: the time to serve one page of the instructed feed (GET /v1/feed's work:
candidates from the LanceDB index, checked against the posts' read model, reranked, recorded
as FeedServed) with N posted videos, against ranking every post the member may see (the same
ranker over all of them, no index).

    .venv/bin/python bench/feed.py [--n 5000] [--pages 40] [--makers 300] [--following 200] [--reported 500]

The posts are real VideoPosted events with the world's own captions (bench/feed_index.py's
random plans), projected by the real projection, which embeds every caption into the index
(timed too). The viewer follows `--following` of the makers. Pages are asked with no
instruction and with "more anime, no sports, calmer please", then (instructed) with `--reported`
posts reported, a third of them held by 3 reporters, to price the moderation checks of a page;
each page serves new videos (a video is served once a day), as a person scrolling would get them.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher  # noqa: E402

from api.runtime import open_runtime  # noqa: E402
from bench.feed_index import posted_videos  # noqa: E402
from cluster.settings import load_settings  # noqa: E402
from events import ManualClock  # noqa: E402
from events.feed import VideoPosted, post_stream  # noqa: E402
from events.review import VideoReported, reports_stream  # noqa: E402
from recsys.feed import preferences  # noqa: E402
from recsys.instructions import parse_instruction  # noqa: E402
from recsys.ranker import Candidate, rank  # noqa: E402
from social.tables import as_utc  # noqa: E402

INSTRUCTION = "more anime, no sports, calmer please"


def _members(runtime, count: int) -> list[str]:  # noqa: ANN001
    codes = [invite.code for invite in runtime.invites.issue_by_operator(count)]
    return [runtime.accounts.sign_up(invite_code=code, handle=f"maker{i}", password="correct horse",
                                     birth_year=1990).user_id for i, code in enumerate(codes)]


def _rank_everything(runtime, viewer: str, following: set[str], limit: int, instruction: str | None) -> float:  # noqa: ANN001, E501
    """Seconds to rank every post the viewer may see, with the same ranker (no index)."""
    from sqlmodel import Session, select

    from recsys.tables import PostRow

    start = time.perf_counter()
    with Session(runtime.store.engine) as session:
        ids = list(session.exec(select(PostRow.video_id)).all())
    posts = runtime.posts.visible(viewer, ids)
    hits = runtime.feed_index.get(list(posts))
    understood = parse_instruction(instruction, embedder=runtime.feed._embedder()) if instruction else None  # noqa: SLF001
    prefs = preferences(understood, False, runtime.feed._embedder)  # noqa: SLF001 - the page's own preferences
    candidates = [Candidate(video_id=v, owner_id=row.owner_id, facets=frozenset(row.facets.split("\n")),
                            energy=row.energy, posted_at=as_utc(row.posted_at), vector=hits[v].vector,
                            followed=row.owner_id in following) for v, row in posts.items() if v in hits]
    rank(candidates, prefs, now=runtime.clock(), limit=limit)
    return time.perf_counter() - start


def _report(runtime, videos, makers: list[str], count: int) -> None:  # noqa: ANN001
    """Reports of `count` posts by makers (a third of them by 3 members each, so held),
    appended as the report desk would, then projected."""
    rng = random.Random(11)
    for i, video in enumerate(rng.sample(videos, count)):
        reporters = rng.sample([m for m in makers if m != video.owner_id], 3 if i % 3 == 0 else 1)
        for reporter in reporters:
            runtime.store.append(reports_stream(reporter), [VideoReported(
                report_id=str(uuid.uuid4()), video_id=video.video_id,
                generation_id=str(uuid.uuid4()), owner_id=video.owner_id, reporter_id=reporter, reason="spam",
                note="")])
    runtime.catch_up()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--pages", type=int, default=40)
    parser.add_argument("--makers", type=int, default=300)
    parser.add_argument("--following", type=int, default=200)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--reported", type=int, default=500, help="posts reported for the last row")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as home:
        settings = load_settings({"REELWORLD_HOME": home})
        clock = ManualClock()
        runtime = open_runtime(settings, clock=clock, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        makers = _members(runtime, args.makers + 1)
        viewer, makers = makers[0], makers[1:]
        runtime.catch_up()
        for i in range(1, args.following + 1):
            runtime.follows.follow(viewer, f"maker{i}")
        following = set(makers[:args.following])
        videos = posted_videos(args.n, makers, seed=7)
        start = time.perf_counter()
        for video in videos:
            runtime.store.append(post_stream(video.video_id), [VideoPosted(
                video_id=video.video_id, generation_id=str(uuid.uuid4()), owner_id=video.owner_id,
                audience=video.audience, cast=(), teen=False, caption=video.text, facets=video.facets,
                energy=video.energy)])
        appended = time.perf_counter() - start
        start = time.perf_counter()
        runtime.catch_up()  # the projection writes feed_posts; its commit hook embeds into the index
        projected = time.perf_counter() - start
        print(f"{args.n} posts: appended in {appended:.1f} s, projected and indexed in {projected:.1f} s "
              f"({args.n / projected:.0f} posts/s); index holds {runtime.feed_index.count()}")

        rows = []
        for label, instruction in (("no instruction", None), ("instructed", INSTRUCTION),
                                   (f"{args.reported} reported", INSTRUCTION)):
            if label.endswith("reported"):
                _report(runtime, videos, makers, args.reported)
            if instruction:
                runtime.feed.instruct(viewer, instruction)
            runtime.feed.page(viewer, limit=args.limit)  # warm: the parser's vectors, the model
            times = []
            for _ in range(args.pages):
                start = time.perf_counter()
                runtime.feed.page(viewer, limit=args.limit)
                times.append(time.perf_counter() - start)
            everything = [_rank_everything(runtime, viewer, following, args.limit, instruction) for _ in range(5)]
            rows.append((label, statistics.median(times), sorted(times)[int(0.95 * len(times)) - 1],
                         statistics.median(everything)))
            clock.advance(days=1)  # a fresh day: nothing served yet

        print(f"\n{'page (limit ' + str(args.limit) + ')':<22}{'p50 ms':>10}{'p95 ms':>10}"
              f"{'rank all ms':>14}{'all / page':>12}")
        for label, p50, p95, everything in rows:
            print(f"{label:<22}{p50 * 1e3:>10.1f}{p95 * 1e3:>10.1f}{everything * 1e3:>14.1f}{everything / p50:>11.1f}x")
        print(f"\n{args.reported} of the posts reported (a third of them by 3 members: held) against none, "
              f"instructed: {rows[2][1] / rows[1][1]:.2f}x the page's p50")
        runtime.close()


if __name__ == "__main__":
    main()
