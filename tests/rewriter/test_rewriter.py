"""The prompt rewriter turns free text into a ScenePlan the world can make."""

from __future__ import annotations

import pytest

from generation.film import line_shots as film_line_shots
from generation.metrics.adherence import plan_from_prompt
from generation.rewriter import NothingToMake, PromptError, PromptRewriter, canonical_style
from generation.rewriter.parse import line_shots
from recsys.embeddings import MiniLMEmbedder


@pytest.fixture(scope="module")
def rewriter() -> PromptRewriter:
    return PromptRewriter(MiniLMEmbedder())


def _kinds(plan) -> list[tuple[str, str]]:
    return [(o.kind, o.colour) for o in plan.objects]


def test_a_crimson_sphere_becomes_a_red_ball_floating_in_water(rewriter):
    plan = rewriter.rewrite("a crimson sphere floating in the pool").plan
    assert _kinds(plan) == [("beach_ball", "red")]
    assert (plan.setting, [a.verb for a in plan.actions]) == ("pool", ["float"])


def test_a_missed_shot_rebounds_off_the_backboard_on_a_court(rewriter):
    plan = rewriter.rewrite("a red basketball misses and rebounds off the backboard", style="anime").plan
    assert _kinds(plan) == [("basketball", "red")]
    assert [(a.verb, a.outcome) for a in plan.actions] == [("shoot", "rebound_backboard")]
    assert plan.setting in ("court", "gym") and plan.style == "anime"


def test_phrases_no_synonym_covers_are_mapped_by_embeddings(rewriter):
    rewrite = rewriter.rewrite("a sandy coastline with a bouncy orb")
    learned = {(m.phrase, m.value) for m in rewrite.mappings if m.how == "embedding"}
    assert ("coastline", "beach") in learned
    assert rewrite.plan.setting == "beach"


def test_a_vague_prompt_is_expanded_into_a_concrete_plan_the_same_way_for_a_seed(rewriter):
    first = rewriter.rewrite("surprise me", seed=7)
    again = rewriter.rewrite("surprise me", seed=7)
    assert first.expanded and first.plan == again.plan
    assert first.plan.objects and first.plan.actions


def test_a_prompt_nothing_of_which_exists_is_refused_with_what_is_possible(rewriter):
    with pytest.raises(NothingToMake) as info:
        rewriter.rewrite("a spaceship landing on mars")
    assert "spaceship" in info.value.unknown
    assert any("basketball" in p for p in info.value.possible)


@pytest.mark.parametrize(("prompt", "options", "message"), [
    ("   ", {}, "empty"),
    ("x" * 1011, {}, "1011 characters long; at most 1010"),
    ("!!! ???", {}, "no words"),
    ("мяч прыгает в спортзале", {}, "English only"),
    ("篮球在体育馆里弹跳", {}, "English only"),
    ("a ball", {"style": "watercolour"}, "unknown style 'watercolour'"),
    ("a ball", {"shots": 9}, "between 1 and 4"),
])
def test_unusable_input_gets_a_clear_error(rewriter, prompt, options, message):
    with pytest.raises(PromptError, match=message):
        rewriter.rewrite(prompt, **options)


def test_words_of_other_scripts_beside_english_ones_are_left_out(rewriter):
    plan = rewriter.rewrite("a red ball bounces в спортзале").plan
    assert plan.objects[0].colour == "red"
    assert rewriter.rewrite('"привет"').plan.dialogue[0].text == "привет"  # a line is spoken as written


def test_then_splits_a_prompt_into_shots_of_one_world(rewriter):
    plan = rewriter.rewrite("a guy kicks a soccer ball then it splashes into the lake").plan
    assert len(plan.shots) == 2
    assert [a.verb for a in plan.actions] == ["kick", "splash"]
    assert plan.setting == "pool" and plan.shots[0].end_s == plan.shots[1].start_s
    assert len(rewriter.rewrite("a ball bounces", shots=3).plan.shots) == 3


def test_quoted_words_become_a_figures_dialogue_line(rewriter):
    plan = rewriter.rewrite('a girl says "watch this!" and shoots').plan
    [line] = plan.dialogue
    speaker = next(o for o in plan.objects if o.id == line.speaker)
    assert (line.text, speaker.kind) == ("watch this!", "figure")
    assert 0 <= line.start_s < line.end_s <= plan.shots[0].end_s


def test_a_line_is_recorded_in_the_shot_whose_words_hold_it_as_it_is_heard(rewriter):
    prompt = 'a ball bounces in a gym, then a person in a gym says "goodbye now"'
    plan = rewriter.rewrite(prompt).plan
    [line] = plan.dialogue
    assert len(plan.shots) == 2 and plan.shots[1].start_s < line.start_s < line.end_s <= plan.shots[1].end_s
    assert line_shots(prompt) == [1]  # what film.dialogue_stems speaks it in
    assert film_line_shots is line_shots  # one reading, not two


def test_lines_of_a_one_shot_prompt_get_a_shot_each_when_more_are_asked_and_never_overlap(rewriter):
    plan = rewriter.rewrite('a person in a gym says "one" and "two" and "three"', shots=2).plan
    assert [round(line.start_s // 2.0) for line in plan.dialogue] == [0, 1, 1]  # the last shot takes the rest
    assert all(a.end_s < b.start_s for a, b in zip(plan.dialogue, plan.dialogue[1:]))


def test_a_style_is_read_in_any_case(rewriter):
    assert rewriter.rewrite("a ball bounces", style="  Anime ").plan.style == "anime"
    assert canonical_style("CINEMATIC") == "cinematic" and canonical_style(None) is None
    assert canonical_style("Baroque") == "Baroque"  # refused as it was written
    with pytest.raises(PromptError, match="unknown style 'Baroque'"):
        rewriter.rewrite("a ball bounces", style="Baroque")


def test_the_caption_says_what_the_plan_holds_as_the_judges_read_it(rewriter):
    rewrite = rewriter.rewrite("navy crate slides down the street at night", seed=3)
    read_back = plan_from_prompt(rewrite.caption)
    assert {o.kind for o in read_back.objects} == {o.kind for o in rewrite.plan.objects}
    assert read_back.setting == rewrite.plan.setting == "street"
    assert read_back.time_of_day == "night"
    assert _kinds(rewrite.plan) == [("crate", "blue")]
