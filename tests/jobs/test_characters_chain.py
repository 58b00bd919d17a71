"""A character in a generation, end to end on the real directory: the chain casts its owner's
look as the plan's figure and speaks the lines in their voice, and asks again before every
step, so a revocation or a removal after the request stops the generation unpublished."""

from __future__ import annotations

import msgspec
import pytest

from events.generation import GenerationFailed
from generation.jobs import GenerationOrder, generation_stream
from generation.world.plan import ScenePlan
from tests.capture_fixtures import make_capture
from tests.fixtures_db import join

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
    assert isinstance(failed, GenerationFailed) and failed.step == "prompt_safety"
    assert "no character 'alice' you may use" in failed.reason
    assert runtime.quota.quota(bob).used_today == 0  # a generation that made nothing costs nothing
    # the owner herself still may, where it was only revoked
    if change == "revoked":
        assert runtime.characters.check_use(alice_everyone, ("alice",))[0].colour == "purple"
