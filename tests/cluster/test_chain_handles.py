"""ServeSteps and ServeChain on fake deployment handles (no Ray): a slow step is cancelled,
not sent again; the chain worker's requests are forgotten once their generations end."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from ray.exceptions import RayActorError, RayTaskError
from ray.serve.exceptions import DeploymentUnavailableError

from actors.chain import ServeChain, ServeSteps
from actors.failures import ChainUnavailable, StepLost
from events import ManualClock
from events.generation import GenerationFailed
from generation.jobs import ChainConfig, ChainWorker, GenerationOrder, generation_stream
from generation.jobs.errors import StepAbandoned
from tests.fixtures_db import join
from tests.jobs.fixtures import StrobeGenerator, chain_runtime

STATE = SimpleNamespace(request=SimpleNamespace(generation_id="g1"))


class FakeResponse:
    """A DeploymentResponse that answers `answer` (raised when an exception) once given one."""

    def __init__(self, answer: object = None) -> None:
        self.answer, self.cancels = answer, 0

    def result(self, *, timeout_s: float | None = None) -> object:
        if isinstance(self.answer, BaseException):
            raise self.answer
        if self.answer is None:
            raise TimeoutError("Timed out resolving to ObjectRef.")
        return self.answer

    def cancel(self) -> None:
        self.cancels += 1


class FakeHandle:
    """A DeploymentHandle whose calls answer from `answers` in turn (then never answer)."""

    def __init__(self, *answers: object) -> None:
        self.answers, self.sent, self.args = list(answers), [], []

    def remote(self, *args: object) -> FakeResponse:
        self.args.append(args)
        self.sent.append(FakeResponse(self.answers.pop(0) if self.answers else None))
        return self.sent[-1]


def test_a_step_slower_than_its_timeout_is_cancelled_and_not_sent_again():
    handle = FakeHandle()
    steps = ServeSteps({"audio": handle}, ChainConfig(), timeout_s=900)
    with pytest.raises(StepLost, match="^the audio step took longer than 900 s"):
        steps.run(STATE, "audio")
    assert [r.cancels for r in handle.sent] == [1]


def test_a_timeout_the_step_itself_raised_is_its_error_not_slowness():
    """Ray raises a replica's exception again as a class that is also its type."""
    own = RayTaskError("audio", "Traceback ...", TimeoutError("S3 write timed out")).as_instanceof_cause()
    assert isinstance(own, TimeoutError)
    handle = FakeHandle(own)
    with pytest.raises(RayTaskError):
        ServeSteps({"audio": handle}, ChainConfig(), timeout_s=900).run(STATE, "audio")
    assert [r.cancels for r in handle.sent] == [0]


def test_a_step_whose_replica_dies_is_asked_again_then_lost():
    survives = FakeHandle(RayActorError(), RayActorError(), "event")
    assert ServeSteps({"audio": survives}, ChainConfig()).run(STATE, "audio") == "event"
    dies = FakeHandle(RayActorError(), RayActorError(), RayActorError())
    with pytest.raises(StepLost, match="lost 3 times \\(RayActorError\\)"):
        ServeSteps({"audio": dies}, ChainConfig()).run(STATE, "audio")
    assert len(dies.sent) == 3 and [r.cancels for r in survives.sent + dies.sent] == [0] * 6


def test_a_deployment_gone_altogether_leaves_the_generation_to_resume(runtime):
    """`up` deleting the chain application as it stops: not the generation's fault."""
    alice = join(runtime, "alice")
    gid = runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym"))
    gone = FakeHandle(*[DeploymentUnavailableError("reelworld-chain") for _ in range(3)])
    with pytest.raises(ChainUnavailable):
        ServeSteps({"rewrite": gone}, ChainConfig()).run(runtime.chain.state(gid), "rewrite")
    assert len(gone.sent) == 1  # not asked again: the deployment itself is gone
    runtime.chain.steps = ServeSteps({"rewrite": gone}, ChainConfig())
    with pytest.raises(ChainUnavailable):
        runtime.chain.run(gid)
    assert runtime.chain.state(gid).status == "queued"  # not failed: a restart resumes it


@pytest.fixture
def runtime(tmp_path):
    rt = chain_runtime(tmp_path, ManualClock(), StrobeGenerator())
    yield rt
    rt.close()


def test_the_chain_forgets_the_requests_of_generations_that_ended(runtime):
    alice = join(runtime, "alice")
    running, cancelled, failed = (runtime.generations.request(alice, GenerationOrder(prompt=p))
                                  for p in ("a red ball drops", "a blue ball rolls", "a crate slides"))
    handle = FakeHandle()
    chain = ServeChain(handle, runtime.chain, poll_s=0)
    worker = ChainWorker(runtime.store, chain)
    worker.work_once()
    assert set(chain.in_flight) == {running, cancelled, failed}

    # They end while the worker waits on the others: it reads their ends and stops asking.
    runtime.generations.cancel(alice, cancelled)
    runtime.store.append(generation_stream(failed), [GenerationFailed(
        generation_id=failed, step="sample", reason="the sample step took longer than 900 s")])
    chain.in_flight[failed].answer = RayActorError()  # its ingress replica died meanwhile
    worker.work_once()
    worker.work_once()
    assert set(chain.in_flight) == {running, cancelled}  # the cancelled one's step still runs
    chain.in_flight[cancelled].answer = "cancelled"
    worker.work_once()
    assert set(chain.in_flight) == {running} and list(worker.pending) == [running]
    assert len(handle.sent) == 3  # each handed to the ingress once


class RecordingSteps:
    """Steps that note each step they run, then run it with `inner`."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner, self.ran = inner, []

    def run(self, state, step: str, check=None, likeness=()):  # noqa: ANN001, ANN201
        self.ran.append(step)
        return self.inner.run(state, step, check, likeness)


def ingress(runtime) -> tuple[object, RecordingSteps]:  # noqa: ANN001
    """The GenerationChain ingress's class, off Serve, running steps in this process (noted)."""
    from concurrent.futures import ThreadPoolExecutor

    from actors.chain import GenerationChain
    from generation.jobs import ChainRunner

    steps = RecordingSteps(runtime.chain.steps)
    chain = object.__new__(GenerationChain.func_or_class)
    chain.pool = ThreadPoolExecutor(4, thread_name_prefix="generation")
    chain.runner = ChainRunner(runtime.store, runtime.quota, steps, runtime.media)
    return chain, steps


@pytest.mark.postgres
def test_the_ingress_runs_no_step_of_a_generation_another_process_or_thread_runs(tmp_path):
    import asyncio

    from actors.chain import LEASED
    from generation.jobs.leases import GenerationLeases
    from tests.fixtures_db import fresh_postgres_database

    with fresh_postgres_database() as url:
        runtime = chain_runtime(tmp_path, ManualClock(), StrobeGenerator(), url=url)
        other_process = GenerationLeases(runtime.store.engine)
        try:
            alice = join(runtime, "alice")
            gid = runtime.generations.request(alice, GenerationOrder(prompt="a red ball bounces in a gym"))
            chain, steps = ingress(runtime)
            with other_process.hold(gid) as held:
                assert held is not None
                assert asyncio.run(chain(gid)) == LEASED
            with chain.runner.leases.hold(gid):  # another of the replica's threads runs it
                assert asyncio.run(chain(gid)) == LEASED
            assert steps.ran == [] and runtime.chain.state(gid).status == "queued"
            assert asyncio.run(chain(gid)) not in (LEASED, "queued", "running")  # now it is this one's
            assert steps.ran[0] == "rewrite" and runtime.chain.state(gid).finished
            chain.pool.shutdown()
            chain.runner.leases.close()
        finally:
            other_process.close()
            runtime.close()


def test_a_generation_the_ingress_says_another_process_runs_is_not_asked_again_at_once(runtime):
    from actors.chain import LEASED

    alice = join(runtime, "alice")
    gid = runtime.generations.request(alice, GenerationOrder(prompt="a red ball drops"))
    now = [0.0]
    handle = FakeHandle(LEASED, LEASED)
    worker = ChainWorker(runtime.store, ServeChain(handle, runtime.chain, poll_s=0, retry_s=5,
                                                   clock=lambda: now[0]))
    assert worker.work_once() == 0  # not run here: the worker waits before its next pass
    assert worker.work_once() == 0 and list(worker.pending) == [gid]
    assert len(handle.sent) == 1  # refused once: not asked again within retry_s
    now[0] = 5.0
    assert worker.work_once() == 0 and len(handle.sent) == 2
    now[0] = 10.0
    assert worker.work_once() == 1 and len(handle.sent) == 3  # handed over again, now in flight


def test_a_step_whose_generation_moved_on_is_cancelled_while_the_ingress_waits():
    handle, asked = FakeHandle(), []

    def check() -> None:  # the runner's StepWatch: the generation was cancelled meanwhile
        asked.append(1)
        if len(asked) == 3:
            raise StepAbandoned("the generation moved on while the step ran (cancelled or ended)")

    steps = ServeSteps({"audio": handle}, ChainConfig(), timeout_s=900, poll_s=0.0)
    with pytest.raises(StepAbandoned):
        steps.run(STATE, "audio", check)
    assert len(asked) == 3 and [r.cancels for r in handle.sent] == [1]  # not sent again


def test_a_watched_step_still_gets_its_answer():
    class Late(FakeResponse):
        def result(self, *, timeout_s: float | None = None) -> object:
            self.polls = getattr(self, "polls", 0) + 1
            if self.polls < 4:
                raise TimeoutError("Timed out resolving to ObjectRef.")
            return "event"

    handle = FakeHandle()
    handle.remote = lambda *args: Late()
    assert ServeSteps({"audio": handle}, ChainConfig(), poll_s=0.0).run(STATE, "audio", lambda: None) == "event"


def test_the_characters_the_chain_hands_a_step_reach_its_deployment():
    """ServeSteps passes on what the chain gives (generation.jobs.chain.CAST_STEPS decides which
    steps get the characters; tests/jobs/test_characters_chain.py checks that)."""
    from generation.jobs.characters import Likeness

    ann = Likeness(character_id="c1", name="ann", owner_id="u1", colour="purple", voice_pitch=70, voice_speed=150)
    done = object()
    handles = {step: FakeHandle(done, done) for step in ("rewrite", "audio")}
    steps = ServeSteps(handles, ChainConfig())
    for step in handles:
        assert steps.run(STATE, step, likeness=(ann,)) is done
        assert steps.run(STATE, step) is done
    assert handles["rewrite"].args == handles["audio"].args == [(STATE, (ann,)), (STATE,)]
