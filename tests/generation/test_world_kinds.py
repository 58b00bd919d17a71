"""The objects check reads an object's kind from its blob: a crate drawn where the plan asks for
a ball (and a ball where it asks for a crate) fails by shape, a beach ball where it asks for a
tennis ball fails by size; clean clips pass."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest

from generation.metrics.defects import inject
from generation.metrics.evaluate import judge_sample
from generation.metrics.shapes import expected_radius
from generation.metrics.tracking import rect_fill, roundness
from generation.world.dataset import HELD_OUT_SEED
from generation.world.generate import generate
from generation.world.sample import Sample

# Seeds whose moving object is large enough at 64 px to show its shape.
CRATE_CLIP = ("crate_drop", 3000046, "cinematic")
BALL_CLIP = ("beach_ball_float", 3000008, "anime")


def _with_kind(sample: Sample, kind: str) -> Sample:
    """The sample with its plan's first ball or crate turned into `kind`."""
    plan = sample.meta.plan
    i = next(i for i, o in enumerate(plan.objects) if o.kind != "figure")
    objects = list(plan.objects)
    objects[i] = msgspec.structs.replace(objects[i], kind=kind)
    plan = msgspec.structs.replace(plan, objects=tuple(objects))
    return msgspec.structs.replace(sample, meta=msgspec.structs.replace(sample.meta, plan=plan))


def _clip(name: str, seed: int, style: str) -> Sample:
    return generate(name, seed, width=64, height=64, style=style)


def test_rect_fill_tells_a_disc_from_a_rotated_square():
    yy, xx = np.mgrid[-20:21, -20:21]
    disc = np.hypot(xx, yy) <= 8
    a = np.deg2rad(25)
    u, v = xx * np.cos(a) + yy * np.sin(a), -xx * np.sin(a) + yy * np.cos(a)
    square = (np.abs(u) <= 8) & (np.abs(v) <= 8)
    disc_fill = rect_fill(*np.nonzero(disc)[::-1])
    square_fill = rect_fill(*np.nonzero(square)[::-1])
    assert 0.72 < disc_fill < 0.82
    assert square_fill > 0.88  # jagged rotated edges cost a little


def test_roundness_tells_a_disc_from_a_square_at_any_angle():
    yy, xx = np.mgrid[-20:21, -20:21]
    frame = np.zeros((41, 41, 3), np.uint8)
    background = frame.copy()
    disc = np.hypot(xx, yy) <= 8
    sl = (slice(0, 41), slice(0, 41))
    frame[disc] = 200
    assert roundness(frame, background, sl, disc, 13) > 0.85
    for degrees in (0, 25, 45):
        a = np.deg2rad(degrees)
        u, v = xx * np.cos(a) + yy * np.sin(a), -xx * np.sin(a) + yy * np.cos(a)
        square = (np.abs(u) <= 7) & (np.abs(v) <= 7)
        frame[:] = 0
        frame[square] = 200
        assert 0.55 < roundness(frame, background, sl, square, 13) < 0.7, degrees


def test_a_ball_with_markings_that_match_the_backdrop_still_reads_round():
    yy, xx = np.mgrid[-20:21, -20:21]
    frame = np.zeros((41, 41, 3), np.uint8)
    disc = np.hypot(xx, yy) <= 8
    frame[disc] = 200
    seam = disc & ((xx == 0) | ((yy == 0) & (np.abs(xx) < 5)))
    blob = disc & ~seam  # the seams of a basketball, near the backdrop's colour, are not in it
    sl = (slice(0, 41), slice(0, 41))
    frame[seam] = 0  # the backdrop's own colour: the seam reaching the edge stays a notch
    cut = roundness(frame, np.zeros_like(frame), sl, blob, 13)
    frame[seam] = 40  # a little off the backdrop: grown back into the outline
    whole = roundness(frame, np.zeros_like(frame), sl, blob, 13)
    assert whole > 0.85 and whole > cut


def test_expected_radius_follows_the_world_s_drawing_floor():
    # a medium tennis ball (0.17 m) at 10 px per metre is drawn at the floor of 2.8% of the side
    assert expected_radius("tennis_ball", "medium", 10.0, 128) == pytest.approx(0.028 * 128 + 0.7)
    assert expected_radius("beach_ball", "medium", 40.0, 128) == pytest.approx(0.42 * 40 + 0.7)
    assert expected_radius("tennis_ball", "small", 5.0, 64) == pytest.approx(2.5)  # detector floor
    # a crate's square blob has the area of a disc 1.128 times its half side
    assert expected_radius("crate", "medium", 20.0, 64) == pytest.approx(0.30 * 20 * 1.1284 + 0.7, rel=1e-3)


@pytest.mark.parametrize("defect,scenario,seed,style,size,words", [
    ("wrong_ball_kind", "ball_drop", HELD_OUT_SEED, "realistic", 64, "of its size (larger than"),
    ("ball_drawn_as_crate", "lob", HELD_OUT_SEED + 2, "anime", 128, "ball seen as a crate"),
    ("crate_drawn_as_ball", "crate_float", HELD_OUT_SEED + 3, "realistic", 128, "crate seen as a ball"),
])
def test_each_kind_swap_fails_the_objects_check(defect, scenario, seed, style, size, words, tmp_path):
    s = inject(defect, scenario, seed, width=size, height=size, style=style)
    check = judge_sample(s, tmp_path).check("objects")
    assert check.passed is False
    assert words in check.detail, check.detail


def test_crate_drawn_where_a_ball_is_planned_fails_the_objects_check(tmp_path):
    s = _with_kind(_clip(*CRATE_CLIP), "basketball")
    check = judge_sample(s, tmp_path).check("objects")
    assert check.passed is False
    assert "ball seen as a crate" in check.detail


def test_ball_drawn_where_a_crate_is_planned_fails_the_objects_check(tmp_path):
    s = _with_kind(_clip(*BALL_CLIP), "crate")
    check = judge_sample(s, tmp_path).check("objects")
    assert check.passed is False
    assert "crate seen as a ball" in check.detail


@pytest.mark.parametrize("clip", [CRATE_CLIP, BALL_CLIP], ids=lambda c: c[0])
def test_clean_clip_passes_the_objects_check(clip, tmp_path):
    check = judge_sample(_clip(*clip), tmp_path).check("objects")
    assert check.passed, check.detail


@pytest.mark.slow
@pytest.mark.parametrize("family", ["crate_slide", "crate_float", "crate_ramp_slide",
                                    "ball_knocks_crate_stack", "ball_drop", "bowling_ball_drop",
                                    "balls_collide", "beach_ball_float"])
def test_clean_ball_and_crate_families_pass_the_objects_check(family, tmp_path):
    for i, style in enumerate(("realistic", "cinematic", "anime")):
        check = judge_sample(_clip(family, 5000 + i, style), tmp_path).check("objects")
        assert "seen as" not in check.detail, (style, check.detail)
