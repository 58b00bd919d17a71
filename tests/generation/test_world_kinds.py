"""The objects check reads a ball or a crate from its blob's shape: a crate drawn where the
plan asks for a ball (and a ball where it asks for a crate) fails, clean clips pass."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest

from generation.metrics.evaluate import judge_sample
from generation.metrics.tracking import rect_fill
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
