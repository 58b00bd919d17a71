"""`reelworld generate --remix / --continue-from`: a source clip made at another frame rate than
the model's is resampled to the model's rate (frames picked by time) before it conditions it."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.commands.generate import frames_at_rate
from generation.media.mp4 import write_mp4
from tests.model.test_generate_command import StandInGenerator, _scene, _use

runner = CliRunner()
STEP = 5  # the grey level of source frame i is STEP * i: a frame says which it was


class ConditioningRecorder(StandInGenerator):
    """The 8 fps stand-in that also keeps the conditioning it is given."""

    def generate(self, prompts, styles, **kwargs):
        self.conditioning = {k: v for k, v in kwargs.items() if k in ("init", "known", "known_mask")}
        return super().generate(prompts, styles, **kwargs)


@pytest.fixture
def clip_at_24_fps(tmp_path):
    """Two seconds at 24 fps (48 frames), frame i a flat grey of STEP * i."""
    frames = np.stack([np.full((64, 64, 3), STEP * i, np.uint8) for i in range(48)])
    return write_mp4(tmp_path / "source-24fps.mp4", frames, 24.0)


def _source_frames(frames: np.ndarray) -> list[int]:
    """Which source frame each of `frames` (T, H, W, 3) is, read from its grey level."""
    return [int(round(float(f.mean()) / STEP)) for f in frames]


def _generate(monkeypatch, tmp_path, option: str, source) -> ConditioningRecorder:
    generator = ConditioningRecorder(_scene)
    _use(monkeypatch, generator)
    result = runner.invoke(app, ["generate", "a red ball bounces in a gym", "-o", str(tmp_path / "out.mp4"),
                                 "--steps", "1", option, str(source)])
    assert result.exit_code == 0, result.output
    return generator


def test_a_remix_of_a_24_fps_clip_starts_from_its_frames_an_eighth_of_a_second_apart(monkeypatch, tmp_path,
                                                                                  clip_at_24_fps):
    generator = _generate(monkeypatch, tmp_path, "--remix", clip_at_24_fps)
    init = generator.conditioning["init"][0]  # (16, 32, 32, 3): the model's 16 frames at 8 fps
    assert _source_frames(init) == list(range(0, 48, 3))  # two seconds, not the first two thirds of one


def test_a_continuation_of_a_24_fps_clip_opens_with_its_last_frames_at_8_fps(monkeypatch, tmp_path, clip_at_24_fps):
    generator = _generate(monkeypatch, tmp_path, "--continue-from", clip_at_24_fps)
    kept = int(generator.conditioning["known_mask"][0].sum())
    known = generator.conditioning["known"][0][:kept]
    assert _source_frames(known) == [38, 41, 44, 47]  # ending at the source's last frame


@pytest.mark.parametrize("fps, rate, keep_last, picked", [
    (24.0, 8.0, False, [0, 3, 6, 9]),
    (24.0, 8.0, True, [2, 5, 8, 11]),
    (8.0, 8.0, False, list(range(12))),
    (4.0, 8.0, False, [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11]),
    (30.0, 8.0, False, [0, 3, 7]),  # frame 3 is on screen from 0.1 s to 0.133 s
    (0.0, 8.0, False, list(range(12))),  # a rate the file does not say: the frames as they are
])
def test_frames_are_picked_by_their_time(fps, rate, keep_last, picked):
    frames = np.arange(12)
    assert frames_at_rate(frames, fps, rate, keep_last=keep_last).tolist() == picked
