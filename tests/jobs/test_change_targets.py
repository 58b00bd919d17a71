"""A remix or a shot's change acts with distinct things: each thing the change names or points
at ("two crates", "it", "them") is a different thing of the source's plan where one is free, a
new one (apart by colour) where none is, and nothing ever collides with itself."""

from __future__ import annotations

import re

import msgspec
import pytest

from events.generation import GenerationRequested, RemixSource
from generation.jobs.changes import apply_change, read_change
from generation.jobs.components import shared_rewriter
from generation.jobs.rewriting import shot_captions
from generation.jobs.state import GenerationState
from generation.jobs.steps import rewrite_step
from generation.world.plan import Action, ScenePlan

BASES = ("a crate slides", "a red ball and a blue ball bounce", "two crates slide in the street",
         "a crate crashes into a ball", "a man throws a ball", "a man waves in the park",
         "a tennis ball drops", "a beach ball floats in the pool")
CHANGES = ("two crates collide", "make them collide", "a ball crashes into it", "two balls collide",
           "a crate crashes into a ball", "a red ball hits it", "a man kicks it", "they crash into each other",
           "make it bounce", "a crate collides", "someone throws it", "make it anime", "at night",
           "the ball rolls", "make it blue")


@pytest.fixture(scope="module")
def rewriter():
    return shared_rewriter()


def _remix(rewriter, base: str, words: str, seed: int = 1) -> tuple[ScenePlan, ScenePlan]:
    """(the source's plan, the plan of its remix by `words`)."""
    source = rewriter.rewrite(base, seed=seed).plan
    mappings, change = read_change(rewriter, words, style=None, seed=seed)
    return source, apply_change(source, mappings, change)


def _things(plan: ScenePlan) -> list[tuple[str, str]]:
    return [(o.kind, o.colour) for o in plan.objects]


def _collision(plan: ScenePlan) -> tuple[str, str]:
    [collide] = [a for a in plan.actions if a.verb == "collide"]
    assert collide.target is not None
    return collide.subject, collide.target


def test_two_crates_collide_over_one_crate_keeps_it_and_adds_another_of_a_new_colour(rewriter):
    source, plan = _remix(rewriter, "a crate slides", "two crates collide")
    assert _things(source) == [("crate", "brown")]
    (first, second) = plan.objects
    assert (first.kind, second.kind) == ("crate", "crate") and first.colour == "brown" != second.colour
    assert plan.actions == (Action("collide", first.id, target=second.id),)


def test_make_them_collide_over_one_crate_crashes_it_into_a_thing_that_joins(rewriter):
    _, plan = _remix(rewriter, "a crate slides", "make them collide")
    crate, other = plan.objects
    assert (crate.kind, crate.colour) == ("crate", "brown") and other.kind != "figure"
    assert plan.actions == (Action("collide", crate.id, target=other.id),)


def test_a_ball_crashing_into_it_is_a_new_ball_hitting_the_crate(rewriter):
    _, plan = _remix(rewriter, "a crate slides", "a ball crashes into it")
    kinds = {o.id: o.kind for o in plan.objects}
    subject, target = _collision(plan)
    assert (kinds[subject], kinds[target]) == ("basketball", "crate")
    assert sorted(kinds.values()) == ["basketball", "crate"]


@pytest.mark.parametrize("words", ["make them collide", "two balls collide", "a ball crashes into it",
                                   "they crash into each other"])
def test_over_two_things_a_collision_is_between_those_two(rewriter, words):
    source, plan = _remix(rewriter, "a red ball and a blue ball bounce", words)
    assert plan.objects == source.objects  # nothing joins, nothing is replaced
    assert set(_collision(plan)) == {o.id for o in source.objects}


def test_two_crates_collide_over_two_crates_uses_both(rewriter):
    source, plan = _remix(rewriter, "two crates slide in the street", "two crates collide")
    assert [o.id for o in plan.objects] == [o.id for o in source.objects]
    assert set(_collision(plan)) == {o.id for o in source.objects}


def test_a_man_kicking_it_kicks_the_sources_thing_and_joins_the_plan(rewriter):
    _, plan = _remix(rewriter, "a crate slides", "a man kicks it")
    crate, figure = plan.objects
    assert (crate.kind, crate.colour, figure.kind) == ("crate", "brown", "figure")
    assert plan.actions == (Action("kick", figure.id, target=crate.id),)


def test_a_thing_that_joins_wears_a_colour_none_of_its_kind_wears(rewriter):
    _, plan = _remix(rewriter, "two crates slide in the street", "a crate crashes into a ball")
    crates = [o.colour for o in plan.objects if o.kind == "crate"]
    assert len(crates) == len(set(crates))
    _, plan = _remix(rewriter, "a red ball and a blue ball bounce", "a crate collides")
    assert len({(o.kind, o.colour) for o in plan.objects}) == len(plan.objects)


def _check(plan: ScenePlan, label: str) -> None:
    ids = [o.id for o in plan.objects]
    assert len(ids) == len(set(ids)), label
    for action in plan.actions:
        assert action.subject in ids, label
        assert action.target is None or action.target in ids, label
        assert action.target != action.subject, label
    if any(a.verb == "collide" for a in plan.actions):
        assert all(a.target is not None for a in plan.actions if a.verb == "collide"), label


@pytest.mark.parametrize("base", BASES)
def test_no_change_of_any_source_makes_a_thing_act_on_itself(rewriter, base):
    for words in CHANGES:
        for seed in range(3):
            _, plan = _remix(rewriter, base, words, seed)
            _check(plan, f"{base!r} remixed by {words!r}, seed {seed}: {plan.objects} {plan.actions}")


def test_a_remix_step_records_a_collision_of_two_things(rewriter):
    source = rewriter.rewrite("a crate slides", seed=2).plan
    request = GenerationRequested(
        generation_id="g", user_id="u", prompt="a ball crashes into it", style=None, characters=(),
        remix_of="v", shots=1, tier="standard", seed=2, teen=False, reservation="free",
        remix=RemixSource(video_id="v", generation_id="s", plan=msgspec.to_builtins(source), frames_key="k"))
    plan = msgspec.convert(rewrite_step(GenerationState(request=request, version=0), rewriter).plan, ScenePlan)
    _check(plan, "remix step")
    subject, target = _collision(plan)
    assert {o.id: o.kind for o in plan.objects}[target] == "crate"


def test_a_shot_that_crashes_a_ball_into_it_says_so(rewriter):
    plan = rewriter.rewrite("a crate slides in the street. Cut to a ball crashes into it", seed=4).plan
    assert len(plan.shots) == 2
    _, second = shot_captions(plan, rewriter, 4)
    assert re.search(r"\b(?:collides with|crashes into|knocks into) an? [\w ]*(?:crate|box)\b", second), second
