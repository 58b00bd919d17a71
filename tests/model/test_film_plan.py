"""`reelworld generate` plans a prompt as the product's chain does: with the chain's rewriter
(not the judges' keyword reader), so the sound made from the plan (foley by colour, each shot's
ambience) follows the same reading either way."""

from __future__ import annotations

import msgspec
import pytest

from events.generation import GenerationRequested
from generation.film import ClipRequest, RequestError, builtin_rewriter, check_request, make_film, plan_film
from generation.jobs.config import ChainConfig
from generation.jobs.sampling import sampling_request
from generation.jobs.state import GenerationState
from generation.jobs.steps import rewrite_step
from generation.metrics.adherence import plan_from_prompt
from generation.model.backend import ReelworldGenerator

KITCHEN = 'a woman in a kitchen says "hello"'  # the judges' reader sees no one in it
PROMPTS = [KITCHEN, "a kid kicks a ball on the lawn", "a crimson sphere floats in the pool at night",
           'a ball bounces in a gym, then a person in a gym says "goodbye now"',
           'a ball bounces in a gym. Cut to a person in a park says "goodbye now"']


class _Sized:
    """A generator that says its clip length, as the project's own model does (no sampling here)."""

    frames, size, fps = 16, 32, 8.0


def _chain_state(prompt: str, seed: int, style: str | None = None) -> GenerationState:
    request = GenerationRequested(
        generation_id="g", user_id="u", prompt=prompt, style=style, characters=(), remix_of=None,
        shots=1, tier="standard", seed=seed, teen=False, reservation="free")
    state = GenerationState(request=request, version=0)
    state.rewrite = rewrite_step(state, builtin_rewriter())
    return state


def _chain_plan(prompt: str, seed: int, style: str | None = None) -> dict:
    return _chain_state(prompt, seed, style).rewrite.plan


@pytest.mark.parametrize("prompt", PROMPTS)
def test_the_cli_and_the_chain_plan_a_prompt_identically(prompt):
    assert msgspec.to_builtins(check_request(ClipRequest(prompt, seed=7))) == _chain_plan(prompt, 7)


@pytest.mark.parametrize(("prompt", "shots"), [
    ("a red ball bounces in a gym, then it rolls", 1),
    ("an orange box tumbles down in a green park", 1),
    ("a red ball bounces in a gym. Cut to the ball rolls into the pool. The ball floats", 3),
    ("a red ball bounces in a gym, 2 shots", 2),
])
def test_generate_gives_the_model_the_captions_the_chain_gives_it(prompt, shots):
    plan, captions = plan_film(ClipRequest(prompt, seed=5), _Sized())
    chain = sampling_request(_chain_state(prompt, 5), ChainConfig()).captions
    assert captions == list(chain) and len(captions) == len(plan.shots) == shots
    assert prompt not in captions  # the world's words, not the person's


def test_a_prompt_the_judges_read_differently_gets_the_rewriters_plan():
    judged = plan_from_prompt(KITCHEN)
    plan = check_request(ClipRequest(KITCHEN))
    assert not judged.objects and not judged.setting  # what the CLI used to plan from
    assert "figure" in {o.kind for o in plan.objects} and (plan.setting, plan.style) == ("gym", "realistic")
    assert plan.dialogue[0].speaker == next(o.id for o in plan.objects if o.kind == "figure")


def test_styles_are_read_in_any_case_and_unknown_ones_are_refused():
    assert check_request(ClipRequest("a red ball bounces in a gym", style="  Anime ")).style == "anime"
    assert check_request(ClipRequest("a red ball bounces in a gym", style="CINEMATIC")).style == "cinematic"
    with pytest.raises(RequestError, match="unknown style 'Vaporwave'; choose from realistic, cinematic, anime"):
        check_request(ClipRequest("a red ball bounces in a gym", style="Vaporwave"))


def test_plan_film_and_make_film_carry_the_rewriters_plan(tiny_pipeline):
    gen = ReelworldGenerator(tiny_pipeline)
    plan, captions = plan_film(ClipRequest(KITCHEN, style="Anime"), gen)
    assert "figure" in {o.kind for o in plan.objects} and plan.setting == "gym" and plan.style == "anime"
    assert captions == [_chain_state(KITCHEN, 0, "anime").rewrite.caption]
    film = make_film(ClipRequest(KITCHEN, style="Anime", steps=2), gen)
    assert {o.kind for o in film.plan.objects} == {o.kind for o in plan.objects}
    assert (film.plan.setting, film.plan.style) == ("gym", "anime") and film.plan.dialogue[0].text == "hello"
