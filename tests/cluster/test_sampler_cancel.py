"""A cancel reaches a denoising loop already running on a Serve sampler replica: the loop stops
within about a step, nothing of the cancelled generation is stored or recorded, and the
replica serves the next request at once instead of after the abandoned loop's end; a loop
that also carries a request still waiting runs on for it."""

from __future__ import annotations

import time

import pytest
from ray.serve.exceptions import RequestCancelledError

from events import ManualClock
from events.generation import SamplingCompleted
from generation.jobs import ChainConfig, GenerationOrder, generation_stream
from generation.jobs.models import FixedCatalog
from generation.jobs.state import work_folder
from tests.cluster.serve_fixtures import SteppingModels, read_notes, write_tiny_weights
from tests.fixtures_db import join, make_settings
from tests.jobs.fixtures import chain_runtime, tiny_model

pytestmark = pytest.mark.slow

STEP_S = 0.3
"""How long each denoising step takes on the replica."""

CHAIN = ChainConfig(standard_steps=3, high_steps=40, size=64, guidance=1.0, default_model="tiny-a")
"""The pro tier's loop takes 40 x STEP_S = 12 s uncancelled; the standard tier's 0.9 s."""

APP = "sampler-cancel-test"


@pytest.fixture(scope="module")
def deployed(ray_session, tmp_path_factory):
    """(runtime, chain handle, sampler handle, notes): the chain deployed on Serve, its sampler
    slowed down to STEP_S a step and noting each step in `notes` (SteppingModels)."""
    from ray import serve

    from actors.chain import build_chain
    from actors.sampler import SamplerOptions

    home = tmp_path_factory.mktemp("sampler-cancel")
    write_tiny_weights(home / "weights", "tiny-a")
    notes = home / "steps.jsonl"
    runtime = chain_runtime(home, ManualClock(), None, models=FixedCatalog({"tiny-a": tiny_model}), chain=CHAIN)
    settings = make_settings(home, runtime.settings.database_url)
    serve.start(proxy_location="Disabled")
    try:
        # a batch waits 0.5 s for more: two requests sent together share one loop
        app = build_chain(settings, models=SteppingModels(home / "weights", notes, STEP_S), config=CHAIN,
                          sampler_options=SamplerOptions(batch_wait_timeout_s=0.5))
        handle = serve.run(app, name=APP, route_prefix=None)
        sampler = serve.get_deployment_handle("Sampler", app_name=APP).options(multiplexed_model_id="tiny-a")
        yield runtime, handle, sampler, notes
    finally:
        serve.shutdown()
        runtime.close()


def wait_for(condition, timeout_s: float = 60.0, every_s: float = 0.05):
    """condition()'s first truthy answer, asked every `every_s`; fails after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if answer := condition():
            return answer
        time.sleep(every_s)
    pytest.fail(f"not within {timeout_s:g} s: {condition.__doc__ or condition}")


def loop_of(notes, steps: int, after: int, batch: int = 1):
    """A condition: the id of the first loop of `steps` steps for `batch` requests begun after
    note number `after` once it has done a step."""
    def begun() -> str | None:
        found = read_notes(notes)[after:]
        loops = [n["loop"] for n in found if n.get("steps") == steps and n.get("batch") == batch]
        return next((loop for loop in loops if any(n["loop"] == loop and "step" in n for n in found)), None)
    return begun


def ended(notes, loop: str):
    """A condition: the end note of `loop` once it ended."""
    def end() -> dict | None:
        return next((n for n in read_notes(notes) if n["loop"] == loop and "end" in n), None)
    return end


def steps_after(notes, loop: str, t: float) -> int:
    return sum(1 for n in read_notes(notes) if n["loop"] == loop and "step" in n and n["t"] > t)


def approved(runtime, handle: str, order: GenerationOrder) -> tuple[str, str]:
    """(member, generation): a new member's generation of `order`, rewritten and approved
    here: next, the sampler."""
    member = join(runtime, handle)
    gid = runtime.generations.request(member, order)
    while runtime.chain.state(gid).next_step != "sample":
        assert runtime.chain.advance(gid) is not None
    return member, gid


def test_a_cancelled_request_stops_its_loop_on_the_replica_and_the_next_is_served_at_once(deployed):
    runtime, _, sampler, notes = deployed
    _, long = approved(runtime, "alice", GenerationOrder(prompt="a red ball drops", model="tiny-a", tier="pro"))
    _, short = approved(runtime, "bob", GenerationOrder(prompt="a blue ball rolls", model="tiny-a"))
    mark = len(read_notes(notes))
    response = sampler.remote(runtime.chain.state(long))
    loop = wait_for(loop_of(notes, CHAIN.high_steps, mark))
    wait_for(lambda: steps_after(notes, loop, 0) >= 2)
    cancelled_at = time.time()
    response.cancel()
    following = sampler.remote(runtime.chain.state(short))  # queued behind the running loop

    end = wait_for(ended(notes, loop), timeout_s=30)["end"]
    after = steps_after(notes, loop, cancelled_at)
    event = following.result(timeout_s=60)
    latency = time.time() - cancelled_at
    print(f"\nthe loop ended {end} after {steps_after(notes, loop, 0)} of {CHAIN.high_steps} steps, {after} of them"
          f" after the cancel ({STEP_S:g} s each); the next request answered {latency:.2f} s after the cancel")
    assert end == "StepAbandoned"
    assert after <= 2  # the step in progress, and at most one more while the cancel travels
    assert isinstance(event, SamplingCompleted) and event.generation_id == short
    # its own 3 steps after at most 2 of the abandoned loop: not after that loop's 11 s more
    assert latency < (2 + CHAIN.standard_steps) * STEP_S + 3.0
    assert runtime.media.keys(work_folder(long)) == []  # nothing of the cancelled one was stored


def test_a_generation_cancelled_while_it_samples_on_serve_stops_its_loop(deployed):
    runtime, handle, _, notes = deployed
    pro = GenerationOrder(prompt="a red ball bounces in a gym", model="tiny-a", tier="pro")
    member, gid = approved(runtime, "carol", pro)
    mark = len(read_notes(notes))
    running = handle.remote(gid)
    loop = wait_for(loop_of(notes, CHAIN.high_steps, mark))
    cancelled_at = time.time()
    runtime.generations.cancel(member, gid)

    assert running.result(timeout_s=60) == "cancelled"
    end = wait_for(ended(notes, loop), timeout_s=30)["end"]
    after = steps_after(notes, loop, cancelled_at)
    print(f"\nthe loop ended {end} after {steps_after(notes, loop, 0)} of {CHAIN.high_steps} steps, {after} of them"
          f" after the generation's cancel ({STEP_S:g} s each)")
    assert end == "StepAbandoned"
    # the ingress notices within about 1 s (StepWatch every 0.5 s, polled every 0.5 s), then
    # the replica within about a step; uncancelled, the loop had more than 30 steps to go
    assert after <= 1.0 / STEP_S + 3
    records = runtime.store.read_stream(generation_stream(gid))
    assert not any(isinstance(r.event, SamplingCompleted) for r in records)
    assert runtime.chain.state(gid).status == "cancelled"
    assert runtime.media.keys(work_folder(gid)) == []


def test_a_request_cancelled_in_a_batch_gets_nothing_and_its_batch_mate_its_clip(deployed):
    runtime, _, sampler, notes = deployed
    _, kept = approved(runtime, "dave", GenerationOrder(prompt="a red ball drops", model="tiny-a", tier="pro"))
    _, dropped = approved(runtime, "erin", GenerationOrder(prompt="a blue ball rolls", model="tiny-a", tier="pro"))
    mark = len(read_notes(notes))
    responses = [sampler.remote(runtime.chain.state(gid)) for gid in (kept, dropped)]
    loop = wait_for(loop_of(notes, CHAIN.high_steps, mark, batch=2))
    responses[1].cancel()

    event = responses[0].result(timeout_s=120)
    assert isinstance(event, SamplingCompleted) and event.generation_id == kept and event.batch_size == 2
    assert wait_for(ended(notes, loop))["end"] == "done"  # the loop ran on for the red ball
    with pytest.raises(RequestCancelledError):
        responses[1].result(timeout_s=10)
    assert runtime.media.keys(work_folder(dropped)) == []  # nothing of the cancelled one was stored
    assert runtime.media.keys(work_folder(kept)) == [event.frames_key]
