"""The sampler replica's batching, without Serve: single-shot generations with the same step
count share one denoising loop, other step counts get their own, and one generation's error
stays its own."""

from __future__ import annotations

import msgspec
import numpy as np

from events import ManualClock
from events.generation import SamplingCompleted
from generation.jobs import GenerationOrder
from generation.jobs.models import FixedCatalog
from generation.jobs.sampling import sampling_request
from generation.model.pipeline import SamplingError
from tests.cluster.serve_fixtures import TINY_CHAIN
from tests.fixtures_db import join
from tests.jobs.fixtures import chain_runtime


class CountingGenerator:
    """Test double of the VideoGenerator port: grey clips; records each loop's prompts and
    steps; a prompt with "fail" in it makes its loop fail."""

    fps = 8.0

    def __init__(self) -> None:
        self.loops: list[tuple[int, int]] = []

    def generate(self, prompts, styles, *, seed, steps, guidance=2.0, progress=None, **conditioning):
        if any("fail" in p for p in prompts):
            raise SamplingError("the denoiser diverged")
        self.loops.append((len(prompts), steps))
        return np.full((len(prompts), 4, 16, 16, 3), 128, np.uint8)


def approved_states(tmp_path, orders):
    catalog = FixedCatalog({"tiny-a": CountingGenerator})
    runtime = chain_runtime(tmp_path, ManualClock(), None, models=catalog, chain=TINY_CHAIN)
    member = join(runtime, "alice")
    states = []
    for order in orders:
        gid = runtime.generations.request(member, order)
        runtime.chain.advance(gid)  # rewritten
        runtime.chain.advance(gid)  # approved
        states.append(runtime.chain.state(gid))
    runtime.close()
    return states


def test_same_step_generations_share_one_loop_and_other_tiers_get_their_own(tmp_path):
    from actors.sampler import Sampler

    orders = [GenerationOrder(prompt="a red ball drops", model="tiny-a"),
              GenerationOrder(prompt="a blue ball rolls", model="tiny-a"),
              GenerationOrder(prompt="a green crate falls", model="tiny-a", tier="pro")]
    states = approved_states(tmp_path, orders)
    sampler = Sampler.func_or_class(str(tmp_path / "media"), TINY_CHAIN, lambda name: CountingGenerator())
    generator = CountingGenerator()
    events = sampler.sample_together(generator, states, [sampling_request(s, TINY_CHAIN) for s in states])
    assert sorted(generator.loops) == [(1, TINY_CHAIN.high_steps), (2, TINY_CHAIN.standard_steps)]
    assert all(isinstance(e, SamplingCompleted) for e in events)
    assert [(e.batch_index, e.batch_size) for e in events] == [(0, 2), (1, 2), (0, 1)]
    assert events[0].seed == events[1].seed and {e.model for e in events} == {"tiny-a"}


def test_a_failing_loop_fails_only_its_own_generations(tmp_path):
    from actors.sampler import Sampler

    orders = [GenerationOrder(prompt="a red ball drops", model="tiny-a", tier="pro"),
              GenerationOrder(prompt="a blue ball rolls", model="tiny-a")]
    states = approved_states(tmp_path, orders)
    requests = [sampling_request(s, TINY_CHAIN) for s in states]
    requests[0] = msgspec.structs.replace(requests[0], captions=("this one will fail",))
    sampler = Sampler.func_or_class(str(tmp_path / "media"), TINY_CHAIN, lambda name: CountingGenerator())
    outcomes = sampler.sample_together(CountingGenerator(), states, requests)
    assert isinstance(outcomes[0], SamplingError)
    assert isinstance(outcomes[1], SamplingCompleted)
