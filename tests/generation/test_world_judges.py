"""The judges judge: clean simulated clips pass, each injected defect fails its own check."""

from __future__ import annotations

import pytest

from generation.metrics.defects import DEFECTS, WATER_DEFECTS, inject
from generation.metrics.evaluate import clean_pass_rates, detection_rates, judge_sample
from generation.metrics.report import judge
from generation.world.generate import generate

CLEAN_TARGET = 0.98


def test_tracker_follows_a_dropped_ball_at_64_px_in_every_style(tmp_path):
    for style in ("realistic", "cinematic", "anime"):
        s = generate("ball_drop", 11, width=64, height=64, style=style)
        report = judge_sample(s, tmp_path)
        assert report.check("gravity").passed, style
        assert report.check("continuity").passed and report.check("permanence").passed, style


def test_prompt_alone_is_enough_to_judge_adherence():
    s = generate("ball_drop", 3, width=64, height=64, style="anime", setting="gym",
                 time_of_day="day")
    obj = s.meta.plan.objects[0]
    prompt = f"an anime clip of a {obj.colour} {obj.kind.replace('_', ' ')} dropped in a gym"
    report = judge(s.frames, s.meta.fps, s.audio, 16000, prompt=prompt)
    assert report.check("style").passed and report.check("objects").passed


@pytest.mark.parametrize("defect", DEFECTS, ids=lambda d: d.shown_as)
def test_each_defect_fails_its_own_check_on_some_clips(defect, tmp_path):
    caught = 0
    for i in range(3):
        s = inject(defect.name, defect.scenarios[i % len(defect.scenarios)], 50 + i,
                   width=64, height=64, style=("realistic", "cinematic", "anime")[i])
        caught += judge_sample(s, tmp_path).check(defect.check).passed is False
    assert caught >= 1


def test_thirty_clean_clips_pass_95_percent_of_checks_in_every_style():
    rates = clean_pass_rates(30, 64)
    for style, (ok, total) in rates["styles"].items():
        assert ok / total >= 0.95, (style, ok, total, rates["failed_checks"])


@pytest.mark.slow
def test_five_hundred_held_out_clips_pass_98_percent_in_every_style():
    rates = clean_pass_rates(500, 64)
    for style, (ok, total) in rates["styles"].items():
        assert ok / total >= CLEAN_TARGET, (style, ok, total)


@pytest.mark.slow
def test_held_out_clips_at_256_px_pass_98_percent_in_every_style():
    rates = clean_pass_rates(120, 256)
    for style, (ok, total) in rates["styles"].items():
        assert ok / total >= CLEAN_TARGET, (style, ok, total, rates["failed_checks"])


# Clean held-out clips (family, seed, style, shots, frame size) that a judge failed at 128 or
# 256 px, each for its own reason, and the check that failed.
LARGE_FRAME_CLIPS = {
    # a large crate resting on a gym floor of nearly its colour: its saliency joined the
    # floor's edge into one sprawling blob (still_objects reads a 64 px copy)
    "resting_crate_on_gym_floor": ("ball_bounces_off_crate", 1_000_000, "realistic", 1, 256, "objects"),
    # a crate that lands on a corner tips over sideways, off the line it fell along
    "crate_tipping_over_as_it_lands": ("crate_drop", 1_000_010, "cinematic", 1, 256, "permanence"),
    # a close shot's water line, a third of it hidden by the crate floating on it all along
    "crate_floating_on_the_water_line": ("crate_float", 1_000_011, "anime", 4, 256, "buoyancy"),
    # a ball held in a raised hand: ball and arm one blob that, arm and torso alike, blended in
    "ball_in_a_raised_hand": ("figure_drop", 1_000_015, "realistic", 2, 256, "permanence"),
    # night beach balls rolling slowly on a lawn through short shots: each blob a ring of
    # leading and trailing edges around the ball, which the ring's inside made blend in
    "night_beach_balls_on_a_lawn": ("balls_collide", 1_000_203, "anime", 3, 256, "permanence"),
    # a basketball rolling slowly through short shots travels less than its blob is wide
    "slow_roll_in_short_shots": ("ball_hits_resting_ball", 1_000_035, "anime", 4, 128, "action"),
    # a blue beach ball afloat at night reads blue first and purple second: not the purple
    # bowling ball, which sank
    "night_beach_ball_beside_a_purple_sinker": ("float_and_sink", 1_000_054, "realistic", 1, 128, "buoyancy"),
}


@pytest.mark.parametrize("case", LARGE_FRAME_CLIPS)
def test_clean_clips_in_large_frames_pass_the_check_that_failed_them(case, tmp_path):
    family, seed, style, shots, size, check = LARGE_FRAME_CLIPS[case]
    s = generate(family, seed, width=size, height=size, style=style, n_shots=shots)
    result = judge_sample(s, tmp_path).check(check)
    assert result.passed, result.detail


@pytest.mark.slow
def test_every_defect_is_detected_on_most_clips():
    for name, (caught, total, skipped) in detection_rates(20, 64).items():
        assert caught / total >= 0.8, (name, caught, total)
        assert skipped <= 10, (name, skipped)


@pytest.mark.slow
def test_kind_swaps_are_caught_where_the_blobs_are_large_enough():
    from generation.metrics.defects import KIND_DEFECTS

    # 40 clips a swap: a crate drawn as a ball is caught on about 60%, so 20 left the test to
    # one clip (keeping the last frame of a 24 fps MP4 turned one clip from caught to missed)
    for name, (caught, total, _) in detection_rates(40, 128, defects=KIND_DEFECTS).items():
        assert caught / total >= 0.6, (name, caught, total)


def test_a_pass_through_the_backboard_counts_only_where_the_picture_shows_it():
    from generation.metrics.defects import NotShown, crosses_board_in_view, inject
    from generation.world.dataset import HELD_OUT_SEED
    from generation.world.generate import generate

    shown = inject("through_backboard", "missed_shot_backboard", HELD_OUT_SEED, width=64, height=64)
    assert shown.meta.defect == "through_backboard"
    with pytest.raises(NotShown):  # the rim turns this ball back before it reaches the board
        inject("through_backboard", "missed_shot_backboard", HELD_OUT_SEED + 14, width=64, height=64)
    traces = []
    clean = generate("missed_shot_backboard", HELD_OUT_SEED, width=64, height=64,
                     edit=lambda trace, plan: traces.append(trace) or trace)
    assert not crosses_board_in_view(clean, traces[0])  # the real board sends it back


def test_an_outlined_ball_is_named_by_its_fill_not_its_outline():
    import numpy as np

    from generation.metrics.colours import matches
    from generation.metrics.tracking import detect

    background = np.full((64, 64, 3), (160, 220, 222), np.uint8)
    frame = background.copy()
    yy, xx = np.mgrid[:64, :64]
    r2 = (yy - 30) ** 2 + (xx - 30) ** 2
    frame[r2 <= 9] = (10, 10, 60)  # a dark blue cel outline ...
    frame[r2 <= 4] = (132, 78, 40)  # ... around a brown fill
    (det,) = detect(frame, background, 0, 26.0)
    assert matches(det.rgb, "brown", 2)


def test_a_ball_vanishing_against_lookalike_scenery_is_not_taken_to_rest(tmp_path):
    s = inject("vanish", "lob", 1_000_009, width=64, height=64, style="realistic")
    assert judge_sample(s, tmp_path).check("permanence").passed is False


@pytest.mark.parametrize("picture", ["noise", "blank"])
def test_a_clip_showing_none_of_the_asked_objects_fails_permanence(picture):
    import numpy as np

    s = generate("ball_drop", 7, width=64, height=64, style="realistic")
    if picture == "noise":
        frames = np.random.default_rng(7).integers(0, 256, s.frames.shape, dtype=np.uint8)
    else:
        frames = np.full_like(s.frames, 128)
    report = judge(frames, s.meta.fps, s.audio, s.meta.audio_rate, s.meta.plan)
    check = report.check("permanence")
    assert check.passed is False and "nothing tracked" in check.detail
    assert report.applicable > report.passed  # the failure counts in the report's tally
    # without a plan nothing was asked for, so nothing is missing
    assert judge(frames, s.meta.fps, s.audio, s.meta.audio_rate).check("permanence").passed


def test_clean_clips_of_every_family_show_a_tracked_object(tmp_path):
    from generation.metrics.physics import nothing_tracked
    from generation.metrics.report import _planned_cuts
    from generation.metrics.tracking import track_clip
    from generation.world.scenarios import all_families

    for i, name in enumerate(all_families()):
        s = generate(name, 300 + i, width=64, height=64, style=("realistic", "cinematic", "anime")[i % 3])
        shots = track_clip(s.frames, _planned_cuts(s.meta.plan, s.meta.fps, len(s.frames)))
        assert nothing_tracked(shots, s.meta.plan) is None, name


# a night clip; an anime clip with a building edge just beyond the rim's front end
@pytest.mark.parametrize(("seed", "style"), [(1_000_007, "cinematic"), (1_000_017, "anime")])
def test_a_ball_through_the_backboard_is_caught_after_an_mp4_round_trip(seed, style, tmp_path):
    s = inject("through_backboard", "missed_shot_backboard", seed, width=64, height=64, style=style)
    assert judge_sample(s, tmp_path).check("solidity").passed is False


def test_a_whole_sound_track_shifted_is_caught_when_two_balls_bounce(tmp_path):
    s = inject("audio_shift_150ms", "two_ball_drop", 1_000_013, width=64, height=64, style="cinematic")
    check = judge_sample(s, tmp_path).check("av_sync")
    assert check.passed is False and check.value > 80


def test_cross_shot_needs_objects_to_be_consistent_about():
    import numpy as np

    from generation.metrics.adherence import cross_shot_check
    from generation.metrics.tracking import track_clip
    from generation.world.generate import generate

    s = generate("ball_drop", 7, width=64, height=64, n_shots=2, audio_rate=0)
    cuts = [s.meta.shot_of_frame.index(1)]
    shots = track_clip(s.frames, cuts)
    backgrounds = [np.median(s.frames[x.start:x.stop], axis=0).astype(np.uint8) for x in shots]
    assert cross_shot_check(shots, backgrounds).passed is True
    # two still, empty stages: nothing is consistent or not, so the check does not pass
    empty = np.concatenate([np.full((12, 64, 64, 3), 90, np.uint8), np.full((12, 64, 64, 3), 100, np.uint8)])
    shots = track_clip(empty, [12])
    check = cross_shot_check(shots, [empty[0], empty[12]])
    assert check.passed is None and "no object seen" in check.detail


def test_letterbox_bars_with_speckle_in_them_still_read_as_bars():
    import numpy as np

    from generation.metrics.tracking import active_rows

    s = generate("ball_drop", 5, width=64, height=64, style="cinematic", time_of_day="night")
    top, bottom = active_rows(s.frames)
    assert 0 < top and bottom < 64  # the bars of a clean clip
    rng = np.random.default_rng(0)
    speckled = np.clip(s.frames + rng.normal(0, 4, s.frames.shape), 0, 255)
    speckled[rng.random(speckled.shape[:3]) < 0.02] = 60  # a few lit specks, as a sampled clip has
    speckled = speckled.astype(np.uint8)
    assert active_rows(speckled) == (top, bottom)
    report = judge(speckled, s.meta.fps, s.audio, 16000, s.meta.plan)
    assert report.check("style").passed, report.check("style").detail


def test_av_sync_says_which_side_is_missing_when_it_cannot_judge():
    import numpy as np

    from generation.metrics.sync import av_sync
    from generation.metrics.tracking import track_clip

    s = generate("two_ball_drop", 1_000_001, width=64, height=64, style="realistic")
    shots = track_clip(s.frames, None)
    assert av_sync(shots, s.meta.fps, s.audio, s.meta.audio_rate).passed is True
    silent = av_sync(shots, s.meta.fps, np.zeros_like(s.audio), s.meta.audio_rate)
    assert silent.passed is None and "seen but no sound onset heard" in silent.detail
    still = np.repeat(s.frames[:1], len(s.frames), axis=0)
    nothing = av_sync(track_clip(still, None), s.meta.fps, s.audio, s.meta.audio_rate)
    assert nothing.passed is None and nothing.detail.startswith("no contact seen in the frames")


def _av_sync_told_the_water(sample, workdir):
    """av_sync on the sample after an MP4 round trip, told each shot's water line as the report
    reads it (scene.water_surface over the shot's median picture), and not told it."""
    import numpy as np

    from generation.media.mp4 import read_mp4, write_mp4
    from generation.metrics.report import _planned_cuts
    from generation.metrics.scene import water_surface
    from generation.metrics.sync import av_sync
    from generation.metrics.tracking import track_clip

    path = write_mp4(workdir / f"{sample.meta.id}.mp4", sample.frames, sample.meta.fps,
                     sample.audio, sample.meta.audio_rate)
    clip = read_mp4(path, sample.meta.audio_rate)
    shots = track_clip(clip.frames, _planned_cuts(sample.meta.plan, clip.fps, len(clip.frames)))
    water = [water_surface(np.median(clip.frames[s.start:s.stop], axis=0).astype(np.uint8), s.top, s.bottom)
             for s in shots]
    return (av_sync(shots, clip.fps, clip.audio, clip.sample_rate, water),
            av_sync(shots, clip.fps, clip.audio, clip.sample_rate))


# clips whose one contact in the picture is an object entering the water (no turn to judge)
@pytest.mark.parametrize(("scenario", "seed"), [("splash", 1_000_005), ("bowling_ball_sink", 1_000_000)])
def test_a_splash_late_or_missing_fails_av_sync_where_a_water_entry_is_the_only_contact(scenario, seed, tmp_path):
    told, blind = _av_sync_told_the_water(generate(scenario, seed, width=64, height=64), tmp_path)
    assert blind.passed is None and blind.detail.startswith("no contact seen")
    assert told.passed is True and "water entries: 1 matched of 1 seen" in told.detail
    late, _ = _av_sync_told_the_water(inject("audio_shift_150ms", scenario, seed, width=64, height=64), tmp_path)
    assert late.passed is False and late.value > 80 and "water entries: 1 matched of 1 seen" in late.detail
    dry, _ = _av_sync_told_the_water(inject("splash_removed", scenario, seed, width=64, height=64), tmp_path)
    assert dry.passed is False and "no splash" in dry.detail


@pytest.mark.parametrize("defect", WATER_DEFECTS, ids=lambda d: d.shown_as)
def test_each_water_defect_fails_av_sync_on_most_clips(defect, tmp_path):
    caught = judged = 0
    for i in range(6):
        s = inject(defect.name, defect.scenarios[i % len(defect.scenarios)], 60 + i, width=64, height=64)
        told = judge_sample(s, tmp_path).check("av_sync")  # the report reads each shot's water line
        judged += told.passed is not None
        caught += told.passed is False
    assert caught >= 4, (caught, judged)


def test_a_splash_while_another_still_rings_is_not_judged(tmp_path):
    # two balls hit the water 110 ms apart: the second splash makes no onset of its own, and
    # the one entry the tracker sees (the second) would be matched to the first splash
    s = generate("float_and_sink", 1_000_021, width=32, height=32, style="realistic")
    told, _ = _av_sync_told_the_water(s, tmp_path)
    assert told.passed is None and "still rang" in told.detail


def test_a_strict_water_entry_is_one_timed_from_above_the_line():
    from generation.metrics.sync import water_entry
    from generation.metrics.tracking import Detection, Track

    def track(ys, frames=None, start="shot_start"):
        frames = frames or range(len(ys))
        dets = tuple(Detection(f, 30.0, y, 3.0, (200.0, 90.0, 40.0), 1.0) for f, y in zip(frames, ys))
        return Track(0, 0, dets, (200.0, 90.0, 40.0), 3.0, 1.0, start, "water")

    # water line at row 40: the centre meets it at row 37
    falling = track([10.0, 16.0, 22.0, 28.0, 34.0, 40.0, 44.0])
    assert water_entry(falling, 40.0) == water_entry(falling, 40.0, strict=True)
    assert water_entry(falling, 40.0, strict=True).frame == pytest.approx(4.5)
    bobbing = track([38.0, 39.0, 36.0, 34.0, 36.5, 38.0, 39.0], start="border")  # in the water already
    assert water_entry(bobbing, 40.0) is not None and water_entry(bobbing, 40.0, strict=True) is None
    unseen = track([10.0, 16.0, 22.0, 44.0, 45.0], frames=[0, 1, 2, 9, 10])  # 7 frames missing at the line
    assert water_entry(unseen, 40.0) is not None and water_entry(unseen, 40.0, strict=True) is None
