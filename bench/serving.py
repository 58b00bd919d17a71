"""Serving benchmark: videos per minute through the generation chain on Ray Serve at
concurrency 1, 4 and 16, with and without the sampler's dynamic batching (ratio), and the
chain's cost against a bare sampler call; one run, printed side by side.

Every video is a whole generation (rewrite, prompt safety, sampling, audio, output safety, mux,
publish, each step's event appended), with one sampler replica. A video that output safety
blocks (world32's flicker fails the photosensitivity check at few steps) still went through
every step but the mux; the run says how many were blocked. Seconds per video at
concurrency 1, each against the bare sampler (the model's generate() in this process):
- the sampler alone through Serve (the Sampler deployment's handle): Serve's cost on the model;
- the whole chain in this process (ChainRunner with LocalSteps): the other steps' cost;
- the whole chain through Serve: both (the goal is at most 15% over the bare sampler).

    .venv/bin/python bench/serving.py                  # world32, 6 steps, 64 px: a few minutes on 2 cores
    .venv/bin/python bench/serving.py --model tiny     # a tiny untrained checkpoint: the overheads alone
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# run as a script, bench/ comes first on sys.path, and bench/generation.py would shadow the
# `generation` package: put the repository root first instead
_ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [str(_ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != _ROOT / "bench"]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# One torch thread here, as in every replica (Ray gives an actor of under one CPU one thread):
# the in-process baselines then run like the deployments they are compared with.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import ray  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402
from ray import serve  # noqa: E402

from actors.chain import build_chain  # noqa: E402
from actors.sampler import SamplerOptions, WeightsLoader  # noqa: E402
from api.runtime import open_runtime  # noqa: E402
from cluster.settings import load_settings  # noqa: E402
from generation.jobs import ChainConfig, GenerationOrder  # noqa: E402
from generation.jobs.components import WEIGHTS_ROOT  # noqa: E402
from generation.jobs.models import WeightsCatalog  # noqa: E402
from generation.jobs.sampling import sampling_request  # noqa: E402

CONCURRENCY = (1, 4, 16)
PROMPTS = ("a red ball bounces in a gym", "a blue ball rolls across a court", "a green crate falls on the floor",
           "a yellow tennis ball drops into the water")


class Bench:
    def __init__(self, home: Path, root: Path, model: str, config: ChainConfig) -> None:
        settings = load_settings({"REELWORLD_HOME": str(home), "REELWORLD_DAILY_FREE_GENERATIONS": "1000000"})
        self.settings, self.root, self.model, self.config = settings, root, model, config
        self.runtime = open_runtime(settings, models=WeightsCatalog(root), chain_config=config,
                                    hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        code = self.runtime.invites.issue_by_operator(1)[0].code
        self.user = self.runtime.accounts.sign_up(invite_code=code, handle="bench", password="correct horse",
                                                  birth_year=1990).user_id
        self.runtime.catch_up()
        self.count = 0
        self.outcomes: dict[str, int] = {}
        """Statuses of the generations run through Serve: published or blocked."""

    def generation(self) -> str:
        self.count += 1
        prompt = PROMPTS[self.count % len(PROMPTS)]
        return self.runtime.generations.request(self.user, GenerationOrder(prompt=prompt, model=self.model))

    def bare_sampler(self, videos: int) -> float:
        """Seconds per video of the model alone, one at a time, in this process."""
        generator = WeightsLoader(self.root)(self.model)
        request = sampling_request(self.approved(), self.config)

        def once() -> None:
            generator.generate(list(request.captions[:1]), [request.style], seed=request.seed,
                               steps=request.steps, guidance=request.guidance)

        once()  # warm
        return timed(once, videos)

    def local_chain(self, videos: int) -> float:
        """Seconds per video of the whole chain run in this process (LocalSteps)."""
        self.runtime.chain.run(self.generation())  # warm: loads the model and the prompt models
        return timed(lambda: self.runtime.chain.run(self.generation()), videos)

    def approved(self):
        """The state of a new generation whose prompt was rewritten and approved: what the
        sampler is given."""
        gid = self.generation()
        self.runtime.chain.advance(gid)
        self.runtime.chain.advance(gid)
        return self.runtime.chain.state(gid)

    def deploy(self, batch: int):
        options = SamplerOptions(max_batch_size=batch, batch_wait_timeout_s=0.05 if batch > 1 else 0.0)
        app = build_chain(self.settings, models=WeightsLoader(self.root), config=self.config,
                          sampler_options=options)
        handle = serve.run(app, name="bench", route_prefix=None)
        self.finished(handle.remote(self.generation()).result(timeout_s=900))  # warm: loads the models
        return handle

    def finished(self, status: str) -> None:
        assert status in ("published", "blocked"), status  # a failure is a bug, not a figure
        self.outcomes[status] = self.outcomes.get(status, 0) + 1

    def serve_sampler(self, videos: int) -> float:
        """Seconds per video of the Sampler deployment called directly, one at a time."""
        sampler = serve.get_deployment_handle("Sampler", "bench").options(multiplexed_model_id=self.model)
        states = [self.approved() for _ in range(videos + 1)]
        sampler.remote(states.pop()).result(timeout_s=600)
        return timed(lambda: sampler.remote(states.pop()).result(timeout_s=600), videos)

    def videos_per_minute(self, handle, concurrency: int, videos: int) -> float:
        gids = [self.generation() for _ in range(videos)]

        async def run() -> list[str]:
            gate = asyncio.Semaphore(concurrency)

            async def one(gid: str) -> str:
                async with gate:
                    return await handle.remote(gid)

            return await asyncio.gather(*(one(g) for g in gids))

        t0 = time.perf_counter()
        statuses = asyncio.run(run())
        elapsed = time.perf_counter() - t0
        for status in statuses:
            self.finished(status)
        return videos / elapsed * 60


def timed(fn, repeats: int) -> float:
    """Median seconds of `repeats` calls."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    from generation.model.arguments import summary

    parser = argparse.ArgumentParser(description=summary(__doc__))
    parser.add_argument("--model", default="world32", help="a model under generation/weights, or 'tiny'")
    parser.add_argument("--steps", type=int, default=6, help="denoising steps per video")
    parser.add_argument("--size", type=int, default=64, help="output height in pixels")
    parser.add_argument("--repeats", type=int, default=3, help="videos per single-video figure")
    parser.add_argument("--videos", type=int, default=8, help="videos per concurrency level (at least the level)")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="reelworld-bench-"))
    root = WEIGHTS_ROOT
    if args.model == "tiny":
        from tests.cluster.serve_fixtures import write_tiny_weights

        root = home / "weights"
        write_tiny_weights(root, "tiny")
    config = ChainConfig(standard_steps=args.steps, high_steps=args.steps, size=args.size, guidance=1.0,
                         default_model=args.model)
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    serve.start(proxy_location="Disabled")
    bench = Bench(home, root, args.model, config)
    try:
        bare = bench.bare_sampler(args.repeats)
        local = bench.local_chain(args.repeats)
        rates: dict[int, dict[int, float]] = {}
        sampler_serve = chain_serve = 0.0
        for batch in (1, 16):
            handle = bench.deploy(batch)
            if batch == 1:
                sampler_serve = bench.serve_sampler(args.repeats)
                chain_serve = timed(lambda: bench.finished(handle.remote(bench.generation()).result(timeout_s=600)),
                                    args.repeats)
            rates[batch] = {c: bench.videos_per_minute(handle, c, max(args.videos, c)) for c in CONCURRENCY}
    finally:
        serve.shutdown()
        bench.runtime.close()
        ray.shutdown()

    print(f"model {args.model}, {args.steps} steps, {args.size} px, one sampler replica, "
          f"{os.cpu_count()} CPUs, {os.environ['OMP_NUM_THREADS']} torch thread(s) per process, "
          f"{args.videos} videos per level (16 at 16); through Serve "
          + ", ".join(f"{n} {status}" for status, n in sorted(bench.outcomes.items())))
    print(f"{'concurrency':>11} | {'videos/min, no batching':>23} | {'batching (<= 16)':>16} | {'ratio':>5}")
    for c in CONCURRENCY:
        off, on = rates[1][c], rates[16][c]
        print(f"{c:>11} | {off:>23.1f} | {on:>16.1f} | {on / off:>5.2f}")
    print(f"\nseconds per video at concurrency 1 (median of {args.repeats}), against the bare sampler")
    for name, seconds in (("bare sampler, in process", bare), ("sampler deployment through Serve", sampler_serve),
                          ("whole chain, in process", local), ("whole chain through Serve", chain_serve)):
        print(f"{name:>34} | {seconds:7.3f} s | {seconds / bare - 1:+7.1%}")
    print(f"{'Serve on the whole chain':>34} | {'':>9} | {chain_serve / local - 1:+7.1%}  (Serve against in process)")


if __name__ == "__main__":
    main()
