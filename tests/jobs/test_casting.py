"""Characters in the chain's steps: the rewrite casts them as the plan's figures (so the
captions the model reads name their looks), and the audio speaks their lines in their voices."""

from __future__ import annotations

import numpy as np
import pytest

from generation.audio.speech import speak
from generation.film import dialogue_stems
from generation.jobs.characters import Likeness
from generation.jobs.components import shared_rewriter
from generation.jobs.rewriting import cast
from generation.model.conditioning import appearance_code, prompt_appearance
from generation.world.plan import ObjectSpec, describe


def likeness(name: str, colour: str, pitch: int = 50, speed: int = 170) -> Likeness:
    return Likeness(character_id=f"char-{name}", name=name, owner_id=f"user-{name}", colour=colour,
                    voice_pitch=pitch, voice_speed=speed)


@pytest.fixture(scope="module")
def rewriter():
    return shared_rewriter()


def test_the_plans_figures_take_the_characters_looks_in_order_and_the_caption_names_them(rewriter):
    plan = rewriter.rewrite("a person kicks a ball to a friend on the beach", characters=("ann", "bo"), seed=3).plan
    assert [o.colour for o in plan.objects if o.kind == "figure"] == ["blue", "blue"]
    cast_plan = cast(plan, (likeness("ann", "purple"), likeness("bo", "yellow")))
    figures = [o for o in cast_plan.objects if o.kind == "figure"]
    assert [o.colour for o in figures] == ["purple", "yellow"]
    assert [o.id for o in cast_plan.objects] == [o.id for o in plan.objects]  # the actions' subjects stay
    assert cast_plan.actions == plan.actions and cast_plan.characters == ("ann", "bo")
    caption = describe(cast_plan, 3)
    assert "purple" in caption and "yellow" in caption
    # the first figure is the one the model's appearance slot draws
    assert prompt_appearance(caption)[:4] == pytest.approx(appearance_code(ObjectSpec("c", "figure", "purple"))[:4])


def test_a_character_beyond_the_plans_figures_joins_as_a_figure_of_its_own(rewriter):
    plan = rewriter.rewrite("a red ball bounces on the court", characters=("ann",), seed=3).plan
    assert sum(o.kind == "figure" for o in plan.objects) == 1
    cast_plan = cast(plan, (likeness("ann", "green"), likeness("bo", "pink")))
    assert [(o.kind, o.colour) for o in cast_plan.objects if o.kind == "figure"] == [("figure", "green"),
                                                                                      ("figure", "pink")]
    assert len({o.id for o in cast_plan.objects}) == len(cast_plan.objects)


def test_without_characters_the_plan_is_unchanged(rewriter):
    plan = rewriter.rewrite("a green person throws a ball in a park", seed=1).plan
    assert cast(plan, ()) is plan


def test_each_speaker_speaks_in_the_voice_given_for_it_and_others_in_their_own():
    lines, rate = ["Hello there!", "Hi!", "Catch this."], 16000
    stems, placed = dialogue_stems(lines, [0, 8, 16], 8.0, rate, [0, 1, 2], voices=((85, 140),))
    assert np.array_equal(stems[0].audio, speak(lines[0], "speaker0", rate, 85, 140))
    assert np.array_equal(stems[2].audio, speak(lines[2], "speaker0", rate, 85, 140))
    assert np.array_equal(stems[1].audio, speak(lines[1], "speaker1", rate))  # no voice given: as before
    assert not np.array_equal(stems[0].audio, speak(lines[0], "speaker0", rate))
    # a slower voice takes longer over the same words
    assert len(speak(lines[2], "speaker0", rate, 85, 120)) > len(speak(lines[2], "speaker0", rate, 85, 240))


def test_lines_are_fitted_to_the_clip_as_the_characters_voices_will_speak_them():
    from generation.film import DialogueTooLong, fit_dialogue

    line = ["Catch the ball and run to the net"]  # about 1.9 s at 170 words a minute, 2.6 s at 120
    fit_dialogue(line, (0, 20), 8.0)  # a 2.5 s clip: heard in the default voice
    with pytest.raises(DialogueTooLong, match="need .* to be spoken but the clip is 2.50 s long"):
        fit_dialogue(line, (0, 20), 8.0, voices=((56, 120),))


def test_with_more_than_two_characters_each_takes_a_turn_in_their_own_voice():
    lines, rate = ["One!", "Two!", "Three!", "Four!"], 16000
    voices = ((20, 150), (50, 150), (80, 150))
    stems, placed = dialogue_stems(lines, [0], 8.0, rate, voices=voices)
    assert [line.speaker for line in placed] == ["speaker0", "speaker1", "speaker2", "speaker0"]
    for stem, line, k in zip(stems, lines, (0, 1, 2, 0)):
        assert np.array_equal(stem.audio, speak(line, f"speaker{k}", rate, *voices[k]))
