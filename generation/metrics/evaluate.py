"""Judging the judges: pass rates of clean simulated clips per style (through an MP4 round
trip), and the rate at which each injected defect fails the check aimed at it: the physics
defects, then the kind swaps aimed at the objects check (`--kind-size` judges those at a
second size too, since a kind is read from a blob only as well as its pixels allow).

    python -m generation.metrics.evaluate --n 500 --defects 20 --kind-size 128
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import time
from pathlib import Path

from generation.media.mp4 import read_mp4, write_mp4
from generation.metrics.defects import DEFECTS, KIND_DEFECTS, NotShown, inject
from generation.metrics.report import Report, judge
from generation.world.dataset import HELD_OUT_SEED  # held-out seeds start here
from generation.world.plan import STYLES
from generation.world.sample import Sample
from generation.world.scenarios import all_families


def judge_sample(sample: Sample, workdir: Path) -> Report:
    """Write the sample as an MP4, read it back, and judge it against its plan."""
    path = write_mp4(workdir / f"{sample.meta.id}.mp4", sample.frames, sample.meta.fps,
                     sample.audio, sample.meta.audio_rate)
    clip = read_mp4(path, sample.meta.audio_rate)
    return judge(clip.frames, clip.fps, clip.audio, clip.sample_rate, sample.meta.plan)


def clean_pass_rates(n: int, size: int = 64, seed0: int = HELD_OUT_SEED, verbose=False) -> dict:
    """{style: (checks passed, checks applicable)} over `n` held-out clips, styles in turn,
    every fourth clip multi-shot."""
    from generation.world.generate import generate

    names = list(all_families())
    tally: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    failed: collections.Counter = collections.Counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            style = STYLES[i % len(STYLES)]
            s = generate(names[i % len(names)], seed0 + i, width=size, height=size, style=style,
                         n_shots=2 + i % 3 if i % 4 == 3 else 1)
            report = judge_sample(s, Path(tmp))
            tally[style][0] += report.passed
            tally[style][1] += report.applicable
            for c in report.checks:
                if c.passed is False:
                    failed[c.name] += 1
                    if verbose:
                        print(f"  {s.meta.id} {style}: {c.name}: {c.detail}")
    return {"styles": {k: tuple(v) for k, v in tally.items()}, "failed_checks": dict(failed)}


def detection_rates(per_defect: int, size: int = 64, seed0: int = HELD_OUT_SEED,
                    defects=DEFECTS) -> dict:
    """{defect: (clips caught by the aimed check, clips judged, draws skipped)}: a draw whose
    defect would not be in the picture (NotShown) is skipped and the next seed drawn."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for d in defects:
            caught = judged = skipped = i = 0
            while judged < per_defect and i < 4 * per_defect:
                try:
                    s = inject(d.name, d.scenarios[i % len(d.scenarios)], seed0 + i, width=size,
                               height=size, style=STYLES[i % len(STYLES)])
                except NotShown:
                    skipped += 1
                    continue
                finally:
                    i += 1
                judged += 1
                if judge_sample(s, Path(tmp)).check(d.check).passed is False:
                    caught += 1
            out[d.shown_as] = (caught, judged, skipped)
    return out


def main() -> None:
    from generation.model.arguments import summary

    parser = argparse.ArgumentParser(description=summary(__doc__))
    parser.add_argument("--n", type=int, default=60, help="held-out clean clips")
    parser.add_argument("--defects", type=int, default=12, help="clips per defect")
    parser.add_argument("--size", type=int, default=64, help="frame width and height")
    parser.add_argument("--kind-size", type=int, default=0,
                        help="also judge the kind swaps at this frame size")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    t0 = time.time()
    rates = clean_pass_rates(args.n, args.size, verbose=args.verbose)
    print(f"clean clips: {args.n} at {args.size}px ({time.time() - t0:.0f}s)")
    for style, (ok, total) in sorted(rates["styles"].items()):
        print(f"  {style:10s} {ok}/{total} checks passed = {100 * ok / max(1, total):.1f}%")
    print(f"  failures by check: {rates['failed_checks']}")
    def show(rates: dict, where: str = "") -> None:
        for name, (caught, total, skipped) in rates.items():
            print(f"  defect {name:20s} detected {caught}/{total} = {100 * caught / max(1, total):.0f}%"
                  f"{where}" + (f" ({skipped} draws not showing it skipped)" if skipped else ""))

    show(detection_rates(args.defects, args.size))
    for size in sorted({args.size, args.kind_size} - {0}):
        show(detection_rates(args.defects, size, defects=KIND_DEFECTS), f" at {size}px")


if __name__ == "__main__":
    main()
