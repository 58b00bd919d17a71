"""The sweeper: quota of generations that ended without a video comes back (also after a crash
between the end and the release), stuck generations end as failed, and a deleted account's
media go from the store with events that say so."""

from __future__ import annotations

from datetime import timedelta

import pytest

from events.generation import GenerationCancelled, GenerationFailed, MediaErased, VideoDeleted
from generation.jobs import ChainWorker, GenerationOrder, MediaNotFound, generation_stream
from generation.jobs.sweeper import Sweeper

BALL = GenerationOrder(prompt="a red ball bounces in a gym")


def _used_today(runtime, user_id: str) -> int:
    runtime.catch_up()
    return runtime.quota.quota(user_id).used_today


def test_a_stuck_generation_ends_as_failed_and_gives_its_quota_back(runtime, alice, clock):
    gid = runtime.generations.request(alice, BALL)
    assert runtime.chain.advance(gid) == "rewrite"  # started, then the chain died
    assert runtime.sweeper.sweep().stuck == 0  # not stuck yet
    clock.advance(minutes=31)
    report = runtime.sweeper.sweep()
    assert (report.stuck, report.released) == (1, 1)
    state = runtime.chain.state(gid)
    assert state.status == "failed" and "no progress" in runtime.store.read_stream(generation_stream(gid))[-1].event.reason
    assert _used_today(runtime, alice) == 0
    assert runtime.chain.run(gid).status == "failed"  # the chain leaves it be
    assert runtime.sweeper.sweep().stuck == 0


def test_a_queued_generation_waits_longer_before_it_counts_as_stuck(runtime, alice, clock):
    gid = runtime.generations.request(alice, BALL)
    clock.advance(hours=2)  # a long queue, not a stuck one
    assert runtime.sweeper.sweep().stuck == 0 and runtime.chain.state(gid).status == "queued"
    clock.advance(hours=5)
    assert runtime.sweeper.sweep().stuck == 1
    assert "waited in the queue" in runtime.store.read_stream(generation_stream(gid))[-1].event.reason
    assert _used_today(runtime, alice) == 0


def test_an_ending_whose_release_was_lost_is_released_once(runtime, alice):
    gid = runtime.generations.request(alice, BALL)
    stream = runtime.store.read_stream(generation_stream(gid))
    # The chain recorded the failure, then crashed before giving the slot back.
    runtime.store.append(generation_stream(gid), [GenerationFailed(generation_id=gid, step="sample", reason="oom")],
                         stream[-1].version)
    assert _used_today(runtime, alice) == 1
    assert runtime.sweeper.sweep().released == 1
    assert _used_today(runtime, alice) == 0
    assert runtime.sweeper.sweep().released == 0


def test_work_a_sweep_could_not_do_is_done_by_the_next_one(runtime, alice, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from tests.fixtures_db import join

    bob = join(runtime, "bob")
    ended = runtime.generations.request(alice, BALL)
    stream = runtime.store.read_stream(generation_stream(ended))
    runtime.store.append(generation_stream(ended), [GenerationFailed(generation_id=ended, step="sample", reason="oom")],
                         stream[-1].version)  # ended; the chain crashed before giving the slot back
    published = runtime.generations.request(bob, BALL)
    runtime.chain.run(published)
    runtime.accounts.delete_account(bob)
    release = runtime.quota.release_generation

    def database_down(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OperationalError("release", {}, Exception("the database went away"))

    monkeypatch.setattr(runtime.quota, "release_generation", database_down)
    runtime.sweeper.media.delete = lambda key: (_ for _ in ()).throw(OSError("the store went away"))
    report = runtime.sweeper.sweep()
    assert (report.released, report.erased) == (0, 0)
    monkeypatch.setattr(runtime.quota, "release_generation", release)
    del runtime.sweeper.media.delete
    report = runtime.sweeper.sweep()
    assert (report.released, report.erased) == (1, 1)
    assert _used_today(runtime, alice) == 0
    with pytest.raises(MediaNotFound):
        runtime.media.size(runtime.chain.state(published).video.media_key)


def test_a_deleted_accounts_media_are_erased_and_the_events_say_so(runtime, alice):
    published = runtime.generations.request(alice, BALL)
    runtime.chain.run(published)
    waiting = runtime.generations.request(alice, BALL)
    state = runtime.chain.state(published)
    keys = (state.sampling.frames_key, state.audio.audio_key, state.video.media_key)
    assert all(runtime.media.size(k) > 0 for k in keys)
    runtime.accounts.delete_account(alice)
    assert runtime.sweeper.sweep().erased == 2
    for key in keys:
        with pytest.raises(MediaNotFound):
            runtime.media.size(key)
    told = [r.event for r in runtime.store.read_stream(generation_stream(published))]
    assert isinstance(told[-2], VideoDeleted) and told[-2].reason == "the account was deleted"
    assert isinstance(told[-1], MediaErased) and set(told[-1].keys) == set(keys)
    stopped = [r.event for r in runtime.store.read_stream(generation_stream(waiting))]
    assert isinstance(stopped[-2], GenerationCancelled) and isinstance(stopped[-1], MediaErased)
    assert runtime.chain.run(waiting).status == "cancelled"
    assert runtime.sweeper.sweep().erased == 0


def test_a_deleted_accounts_generation_stops_before_its_next_step_without_a_sweep(runtime, alice):
    gid = runtime.generations.request(alice, BALL)
    assert runtime.chain.advance(gid) == "rewrite"
    runtime.accounts.delete_account(alice)  # no sweep between: the chain must see it itself
    ran = []

    class Recording:
        def run(self, state, step, check=None, likeness=()):
            ran.append(step)

    runtime.chain.steps = Recording()
    assert runtime.chain.run(gid).status == "cancelled" and ran == []
    told = [r.event for r in runtime.store.read_stream(generation_stream(gid))]
    assert isinstance(told[-1], GenerationCancelled) and told[-1].by == alice
    assert runtime.sweeper.sweep().erased == 1  # what the rewrite recorded: no media, MediaErased all the same
    assert runtime.chain.state(gid).media_erased


def test_the_chain_worker_runs_the_sweeper(runtime, alice, clock):
    gid = runtime.generations.request(alice, BALL)
    clock.advance(hours=7)
    worker = ChainWorker(runtime.store, runtime.chain, sweeper=runtime.sweeper, sweep_interval=3600)
    worker.sweep_if_due()
    assert runtime.chain.state(gid).status == "failed"


def test_a_video_whose_media_could_not_be_removed_loses_them_on_the_next_sweep(runtime, alice, monkeypatch):
    gid = runtime.generations.request(alice, BALL)
    state = runtime.chain.run(gid)
    keys = (state.sampling.frames_key, state.audio.audio_key, state.video.media_key)
    delete = runtime.media.delete

    def store_down(key):
        raise OSError("503 Service Unavailable")

    monkeypatch.setattr(runtime.media, "delete", store_down)
    runtime.catch_up()
    runtime.generations.delete_video(alice, state.video.video_id)  # recorded; the media stay for now
    assert all(runtime.media.size(k) > 0 for k in keys)
    assert runtime.sweeper.sweep().erased == 0  # still down: nothing recorded, tried again later
    monkeypatch.setattr(runtime.media, "delete", delete)
    assert runtime.sweeper.sweep().erased == 1
    for key in keys:
        with pytest.raises(MediaNotFound):
            runtime.media.size(key)
    told = runtime.store.read_stream(generation_stream(gid))[-1].event
    assert isinstance(told, MediaErased) and told.reason == "the video was deleted"
    assert runtime.sweeper.sweep().erased == 0
    restarted = Sweeper(runtime.store, runtime.quota, runtime.media, clock=runtime.clock)
    erasing = []
    monkeypatch.setattr(restarted, "_erase", lambda *a: erasing.append(a))
    restarted.sweep()
    assert erasing == []  # a restart reads the log, not the stream of every video ever deleted


def _at_sample(runtime, alice, meanwhile) -> str:
    """A generation at its sample step, whose step stores its frames and then calls
    `meanwhile()` before its event is appended (`runtime.chain.steps.real` undoes this).
    Returns the generation id."""
    gid = runtime.generations.request(alice, BALL)
    assert runtime.chain.advance(gid) == "rewrite"
    assert runtime.chain.advance(gid) == "prompt_safety"

    class StoredThen:
        real = runtime.chain.steps

        def run(self, state, step, check=None, likeness=()):
            event = self.real.run(state, step, check, likeness)
            meanwhile()
            return event

    runtime.chain.steps = StoredThen()
    return gid


def _sample_while(runtime, alice, meanwhile) -> str:
    """A generation whose sample step stores its frames, then `meanwhile()` ends it, then the
    step's append comes: it must lose. Returns the generation id."""
    gid = _at_sample(runtime, alice, meanwhile)
    assert runtime.chain.advance(gid) is None  # the step's append loses
    return gid


def test_media_a_step_writes_while_its_account_is_erased_go_too(runtime, alice):
    def erase():
        runtime.accounts.delete_account(alice)
        assert runtime.sweeper.sweep().erased == 1

    gid = _sample_while(runtime, alice, erase)
    assert runtime.chain.state(gid).media_erased
    assert runtime.media.keys(f"work/{gid}") == []


def test_media_a_killed_step_wrote_go_when_its_generation_ends_another_way(runtime, alice):
    def killed():  # the frames are stored, and the process dies before the event is recorded
        raise KeyboardInterrupt

    gid = _at_sample(runtime, alice, killed)
    with pytest.raises(KeyboardInterrupt):
        runtime.chain.advance(gid)
    runtime.chain.steps = runtime.chain.steps.real
    assert runtime.media.keys(f"work/{gid}")
    runtime.generations.cancel(alice, gid)  # before the restarted chain got to it
    runtime.sweeper.sweep()
    assert runtime.media.keys(f"work/{gid}") == []  # no event names them: only the sweeper can


def test_media_a_killed_step_wrote_go_when_its_generation_is_published_from_other_bytes(runtime, alice):
    import io

    import numpy as np

    from generation.jobs.state import work_key

    gid = runtime.generations.request(alice, BALL)
    assert runtime.chain.advance(gid) == "rewrite"
    assert runtime.chain.advance(gid) == "prompt_safety"
    # The sample step stored its frames (drawn in a batch with others: other bytes than a
    # rerun draws alone), and the process was killed before its event was recorded.
    buffer = io.BytesIO()
    np.save(buffer, np.full((4, 8, 8, 3), 7, np.uint8), allow_pickle=False)
    killed = work_key(gid, "frames", buffer.getvalue())
    runtime.media.put(killed, buffer.getvalue())
    state = runtime.chain.run(gid)  # the restarted chain runs the step again, to the end
    assert state.status == "published" and state.sampling.frames_key != killed
    runtime.sweeper.sweep()
    assert runtime.media.keys(f"work/{gid}") == sorted([state.sampling.frames_key, state.audio.audio_key])
    assert runtime.media.size(state.video.media_key) == state.video.size_bytes


def test_media_of_a_generation_a_newer_release_wrote_to_are_left_to_that_release(runtime, alice):
    from events.schema import events_table

    gid = runtime.generations.request(alice, BALL)
    state = runtime.chain.run(gid)
    assert state.status == "published"
    # a newer release serving the same database stored a file and named it in an event this
    # release cannot read
    newer = f"work/{gid}/thumbnail.webp"
    runtime.media.put(newer, b"RIFF")
    with runtime.store.engine.begin() as conn:
        conn.execute(events_table.insert().values(
            position=runtime.store.last_position() + 1, stream_id=generation_stream(gid), version=state.version + 1,
            type="ThumbnailMade", type_version=1, data=b'{"type":"ThumbnailMade","key":"x"}',
            meta=b'{"event_id":"00000000-0000-4000-8000-000000000002","recorded_at":"2026-11-26T00:00:00Z"}'))
    runtime.sweeper.sweep()
    assert runtime.media.size(newer) == 4


def test_media_a_late_step_stores_after_its_generation_ended_go_twenty_minutes_later(runtime, alice, clock):
    gid = runtime.generations.request(alice, BALL)
    runtime.chain.advance(gid)
    runtime.generations.cancel(alice, gid)
    runtime.sweeper.sweep()
    late = f"work/{gid}/frames-late.npy"
    runtime.media.put(late, b"frames")  # a Serve replica past its step's timeout, answering no one
    clock.advance(minutes=10)
    runtime.sweeper.sweep()
    assert runtime.media.keys(f"work/{gid}") == [late]
    clock.advance(minutes=11)
    runtime.sweeper.sweep()
    assert runtime.media.keys(f"work/{gid}") == [] and runtime.sweeper.to_tidy == {}


def test_media_a_step_writes_while_its_generation_ends_as_stuck_go_too(runtime, alice, clock):
    def stuck():
        clock.advance(minutes=31)
        assert runtime.sweeper.sweep().stuck == 1

    gid = _sample_while(runtime, alice, stuck)
    assert runtime.chain.state(gid).status == "failed"
    assert runtime.media.keys(f"work/{gid}") == []  # no event names them: nothing else would remove them


def test_the_sweeper_removes_killed_writes_temporary_files_an_hour_old(runtime, clock):
    import os

    folder = runtime.media.root / "videos"
    folder.mkdir(parents=True, exist_ok=True)
    old, young = folder / ".partial-old", folder / ".partial-young"
    for path, minutes in ((old, 61), (young, 1)):
        path.write_bytes(b"half")
        stamp = (clock() - timedelta(minutes=minutes)).timestamp()
        os.utime(path, (stamp, stamp))
    assert runtime.sweeper.sweep().partials == 1
    assert not old.exists() and young.exists()
    clock.advance(minutes=59)
    assert runtime.sweeper.sweep().partials == 0  # the store is walked at most once an hour
    clock.advance(minutes=1)
    assert runtime.sweeper.sweep().partials == 1 and not young.exists()


def _failed_after_sampling(runtime, alice) -> str:
    """A generation whose frames were stored and recorded, then failed (the audio step, say)."""
    gid = runtime.generations.request(alice, BALL)
    while runtime.chain.state(gid).sampling is None:
        runtime.chain.advance(gid)
    stream = runtime.store.read_stream(generation_stream(gid))
    runtime.store.append(generation_stream(gid), [GenerationFailed(generation_id=gid, step="audio", reason="oom")],
                         stream[-1].version)
    return gid


def test_an_unpublished_generations_media_are_kept_thirty_days_then_erased_also_after_a_restart(
        runtime, alice, clock):
    gid = _failed_after_sampling(runtime, alice)
    published = runtime.generations.request(alice, BALL)
    assert runtime.chain.run(published).status == "published"
    frames = runtime.chain.state(gid).sampling.frames_key
    runtime.sweeper.sweep()
    assert runtime.media.keys(f"work/{gid}") == [frames]  # kept: a person may ask why, a reviewer look
    # The process died before its sweeper tidied a write nobody recorded; the restarted one
    # started after the ending, so its tidy never sees it: the retention does.
    leftover = f"work/{gid}/sound-0123456789abcdef.wav"
    runtime.media.put(leftover, b"sound")
    restarted = Sweeper(runtime.store, runtime.quota, runtime.media, clock=runtime.clock)
    clock.advance(days=29, hours=23)
    assert restarted.sweep().expired == 0 and len(runtime.media.keys(f"work/{gid}")) == 2
    clock.advance(hours=2)
    assert restarted.sweep().expired == 1
    assert runtime.media.keys(f"work/{gid}") == []
    told = runtime.store.read_stream(generation_stream(gid))[-1].event
    assert isinstance(told, MediaErased) and list(told.keys) == [frames] and told.reason == "it ended without a video"
    assert runtime.chain.state(published).status == "published"  # a published one keeps its media
    assert runtime.media.keys(f"work/{published}")
    assert restarted.sweep().expired == 0
    assert Sweeper(runtime.store, runtime.quota, runtime.media, clock=runtime.clock).sweep().expired == 0


def test_a_stuck_generations_media_are_erased_after_the_retention_too(runtime, alice, clock):
    assert runtime.sweeper.keep_unpublished == timedelta(days=runtime.settings.unpublished_media_days) == timedelta(days=30)
    sweeper = Sweeper(runtime.store, runtime.quota, runtime.media, clock=runtime.clock,
                      keep_unpublished=timedelta(days=2))
    gid = runtime.generations.request(alice, BALL)
    while runtime.chain.state(gid).sampling is None:
        runtime.chain.advance(gid)
    clock.advance(minutes=31)
    assert sweeper.sweep().stuck == 1 and runtime.media.keys(f"work/{gid}")
    clock.advance(days=2)
    assert sweeper.sweep().expired == 1 and runtime.media.keys(f"work/{gid}") == []


def test_a_deleted_account_erases_its_unpublished_media_once(runtime, alice, clock):
    gid = _failed_after_sampling(runtime, alice)
    runtime.sweeper.sweep()
    runtime.accounts.delete_account(alice)
    assert runtime.sweeper.sweep().erased == 1 and runtime.media.keys(f"work/{gid}") == []
    clock.advance(days=31)
    assert runtime.sweeper.sweep().expired == 0
    assert sum(isinstance(r.event, MediaErased) for r in runtime.store.read_stream(generation_stream(gid))) == 1
