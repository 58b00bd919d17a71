"""The chain: each step appends once at the version it read; a crash resumes from the log."""

from __future__ import annotations

import hashlib
import re
import threading
import time

import msgspec
import numpy as np
import pytest

from events.generation import SamplingCompleted, VideoPublished
from generation.jobs import (
    FixedCatalog,
    ChainRunner,
    ChainWorker,
    GenerationOrder,
    LocalSteps,
    VideoNotFound,
    SourceGone,
    generation_stream,
    start_worker,
)
from generation.jobs.chain import StepWatch
from generation.jobs.errors import StepAbandoned
from generation.jobs.state import holds, work_folder, work_key
from generation.jobs.steps import _npy, sampled_event
from tests.fixtures_db import join
from tests.jobs.fixtures import FAST, StrobeGenerator, Wrapped, chain_runtime

BALL = GenerationOrder(prompt="a red ball bounces in a gym")


def _types(runtime, gid: str) -> list[str]:
    return [r.type for r in runtime.store.read_stream(generation_stream(gid))]


def test_the_chain_publishes_one_video_with_its_provenance(runtime, alice):
    gid = runtime.generations.request(alice, BALL)
    assert runtime.chain.run(gid).status == "published"
    assert _types(runtime, gid) == [
        "GenerationRequested", "PromptRewritten", "PromptApproved", "SamplingCompleted",
        "AudioComposed", "OutputApproved", "VideoPublished",
    ]
    published = runtime.store.read_stream(generation_stream(gid))[-1].event
    with runtime.media.open(published.media_key) as stream:
        data = stream.read()
    assert data[4:8] == b"ftyp" and len(data) == published.size_bytes
    provenance = published.provenance
    assert provenance.content_sha256 == hashlib.sha256(data).hexdigest()
    assert (provenance.generation_id, provenance.model, provenance.steps) == (gid, "reelworld-tiny-untrained", 2)
    assert "ball" in provenance.caption
    runtime.catch_up()
    view = runtime.generations.generation(alice, gid)
    assert view.video_id == published.video_id and len(view.steps) == 7
    assert [v.video_id for v in runtime.generations.library(alice)] == [published.video_id]
    assert runtime.quota.quota(alice).used_today == 1


class _PowerCut(Exception):
    """Stands for the process dying in the middle of a step."""


class _CrashAfterStoringVideo:
    """Media store that dies right after the MP4 is stored, before the step is recorded."""

    def __init__(self, media) -> None:
        self.media = media

    def __getattr__(self, name: str):
        return getattr(self.media, name)

    def put(self, key: str, data: bytes) -> int:
        size = self.media.put(key, data)
        if key.startswith("videos/"):
            raise _PowerCut(key)
        return size


def test_a_duplicate_sample_run_with_other_frames_neither_replaces_nor_leaves_them(runtime, alice):
    gid = runtime.generations.request(alice, BALL)
    assert runtime.chain.advance(gid) == "rewrite" and runtime.chain.advance(gid) == "prompt_safety"
    real, config = runtime.chain.steps, runtime.chain.steps.config

    class OtherReplica:  # the same step on a second replica, batched with other clips: other frames
        def run(self, state, step, check=None, likeness=()):
            runtime.chain.steps = real
            assert runtime.chain.advance(gid) == "sample"  # the first replica records its frames first
            return sampled_event(state, np.full((16, 32, 32, 3), 7, np.uint8), 8.0, runtime.media, config)

    runtime.chain.steps = OtherReplica()
    assert runtime.chain.advance(gid) is None  # the second run's append loses
    recorded = runtime.chain.state(gid).sampling.frames_key
    assert runtime.media.keys(f"work/{gid}") == [recorded]  # its frames went, the recorded ones stayed
    assert runtime.chain.run(gid).status == "published"


def test_a_work_key_holds_only_the_bytes_it_was_named_after():
    key = work_key("g-1", "frames", b"abc")
    assert holds(key, b"abc") and not holds(key, b"abd")
    assert holds("work/g-1/frames.npy", b"anything")  # named before keys carried their content


def test_stored_frames_that_changed_after_they_were_recorded_are_never_published(runtime, alice):
    gid = runtime.generations.request(alice, BALL)
    for _ in range(3):  # rewrite, prompt safety, sample
        runtime.chain.advance(gid)
    state = runtime.chain.state(gid)
    assert re.fullmatch(rf"work/{gid}/frames-[0-9a-f]{{16}}\.npy", state.sampling.frames_key)
    other = np.full((state.sampling.frame_count, 32, 32, 3), 7, np.uint8)  # the store changed them
    runtime.media.put(state.sampling.frames_key, _npy(other))
    final = runtime.chain.run(gid)
    failed = runtime.store.read_stream(generation_stream(gid))[-1].event
    assert final.status == "failed" and failed.step == "audio" and "changed after it was recorded" in failed.reason
    assert "VideoPublished" not in _types(runtime, gid)


def test_a_crash_after_storing_the_video_resumes_and_publishes_once(runtime, alice):
    gid = runtime.generations.request(alice, BALL)
    real_media = runtime.chain.steps.media
    runtime.chain.steps.media = _CrashAfterStoringVideo(real_media)
    with pytest.raises(_PowerCut):
        runtime.chain.run(gid)
    assert _types(runtime, gid)[-1] == "OutputApproved"
    runtime.chain.steps.media = real_media  # the restarted process
    assert runtime.chain.run(gid).status == "published"
    assert runtime.chain.advance(gid) is None  # nothing left to do: no second video
    published = [r for r in runtime.store.read_stream(generation_stream(gid)) if isinstance(r.event, VideoPublished)]
    assert len(published) == 1


class _RacingGenerator:
    """Wraps the sampler; while the first run samples, a second run does the same step."""

    def __init__(self, inner, rival) -> None:
        self.inner, self.rival, self.fps, self.raced = inner, rival, inner.fps, False

    def generate(self, *args, **kwargs):
        if not self.raced:
            self.raced = True
            assert self.rival() == "sample"
        return self.inner.generate(*args, **kwargs)


def test_a_concurrent_run_of_the_same_step_loses_and_records_nothing(runtime, alice, generator):
    gid = runtime.generations.request(alice, BALL)
    assert runtime.chain.advance(gid) == "rewrite"
    assert runtime.chain.advance(gid) == "prompt_safety"
    racing = _RacingGenerator(generator, lambda: runtime.chain.advance(gid))
    local = runtime.chain.steps
    first = ChainRunner(runtime.store, runtime.quota, LocalSteps(
        runtime.media, rewriter=local.rewriter, classifier=local.classifier, models=FixedCatalog({local.config.default_model: lambda: racing}),
        config=local.config,
    ))
    assert first.advance(gid) is None  # the rival recorded the step first
    sampled = [r for r in runtime.store.read_stream(generation_stream(gid)) if isinstance(r.event, SamplingCompleted)]
    assert len(sampled) == 1


def test_a_teen_prompt_over_the_teen_threshold_is_blocked_and_refunded(runtime):
    teen = join(runtime, "kid", birth_year=2012)
    gid = runtime.generations.request(teen, GenerationOrder(prompt="a guy smoking a cigarette in the rain"))
    assert runtime.chain.run(gid).status == "blocked"
    assert _types(runtime, gid)[-1] == "PromptBlocked"
    runtime.catch_up()
    assert runtime.quota.quota(teen).used_today == 0
    assert runtime.generations.generation(teen, gid).detail


def test_a_flashing_clip_is_held_back_with_the_failed_check(tmp_path, clock):
    runtime = chain_runtime(tmp_path, clock, StrobeGenerator())
    try:
        alice = join(runtime, "alice")
        gid = runtime.generations.request(alice, BALL)
        assert runtime.chain.run(gid).status == "blocked"
        blocked = runtime.store.read_stream(generation_stream(gid))[-1].event
        assert [f.check for f in blocked.findings if not f.passed] == ["photosensitivity"]
        runtime.catch_up()
        assert "flashes" in runtime.generations.generation(alice, gid).detail
        assert runtime.generations.library(alice) == [] and runtime.quota.quota(alice).used_today == 0
    finally:
        runtime.close()


def test_the_worker_resumes_unfinished_generations_from_the_log(runtime, alice):
    first = runtime.generations.request(alice, BALL)
    runtime.chain.advance(first)  # the last process stopped after one step
    second = runtime.generations.request(alice, GenerationOrder(prompt="a blue crate slides"))
    runtime.generations.cancel(alice, second)
    worker = ChainWorker(runtime.store, runtime.chain)
    assert worker.work_once() == 1
    assert worker.pending == {} and worker.work_once() == 0
    assert runtime.chain.state(first).status == "published"


def test_deleting_a_video_removes_it_and_its_media(runtime, alice):
    gid = runtime.generations.request(alice, BALL)
    video = runtime.chain.run(gid).video
    runtime.catch_up()
    runtime.generations.delete_video(alice, video.video_id)
    runtime.catch_up()
    with pytest.raises(SourceGone, match="deleted"):
        runtime.generations.video(alice, video.video_id)
    assert not (runtime.settings.media_dir / video.media_key).exists()
    assert runtime.generations.generation(alice, gid).status == "deleted"
    assert _types(runtime, gid)[-2:] == ["VideoDeleted", "MediaErased"]  # both recorded: nothing left to sweep
    assert runtime.sweeper.sweep().erased == 0


def test_a_delete_killed_before_the_media_went_leaves_no_listed_video_without_its_file(runtime, alice, monkeypatch):
    gid = runtime.generations.request(alice, BALL)
    video = runtime.chain.run(gid).video
    runtime.catch_up()

    def killed(key):
        raise KeyboardInterrupt

    monkeypatch.setattr(runtime.generations._media, "delete", killed)
    with pytest.raises(KeyboardInterrupt):
        runtime.generations.delete_video(alice, video.video_id)
    monkeypatch.undo()
    runtime.catch_up()
    assert (runtime.settings.media_dir / video.media_key).exists()  # the file is still there ...
    with pytest.raises(SourceGone):  # ... but no one is shown a video without it
        runtime.generations.video(alice, video.video_id)
    assert runtime.sweeper.sweep().erased == 1
    assert not (runtime.settings.media_dir / video.media_key).exists()
    assert _types(runtime, gid)[-2:] == ["VideoDeleted", "MediaErased"]


def test_the_worker_thread_publishes_what_is_requested_while_it_runs(runtime, alice):
    worker = ChainWorker(runtime.store, runtime.chain, poll_interval=0.2, on_progress=runtime.catch_up)
    thread, stop = start_worker(worker)
    try:
        gid = runtime.generations.request(alice, BALL)
        deadline = time.monotonic() + 60
        while not runtime.chain.state(gid).finished and time.monotonic() < deadline:
            runtime.store.wait_for_append(runtime.store.last_position(), timeout=1.0)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert runtime.chain.state(gid).status == "published"
    assert runtime.generations.generation(alice, gid).status == "published"  # caught up by the worker


def test_a_stopping_worker_starts_no_further_step_and_the_next_start_finishes_the_work(runtime, alice):
    first = runtime.generations.request(alice, BALL)
    second = runtime.generations.request(alice, GenerationOrder(prompt="a blue crate slides"))
    real, stop = runtime.chain.steps, threading.Event()

    class StopAsked:  # SIGTERM (or Ctrl-C) arrives while the first generation's rewrite runs
        def run(self, state, step, check=None, likeness=()):
            event = real.run(state, step, check, likeness)
            if step == "rewrite":
                stop.set()
            return event

    runtime.chain.steps = StopAsked()
    worker = ChainWorker(runtime.store, runtime.chain, poll_interval=0.1)
    thread = threading.Thread(target=worker.run_forever, args=(stop,))
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    # The step in progress was recorded; no other started (neither sampling nor the next generation).
    assert runtime.chain.state(first).next_step == "prompt_safety"
    assert runtime.chain.state(second).status == "queued"
    runtime.chain.steps = real
    restarted = ChainWorker(runtime.store, runtime.chain)
    assert restarted.work_once() == 2
    assert {runtime.chain.state(g).status for g in (first, second)} == {"published"}


def test_a_step_that_hangs_does_not_keep_the_sweeper_from_ending_it(runtime, alice, clock):
    gid = runtime.generations.request(alice, BALL)
    real, release = runtime.chain.steps, threading.Event()

    class Hangs:
        def run(self, state, step, check=None, likeness=()):
            if step == "sample":
                release.wait(60)  # an ffmpeg that never returns, a hung mount
            return real.run(state, step, check, likeness)

    runtime.chain.steps = Hangs()
    worker = ChainWorker(runtime.store, runtime.chain, poll_interval=0.1, sweeper=runtime.sweeper,
                         sweep_interval=0.1)
    thread, stop = start_worker(worker)
    try:
        deadline = time.monotonic() + 30
        while runtime.chain.state(gid).next_step != "sample" and time.monotonic() < deadline:
            time.sleep(0.05)
        clock.advance(minutes=31)
        while runtime.chain.state(gid).status != "failed" and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        release.set()
        stop.set()
        thread.join(timeout=30)
    assert runtime.chain.state(gid).status == "failed"  # ended as stuck while the step hung
    assert "VideoPublished" not in _types(runtime, gid)


class _BrokenOnCrates:
    """Wraps the sampler; a clip with a crate hits a bug (an error no step expects)."""

    def __init__(self, inner) -> None:  # noqa: ANN001
        self.inner, self.fps = inner, inner.fps

    def generate(self, prompts, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        if any("crate" in p for p in prompts):
            raise _PowerCut("sampler bug")
        return self.inner.generate(prompts, *args, **kwargs)


def test_a_generation_that_hits_a_bug_stays_pending_without_holding_up_others(runtime, alice, generator):
    stuck = runtime.generations.request(alice, GenerationOrder(prompt="a blue crate slides"))
    fine = runtime.generations.request(alice, BALL)
    local = runtime.chain.steps
    runner = ChainRunner(runtime.store, runtime.quota, LocalSteps(
        runtime.media, rewriter=local.rewriter, classifier=local.classifier,
        models=FixedCatalog({local.config.default_model: lambda: _BrokenOnCrates(generator)}),
        config=local.config,
    ))
    worker = ChainWorker(runtime.store, runner)
    assert worker.work_once() == 1
    assert list(worker.pending) == [stuck] and runtime.chain.state(stuck).next_step == "sample"
    assert runtime.chain.state(fine).status == "published"


def test_a_generation_holding_a_newer_releases_event_is_left_to_that_release(runtime, alice, clock):
    from events.schema import events_table

    gid = runtime.generations.request(alice, BALL)
    assert runtime.chain.advance(gid) == "rewrite"
    version = runtime.chain.state(gid).version
    with runtime.store.engine.begin() as conn:  # what a newer release appended: a step this code does not know
        conn.execute(events_table.insert().values(
            position=runtime.store.last_position() + 1, stream_id=generation_stream(gid), version=version + 1,
            type="PromptTranslated", type_version=1, data=b'{"type":"PromptTranslated","generation_id":"x"}',
            meta=b'{"event_id":"00000000-0000-4000-8000-000000000001","recorded_at":"2026-11-26T00:00:00Z"}'))
    assert runtime.chain.state(gid).foreign
    assert runtime.chain.advance(gid) is None
    clock.advance(hours=1)
    assert runtime.sweeper.sweep().stuck == 0
    assert len(runtime.store.read_stream(generation_stream(gid))) == version + 1  # nothing appended after it


class _SlowSteps(Wrapped):
    """The wrapped generator, each denoising step taking `pause` seconds more; counts the steps
    done and says (event `started`) when the first one is."""

    def __init__(self, inner, pause: float = 0.4) -> None:  # noqa: ANN001
        super().__init__(inner)
        self.pause, self.done, self.total, self.started = pause, 0, 0, threading.Event()

    def generate(self, prompts, styles, *, progress=None, **kwargs):  # noqa: ANN001, ANN003, ANN201
        def step(i: int, n: int) -> None:
            time.sleep(self.pause)
            self.done, self.total = self.done + 1, self.total + (i == 1) * n
            self.started.set()
            if progress is not None:
                progress(i, n)

        return self.inner.generate(prompts, styles, progress=step, **kwargs)


@pytest.fixture
def slow(tmp_path, clock, generator):
    slow = _SlowSteps(generator)
    runtime = chain_runtime(tmp_path, clock, slow, chain=msgspec.structs.replace(FAST, standard_steps=20))
    yield runtime, slow, join(runtime, "alice")
    runtime.close()


def _to_sampling(runtime, gid: str) -> None:
    while runtime.chain.state(gid).next_step != "sample":
        assert runtime.chain.advance(gid) is not None


def test_a_cancel_during_sampling_stops_the_denoising_loop_at_its_next_step(slow):
    runtime, sampler, alice = slow
    gid = runtime.generations.request(alice, BALL)
    _to_sampling(runtime, gid)
    ran = threading.Thread(target=runtime.chain.run, args=(gid,))
    ran.start()
    assert sampler.started.wait(60)
    runtime.generations.cancel(alice, gid)
    cancelled_at = time.monotonic()
    ran.join(timeout=60)
    assert not ran.is_alive() and time.monotonic() - cancelled_at < 3.0  # 20 steps would take 8 s more
    assert sampler.done < sampler.total == 20
    assert runtime.chain.state(gid).status == "cancelled"
    assert "SamplingCompleted" not in _types(runtime, gid)
    assert runtime.media.keys(work_folder(gid)) == []  # nothing was stored for it


def test_a_stopping_process_leaves_sampling_at_its_next_step_and_the_restart_finishes(slow):
    runtime, sampler, alice = slow
    gid = runtime.generations.request(alice, BALL)
    _to_sampling(runtime, gid)
    stop = threading.Event()
    ran = threading.Thread(target=runtime.chain.run, args=(gid,), kwargs={"stop": stop})
    ran.start()
    assert sampler.started.wait(60)
    stop.set()
    ran.join(timeout=60)
    assert not ran.is_alive() and sampler.done <= 2  # the step in progress, then no other
    assert runtime.chain.state(gid).next_step == "sample"  # left to resume
    assert runtime.media.keys(work_folder(gid)) == []
    sampler.pause = 0.0
    assert runtime.chain.run(gid).status == "published"
    assert _types(runtime, gid).count("SamplingCompleted") == 1


def test_a_step_watch_reads_the_log_at_most_every_half_second(runtime, alice):
    gid = runtime.generations.request(alice, BALL)
    now, reads, store = [0.0], [], runtime.store

    class Counting:
        def stream_version(self, stream: str) -> int:
            reads.append(stream)
            return store.stream_version(stream)

    watch = StepWatch(Counting(), gid, store.stream_version(generation_stream(gid)), clock=lambda: now[0])
    for _ in range(10):  # one call per denoising step
        watch()
    assert reads == []
    now[0] = 0.6
    watch()
    assert len(reads) == 1
    runtime.generations.cancel(alice, gid)
    watch()  # read 0.5 s ago: not yet again
    now[0] = 1.2
    with pytest.raises(StepAbandoned, match="moved on"):
        watch()
