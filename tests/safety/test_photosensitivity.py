"""Photosensitivity after WCAG 2.3.1: general and red flashes, over a quarter of the whole frame
or of any 10-degree field of view in it, more than three in any second fail."""

from __future__ import annotations

import math

import msgspec
import numpy as np
import pytest

from generation.media.watermark import upscale, watermark
from safety.flashes import chromaticity, field_size, flash_report
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


def _greys(luminance: np.ndarray, size: int = 32) -> np.ndarray:
    """(T,) or (T, size, size) relative luminances -> (T, size, size, 3) uint8 frames of the
    nearest sRGB greys."""
    encoded = np.where(luminance <= 0.0031308, 12.92 * luminance, 1.055 * np.maximum(luminance, 0) ** (1 / 2.4) - 0.055)
    levels = np.clip(np.rint(255 * encoded), 0, 255).astype(np.uint8)
    if levels.ndim == 1:
        levels = np.broadcast_to(levels[:, None, None], (len(levels), size, size))
    return np.repeat(levels[..., None], 3, axis=-1)


def test_flashes_add_up_in_a_field_only_when_they_happen_together():
    """Four patches of 56 px in one 28 x 21 px field (a quarter is 147 px) flash four times a
    second: together they fail; two of them two frames after the other two (112 px at a time)
    they pass, as a textured object sweeping across the field does."""
    white, black = (255, 255, 255), (0, 0, 0)
    patches = ((10, 10, 7, 8), (10, 20, 7, 8), (19, 10, 7, 8), (19, 20, 7, 8))
    frames = _flicker(white, black, hz=4.0, patches=patches)
    assert check_flashes(frames, FPS).value == 4
    for (top, left, height, width), lag in zip(patches, (0, 0, 2, 2), strict=True):
        lit = (np.arange(len(frames)) + lag) // 3 % 2 == 1
        frames[:, top:top + height, left:left + width] = np.where(lit[:, None, None, None], white, black)
    assert check_flashes(frames, FPS).passed


def test_a_flash_spread_over_several_frames_counts_by_its_net_change():
    """0.1 -> 0.3 -> 0.1 in steps of 0.05, 4.5 times a second: no two frames differ by 0.1,
    but each run up and down is a transition of 0.2 (BT.1702, Harding: peaks and valleys), and
    jitter of 0.01 on every pixel and frame does not cut the runs into pieces."""
    fps = 36.0
    cycle = np.array([0.1, 0.15, 0.2, 0.25, 0.3, 0.25, 0.2, 0.15])
    luminance = np.tile(cycle, 9)[:, None, None] + np.random.default_rng(0).uniform(-0.01, 0.01, (72, 32, 32))
    frames = _greys(luminance)
    assert count_flashes(frames, fps) >= 4
    assert not check_flashes(frames, fps).passed
    assert check_flashes(_greys(np.tile(cycle, 9).repeat(2)[:72]), fps).passed  # half as fast: 2.25 a second


def test_jitter_neither_cuts_a_slow_fade_into_pieces_nor_makes_flashes():
    """A fade from 0.1 to 0.6 and back once a second is one flash a second, jitter or not; jitter
    alone, or on a steady grey, is none."""
    rng = np.random.default_rng(1)
    t = np.arange(72) / FPS
    fade = 0.35 - 0.25 * np.cos(2 * np.pi * t)
    for jitter in (0.0, 0.01):
        frames = _greys(fade[:, None, None] + rng.uniform(-jitter, jitter, (72, 32, 32)))
        assert 1 <= count_flashes(frames, FPS) <= 2, jitter
        assert check_flashes(frames, FPS).passed
    for jitter in (0.01, 0.04):
        steady = _greys(0.2 + rng.uniform(-jitter, jitter, (72, 32, 32)))
        assert count_flashes(steady, FPS) == 0, jitter


def test_chromaticity_is_cie_1976_ucs_from_linear_srgb():
    red, white, black = (np.array([c], np.float32) for c in ((1, 0, 0), (1, 1, 1), (0, 0, 0)))
    assert np.allclose(np.ravel(chromaticity(*red.T)), (0.4507, 0.5229), atol=1e-3)
    for grey in (white, black):  # D65; black has no chromaticity of its own
        assert np.allclose(np.ravel(chromaticity(*grey.T)), (0.1978, 0.4683), atol=1e-3)


def test_a_dark_red_to_purple_flicker_is_a_red_flash_by_chromaticity():
    """WCAG 2.2's working definition: (90, 0, 0) is a saturated red and (160, 0, 150) a purple
    0.23 from it in u'v'. 320 x (R - G - B) changes by 18 (not more than 20) and luminance by
    0.075, so neither the older red definition nor a general flash finds it."""
    frames = _flicker((90, 0, 0), (160, 0, 150))
    report = flash_report(frames, FPS)
    assert report.general.flashes == 0 and report.red.flashes >= 5
    finding = check_flashes(frames, FPS)
    assert not finding.passed and "red flashes" in finding.detail


def test_flicker_among_near_black_colours_is_no_red_flash():
    """Near black, one level of blue moves a saturated red's chromaticity by more than 0.2; a
    red too dark to flash even against black by 320 x (R - G - B) is no red state."""
    dark = (((1, 0, 0), (1, 0, 1)), ((30, 0, 0), (0, 0, 30)), ((20, 0, 0), (0, 20, 0)), ((40, 0, 0), (0, 0, 0)))
    for on, off in dark:
        frames = _flicker(on, off)
        assert flash_report(frames, FPS).red.flashes == 0 and check_flashes(frames, FPS).passed, (on, off)


def _inverting(size: int, square: int, *, stripes: bool = False) -> np.ndarray:
    """(48, size, size, 3) black and white squares (or stripes) `square` px wide, inverting every
    frame (12 Hz at FPS)."""
    y, x = np.mgrid[:size, :size]
    pattern = (x // square + (0 if stripes else y // square)) % 2
    return np.stack([np.repeat((255 * (pattern ^ (k % 2))).astype(np.uint8)[..., None], 3, -1) for k in range(48)])


def test_a_fine_inverting_checkerboard_passes_and_a_coarse_one_fails():
    """WCAG: a fine, balanced pattern, squares under 0.1 degree on a side, does not flash. A
    256 px clip shown 768 px high on the reference screen makes a pixel 0.088 degree."""
    assert check_flashes(_inverting(256, 1), FPS).passed
    assert check_flashes(_inverting(256, 1, stripes=True), FPS).passed
    for size, square in ((256, 32), (512, 64), (256, 2), (64, 1)):  # 1/8 of the frame; 0.18 and 0.35 degree
        finding = check_flashes(_inverting(size, square), FPS)
        assert not finding.passed and finding.value >= 10, (size, square)


@pytest.mark.parametrize("size", [16, 32, 64, 128, 256, 512])
def test_a_full_frame_flash_fails_at_every_size(size):
    """Averaging over 0.1-degree cells leaves a flash of one colour as it was."""
    for on, off in (((255, 255, 255), (0, 0, 0)), ((255, 0, 0), GREY)):
        finding = check_flashes(_flicker(on, off, size=size, seconds=1.0), FPS)
        assert not finding.passed and finding.value >= 5 and "whole frame" in finding.detail, (size, on)
