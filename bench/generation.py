"""Generation speed against the machine's limit, for a weights directory.

Measures, in one run on this machine:
- the CPU's matmul ceiling: 2048 x 2048 fp32 and bf16 (torch), in GFLOP/s;
- seconds per sampling step per clip (from the timed clips below), the denoiser's FLOPs per
  step (torch.utils.flop_counter) and the share of the ceiling that reaches;
- seconds per clip at the default settings (25 DPM-Solver++ steps, guidance 1.0) and the
  clip throughput at batch 1 and at batch 8 (ratio batch 8 / batch 1);
- seconds per whole film (`make_film`: frames, tracker, foley, speech-free mix, watermark).
Quality against step count comes from `python -m generation.model.evaluate` (the judges).

    python bench/generation.py [--weights generation/weights/world32] [--repeats 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
from torch.utils.flop_counter import FlopCounterMode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generation.film import ClipRequest, make_film  # noqa: E402

GUIDANCE = ClipRequest("").guidance
from generation.model.backend import ReelworldGenerator  # noqa: E402
from generation.model.pipeline import ReelworldPipeline  # noqa: E402

PROMPT = "a red basketball misses and rebounds off the backboard in a gym"


def matmul_gflops(dtype: torch.dtype, n: int = 2048, repeats: int = 5) -> float:
    a, b = torch.randn(n, n, dtype=dtype), torch.randn(n, n, dtype=dtype)
    a @ b
    t0 = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * n ** 3 * repeats / (time.perf_counter() - t0) / 1e9


def best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def step_gflop(pipe: ReelworldPipeline) -> float:
    """GFLOP of one denoiser call (at the default guidance) for one clip."""
    cfg = pipe.denoiser.config
    shape = (1, cfg.frames, 3, cfg.size, cfg.size)
    cond, null = pipe._conditioning([PROMPT], ["anime"], None)
    known, mask = pipe._known(1, None, None)
    x = torch.randn(shape)
    call = lambda: pipe.predict(x, torch.tensor(500), cond, null, known, mask, GUIDANCE)  # noqa: E731
    with FlopCounterMode(display=False) as counter:
        call()
    return counter.get_total_flops() / 1e9


def clip_seconds(pipe: ReelworldPipeline, batch: int, steps: int, repeats: int) -> float:
    run = lambda: pipe([PROMPT] * batch, ["anime"] * batch, steps=steps, guidance=GUIDANCE,  # noqa: E731
                       generator=torch.Generator().manual_seed(0))
    return best_of(run, repeats) / batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weights", type=Path, default=Path("generation/weights/world32"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=25)
    args = parser.parse_args()
    torch.set_grad_enabled(False)
    pipe = ReelworldPipeline.from_pretrained(args.weights)
    pipe([PROMPT], ["anime"], steps=2, generator=torch.Generator().manual_seed(0))  # warm caches
    fp32, bf16 = matmul_gflops(torch.float32), matmul_gflops(torch.bfloat16)
    print(f"threads {torch.get_num_threads()}; matmul 2048^2: fp32 {fp32:.0f} GFLOP/s, bf16 {bf16:.0f} GFLOP/s")
    gflop = step_gflop(pipe)
    one = clip_seconds(pipe, 1, args.steps, args.repeats)
    eight = clip_seconds(pipe, 8, args.steps, max(1, args.repeats - 1))
    for batch, sec in ((1, one / args.steps), (8, eight / args.steps)):
        print(f"sampling step at batch {batch} (per clip, guidance {GUIDANCE:g}): {sec * 1000:.1f} ms, "
              f"{gflop:.2f} GFLOP, {gflop / sec:.0f} GFLOP/s = {100 * gflop / sec / fp32:.0f}% of the "
              f"fp32 matmul ceiling")
    print(f"{args.steps} steps: {one:.2f} s/clip at batch 1 ({1 / one:.2f} clips/s), "
          f"{eight:.2f} s/clip at batch 8 ({1 / eight:.2f} clips/s): batch 8 / batch 1 = {one / eight:.2f}x")
    gen = ReelworldGenerator(pipe)
    film = best_of(lambda: make_film(ClipRequest(PROMPT, "anime", steps=args.steps), gen), 1)
    print(f"whole film at the defaults (frames, sound, watermark; no encode): {film:.2f} s")


if __name__ == "__main__":
    main()
