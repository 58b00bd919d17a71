"""Remix holds benchmark: seconds for a reviewer's removal of a video with N posted remixes
below it (a tree of fan-out 10: remixes, remixes of those, ...), before and after the holds
moved out of the decision. Before, the removal appended a SYSTEM report on every remix in its
own transaction, guarding four streams per remix; after, it appends the video's own streams,
and the process manager (safety.review.holds.RemixHolds) holds the remixes after it, one small
append each.

    .venv/bin/python bench/remix_holds.py [--sizes 10 100 1000] [--repeats 3] [--baseline DIR]

The "before" side runs the code of a checkout before the change (default: HEAD, checked out in
a temporary `git worktree`, removed after; or `--baseline DIR`) with the same interpreter. Each
run builds the tree afresh on SQLite under a temporary directory (events appended directly, as
the chain and the feed would record them) and checks that the N remixes end up held once.
Prints, per N, the best of `repeats`: the decision before, the decision after, their ratio, and
the manager's time to hold the N remixes after the decision.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
FANOUT = 10


def _side(root: Path, sizes: list[int], repeats: int) -> None:
    """Run in a subprocess against the code under `root`: one JSON line per size."""
    sys.path.insert(0, str(root))
    from safety.review import reports

    assert Path(reports.__file__).resolve().is_relative_to(root.resolve()), reports.__file__
    for size in sizes:
        best: dict[str, float] = {}
        for _ in range(repeats):
            with tempfile.TemporaryDirectory() as home:
                times = _one(Path(home), size)
            best = {k: min(v, best.get(k, float("inf"))) for k, v in times.items()}
        print(json.dumps({"size": size, **best}), flush=True)


def _one(home: Path, size: int) -> dict[str, float]:
    from events import ManualClock
    from events.review import holds_stream
    from tests.fixtures_db import join
    from tests.jobs.fixtures import chain_runtime

    runtime = chain_runtime(home, ManualClock(), None)
    try:
        for projector in runtime.projectors:  # the vector index is not what is measured: posts only
            if projector.projection.name == "recsys.feed":
                projector.projection._index = None
        alice, bob, dave, rita = (join(runtime, h) for h in ("alice", "bob", "dave", "rita"))
        runtime.reviews.appoint("rita")
        video, remixes = _tree(runtime, alice, bob, dave, size)
        runtime.catch_up()
        start = time.perf_counter()
        runtime.reports.decide(rita, video, "remove")
        times = {"decision": time.perf_counter() - start}
        manager = getattr(runtime, "remix_holds", None)
        if manager is not None:  # it goes as far as the read models it reads: those first
            for projector in runtime.projectors:
                projector.catch_up()
            start = time.perf_counter()
            appended = manager.catch_up()
            times["manager"] = time.perf_counter() - start
            assert appended == size, (appended, size)
        held = sum(len(runtime.store.read_stream(holds_stream(r))) for r in remixes)
        assert held == size, (held, size)
        return times
    finally:
        runtime.close()


def _tree(runtime, owner: str, remixer: str, reporter: str, size: int) -> tuple[str, list[str]]:  # noqa: ANN001
    """A posted video of `owner` with `size` posted remixes of `remixer` below it (fan-out
    FANOUT, breadth first), and a report of it by `reporter`; the video's id and the remixes'."""
    from events import StreamWrite
    from events.generation import GenerationRequested, Provenance, RemixSource, VideoPublished
    from events.feed import VideoPosted, post_stream
    from events.review import RemixPosted, VideoReported, moderation_stream, reports_stream
    from generation.jobs.service import generation_stream

    def made(user: str, source: tuple[str, str] | None) -> tuple[str, str]:
        gid, vid = str(uuid.uuid4()), str(uuid.uuid4())
        remix = None if source is None else RemixSource(video_id=source[0], generation_id=source[1], plan={},
                                                        frames_key="bench")
        writes = [
            StreamWrite(generation_stream(gid), [
                GenerationRequested(generation_id=gid, user_id=user, prompt="a red ball bounces", style=None,
                                    characters=(), remix_of=source[0] if source else None, shots=1,
                                    tier="standard", seed=0, teen=False, reservation="free", remix=remix),
                VideoPublished(generation_id=gid, video_id=vid, owner_id=user, media_key="bench", size_bytes=1,
                               duration_s=1.0, width=32, height=32, provenance=Provenance(
                                   model="bench", caption="a red ball", seed=0, steps=1, generation_id=gid,
                                   content_sha256="0" * 64, remix_of=source[0] if source else None)),
            ], 0),
            StreamWrite(post_stream(vid), [VideoPosted(
                video_id=vid, generation_id=gid, owner_id=user, audience="everyone", cast=(), teen=False,
                caption="a red ball", facets=(), energy=0.5, remixable=True)], 0),
        ]
        if source is not None:
            writes.append(StreamWrite(moderation_stream(source[0]), [RemixPosted(
                video_id=source[0], remix_id=vid, generation_id=gid, owner_id=user)]))
        runtime.store.append_many(writes)
        return vid, gid

    root = made(owner, None)
    todo, remixes = [root], []
    while len(remixes) < size:
        parent = todo.pop(0)
        for _ in range(min(FANOUT, size - len(remixes))):
            child = made(remixer, parent)
            remixes.append(child[0])
            todo.append(child)
    runtime.store.append(reports_stream(reporter), [VideoReported(
        report_id=str(uuid.uuid4()), video_id=root[0], generation_id=root[1], owner_id=owner, reporter_id=reporter,
        reason="hate", note="")], 0)
    return root[0], remixes


def _run_side(root: Path, sizes: list[int], repeats: int) -> dict[int, dict[str, float]]:
    command = [sys.executable, str(Path(__file__).resolve()), "--side", str(root), "--repeats", str(repeats),
               "--sizes", *map(str, sizes)]
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=root).stdout
    return {row["size"]: row for row in map(json.loads, out.splitlines())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="a checkout of the code before the change (default: HEAD)")
    parser.add_argument("--side", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.side is not None:
        _side(args.side, args.sizes, args.repeats)
        return
    made = None
    if args.baseline is None:
        made = Path(tempfile.mkdtemp(prefix="holds-base-")) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(made), "HEAD"], check=True, cwd=HERE,
                       capture_output=True)
    try:
        before = _run_side(args.baseline or made, args.sizes, args.repeats)
    finally:
        if made is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(made)], check=True, cwd=HERE)
    after = _run_side(HERE, args.sizes, args.repeats)
    print(f"{'remixes':>8} {'before s':>9} {'after s':>8} {'ratio':>7} {'manager s':>10}")
    for size in args.sizes:
        old, new = before[size]["decision"], after[size]["decision"]
        print(f"{size:>8} {old:>9.4f} {new:>8.4f} {old / new:>6.1f}x {after[size]['manager']:>10.3f}")


if __name__ == "__main__":
    main()
