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


def test_a_cut_splits_a_prompt_into_shots_of_one_world(rewriter):
    plan = rewriter.rewrite("a guy kicks a soccer ball, cut to it splashes into the lake").plan
    assert len(plan.shots) == 2
    assert [a.verb for a in plan.actions] == ["kick", "splash"]
    assert plan.setting == "pool" and plan.shots[0].end_s == plan.shots[1].start_s
    assert len(rewriter.rewrite("a ball bounces", shots=3).plan.shots) == 3


@pytest.mark.parametrize(("prompt", "shots"), [
    ("a guy kicks a soccer ball then it splashes into the lake", 1),  # as the world's captions say it
    ("a red basketball drops to the floor, then a green tennis ball is dropped and bounces in a gym", 1),
    ("a ball bounces, after that it rolls in a gym", 1),
    ("a ball bounces next to a crate in a gym", 1),  # "next" is no cut
    ("a ball bounces in a gym, then cut to a crate slides", 2),
    ("a ball bounces in a gym. The crate slides", 2),
    ("a ball bounces in a gym; a crate slides", 2),
    ("a ball bounces in a gym, next shot a crate slides", 2),
    ("a ball bounces in a gym, later a crate slides", 2),
])
def test_a_bare_then_goes_on_in_the_same_shot_and_a_cut_cuts(rewriter, prompt, shots):
    assert len(rewriter.rewrite(prompt).plan.shots) == shots


@pytest.mark.parametrize(("prompt", "shots"), [
    ("a red ball bounces in a gym, 2 shots", 2), ("a red ball bounces in a gym in three shots", 3),
    ("Cinematic clip: a red basketball bounces in a gym by day, 4 shots.", 4),
    ("a red ball bounces in a gym, 9 shots", 4),  # at most MAX_SHOTS
])
def test_a_count_of_shots_is_how_many_shots_not_a_shot_at_the_hoop(rewriter, prompt, shots):
    rewrite = rewriter.rewrite(prompt)
    assert len(rewrite.plan.shots) == shots
    assert [a.verb for a in rewrite.plan.actions] == ["bounce"] and rewrite.plan.setting == "gym"


@pytest.mark.parametrize(("prompt", "verbs", "setting"), [
    ("a red ball bounces in a gym, shot in slow motion", ["bounce"], "gym"),
    ("a red ball bounces in a gym, close-up shot, slow pan", ["bounce"], "gym"),
    ("a wide shot of the pool", None, "pool"),
])
def test_camera_words_are_not_a_shot_at_the_hoop(rewriter, prompt, verbs, setting):
    plan = rewriter.rewrite(prompt).plan
    assert "shoot" not in [a.verb for a in plan.actions] and plan.setting == setting
    assert verbs is None or [a.verb for a in plan.actions] == verbs


@pytest.mark.parametrize("prompt", [
    "a player takes a shot", "a player makes the shot", "a girl shoots at the hoop",
    "a player takes two shots at the hoop", "an orange basketball is shot at the hoop and scores",
])
def test_a_shot_at_the_hoop_is_still_shooting(rewriter, prompt):
    rewrite = rewriter.rewrite(prompt)
    assert [a.verb for a in rewrite.plan.actions] == ["shoot"] and len(rewrite.plan.shots) == 1


def test_a_box_that_tumbles_in_a_park_falls_there(rewriter):
    rewrite = rewriter.rewrite("an orange box tumbles down in a green park")
    assert _kinds(rewrite.plan) == [("crate", "orange")]
    assert ([a.verb for a in rewrite.plan.actions], rewrite.plan.setting) == (["fall"], "park")


def test_an_action_guessed_from_a_word_that_cannot_happen_in_the_place_named_is_left_out(rewriter):
    rewrite = rewriter.rewrite("a crate wobbles about in a park")  # no splash in a park
    assert rewrite.plan.setting == "park" and "splash" not in [a.verb for a in rewrite.plan.actions]


def test_a_place_the_action_cannot_happen_in_is_reported_not_changed_silently(rewriter):
    rewrite = rewriter.rewrite("a beach ball splashes in a park")
    assert rewrite.plan.setting in ("pool", "beach") and "park" in rewrite.unmapped
    assert rewriter.rewrite("a wide shot of the gym at night").plan.setting == "gym"  # filled in to fit


@pytest.mark.parametrize("prompt", [
    "a red ball bounces in a gym. The ball rolls", "a red ball bounces in a gym. Cut to the red ball rolling",
    "a red ball bounces, then a red ball rolls in a gym",
])
def test_the_ball_in_a_later_shot_is_the_ball_already_there(rewriter, prompt):
    plan = rewriter.rewrite(prompt).plan
    assert _kinds(plan) == [(plan.objects[0].kind, "red")] and [a.verb for a in plan.actions] == ["bounce", "roll"]
    two = rewriter.rewrite("a red ball bounces in a gym. The blue ball rolls").plan  # another one
    assert [o.colour for o in two.objects] == ["red", "blue"]


def test_quoted_words_become_a_figures_dialogue_line(rewriter):
    plan = rewriter.rewrite('a girl says "watch this!" and shoots').plan
    [line] = plan.dialogue
    speaker = next(o for o in plan.objects if o.id == line.speaker)
    assert (line.text, speaker.kind) == ("watch this!", "figure")
    assert 0 <= line.start_s < line.end_s <= plan.shots[0].end_s


def test_a_line_is_recorded_in_the_shot_whose_words_hold_it_as_it_is_heard(rewriter):
    prompt = 'a ball bounces in a gym, cut to a person in a gym says "goodbye now"'
    plan = rewriter.rewrite(prompt).plan
    [line] = plan.dialogue
    assert len(plan.shots) == 2 and plan.shots[1].start_s < line.start_s < line.end_s <= plan.shots[1].end_s
    assert line_shots(prompt) == [1]  # what film.dialogue_stems speaks it in
    assert film_line_shots is line_shots  # one reading, not two


@pytest.mark.parametrize(("prompt", "shots", "where"), [
    ('a woman says "hello" then cut to a beach ball', 2, [0]),
    ('a ball bounces in a gym, cut to a man says "hi" then "bye"', 2, [1, 1]),
    ('a ball bounces in a gym, then a person says "hi"', 1, [0]),
])
def test_a_line_stays_in_its_shot_when_then_no_longer_cuts(rewriter, prompt, shots, where):
    plan = rewriter.rewrite(prompt).plan
    assert len(plan.shots) == shots and line_shots(prompt) == where
    assert [int(line.start_s // 2.0) for line in plan.dialogue] == where


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
