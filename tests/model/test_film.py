"""From prompt to MP4: request checks, the watermark, dialogue placement, the file itself, and
the `reelworld generate` / `reelworld train` commands on bad input and end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from api.cli import app
from generation.film import ClipRequest, RequestError, check_request, dialogue_stems, make_film, write_film
from generation.media.mp4 import read_mp4, write_mp4
from generation.media.watermark import upscale, watermark
from generation.metrics.loudness import measure
from generation.model.backend import ReelworldGenerator

runner = CliRunner()
WEIGHTS = Path("generation/weights/world32")


@pytest.mark.parametrize("req, message", [
    (ClipRequest(""), "empty"),
    (ClipRequest("qwerty uiop asdf"), "names nothing"),
    (ClipRequest("x " * 400), "characters"),
    (ClipRequest("a red ball", style="vaporwave"), "unknown style"),
    (ClipRequest("a red ball", steps=0), "steps"),
    (ClipRequest("a red ball", steps=201), "steps"),
    (ClipRequest("a player kicks a ball", character="chartreuse"), "character colour"),
    (ClipRequest("a red ball", guidance=float("nan")), "guidance must be between 1 and 20, got nan"),
    (ClipRequest("a red ball", guidance=0.5), "guidance must be between 1 and 20"),
    (ClipRequest("a red ball", guidance=float("inf")), "guidance must be between 1 and 20"),
    (ClipRequest("a red ball", seed=-1), "seed must be between 0 and 4294967295, got -1"),
    (ClipRequest("a red ball", seed=10**20), "seed must be between 0 and 4294967295"),
    (ClipRequest("a red ball", size=32), "size must be 256-1024 pixels, got 32"),
    (ClipRequest("a red ball", size=128), "size must be 256-1024 pixels, got 128"),  # every video is >= 256 px
    (ClipRequest("a red ball", size=2048), "size must be 256-1024 pixels, got 2048"),
])
def test_bad_requests_are_refused_with_a_message_a_person_can_act_on(req, message):
    with pytest.raises(RequestError, match=message):
        check_request(req)


@pytest.mark.parametrize("prompt", ['a woman in a kitchen says "hello there"', "someone waves at the camera",
                                    "a man walks his dog"])
def test_people_named_in_everyday_words_are_something_the_model_can_show(prompt):
    assert check_request(ClipRequest(prompt)).style == "realistic"


def test_watermark_is_visible_in_the_corner_and_leaves_the_rest_alone():
    frames = upscale(np.full((2, 32, 32, 3), 90, np.uint8), 256)
    marked = watermark(frames)
    changed = np.abs(marked.astype(int) - frames).max(axis=(0, 3)) > 30
    assert frames.shape == (2, 256, 256, 3)
    assert changed[230:, 150:].any() and not changed[:200].any()


def test_each_dialogue_line_is_spoken_in_its_own_shot():
    stems, lines = dialogue_stems(["Watch this!", "Nice one!"], [0, 12], 8.0, 16000)
    assert lines[0].start_s == pytest.approx(0.15)
    assert lines[1].start_s == pytest.approx(12 / 8 + 0.15)
    assert all(len(s.audio) > 1000 for s in stems)


def test_a_film_is_a_watermarked_h264_aac_mp4_with_mastered_sound(tiny_pipeline, tmp_path):
    gen = ReelworldGenerator(tiny_pipeline)
    film = make_film(ClipRequest('a player bounces a red basketball in a gym, "Hi!"', "anime",
                                 seed=3, steps=3, character="blue"), gen)
    assert film.video.shape[1:] == (256, 256, 3) and film.dialogue[0].text == "Hi!"
    clip = read_mp4(write_film(film, tmp_path / "clip.mp4"))
    assert clip.frames.shape[0] == 6 and clip.frames.shape[1] >= 256
    loud = measure(clip.audio, clip.sample_rate)
    assert abs(loud.integrated_lufs + 16) < 1.0 and loud.true_peak_ok
    assert (tmp_path / "clip.mp4").read_bytes().find(b"moov") < (tmp_path / "clip.mp4").read_bytes().find(b"mdat")


@pytest.mark.parametrize("args, message", [
    (["generate", "", "-o", "x.mp4"], "empty"),
    (["generate", "a red ball", "--style", "vaporwave", "-o", "x.mp4"], "unknown style"),
    (["generate", "a red ball", "--steps", "0", "-o", "x.mp4"], "steps"),
    (["generate", "a red ball", "-o", "x.mp4", "--weights", "/no/such/dir"], "no denoiser"),
    (["generate", "a red ball", "-o", "x.mp4", "--precision", "fp16"], "precision must be one of fp32, bf16, auto, got 'fp16'"),
    (["generate", "a red ball", "-o", "x.mp4", "--diffusers", "--precision", "bf16"], "own weights"),
    (["generate", "a red ball", "-o", "x.mp4", "--guidance", "nan"], "guidance must be between 1 and 20"),
    (["generate", "a red ball", "-o", "x.mp4", "--seed", "-1"], "seed must be between 0 and"),
    (["generate", "a red ball", "-o", "/no/such/dir/x.mp4"], "the output's folder /no/such/dir does not exist"),
    (["world", "render", "ball_drop", "-o", "x.mp4", "--fps", "nan"], "--fps must be above 0 and at most 120, got nan"),
    (["world", "render", "ball_drop", "-o", "x.mp4", "--fps", "inf"], "--fps must be above 0 and at most 120, got inf"),
    (["world", "render", "ball_drop", "-o", "x.mp4", "--seed", "-1"], "--seed must be 0 or more, got -1"),
    (["world", "render", "ball_drop", "-o", "/no/such/dir/x.mp4"], "the output's folder /no/such/dir does not exist"),
    (["world", "dataset", "--n", "1", "--out", "d", "--fps", "nan"], "--fps must be above 0 and at most 120, got nan"),
    (["train", "--config", "/no/such.toml"], "no config"),
])
def test_commands_answer_bad_input_with_one_line_and_exit_2(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_generate_command_makes_a_clip_from_the_committed_weights(tmp_path):
    out = tmp_path / "clip.mp4"
    result = runner.invoke(app, ["generate", "a red basketball misses and rebounds off the backboard",
                                 "--style", "anime", "-o", str(out), "--seed", "1", "--steps", "8"])
    assert result.exit_code == 0, result.output
    clip = read_mp4(out)
    assert clip.frames.shape[1] >= 256 and clip.audio.size > 0


def test_a_continuation_opens_with_the_last_frames_of_the_source_clip(tiny_pipeline):
    from generation.film import source_conditioning

    source = np.random.default_rng(0).integers(0, 255, (10, 64, 64, 3), dtype=np.uint8)
    cond = source_conditioning(source, "continue", frames=6, size=16, keep=2)
    film = make_film(ClipRequest("a red ball bounces in a gym", steps=2), ReelworldGenerator(tiny_pipeline),
                     conditioning=cond)
    assert np.array_equal(film.frames[:2], cond["known"][0, :2])
    remix = source_conditioning(source, "remix", frames=6, size=16, strength=0.5)
    assert remix["init"].shape == (1, 6, 16, 16, 3)
    with pytest.raises(RequestError, match="strength"):
        source_conditioning(source, "remix", frames=6, size=16, strength=0.0)


def test_lines_never_talk_over_each_other_and_only_lines_heard_are_returned():
    from generation.audio.speech import speak

    long_line = "I think this is going to be the best shot of the whole season"
    _, lines = dialogue_stems([long_line, "second line here"], [0, 4], 8.0, 16000)
    # not at its shot's start, 0.65 s, over the first (times are kept to the millisecond)
    assert round(lines[1].start_s - lines[0].end_s, 3) >= 0.1
    stems, heard = dialogue_stems([long_line, "second line here", "third"], [0], 8.0, 16000, duration_s=2.0)
    assert [line.text for line in heard] == [long_line] and len(stems) == 1
    assert heard[0].end_s == 2.0 < 0.15 + len(speak(long_line, "speaker0", 16000)) / 16000


def test_dialogue_that_cannot_be_heard_in_the_clip_is_refused_with_the_lengths_and_what_to_do():
    from generation.film import DialogueTooLong, fit_dialogue

    lines = ["I think this is going to be the best shot of the whole season, watch me closely now",
             "second line here", "third line too"]
    with pytest.raises(DialogueTooLong, match=r"need 6\.\d\d s .* clip is 3\.50 s long \(2 shots\): 3 of 3 "
                                               r"would be cut off or not heard; use shorter or fewer"):
        fit_dialogue(lines, (0, 16, 28), 8.0)
    placed = fit_dialogue(["Watch this!", "Nice one!"], (0, 16, 28), 8.0)
    assert [line.start_s for line in placed] == [0.15, 2.15]


def test_a_prompt_of_several_shots_is_made_shot_by_shot_each_continuing_the_last(tiny_pipeline):
    from generation.film import asked_shots
    from generation.rewriter.parse import read

    prompt = "a red ball bounces in a gym. Cut to a crate slides in a gym. Then the ball rolls"
    assert read(prompt).segments == ("a red ball bounces in a gym", "a crate slides in a gym", "the ball rolls")
    assert asked_shots(prompt) == 3
    assert asked_shots('a ball bounces in a gym then "go"') == 1
    assert asked_shots("a red ball bounces in a gym in 3 shots") == 3
    seen = []
    film = make_film(ClipRequest(prompt, steps=2), ReelworldGenerator(tiny_pipeline),
                     lambda i, n: seen.append((i, n)))
    assert film.shots == 3 and len(film.frames) == 6 + 2 + 2  # each later shot keeps 4 of the last 6
    assert seen[-1] == (6, 6) and [i for i, _ in seen] == sorted(i for i, _ in seen)


def test_an_interrupted_write_leaves_no_half_file_and_the_old_one_in_place(monkeypatch, tmp_path):
    import ffmpeg

    def cut_short(stream, **kwargs):
        target = next(a for a in reversed(stream.get_args()) if a.startswith("file:"))
        Path(target.removeprefix("file:")).write_bytes(b"half an mp4")
        raise KeyboardInterrupt

    out = tmp_path / "clip.mp4"
    out.write_bytes(b"the clip from before")
    monkeypatch.setattr(ffmpeg.nodes.OutputStream, "run", cut_short)
    with pytest.raises(KeyboardInterrupt):
        write_mp4(out, np.zeros((4, 16, 16, 3), np.uint8), 8.0)
    assert out.read_bytes() == b"the clip from before" and list(tmp_path.iterdir()) == [out]


def test_a_character_is_the_figure_in_its_colour_and_speaks_in_its_voice(tiny_pipeline, monkeypatch):
    import generation.film as film_module
    from generation.film import plan_film

    spoken, real_speak = [], film_module.speak
    monkeypatch.setattr(film_module, "speak", lambda *args: spoken.append(args[3:]) or real_speak(*args))
    gen = ReelworldGenerator(tiny_pipeline)
    req = ClipRequest('a person kicks a red ball in a park and says "Hi"', steps=2, character="yellow",
                      voice=(85, 130))
    plan, captions = plan_film(req, gen)
    assert [o.colour for o in plan.objects if o.kind == "figure"] == ["yellow"]
    assert "yellow" in captions[0] and "blue" not in captions[0]
    spoken.clear()
    film = make_film(req, gen, planned=(plan, captions))
    assert spoken == [(85, 130)] and len(film.dialogue) == 1
    with pytest.raises(RequestError, match="a voice is a pitch of 0-99"):
        check_request(ClipRequest("a person waves", voice=(120, 170)))


def test_generate_takes_a_capture_as_the_character_and_refuses_one_that_cannot_be(tmp_path):
    from tests.capture_fixtures import make_capture

    capture, still = tmp_path / "me.mp4", tmp_path / "photo.mp4"
    capture.write_bytes(make_capture(rgb=(232, 222, 40), size=96, seconds=3.0, pitch=85))
    still.write_bytes(make_capture(still=True, size=96, seconds=3.0))
    out = tmp_path / "clip.mp4"
    made = runner.invoke(app, ["generate", 'a person waves in a park and says "Hi"', "--capture", str(capture),
                               "-o", str(out), "--steps", "4"])
    assert made.exit_code == 0, made.output
    assert "capture: a yellow figure" in made.output and out.exists()
    refused = runner.invoke(app, ["generate", "a person waves", "--capture", str(still), "-o", str(out)])
    assert refused.exit_code == 2 and "does not move" in refused.output and "Traceback" not in refused.output
