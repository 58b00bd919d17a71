"""The sampling loop: a remix's first shot starts from its source's frames, every later shot
continues the one before, and the video is the first shot plus what each later one adds."""

from __future__ import annotations

import io
import threading

import numpy as np
import pytest

from generation.jobs import LocalMediaStore, SourceGone
from generation.jobs.errors import StepAbandoned
from generation.jobs.sampling import SamplingRequest, abandon_when_cancelled, sample_clip
from tests.jobs.fixtures import RecordingGenerator, SmoothGenerator


def _request(**overrides) -> SamplingRequest:
    fields = dict(generation_id="g", model="m", steps=2, guidance=1.0, style="anime",
                  captions=("shot one", "shot two", "shot three"), seed=5, keep=4)
    return SamplingRequest(**{**fields, **overrides})


def _store_frames(media, key: str, frames: np.ndarray) -> None:
    buffer = io.BytesIO()
    np.save(buffer, frames)
    media.put(key, buffer.getvalue())


def test_a_remix_in_shots_starts_from_the_source_then_continues(tmp_path):
    media = LocalMediaStore(tmp_path)
    source = np.full((9, 24, 24, 3), 120, np.uint8)  # another model's size and length: resized, fitted
    _store_frames(media, "work/src/frames.npy", source)
    generator = RecordingGenerator(SmoothGenerator())
    video = sample_clip(_request(remix_frames_key="work/src/frames.npy", remix_strength=0.5), generator, media)
    first, second, third = (call["conditioning"] for call in generator.calls)
    assert first["init"].shape == (1, 6, 16, 16, 3) and first["strength"] == 0.5 and "known" not in first
    assert "init" not in second and second["known_mask"][0].tolist() == [1, 1, 1, 1, 0, 0]
    assert np.array_equal(third["known"][0, :4], generator.calls[1]["clips"][0][-4:])
    assert [c["seed"] for c in generator.calls] == [5, 6, 7]
    assert [c["prompts"] for c in generator.calls] == [["shot one"], ["shot two"], ["shot three"]]
    assert len(video) == 6 + 2 + 2


def test_a_remix_whose_source_frames_are_gone_says_so(tmp_path):
    with pytest.raises(SourceGone, match="deleted"):
        sample_clip(_request(remix_frames_key="work/gone/frames.npy"), SmoothGenerator(), LocalMediaStore(tmp_path))


def test_a_loop_check_abandons_once_every_request_it_carries_is_cancelled():
    red, blue = threading.Event(), threading.Event()
    check = abandon_when_cancelled([red, blue])
    check()
    red.set()
    check()  # the blue one still waits for its clip
    blue.set()
    with pytest.raises(StepAbandoned, match="cancelled"):
        check()
    abandon_when_cancelled([])()  # a loop that carries no cancellable request runs on
