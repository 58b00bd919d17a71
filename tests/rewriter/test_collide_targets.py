"""A count asks for that many things, a collision always has something to collide with, and a
caption never leaves a verb without its object ("a brown crate knocks into.")."""

from __future__ import annotations

import re

import pytest

from generation.rewriter import PromptRewriter
from generation.rewriter.parse import read
from generation.world.plan import Action, ObjectSpec, ScenePlan, describe
from recsys.embeddings import MiniLMEmbedder

DANGLING = re.compile(r"\b(?:collides with|crashes into|knocks into|tosses|launches|boots|punts|shoves|nudges)"
                      r"(?! an? )")
"""A verb phrase that cannot end a clause, without its object (plan._noun names every thing "a ..."
or "an ...")."""


@pytest.fixture(scope="module")
def rewriter() -> PromptRewriter:
    return PromptRewriter(MiniLMEmbedder())


def _kinds(plan) -> list[str]:
    return [o.kind for o in plan.objects]


@pytest.mark.parametrize(("prompt", "kind", "count"), [
    ("two crates collide in the street", "crate", 2),
    ("2 balls collide", "ball", 2),
    ("a pair of basketballs bounce", "basketball", 2),
    ("three tennis balls bounce", "tennis_ball", 3),
    ("two red balls roll", "ball", 2),
    ("both crates slide", "crate", 2),
    ("boxes crashing into each other", "crate", 2),
    ("two people wave", "figure", 2),
    ("a crate slides", "crate", 1),
    ("a tennis ball drops", "tennis_ball", 1),
])
def test_a_number_or_a_plural_before_a_thing_is_how_many_are_asked_for(prompt, kind, count):
    things = [m for m in read(prompt).mappings if m.field == "kind"]
    assert [(m.value, m.count) for m in things] == [(kind, count)]


def test_a_count_of_shots_is_not_a_count_of_things():
    assert [m.count for m in read("a crate slides in 2 shots").mappings if m.field == "kind"] == [1]


def test_two_crates_collide_as_two_crates_one_crashing_into_the_other(rewriter):
    out = rewriter.rewrite("two crates collide in the street", seed=3)
    first, second = out.plan.objects
    assert (first.kind, second.kind) == ("crate", "crate") and first.colour != second.colour
    assert out.plan.actions == (Action("collide", first.id, target=second.id),)
    assert out.plan.setting == "street"
    assert not DANGLING.search(out.caption) and out.caption.count(" box") + out.caption.count(" crate") == 2


@pytest.mark.parametrize(("prompt", "kinds"), [
    ("three tennis balls bounce", ["tennis_ball", "tennis_ball"]),  # the world holds two of a kind at most
    ("two basketballs bounce in a gym", ["basketball", "basketball"]),
    ("a bowling ball crashes into two crates", ["bowling_ball", "crate", "crate"]),
    ("a red ball and a blue ball collide", ["basketball", "basketball"]),
    ("two crates slide, then the crate falls", ["crate", "crate"]),  # "the crate": one already there
])
def test_a_plan_holds_as_many_things_as_are_asked_for_up_to_what_the_world_shows(rewriter, prompt, kinds):
    assert _kinds(rewriter.rewrite(prompt).plan) == kinds


def test_two_things_of_a_colour_asked_for_both_wear_it(rewriter):
    plan = rewriter.rewrite("two red balls collide").plan
    assert [o.colour for o in plan.objects] == ["red", "red"]


@pytest.mark.parametrize(("prompt", "subject", "target"), [
    ("a crate collides", "crate", "crate"),  # nothing else named: one more of its kind
    ("a ball bumps", "basketball", "basketball"),
    ("a crate crashes into a ball", "crate", "basketball"),
    ("a ball hits a crate", "basketball", "crate"),
    ("a ball crashes into a person", "basketball", "figure"),
])
def test_a_collision_has_another_thing_of_the_plan_as_its_target(rewriter, prompt, subject, target):
    plan = rewriter.rewrite(prompt).plan
    kinds = {o.id: o.kind for o in plan.objects}
    (collide,) = [a for a in plan.actions if a.verb == "collide"]
    assert collide.target is not None and collide.target != collide.subject
    assert (kinds[collide.subject], kinds[collide.target]) == (subject, target)


@pytest.mark.parametrize("prompt", [
    "two crates collide in the street", "two crates collide on the beach at night", "two balls collide",
    "boxes crashing into each other", "a crate collides", "a ball bumps", "a crate crashes into a ball",
    "a player kicks a ball", "someone throws a tennis ball", "a box gets pushed across the street",
])
@pytest.mark.parametrize("seed", range(4))
def test_no_rewritten_caption_leaves_a_verb_without_its_object(rewriter, prompt, seed):
    assert not DANGLING.search(rewriter.rewrite(prompt, seed=seed).caption)


@pytest.mark.parametrize("action", [
    Action("collide", "obj0"), Action("collide", "obj0", target="obj0"), Action("collide", "obj0", target="gone"),
    Action("throw", "obj0"), Action("kick", "obj0"), Action("push", "obj0"),
])
def test_a_caption_of_an_action_with_no_other_thing_to_act_on_names_none(action):
    plan = ScenePlan((ObjectSpec("obj0", "crate", "brown"),), (action,), "street")
    for seed in range(12):
        text = describe(plan, seed)
        assert not DANGLING.search(text), text
        assert "gone" not in text and "obj0" not in text
        assert re.search(r"\b(?:collides|crashes|throws|kicks|pushes)\b", text), text  # the action is still said
