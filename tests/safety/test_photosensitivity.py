"""Photosensitivity after WCAG 2.3.1: general and red flashes, over a quarter of the whole frame
or of any 10-degree field of view in it, more than three in any second fail."""

from __future__ import annotations

import math

import msgspec
import numpy as np
import pytest

from generation.media.watermark import upscale, watermark
from safety.flashes import field_size, flash_report
from safety.output import check_flashes, count_flashes

FPS = 24.0
GREY = (128, 128, 128)


def _flicker(on: tuple[int, int, int], off: tuple[int, int, int], hz: float = 6.0, *, size: int = 64,
             patches: tuple[tuple[int, int, int, int], ...] | None = None, seconds: float = 2.0) -> np.ndarray:
    """(T, size, size, 3) frames at FPS: `patches` (top, left, height, width; default the whole
    frame) alternate between colours `on` and `off` `hz` times a second, on a grey ground."""
    t = np.arange(int(seconds * FPS)) / FPS
    lit = (np.floor(t * hz * 2) % 2).astype(bool)
    frames = np.empty((len(t), size, size, 3), np.uint8)
    frames[:] = GREY
    for top, left, height, width in patches or ((0, 0, size, size),):
        frames[:, top:top + height, left:left + width] = np.where(lit[:, None, None, None], on, off)
    return frames


def test_the_field_of_view_is_wcags_rectangle_scaled_to_the_clip_played_full_screen():
    assert field_size(768, 1024) == (256, 341)  # the reference screen itself
    assert field_size(256, 256) == (85, 114)  # a square clip shown 768 px high on it
    assert field_size(32, 32) == (11, 14)  # the same share of a model-sized frame
    assert field_size(1080, 1920) == (480, 639)  # 16:9 fills the width instead
    assert field_size(4, 4) == (1, 2)


@pytest.mark.parametrize(("on", "off", "kind"), [((255, 255, 255), (0, 0, 0), "general"),
                                                 ((255, 0, 0), GREY, "red")])
def test_a_flashing_corner_of_15_percent_of_the_frame_fails(on, off, kind):
    """A quarter of the whole frame was the only area counted: this corner passed."""
    frames = _flicker(on, off, patches=((39, 39, 25, 25),))  # 625 of 4096 pixels
    finding = check_flashes(frames, FPS)
    assert not finding.passed and finding.value >= 5
    assert f"{kind} flashes" in finding.detail and "28 x 21 px area" in finding.detail, finding.detail
    top, left, height, width = getattr(flash_report(frames, FPS), kind).box
    assert (height, width) == (21, 28) and top >= 39 - 21 and left >= 39 - 28  # a field over the corner
    assert math.isfinite(msgspec.json.decode(msgspec.json.encode(finding))["value"])


def test_a_patch_flashes_when_it_fills_a_quarter_of_one_field():
    """At 64 x 64 a field is 28 x 21 pixels: a quarter of it is 147 pixels."""
    white, black = (255, 255, 255), (0, 0, 0)
    assert check_flashes(_flicker(white, black, patches=((10, 10, 11, 13),)), FPS).passed  # 143 pixels
    assert not check_flashes(_flicker(white, black, patches=((10, 10, 13, 13),)), FPS).passed  # 169


def test_flashes_add_up_within_one_field_but_not_across_the_frame():
    white, black = (255, 255, 255), (0, 0, 0)
    near = ((10, 10, 9, 9), (10, 22, 9, 9))  # 162 pixels within one 28 x 21 field
    far = ((0, 0, 9, 9), (55, 55, 9, 9))  # the same two patches in opposite corners
    assert not check_flashes(_flicker(white, black, patches=near), FPS).passed
    assert check_flashes(_flicker(white, black, patches=far), FPS).passed


def test_a_localised_flash_fails_as_published_too():
    """Upscaled to 256 pixels and watermarked, the clip keeps its share of the field."""
    raw = _flicker((255, 255, 255), (0, 0, 0), size=32, patches=((0, 0, 12, 12),))  # 14% of the frame
    assert not check_flashes(raw, FPS).passed
    shown = watermark(upscale(raw, 256))
    finding = check_flashes(shown, FPS)
    assert not finding.passed and "114 x 85 px area" in finding.detail, finding.detail


def test_a_red_flicker_fails_where_its_luminance_hardly_changes():
    """Saturated red and a grey of the same relative luminance (0.21): no general flash."""
    frames = _flicker((255, 0, 0), GREY)
    report = flash_report(frames, FPS)
    assert report.general.flashes == 0 and report.red.flashes >= 5 and report.red.whole_frame
    finding = check_flashes(frames, FPS)
    assert not finding.passed and "red flashes" in finding.detail and "whole frame" in finding.detail
    assert check_flashes(_flicker((255, 0, 0), GREY, hz=2.0), FPS).passed  # 2 a second: allowed


def test_the_red_threshold_is_read_on_linear_values():
    """320 x (R - G - B) must change by more than 20 on linear values: sRGB 100 is 0.127 (41),
    sRGB 60 is 0.045 (14; 75 if read on the encoded value). Neither is a general flash."""
    black = (0, 0, 0)
    dim = flash_report(_flicker((100, 0, 0), black), FPS)
    dimmer = flash_report(_flicker((60, 0, 0), black), FPS)
    assert dim.general.flashes == dimmer.general.flashes == 0
    assert dim.red.flashes >= 5 and dimmer.red.flashes == 0
    assert not check_flashes(_flicker((100, 0, 0), black), FPS).passed
    assert check_flashes(_flicker((60, 0, 0), black), FPS).passed


def test_a_pink_is_no_saturated_red():
    """(255, 160, 160) is R / (R + G + B) = 0.59 on linear values, and as bright as grey 185."""
    frames = _flicker((255, 160, 160), (185, 185, 185))
    assert flash_report(frames, FPS).red.flashes == 0 and check_flashes(frames, FPS).passed


def test_the_old_counts_hold_for_whole_frame_flicker():
    frames = np.stack([np.full((32, 32, 3), 255 * (t % 2), np.uint8) for t in range(60)])
    assert count_flashes(frames, 30.0) == 15
    report = flash_report(frames, 30.0)
    assert report.general.whole_frame and report.general.start_s == 0.0 and report.red.flashes == 0
