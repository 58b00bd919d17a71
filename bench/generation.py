"""Generation speed against the machine's limit, for a weights directory.

Measures, in one run on this machine:
- the CPU's matmul ceiling: 2048 x 2048 fp32 and bf16 (torch), in GFLOP/s;
- seconds per sampling step per clip (from the timed clips below), the denoiser's FLOPs per
  step (torch.utils.flop_counter) and the share of the ceiling that reaches;
- seconds per clip at the default settings (25 DPM-Solver++ steps, guidance 1.0) and the
  clip throughput at batch 1 and at batch 8 (ratio batch 8 / batch 1);
- each of those in fp32 (the default) and in bf16 autocast (the pipeline's `precision`), with
  the bf16 / fp32 speed ratio;
- seconds per whole film (`make_film`: frames, tracker, foley, speech-free mix, watermark).
Quality against step count comes from `python -m generation.model.evaluate` (the judges).

    python bench/generation.py [--weights generation/weights/world32] [--repeats 3] [--precisions fp32,bf16]
    python bench/generation.py --device cuda --batches 1,8,64 --weights ...   # on a GPU (no film)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
from torch.utils.flop_counter import FlopCounterMode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generation.model.arguments import device, folder, summary, weights_folder, whole, wholes  # noqa: E402
from generation.model.pipeline import ReelworldPipeline, SamplingError, check_precision  # noqa: E402
from generation.model.schedulers import MAX_STEPS, MIN_STEPS  # noqa: E402

GUIDANCE = 1.0  # generation.film.ClipRequest's default (asserted in main when the film runs)

PROMPT = "a red basketball misses and rebounds off the backboard in a gym"


def sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def matmul_gflops(dtype: torch.dtype, n: int = 2048, repeats: int = 5, device: str = "cpu",
                  rounds: int = 3) -> float:
    """The best of `rounds` timings of `repeats` n x n matmuls (one timing swung 20-30% here)."""
    a, b = torch.randn(n, n, dtype=dtype, device=device), torch.randn(n, n, dtype=dtype, device=device)
    a @ b
    best = 0.0
    for _ in range(rounds):
        sync(device)
        t0 = time.perf_counter()
        for _ in range(repeats):
            a @ b
        sync(device)
        best = max(best, 2 * n ** 3 * repeats / (time.perf_counter() - t0) / 1e9)
    return best


def best_of(fn, repeats: int, device: str = "cpu") -> float:
    times = []
    for _ in range(repeats):
        sync(device)
        t0 = time.perf_counter()
        fn()
        sync(device)
        times.append(time.perf_counter() - t0)
    return min(times)


def step_gflop(pipe: ReelworldPipeline) -> float:
    """GFLOP of one denoiser call (at the default guidance) for one clip."""
    cfg = pipe.denoiser.config
    shape = (1, cfg.frames, 3, cfg.size, cfg.size)
    cond, null = pipe._conditioning([PROMPT], ["anime"], None)
    known, mask = pipe._known(1, None, None)
    x = torch.randn(shape, device=pipe.device)
    call = lambda: pipe.predict(x, torch.tensor(500), cond, null, known, mask, GUIDANCE)  # noqa: E731
    with FlopCounterMode(display=False) as counter:
        call()
    return counter.get_total_flops() / 1e9


def clip_seconds(pipe: ReelworldPipeline, batch: int, steps: int, repeats: int) -> float:
    run = lambda: pipe([PROMPT] * batch, ["anime"] * batch, steps=steps, guidance=GUIDANCE,  # noqa: E731
                       generator=torch.Generator().manual_seed(0))
    return best_of(run, repeats, str(pipe.device)) / batch


def main() -> None:
    parser = argparse.ArgumentParser(description=summary(__doc__))
    parser.add_argument("--weights", type=weights_folder, default=Path("generation/weights/world32"))
    parser.add_argument("--repeats", type=whole(1, 100), default=3)
    parser.add_argument("--steps", type=whole(MIN_STEPS, MAX_STEPS), default=25)
    parser.add_argument("--device", type=device, default="cpu")
    parser.add_argument("--batches", type=wholes(1, 4096), default=[1, 8],
                        help="batch sizes to time, comma-separated (the first is the baseline)")
    parser.add_argument("--text-encoder", type=folder, default=None,
                        help="a compact_text export (default: the full model)")
    parser.add_argument("--precisions", default="fp32,bf16",
                        help="the denoiser's arithmetic to time (the first is the baseline of the ratio)")
    args = parser.parse_args()
    precisions = args.precisions.split(",")
    try:
        for precision in precisions:
            check_precision(precision)
    except SamplingError as error:
        parser.error(f"--precisions: {error}")
    torch.set_grad_enabled(False)
    encoder = None
    if args.text_encoder:
        from generation.model.compact_text import CompactMiniLM
        from generation.model.text import TextEncoder

        encoder = TextEncoder(CompactMiniLM(args.text_encoder, device=args.device))
    pipe = ReelworldPipeline.from_pretrained(args.weights, encoder)
    pipe.denoiser.to(args.device)
    gpu = args.device.startswith("cuda")
    if gpu:
        torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    n = 8192 if gpu else 2048
    fp32, bf16 = (matmul_gflops(dt, n, device=args.device) for dt in (torch.float32, torch.bfloat16))
    where = torch.cuda.get_device_name() if gpu else f"{torch.get_num_threads()} threads"
    print(f"{where}; matmul {n}^2: fp32{' (tf32)' if gpu else ''} {fp32:.0f} GFLOP/s, bf16 {bf16:.0f} GFLOP/s")
    gflop = step_gflop(pipe)
    ceilings = {"fp32": fp32, "bf16": bf16}
    batches = args.batches
    secs: dict[str, dict[int, float]] = {}
    for precision in precisions:
        pipe.precision = precision
        pipe([PROMPT], ["anime"], steps=2, generator=torch.Generator().manual_seed(0))  # warm caches
        secs[precision] = {b: clip_seconds(pipe, b, args.steps,
                                           args.repeats if b == batches[0] else max(1, args.repeats - 1))
                           for b in batches}
        arithmetic = "bf16" if pipe.bf16 else "fp32"
        for batch, sec in secs[precision].items():
            step = sec / args.steps
            print(f"{precision} sampling step at batch {batch} (per clip, guidance {GUIDANCE:g}): "
                  f"{step * 1000:.2f} ms, {gflop:.2f} GFLOP, {gflop / step:.0f} GFLOP/s = "
                  f"{100 * gflop / step / ceilings[arithmetic]:.0f}% of the {arithmetic} matmul ceiling")
        base = batches[0]
        print(f"{precision}, {args.steps} steps: " + ", ".join(
            f"{sec:.3f} s/clip at batch {b} ({1 / sec:.1f} clips/s, {secs[precision][base] / sec:.2f}x batch {base})"
            for b, sec in secs[precision].items()))
    first = precisions[0]
    for precision in precisions[1:]:
        print(f"{precision} / {first} speed: " + ", ".join(
            f"{secs[first][b] / secs[precision][b]:.2f}x at batch {b}" for b in batches))
    pipe.precision = "fp32"
    if not gpu:
        from generation.film import ClipRequest, check_request, make_film
        from generation.model.backend import ReelworldGenerator

        assert ClipRequest("").guidance == GUIDANCE
        gen = ReelworldGenerator(pipe)
        check_request(ClipRequest(PROMPT, "anime"))  # the rewriter's model loads once per process, not per film
        film = best_of(lambda: make_film(ClipRequest(PROMPT, "anime", steps=args.steps), gen), 1)
        print(f"whole film at the defaults ({'bf16' if pipe.bf16 else 'fp32'}; frames, sound, watermark; "
              f"no encode): {film:.2f} s")


if __name__ == "__main__":
    main()
