"""Sound made from pictures: contacts found in frames become impacts shaped by what met;
speech; the master reaches -16 LUFS with the true peak at or under -1 dBTP."""

from __future__ import annotations

import numpy as np
import pytest

from generation.audio.foley import impact
from generation.audio.mix import Stem, master, place
from generation.audio.speech import SpeechError, speak
from generation.audio.visual_foley import contact_events, surface
from generation.metrics.loudness import integrated_lufs, true_peak_dbtp
from generation.metrics.scene import HoopView, water_surface
from generation.metrics.tracking import track_clip

RATE = 16000


def test_master_reaches_minus_16_lufs_with_true_peak_under_minus_1_dbtp():
    rng = np.random.default_rng(0)
    quiet = rng.normal(0, 0.01, RATE * 3)
    quiet[RATE:RATE + 80] += 0.95  # a hard transient that a plain gain would push past 0 dBTP
    for audio in (quiet, quiet * 20):
        out = master(audio, RATE)
        assert abs(integrated_lufs(out, RATE) + 16.0) < 0.5
        assert true_peak_dbtp(out) <= -1.0


def test_stems_land_at_their_start_times():
    click = np.ones(10)
    mix = place([Stem(click, 0.5), Stem(click, (3 * RATE - 4) / RATE, 0.5)], 3.0, RATE)
    assert mix[8000] == 1.0 and mix[7999] == 0.0
    assert mix[-1] == 0.5 and len(mix) == 3 * RATE


def test_surface_is_read_from_where_the_contact_happens():
    hoop = HoopView(board_x=28.0, rim_y=10.0, front_x=24.0, board_top=5.0, board_bottom=14.0)
    assert surface(28.0, 8.0, 1.5, 32, None, hoop, "gym") == ("backboard", "glass")
    assert surface(24.0, 10.0, 1.5, 32, None, hoop, "gym") == ("rim", "steel")
    assert surface(10.0, 20.0, 1.5, 32, 20.0, None, "pool") == ("water", "water")
    assert surface(10.0, 28.0, 1.5, 32, None, None, "gym") == ("floor", "wood")
    assert surface(10.0, 28.0, 1.5, 32, None, None, "beach") == ("floor", "sand")


def test_which_way_a_contact_turned_the_object_tells_board_and_wall_from_rim_and_floor():
    hoop = HoopView(board_x=28.0, rim_y=10.0, front_x=24.0, board_top=5.0, board_bottom=14.0)
    assert surface(27.0, 9.0, 1.5, 32, None, hoop, "gym", turn=(-3.0, 0.5)) == ("backboard", "glass")
    assert surface(27.0, 9.0, 1.5, 32, None, hoop, "gym", turn=(0.5, -3.0)) == ("rim", "steel")
    assert surface(10.0, 20.0, 1.5, 32, None, None, "gym", turn=(3.0, -1.0)) == ("wall", "concrete")
    assert surface(10.0, 20.0, 1.5, 32, None, None, "gym", turn=(1.0, -3.0)) == ("floor", "wood")


def _found_and_true(scenario: str, seed: int, size: int = 64, fps: float = 24.0):
    """(contacts found in the frames, the simulator's contacts) of a one-shot sample."""
    from generation.metrics.scene import find_hoop
    from generation.world.generate import generate

    s = generate(scenario, seed, width=size, height=size, fps=fps, audio_rate=0)
    shots = track_clip(s.frames)
    bgs = [np.median(s.frames[sh.start:sh.stop], axis=0).astype(np.uint8) for sh in shots]
    water = [water_surface(bg, sh.top, sh.bottom) for bg, sh in zip(bgs, shots)]
    events = contact_events(shots, fps, s.meta.plan, water, [find_hoop(bg, None) for bg in bgs])
    return [ev for ev, _ in events], s.meta.contacts


def _heard(found, true, within: float = 2 / 24) -> bool:
    return any(abs(ev.time_s - true.time_s) <= within and ev.b == true.b for ev in found)


def test_a_shot_off_the_backboard_is_heard_hitting_glass():
    found, contacts = _found_and_true("missed_shot_backboard", 222)
    board = [c for c in contacts if c.b == "backboard"]
    assert board and all(_heard(found, c) for c in board)
    assert any(ev.b == "backboard" and ev.material_b == "glass" for ev in found)


def test_a_ball_sinking_into_the_water_splashes_once_where_it_meets_the_line():
    found, contacts = _found_and_true("bowling_ball_sink", 240)
    entry = [c for c in contacts if c.b == "water"]
    assert len(entry) == 1 and _heard(found, entry[0])
    assert sum(ev.b == "water" for ev in found) == 1


def test_a_floor_bounce_just_before_a_wall_hit_and_every_later_bounce_are_each_heard():
    found, contacts = _found_and_true("wall_bounce", 32)
    hard = [c for c in contacts if c.b in ("floor", "wall") and c.speed > 3.0]
    assert len([c for c in hard if c.b == "floor"]) >= 3 and any(c.b == "wall" for c in hard)
    assert all(_heard(found, c) for c in hard)


def test_a_ball_glancing_off_the_rims_front_end_is_heard_on_steel_not_a_wall_or_the_board():
    hoop = HoopView(board_x=8.0, rim_y=28.5, front_x=16.0, board_top=18.6, board_bottom=31.2)
    # beyond the rim's front end, pushed outward: the rim, not a wall
    assert surface(19.4, 28.3, 3.3, 64, None, hoop, "gym", turn=(2.5, 0.3)) == ("rim", "steel")
    # beside the board but pushed toward it: only the rim can have done that
    hoop = HoopView(board_x=55.0, rim_y=30.0, front_x=47.0, board_top=20.1, board_bottom=32.7)
    assert surface(50.1, 28.3, 3.0, 64, None, hoop, "gym", turn=(1.6, -1.1)) == ("rim", "steel")
    assert surface(51.0, 26.0, 3.0, 64, None, hoop, "gym", turn=(-3.0, 0.2)) == ("backboard", "glass")


def test_a_bright_line_across_the_backboard_is_not_taken_for_water():
    hoop = HoopView(board_x=27.0, rim_y=13.5, front_x=23.0, board_top=8.0, board_bottom=15.0)
    assert surface(25.2, 12.7, 2.0, 32, 10.0, hoop, "gym", turn=(-0.6, -1.7)) == ("rim", "steel")


def test_a_shot_off_the_rim_is_heard_on_steel():
    found, contacts = _found_and_true("missed_shot_rim", 58)
    rim = [c for c in contacts if c.b == "rim"]
    assert rim and all(_heard(found, c) for c in rim)
    assert not any(ev.b == "wall" for ev in found)


def test_low_bounces_after_a_toss_are_each_heard():
    found, contacts = _found_and_true("ball_toss_bounce", 136)
    hard = [c for c in contacts if c.b == "floor" and c.speed > 3.0]
    assert len(hard) >= 4 and all(_heard(found, c) for c in hard)


@pytest.mark.parametrize(("scenario", "seed"), [("figure_pass", 18), ("figure_throw", 118)])
def test_a_throw_is_released_without_a_sound(scenario: str, seed: int):
    """At the product's size (32 px, 8 fps) the hand swings the ball only a few frames
    before letting go; the release speeds it up, which no bounce does."""
    found, contacts = _found_and_true(scenario, seed, size=32, fps=8.0)
    first = min(c.time_s for c in contacts if c.speed >= 0.5)
    assert found and not any(ev.time_s < first - 2 / 8 for ev in found)


@pytest.mark.parametrize(("scenario", "seed"), [("figure_kick", 0), ("figure_kick", 3), ("figure_kick_wall", 2)])
def test_a_kick_is_heard_on_the_figure_when_the_foot_meets_the_ball(scenario: str, seed: int):
    """A ball at rest on the floor sent flying was struck, not let go: it sounds on the
    figure (cloth), at the kick's time."""
    found, contacts = _found_and_true(scenario, seed)
    kick = next(c for c in contacts if c.b.endswith(".leg_r"))
    heard = [ev for ev in found if abs(ev.time_s - kick.time_s) <= 2 / 24]
    assert [(ev.b, ev.material_b) for ev in heard] == [("figure", "cloth")]
    sound = impact(heard[0], "basketball", RATE, np.random.default_rng(0))
    assert np.abs(sound).max() > 0.05


@pytest.mark.parametrize("scenario", ["figure_throw", "figure_pass", "figure_drop", "figure_bounce_pass"])
def test_a_ball_let_go_from_a_hand_is_never_heard_as_struck(scenario: str):
    """A hand holds the ball still or swings it, then lets go: it leaves faster, as a kicked
    ball does, but from above the floor, so no strike sounds there."""
    for size, fps in ((32, 8.0), (64, 24.0)):
        for seed in range(4):
            found, _ = _found_and_true(scenario, seed, size=size, fps=fps)
            assert not any(ev.b == "figure" for ev in found), (size, fps, seed)


def test_a_courts_bright_floor_edge_is_not_taken_for_water():
    """A court's white line over its bluish floor reads as a water line to the scene reader;
    a dry setting has none, so a ball bouncing there never splashes."""
    found, _ = _found_and_true("figure_kick_wall", 6, size=32, fps=8.0)
    assert not any(ev.b == "water" for ev in found)


def _centroid(sound: np.ndarray) -> float:
    spec = np.abs(np.fft.rfft(sound))
    return float((np.fft.rfftfreq(len(sound), 1 / RATE) * spec).sum() / spec.sum())


def _pitch(sound: np.ndarray) -> float:
    spec = np.abs(np.fft.rfft(sound))
    return float(np.fft.rfftfreq(len(sound), 1 / RATE)[np.argmax(spec)])


def test_a_basketball_on_the_backboard_does_not_sound_like_a_splash():
    from generation.world.sandbox import ContactEvent

    rng = np.random.default_rng(0)
    board = impact(ContactEvent(0.0, "ball", "backboard", "rubber", "glass", 5.0, 5.0, 0, 0), "basketball", RATE, rng)
    splash = impact(ContactEvent(0.0, "ball", "water", "rubber", "water", 5.0, 5.0, 0, 0), "basketball", RATE, rng)
    floor = impact(ContactEvent(0.0, "ball", "floor", "rubber", "wood", 5.0, 5.0, 0, 0), "basketball", RATE, rng)
    assert abs(len(board) - len(splash)) > RATE * 0.1 or abs(_centroid(board) - _centroid(splash)) > 300
    assert _pitch(board) > 1.5 * _pitch(floor)  # glass rings higher than a wooden floor


def test_contacts_found_in_frames_follow_the_bounces_in_the_picture():
    from generation.world.generate import generate

    s = generate("ball_drop", 1, width=64, height=64, fps=24.0, audio_rate=0)
    shots = track_clip(s.frames)
    bgs = [np.median(s.frames[sh.start:sh.stop], axis=0).astype(np.uint8) for sh in shots]
    water = [water_surface(bg, sh.top, sh.bottom) for bg, sh in zip(bgs, shots)]
    events = contact_events(shots, 24.0, s.meta.plan, water, [None] * len(shots))
    truth = [c.time_s for c in s.meta.contacts if c.speed > 2.0]
    assert events and truth
    for ev, kind in events:
        assert kind == s.meta.plan.objects[0].kind
        assert min(abs(ev.time_s - t) for t in truth) < 0.1


def test_dialogue_is_spoken_and_empty_lines_are_refused():
    voice = speak("Nice one!", "speaker0", RATE)
    assert 0.2 < len(voice) / RATE < 3.0 and np.abs(voice).max() > 0.05
    with pytest.raises(SpeechError):
        speak("   ", "speaker0", RATE)


def test_a_cut_between_two_settings_neither_clicks_nor_dips():
    from generation.audio.ambience import ambience, ambience_track

    track = ambience_track([(0.0, "beach", "day"), (1.0, "gym", "day")], 2 * RATE, RATE, np.random.default_rng(0))
    cut, fade = RATE, int(0.04 * RATE)  # the crossfade: 80 ms centred on the cut
    power = lambda x: float(np.mean(x.astype(np.float64) ** 2))  # noqa: E731
    before, after = track[cut - 6 * fade:cut - fade], track[cut + fade:cut + 6 * fade]
    across = track[cut - fade:cut + fade]
    assert min(power(before), power(after)) / 2 < power(across) < 2 * max(power(before), power(after))
    steps = np.abs(np.diff(track))
    assert steps[cut - fade:cut + fade].max() <= 1.5 * np.delete(steps, np.s_[cut - fade:cut + fade]).max()
    # shots of one setting share one unbroken bed: what a clip of one shot has
    one = ambience_track([(0.0, "gym", "day"), (1.0, "gym", "day")], 2 * RATE, RATE, np.random.default_rng(0))
    assert np.array_equal(one, ambience("gym", 2 * RATE, RATE, np.random.default_rng(0)))


def test_a_night_bed_is_quieter_and_a_park_at_night_has_crickets_not_birds():
    from generation.audio.ambience import ambience

    day, night = (ambience("park", 4 * RATE, RATE, np.random.default_rng(0), when) for when in ("day", "night"))
    street_day, street_night = (ambience("street", 4 * RATE, RATE, np.random.default_rng(0), when)
                                for when in ("day", "night"))
    assert np.sqrt(np.mean(street_night ** 2)) < 0.6 * np.sqrt(np.mean(street_day ** 2))

    def share(x, lo, hi):
        spec, freqs = np.abs(np.fft.rfft(x)) ** 2, np.fft.rfftfreq(len(x), 1 / RATE)
        return spec[(freqs >= lo) & (freqs < hi)].sum() / spec.sum()

    assert share(night, 4300, 4700) > 10 * share(day, 4300, 4700)  # crickets
    assert share(day, 2700, 3700) > 3 * share(night, 2700, 3700)  # birds
