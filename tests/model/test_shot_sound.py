"""Sound per shot, heard in the mastered audio: a quoted line is spoken in the shot whose words
hold it (and the dialogue check before sampling places it there too); each shot has its own
setting's ambience, crossfaded at the cut; a night bed is not the day's."""

from __future__ import annotations

import numpy as np
import pytest

from generation.film import ClipRequest, DialogueTooLong, line_shots, make_film, plan_film
from generation.metrics.loudness import integrated_lufs, true_peak_dbtp

RATE = 16000


class StillGenerator:
    """A VideoGenerator of 16 still grey frames a shot at 8 fps: 2 s for the first shot, 1.5 s
    for each later one (shot_bounds), with nothing moving, so no impact sounds."""

    fps, frames, size = 8.0, 16, 16

    def generate(self, prompts, styles, *, seed, steps, guidance=1.0, progress=None, **conditioning):
        return np.full((len(prompts), self.frames, self.size, self.size, 3), 100, np.uint8)


def _film(prompt: str, **kwargs):
    return make_film(ClipRequest(prompt, seed=kwargs.pop("seed", 1), steps=1, size=256, **kwargs), StillGenerator())


def _band_power(audio: np.ndarray, lo: float, hi: float) -> float:
    freqs = np.fft.rfftfreq(len(audio), 1 / RATE)
    power = np.abs(np.fft.rfft(audio)) ** 2 / len(audio)
    return float(power[(freqs >= lo) & (freqs < hi)].sum())


def _span(audio: np.ndarray, start_s: float, end_s: float) -> np.ndarray:
    return audio[int(start_s * RATE):int(end_s * RATE)]


@pytest.mark.parametrize("prompt, shots", [
    ('a ball bounces in a gym, cut to a person in a gym says "goodbye now"', [1]),
    ('a man walks down a street at night. He stops at a door and says "is anyone home"', [1]),
    ('a ball bounces in a gym, then a person in a gym says "goodbye now"', [0]),  # "then" goes on: one shot
    ('a ball bounces in a gym. cut to a crate slides in a gym. cut to a man says "hi"', [2]),
    ('a man says "watch" in a gym. Cut to the ball goes in and he says "yes" and "told you"', [0, 1, 1]),
    ('a man in a gym says "go" and "now"', [0, 1]),  # one shot: line i in shot i, as before
])
def test_each_line_belongs_to_the_shot_whose_words_hold_it(prompt, shots):
    assert line_shots(prompt) == shots


def test_a_line_written_in_the_second_shot_is_heard_in_the_second_shot():
    film = _film('a ball bounces in a gym, cut to a person in a gym says "goodbye now"')
    assert film.shots == 2 and len(film.audio) == 3.5 * RATE  # shot 2 runs 2.0-3.5 s
    [line] = film.dialogue
    assert line.start_s == pytest.approx(2.15) and line.end_s < 3.5
    first, second = _span(film.audio, 0.0, 2.0), _span(film.audio, 2.0, 3.5)
    assert _band_power(second, 300, 3400) > 100 * _band_power(first, 300, 3400)


def test_the_dialogue_check_places_lines_where_the_soundtrack_does():
    from generation.jobs.rewriting import spoken_lines

    # two lines of ~0.75 s in the 1.5 s second shot: one after the other they run past the
    # clip's end (one per shot, as lines were placed before, they would have fitted)
    prompt = 'a ball bounces in a gym, cut to a man says "goodbye now" and "see you soon"'
    assert spoken_lines(prompt, ()) == (["goodbye now", "see you soon"], [1, 1])
    with pytest.raises(DialogueTooLong, match=r"clip is 3\.50 s long \(2 shots\): 1 of 2"):
        plan_film(ClipRequest(prompt, steps=1), StillGenerator())
    fits = 'a ball bounces in a gym, cut to a man says "goodbye now"'
    plan_film(ClipRequest(fits, steps=1), StillGenerator())


def _low_share(audio: np.ndarray) -> float:
    """Share of the bed's power above 250 Hz against below 150 Hz: the narrower a setting's
    smoothing (the beach's surf, 24 samples), the brighter; the gym's room tone (40) is dull."""
    return _band_power(audio, 250, 600) / _band_power(audio, 20, 150)


def test_each_shot_has_its_own_settings_ambience_at_the_mastered_level():
    film = _film("a ball bounces on a beach; cut to a ball bounces in a gym", style="realistic", seed=4)
    beach, gym = _span(film.audio, 0.0, 1.9), _span(film.audio, 2.1, 3.5)
    assert _low_share(beach) > 2 * _low_share(gym)
    both_gym = _film("a ball bounces in a gym; cut to a ball bounces in a gym", style="realistic", seed=4)
    same = _low_share(_span(both_gym.audio, 0.0, 1.9)) / _low_share(_span(both_gym.audio, 2.1, 3.5))
    assert 0.6 < same < 1.6  # the difference is the setting's, not the shot's
    assert abs(integrated_lufs(film.audio, RATE) + 16.0) < 0.5 and true_peak_dbtp(film.audio) <= -1.0


def test_a_park_at_night_does_not_sound_like_the_park_by_day():
    day, night = _film("a ball bounces in a park"), _film("a ball bounces in a park at night")
    assert not np.array_equal(day.audio, night.audio)
    crickets = _band_power(night.audio, 4300, 4700) / _band_power(night.audio, 20, 4000)
    assert crickets > 10 * _band_power(day.audio, 4300, 4700) / _band_power(day.audio, 20, 4000)


def test_a_ball_lands_on_each_shots_own_floor(monkeypatch):
    import generation.film as film
    from generation.world.generate import generate

    drop = generate("ball_drop", 1, width=64, height=64, fps=24.0, audio_rate=0)
    n = len(drop.frames)
    frames = np.concatenate([drop.frames, drop.frames])
    heard = []
    real_impact = film.impact
    monkeypatch.setattr(film, "impact", lambda ev, kind, rate, rng: heard.append(ev) or real_impact(ev, kind, rate, rng))
    film.soundtrack(frames, 24.0, drop.meta.plan, [], RATE, np.random.default_rng(0), shot_starts=(0, n),
                    shot_words=("a ball drops on a beach", "a ball drops in a gym"))
    floors = [(ev.time_s < n / 24.0, ev.material_b) for ev in heard if ev.b == "floor"]
    assert (True, "sand") in floors and (False, "wood") in floors
    assert set(floors) <= {(True, "sand"), (False, "wood")}
