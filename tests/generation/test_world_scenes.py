"""The world: plans and captions, every scenario family, physics outcomes, rendering styles."""

from __future__ import annotations

import random

import numpy as np
import pytest

from generation.world.generate import generate, simulate
from generation.world.plan import plan_decoder, plan_encoder
from generation.world.scenarios import all_families


def test_there_are_at_least_thirty_scenario_families():
    assert len(all_families()) >= 30


@pytest.mark.parametrize("name", sorted(all_families()))
def test_every_family_stages_a_sample_with_plan_caption_states_and_sound(name):
    s = generate(name, 7, width=32, height=32, audio_rate=8000)
    assert s.frames.shape[1:] == (32, 32, 3) and s.frames.dtype == np.uint8
    assert len(s.meta.states) == len(s.frames) == len(s.meta.shot_of_frame)
    assert s.meta.caption and s.meta.plan.objects and s.meta.plan.actions
    assert s.audio.shape == (int(round(len(s.frames) / s.meta.fps * 8000)),)


def test_plan_survives_a_json_round_trip_and_captions_vary():
    s = generate("made_shot", 3)
    assert plan_decoder.decode(plan_encoder.encode(s.meta.plan)) == s.meta.plan
    from generation.world.plan import caption

    rng = random.Random(0)
    captions = {caption(s.meta.plan, rng) for _ in range(12)}
    assert len(captions) >= 6
    assert all("basketball" in c for c in captions)
    more = {caption(s.meta.plan, rng) for _ in range(60)}
    assert not any(" :" in c or " ," in c or " ." in c for c in more)  # "by day" may be left out


def _final_y(trace, oid):
    return next(st.y for st in trace.states[-1] if st.id == oid)


def test_beach_ball_floats_and_bowling_ball_sinks():
    _, trace, _ = simulate("float_and_sink", 1, "pool", 24.0)
    assert _final_y(trace, "floater") > 1.4  # centre above the surface
    assert _final_y(trace, "sinker") < 0.5  # resting on the bottom


def test_made_shot_scores_and_missed_shot_hits_the_backboard():
    build, _, _ = simulate("made_shot", 2, "gym", 24.0)
    assert build.accept(build.sandbox)
    build, trace, _ = simulate("missed_shot_backboard", 2, "gym", 24.0)
    hits = [c for c in trace.contacts if c.b == "backboard"]
    assert hits and hits[0].material_b == "glass" and hits[0].impulse > 0


def test_a_scene_run_on_is_the_same_scene_further_on():
    build, trace, _ = simulate("missed_shot_backboard", 2, "gym", 8.0)
    longer, on, _ = simulate("missed_shot_backboard", 2, "gym", 8.0, run_for=build.duration_s + 1.5)
    assert len(on.states) == len(trace.states) + 12
    assert on.states[:len(trace.states)] == trace.states  # the accepted draw, not another one
    assert simulate("missed_shot_backboard", 2, "gym", 8.0, run_for=1.0)[1].states == trace.states


def test_contacts_carry_impulse_and_materials():
    _, trace, _ = simulate("bowling_ball_drop", 0, "gym", 24.0)
    first = trace.contacts[0]
    assert (first.b, first.material_a, first.material_b) == ("floor", "resin", "wood")
    assert first.impulse > 0 and first.speed > 1.0


def test_three_styles_look_different_and_night_is_darker():
    looks = {st: generate("ball_drop", 4, width=64, height=64, style=st, time_of_day="day").frames
             for st in ("realistic", "cinematic", "anime")}
    assert np.abs(looks["realistic"].astype(int) - looks["anime"]).mean() > 3
    assert looks["cinematic"][:, :3].max() == 0  # letterbox bars
    night = generate("ball_drop", 4, width=64, height=64, style="anime", time_of_day="night").frames
    assert night.mean() < looks["anime"].mean() - 30


def test_renders_at_any_resolution_and_frame_rate():
    s = generate("ball_drop", 1, width=96, height=54, fps=12.0)
    assert s.frames.shape[1:3] == (54, 96)
    assert abs(len(s.frames) / 12.0 - s.meta.plan.duration_s) < 0.1


def test_multi_shot_sample_keeps_the_same_objects_across_cuts():
    s = generate("ball_toss_bounce", 5, n_shots=3)
    assert len(s.meta.plan.shots) == 3
    assert len(set(s.meta.shot_of_frame)) == 3
    ids = [{st.id for st in s.meta.states[i]} for i in (0, len(s.frames) - 1)]
    assert ids[0] == ids[1]


@pytest.mark.parametrize("seed", [48, 312, 345])
def test_a_dropped_ball_starts_in_the_hand_instead_of_jumping_there(seed):
    s = generate("figure_drop", seed, width=64, height=64)
    path = [(st.x, st.y) for frame in s.meta.states[:3] for st in frame if st.id == "ball"]
    steps = [np.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(path, path[1:])]
    assert max(steps) < 0.1  # metres per frame: a gentle release, no jump into the hand


def test_multi_shot_cuts_can_be_kept_within_a_model_clip():
    from generation.model.conditioning import shots_fit

    fitted = 0
    for seed in range(8):
        plan = generate("ball_drop", seed, width=32, height=32, fps=8.0, n_shots=2, audio_rate=0,
                        shots_within=16).meta.plan
        assert len(plan.shots) == 2
        fitted += shots_fit(plan, 8.0, 16)
    assert fitted == 8
    # without it the cuts spread over the whole simulated time, as before
    loose = [generate("ball_drop", seed, width=32, height=32, fps=8.0, n_shots=3,
                      audio_rate=0).meta.plan for seed in range(8)]
    assert not all(shots_fit(p, 8.0, 16) for p in loose)
