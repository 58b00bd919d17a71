"""World benchmark: clips simulated and rendered per second at 64 and 256 pixels, and tracker
frames per second, on this machine (one process).

    .venv/bin/python bench/world.py --clips 20
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# run as a script, bench/ comes first on sys.path, and bench/generation.py would shadow the
# `generation` package: put the repository root first instead
_ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(_ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != _ROOT / "bench"]

from generation.metrics.tracking import track_clip
from generation.world.generate import generate
from generation.world.scenarios import all_families


def bench(clips: int, size: int) -> tuple[float, float, int]:
    """(clips per second for simulate + render + foley, tracker frames per second, frames)."""
    names = list(all_families())
    samples, t0 = [], time.perf_counter()
    for i in range(clips):
        samples.append(generate(names[i % len(names)], i, width=size, height=size))
    gen_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    frames = 0
    for s in samples:
        track_clip(s.frames)
        frames += len(s.frames)
    return clips / gen_s, frames / (time.perf_counter() - t0), frames


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clips", type=int, default=20)
    args = parser.parse_args()
    rows = {size: bench(args.clips, size) for size in (64, 256)}
    print(f"{'size':>6} {'clips/s':>9} {'tracker fps':>12}")
    for size, (cps, fps, _) in rows.items():
        print(f"{size:>6} {cps:>9.2f} {fps:>12.0f}")
    print(f"ratio 64px / 256px: clips {rows[64][0] / rows[256][0]:.1f}x, "
          f"tracker {rows[64][1] / rows[256][1]:.1f}x")


if __name__ == "__main__":
    main()
