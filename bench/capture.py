"""Capture analysis benchmark: seconds to read a character capture (generation.capture) against
the capture's own length, for captures of several lengths and sizes made as the tests make
them (a figure moving in front of a wall, eSpeak NG speaking over it).

    .venv/bin/python bench/capture.py [--repeats 3]

Prints, per capture, the best of `repeats` analysis times and the ratio of the capture's
length to it (how many times faster than real time the upload is read).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generation.capture import analyse_capture  # noqa: E402
from tests.capture_fixtures import make_capture  # noqa: E402

CASES = ((4.0, 96), (10.0, 128), (10.0, 256), (20.0, 256), (10.0, 720))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    analyse_capture(make_capture(seconds=3.0, size=96))  # imports and the page cache
    print(f"{'capture':>14} {'MB':>6} {'analysis s':>11} {'x real time':>12}")
    for seconds, size in CASES:
        data = make_capture(seconds=seconds, size=size, text="one two three four five six seven eight")
        best = float("inf")
        for _ in range(args.repeats):
            start = time.perf_counter()
            analyse_capture(data)
            best = min(best, time.perf_counter() - start)
        print(f"{seconds:>6.0f} s {size:>4} px {len(data) / 1e6:>6.2f} {best:>11.3f} {seconds / best:>11.1f}x")


if __name__ == "__main__":
    main()
