"""A character in a generation, end to end on the real directory: the chain casts its owner's
look as the plan's figure and speaks the lines in their voice, and asks again before every
step, so a revocation or a removal after the request stops the generation unpublished."""

from __future__ import annotations

import msgspec
import pytest

from events.generation import GenerationFailed
from generation.jobs import GenerationOrder, MediaNotFound, generation_stream
from generation.world.plan import ScenePlan
from tests.capture_fixtures import make_capture
from tests.fixtures_db import fresh_postgres_database, join
from tests.jobs.fixtures import chain_runtime

SCENE = GenerationOrder(prompt='a person kicks a ball on the beach and shouts "Over here!"',
                        characters=("alice",))


@pytest.fixture(scope="module")
def purple_capture() -> bytes:
    return make_capture(rgb=(128, 48, 190), size=96, seconds=3.0, pitch=80, words_per_minute=140)


@pytest.fixture
def alice_everyone(runtime, alice, purple_capture) -> str:
    runtime.characters.capture(alice, purple_capture, audience="everyone")
    return alice


def _events(runtime, gid: str) -> list:
    return [r.event for r in runtime.store.read_stream(generation_stream(gid))]


def test_the_chain_casts_the_character_and_speaks_in_its_voice(runtime, alice_everyone, monkeypatch):
    import generation.film as film

    spoken, real_speak = [], film.speak
    monkeypatch.setattr(film, "speak", lambda *args: spoken.append(args[3:]) or real_speak(*args))
    bob = join(runtime, "bob")
    voice = runtime.characters.check_use(bob, ("alice",))[0]
    assert voice.colour == "purple" and voice.voice_pitch > 60  # a high voice was captured
    gid = runtime.generations.request(bob, SCENE)
    assert runtime.chain.run(gid).status == "published"
    rewritten = _events(runtime, gid)[1]
    plan = msgspec.convert(rewritten.plan, ScenePlan)
    assert [o.colour for o in plan.objects if o.kind == "figure"][0] == "purple"
    assert plan.characters == ("alice",) and "purple" in rewritten.caption
    assert spoken == [(voice.voice_pitch, voice.voice_speed)]  # her line, in her voice


@pytest.mark.parametrize("change", ["revoked", "removed"])
def test_a_character_taken_back_after_the_request_stops_the_generation_before_its_next_step(
        runtime, alice_everyone, change):
    bob = join(runtime, "bob")
    gid = runtime.generations.request(bob, SCENE)
    assert runtime.chain.advance(gid) == "rewrite"
    if change == "revoked":
        runtime.characters.set_audience(alice_everyone, "only_me")
    else:
        runtime.characters.remove(alice_everyone)
    state = runtime.chain.run(gid)
    assert state.status == "failed"
    failed = _events(runtime, gid)[-1]
    assert isinstance(failed, GenerationFailed) and failed.step == "prompt_safety" and failed.likeness_withdrawn
    assert "no character 'alice' you may use" in failed.reason
    assert runtime.quota.quota(bob).used_today == 0  # a generation that made nothing costs nothing
    # the owner herself still may, where it was only revoked
    if change == "revoked":
        assert runtime.characters.check_use(alice_everyone, ("alice",))[0].colour == "purple"


def test_the_person_a_video_shows_may_watch_it_and_take_it_down(runtime, alice_everyone):
    _watch_and_take_down(runtime, alice_everyone)


@pytest.mark.postgres
def test_the_same_on_postgresql(tmp_path, clock, generator, purple_capture):
    with fresh_postgres_database() as url:
        runtime = chain_runtime(tmp_path, clock, generator, url=url)
        try:
            alice = join(runtime, "alice")
            runtime.characters.capture(alice, purple_capture, audience="everyone")
            _watch_and_take_down(runtime, alice)
        finally:
            runtime.close()


def _watch_and_take_down(runtime, alice: str) -> None:  # noqa: ANN001
    from events import Projector
    from generation.jobs import GenerationsProjection, SourceGone, VideoNotFound

    bob, carol = join(runtime, "bob"), join(runtime, "carol")
    gid = runtime.generations.request(bob, SCENE)
    assert runtime.chain.run(gid).status == "published"
    plain = runtime.generations.request(bob, GenerationOrder(prompt="a red ball bounces in a gym"))
    assert runtime.chain.run(plain).status == "published"
    runtime.catch_up()
    [shown] = runtime.generations.cast_videos(alice)  # hers, not bob's other video
    assert shown.owner_id == bob and shown.generation_id == gid
    Projector(runtime.store, GenerationsProjection()).rebuild()
    assert runtime.generations.cast_videos(alice) == [shown]
    assert runtime.generations.video(alice, shown.video_id).media_key == shown.media_key
    assert runtime.generations.cast_videos(carol) == []
    with pytest.raises(VideoNotFound):
        runtime.generations.video(carol, shown.video_id)
    with pytest.raises(VideoNotFound):
        runtime.generations.take_down(carol, shown.video_id)
    runtime.generations.take_down(alice, shown.video_id)
    runtime.catch_up()
    assert runtime.generations.cast_videos(alice) == []
    with pytest.raises(SourceGone):  # its maker sees it as deleted
        runtime.generations.video(bob, shown.video_id)
    deleted = [e for e in _events(runtime, gid) if type(e).__name__ in ("VideoDeleted", "MediaErased")]
    assert [type(e).__name__ for e in deleted] == ["VideoDeleted", "MediaErased"] and deleted[0].by == alice
    for key in deleted[1].keys:
        with pytest.raises(MediaNotFound):
            runtime.media.size(key)
    assert [v.generation_id for v in runtime.generations.library(bob)] == [plain]


def test_a_deleted_account_is_no_longer_shown_in_the_cast_of_videos(runtime, alice_everyone):
    bob = join(runtime, "bob")
    gid = runtime.generations.request(bob, SCENE)
    assert runtime.chain.run(gid).status == "published"
    runtime.catch_up()
    assert len(runtime.generations.cast_videos(alice_everyone)) == 1
    runtime.accounts.delete_account(alice_everyone)
    runtime.catch_up()
    assert runtime.generations.cast_videos(alice_everyone) == []
    assert len(runtime.generations.library(bob)) == 1  # bob's video stays his


def test_a_teens_likeness_is_held_to_the_teen_rules_whoever_asks(runtime, purple_capture):
    kiddo, grownup = join(runtime, "kiddo", birth_year=2012), join(runtime, "grownup")
    runtime.follows.follow(kiddo, "grownup")
    runtime.follows.follow(grownup, "kiddo")
    runtime.catch_up()
    runtime.characters.capture(kiddo, purple_capture, audience="mutuals")
    prompt = "a person smoking a cigarette and drinking beer on the beach"
    plain = runtime.generations.request(grownup, GenerationOrder(prompt=prompt))
    with_teen = runtime.generations.request(grownup, GenerationOrder(prompt=prompt, characters=("kiddo",)))
    assert not _events(runtime, plain)[0].teen and _events(runtime, with_teen)[0].teen
    assert runtime.chain.run(with_teen).status == "blocked"  # as it is when the teen asks
    assert runtime.chain.run(plain).status == "published"  # an adult's video of no teen: adult rules


def test_a_remix_shows_the_characters_of_the_video_it_remixes_and_needs_their_leave(runtime, alice_everyone):
    from generation.jobs import CharacterUnavailable

    bob = join(runtime, "bob")
    gid = runtime.generations.request(bob, SCENE)
    assert runtime.chain.run(gid).status == "published"
    runtime.catch_up()
    video_id = runtime.generations.generation(bob, gid).video_id
    remix = runtime.generations.request(bob, GenerationOrder(prompt="make it night", remix_of=video_id))
    assert _events(runtime, remix)[0].cast == (alice_everyone,)  # her likeness, from the frames remixed
    runtime.characters.set_audience(alice_everyone, "only_me")
    assert runtime.chain.run(remix).status == "failed"  # asked again before its first step
    assert "no character 'alice' you may use" in _events(runtime, remix)[-1].reason
    with pytest.raises(CharacterUnavailable):  # and a new remix is refused at once
        runtime.generations.request(bob, GenerationOrder(prompt="make it night", remix_of=video_id))


def test_a_character_taken_back_while_a_step_runs_keeps_what_the_step_made_unrecorded(runtime, alice_everyone):
    from events.generation import MediaErased
    from generation.jobs import ChainRunner
    from generation.jobs.state import work_folder
    from generation.jobs.sweeper import LIKENESS_WITHDRAWN

    bob = join(runtime, "bob")
    gid = runtime.generations.request(bob, SCENE)
    real = runtime.chain.steps

    class RevokingWhileSampling:  # alice narrows her audience while the denoising loop runs
        def run(self, state, step, check=None, likeness=()):  # noqa: ANN001, ANN201
            event = real.run(state, step, check, likeness)
            if step == "sample":
                runtime.characters.set_audience(alice_everyone, "only_me")
            return event

    chain = ChainRunner(runtime.store, runtime.quota, RevokingWhileSampling(), runtime.media,
                        characters=runtime.characters)
    assert chain.run(gid).status == "failed"
    failed = _events(runtime, gid)[-1]
    assert isinstance(failed, GenerationFailed) and failed.step == "sample" and failed.likeness_withdrawn
    assert runtime.media.keys(work_folder(gid)) == []  # the frames it sampled went with it
    runtime.sweeper.sweep()  # and what earlier steps made is erased at once, not kept for review
    erased = _events(runtime, gid)[-1]
    assert isinstance(erased, MediaErased) and erased.reason == LIKENESS_WITHDRAWN


def test_the_characters_reach_the_steps_that_cast_and_voice_them_and_no_other(runtime, alice_everyone):
    from generation.jobs import ChainRunner

    bob = join(runtime, "bob")
    gid = runtime.generations.request(bob, SCENE)
    real, given = runtime.chain.steps, {}

    class Recording:
        def run(self, state, step, check=None, likeness=()):  # noqa: ANN001, ANN201
            given[step] = tuple(who.name for who in likeness)
            return real.run(state, step, check, likeness)

    chain = ChainRunner(runtime.store, runtime.quota, Recording(), runtime.media, characters=runtime.characters)
    assert chain.run(gid).status == "published"
    assert given == {"rewrite": ("alice",), "prompt_safety": (), "sample": (), "audio": ("alice",),
                     "output_safety": (), "publish": ()}
