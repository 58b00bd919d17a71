"""Shots written one by one: each is checked for safety, and its dialogue is spoken in it."""

from __future__ import annotations

import pytest

from events.generation import AudioComposed, SamplingCompleted
from generation.film import ClipRequest, RequestError, check_request, dialogue_stems
from generation.jobs import GenerationOrder, InvalidGeneration, generation_stream
from generation.jobs.chain import expected_failures
from generation.audio.speech import SpeechError
from generation.model.backend import shot_bounds
from tests.fixtures_db import join
from tests.jobs.fixtures import SmoothGenerator, chain_runtime


def _events(runtime, gid: str) -> list:
    return [r.event for r in runtime.store.read_stream(generation_stream(gid))]


def test_a_harmful_shot_prompt_is_blocked_though_the_prompt_is_empty(runtime):
    teen = join(runtime, "kid", birth_year=2012)
    order = GenerationOrder(prompt="", shots=2, shot_prompts=(
        "a red ball bounces in a gym", "a guy smoking a cigarette in the rain"))
    gid = runtime.generations.request(teen, order)
    assert runtime.chain.run(gid).status == "blocked"
    assert type(_events(runtime, gid)[-1]).__name__ == "PromptBlocked"


def test_each_shot_starts_where_the_sampler_joined_it():
    assert shot_bounds(1, 16) == (0, 16)
    assert shot_bounds(3, 16, keep=4) == (0, 16, 28, 40)
    assert shot_bounds(2, 6, keep=4) == (0, 6, 8)
    assert shot_bounds(2, 4, keep=4) == (0, 4, 5)  # shots shorter than keep share all but one


def test_a_shot_prompts_dialogue_is_spoken_in_that_shot(tmp_path, clock):
    runtime = chain_runtime(tmp_path, clock, SmoothGenerator())  # never flashes: publishes
    try:
        alice = join(runtime, "alice")
        order = GenerationOrder(prompt="", shots=2, shot_prompts=(
            "a red ball bounces in a gym", 'a man says "nice shot"'))
        gid = runtime.generations.request(alice, order)
        assert runtime.chain.run(gid).status == "published"
        events = _events(runtime, gid)
    finally:
        runtime.close()
    [sampled] = [e for e in events if isinstance(e, SamplingCompleted)]
    [audio] = [e for e in events if isinstance(e, AudioComposed)]
    assert sampled.shot_starts == (0, 6) and sampled.frame_count == 8
    assert audio.dialogue_lines == 1
    # placed at the second shot's start, 6 frames in at 8 fps, not at the clip's start
    _, [placed] = dialogue_stems(["nice shot"], list(sampled.shot_starts), 8.0, 16000, line_shots=[1])
    assert placed.start_s == pytest.approx(6 / 8 + 0.15)
    _, [first] = dialogue_stems(["nice shot"], [0, 6], 8.0, 16000)
    assert first.start_s == pytest.approx(0.15)


def test_a_dialogue_line_too_long_to_speak_is_refused_up_front(runtime, alice):
    long_line = 'a man in a gym says "' + "go " * 150 + '"'
    with pytest.raises(InvalidGeneration, match="dialogue line is 449 characters"):
        runtime.generations.request(alice, GenerationOrder(prompt=long_line))
    with pytest.raises(InvalidGeneration, match="dialogue line"):
        runtime.generations.request(alice, GenerationOrder(
            prompt="", shots=2, shot_prompts=("a ball bounces in a gym", long_line)))
    with pytest.raises(RequestError, match="dialogue line"):
        check_request(ClipRequest(prompt=long_line))
    assert runtime.quota.quota(alice).used_today == 0
    assert SpeechError in expected_failures()  # a line eSpeak refuses ends the generation


def test_dialogue_that_could_not_be_heard_in_the_clip_is_refused_before_anything_is_recorded(
        runtime, alice, monkeypatch):
    from generation.jobs.models import ModelInfo

    service = runtime.generations
    name = service._config.default_model
    # the catalog knows the clip: 16 frames at 8 fps, 2 s a shot (12 new frames each later shot)
    monkeypatch.setattr(service._models, "installed",
                        lambda: (ModelInfo(name=name, size_bytes=1, frames=16),))
    speech = '"I think this is going to be the best shot of the whole season, watch me closely now"'
    with pytest.raises(InvalidGeneration, match=r"need \d+\.\d\d s to be spoken but the clip is 2\.00 s long "
                                                r"\(1 shot\).*ask for more shots"):
        service.request(alice, GenerationOrder(prompt=f"a man in a gym says {speech}"))
    assert runtime.quota.quota(alice).used_today == 0
    assert runtime.store.read_all() == [r for r in runtime.store.read_all() if r.type != "GenerationRequested"]
    # short lines, one per shot, are heard: accepted
    gid = service.request(alice, GenerationOrder(prompt='a man in a gym says "go" then "now" then "yes"', shots=3))
    assert runtime.store.read_stream(generation_stream(gid))
    # the prompt's own shots count, as the chain makes them: two lines, two shots, though shots=1
    two = ('a man in a gym says "watch me make this shot now". Cut to the ball goes through the hoop '
           'and he says "told you so"')
    assert service.request(alice, GenerationOrder(prompt=two))
    # asked shot by shot, the clip has one shot per shot prompt: the prompt's words are no shot of
    # their own, so a line too long for the last shot is refused (a third shot would have held it)
    late = 'a man says "I think this is going to be the best shot of the whole season"'
    with pytest.raises(InvalidGeneration, match=r"the clip is 3\.50 s long \(2 shots\)"):
        service.request(alice, GenerationOrder(prompt="a gym at night", shots=2,
                                               shot_prompts=("a red ball bounces", late)))


def test_a_speech_engine_that_cannot_run_is_the_servers_fault_not_the_requests(runtime, alice, monkeypatch):
    import generation.film as film
    from generation.audio.speech import SpeechUnavailable
    from generation.jobs.errors import ModelUnavailable
    from generation.jobs.models import ModelInfo

    service = runtime.generations
    monkeypatch.setattr(service._models, "installed", lambda: (
        ModelInfo(name=service._config.default_model, size_bytes=1, frames=16),))

    def broken(*args, **kwargs):
        raise SpeechUnavailable("eSpeak NG failed to initialise")

    monkeypatch.setattr(film, "speak", broken)
    with pytest.raises(ModelUnavailable, match="speech cannot be made right now"):
        service.request(alice, GenerationOrder(prompt='a man in a gym says "go"'))
    assert runtime.quota.quota(alice).used_today == 0


def test_the_recorded_plan_speaks_a_shot_prompts_line_in_that_shot():
    from events.generation import GenerationRequested
    from generation.film import builtin_rewriter
    from generation.jobs.state import GenerationState
    from generation.jobs.steps import rewrite_step
    from generation.rewriter.plan_builder import SHOT_SECONDS

    request = GenerationRequested(
        generation_id="g", user_id="u", prompt="a gym at night", style=None, characters=(), remix_of=None,
        shots=2, tier="standard", seed=3, teen=False, reservation="free",
        shot_prompts=("a red ball bounces", 'a man says "nice shot"'))
    plan = rewrite_step(GenerationState(request=request, version=0), builtin_rewriter()).plan
    # the prompt is a part of the words read, but shot 2 is the second shot prompt: its line is there
    [line] = plan["dialogue"]
    assert line["text"] == "nice shot" and SHOT_SECONDS <= line["start_s"] < 2 * SHOT_SECONDS
    assert len(plan["shots"]) == 2


def test_the_caption_and_the_generation_count_the_shots_that_are_made(runtime, alice):
    three = runtime.generations.request(alice, GenerationOrder(prompt="a gym at night", shots=3, shot_prompts=(
        "a red ball bounces", "the ball rolls", "the ball stops")))
    then = runtime.generations.request(alice, GenerationOrder(
        prompt="a red basketball bounces on the floor. Cut to it rolls into the water"))
    for gid in (three, then):
        runtime.chain.run(gid)
    runtime.catch_up()
    caption = runtime.generations.generation(alice, three).caption
    assert "3 shots" in caption and "4 shots" not in caption  # the prompt is no shot of its own
    view = runtime.generations.generation(alice, then)  # asked for 1; its cut makes 2
    assert view.shots == 2 and "2 shots" in view.caption
