"""The sampler replica's batching, without Serve: single-shot generations with the same step
count share one denoising loop, other step counts get their own, and one generation's error
stays its own; a loop stops at its next denoising step once every request it carries was
cancelled, and a cancelled request's frames are never stored."""

from __future__ import annotations

import threading

import msgspec
import numpy as np
import pytest

from events import ManualClock
from events.generation import SamplingCompleted
from generation.jobs import GenerationOrder
from generation.jobs.errors import StepAbandoned
from generation.jobs.models import FixedCatalog
from generation.jobs.sampling import sampling_request
from generation.model.pipeline import SamplingError
from tests.cluster.serve_fixtures import TINY_CHAIN
from tests.fixtures_db import join
from tests.jobs.fixtures import chain_runtime


class CountingGenerator:
    """Test double of the VideoGenerator port: clips whose grey level is each prompt's length
    (so each request's frames are its own); records each loop's prompts and steps and counts
    the denoising steps done, calling `progress` after each (then `on_step(step)`, where a test
    cancels requests); a prompt with "fail" in it makes its loop fail."""

    fps = 8.0

    def __init__(self, on_step=None) -> None:  # noqa: ANN001
        self.loops: list[tuple[int, int]] = []
        self.steps_done = 0
        self.on_step = on_step or (lambda step: None)

    def generate(self, prompts, styles, *, seed, steps, guidance=2.0, progress=None, **conditioning):
        if any("fail" in p for p in prompts):
            raise SamplingError("the denoiser diverged")
        self.loops.append((len(prompts), steps))
        for step in range(1, steps + 1):
            self.steps_done += 1
            self.on_step(self.steps_done)
            if progress is not None:
                progress(step, steps)
        return np.stack([np.full((4, 16, 16, 3), len(p), np.uint8) for p in prompts])


def approved_states(tmp_path, orders, chain=TINY_CHAIN):
    catalog = FixedCatalog({"tiny-a": CountingGenerator})
    runtime = chain_runtime(tmp_path, ManualClock(), None, models=catalog, chain=chain)
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


LONG = msgspec.structs.replace(TINY_CHAIN, standard_steps=10, high_steps=12)
"""Loops long enough to be cancelled in the middle."""


def cancel_at(flags: list[threading.Event], plan: dict[int, list[int]]):
    """on_step for CountingGenerator: at step n (counted over all loops) cancel the requests
    plan[n] names (by index): what Sampler.__call__ does when Serve cancels a request."""
    def on_step(step: int) -> None:
        for i in plan.get(step, ()):
            flags[i].set()
    return on_step


def sample_cancelling(tmp_path, orders, plan: dict[int, list[int]]):
    """(outcomes, generator, stored keys): the orders sampled together, the generator cancelling
    requests as `plan` says."""
    from actors.sampler import Sampler

    states = approved_states(tmp_path, orders, LONG)
    flags = [threading.Event() for _ in states]
    generator = CountingGenerator(cancel_at(flags, plan))
    sampler = Sampler.func_or_class(str(tmp_path / "media"), LONG, lambda name: generator)
    outcomes = sampler.sample_together(generator, states, [sampling_request(s, LONG) for s in states], flags)
    return outcomes, generator, sampler.media.keys("work")


RED, BLUE = (GenerationOrder(prompt=p, model="tiny-a") for p in ("a red ball drops", "a blue ball rolls"))


@pytest.mark.parametrize("orders, plan, stopped_after", [
    ([RED], {3: [0]}, 3),  # a batch of one stops at once
    ([RED, BLUE], {2: [1], 5: [0]}, 5),  # a batch of two when its second request is cancelled too
    ([GenerationOrder(prompt="a red ball drops", model="tiny-a", shots=2)], {4: [0]}, 4),  # shots: alone
], ids=["one", "both-of-two", "multi-shot"])
def test_a_loop_stops_at_its_next_step_once_all_its_requests_are_cancelled(tmp_path, orders, plan, stopped_after):
    outcomes, generator, stored = sample_cancelling(tmp_path, orders, plan)
    assert generator.steps_done == stopped_after  # of 10 (20 for the two shots)
    assert all(isinstance(o, StepAbandoned) for o in outcomes)
    assert stored == []  # nothing of them was stored


def test_a_cancelled_request_gets_nothing_and_its_batch_mates_their_own_clips(tmp_path):
    uncancelled, _, kept = sample_cancelling(tmp_path / "plain", [RED, BLUE], {})
    outcomes, generator, stored = sample_cancelling(tmp_path / "cancelled", [RED, BLUE], {2: [0]})
    assert generator.steps_done == LONG.standard_steps  # the loop ran on for the blue ball
    assert isinstance(outcomes[0], StepAbandoned)
    assert isinstance(outcomes[1], SamplingCompleted) and outcomes[1].batch_size == 2
    assert _made(outcomes[1]) == _made(uncancelled[1])  # the same frames, seed and place in the batch
    assert len(kept) == 2 and stored == [outcomes[1].frames_key]


def _made(event: SamplingCompleted) -> SamplingCompleted:
    """`event` without what names its generation (its id, its work folder): what was made."""
    return msgspec.structs.replace(event, generation_id="", frames_key=event.frames_key.rsplit("/", 1)[-1])


def test_a_loop_whose_requests_were_all_cancelled_before_it_began_does_not_begin(tmp_path):
    pro = GenerationOrder(prompt="a green crate falls", model="tiny-a", tier="pro")
    outcomes, generator, stored = sample_cancelling(tmp_path, [RED, pro], {1: [1]})
    assert generator.loops == [(1, LONG.standard_steps)]  # the pro loop never began
    assert isinstance(outcomes[0], SamplingCompleted) and isinstance(outcomes[1], StepAbandoned)
    assert len(stored) == 1
