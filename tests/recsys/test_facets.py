"""The facets and energy of videos: from real ScenePlans of the world, and from captions alone."""

from __future__ import annotations

import msgspec
import pytest

from generation.world.generate import generate
from generation.world.plan import Action, DialogueLine, ObjectSpec, ScenePlan
from recsys.facets import VideoFacets, scene_energy, video_facets
from recsys.vocabulary import FACETS, SYNONYMS, descriptions, label


def test_the_vocabulary_names_every_facet_of_the_world_and_each_word_means_one():
    from generation.world.plan import OBJECT_KINDS, SETTINGS, STYLES, VERBS

    kinds = {f.partition(":")[0] for f in FACETS}
    assert kinds == {"style", "object", "colour", "setting", "time", "action", "topic"}
    assert {f"object:{k}" for k in OBJECT_KINDS} | {f"setting:{s}" for s in SETTINGS} <= set(FACETS)
    assert {f"style:{s}" for s in STYLES} | {f"action:{v}" for v in VERBS} <= set(FACETS)
    assert {"topic:sports", "topic:water", "topic:people", "topic:talk"} <= set(FACETS)
    assert set(SYNONYMS.values()) == set(FACETS) == set(descriptions())
    assert SYNONYMS[("tennis", "balls")] == "object:tennis_ball" and SYNONYMS[("crates",)] == "object:crate"
    assert label("object:tennis_ball") == "tennis balls" and label("style:anime") == "anime"


def _sample(name: str, seed: int = 3, **look):
    return generate(name, seed, width=32, height=32, audio_rate=0, **look)


def _facets_of(sample, **counts) -> VideoFacets:
    return video_facets(msgspec.to_builtins(sample.meta.plan), sample.meta.caption, **counts)


def test_a_floating_beach_ball_in_an_anime_pool_at_night_is_water_not_sports():
    s = _sample("beach_ball_float", style="anime", time_of_day="night", setting="pool")
    got = _facets_of(s, contacts=1)
    colour = s.meta.plan.objects[0].colour
    assert set(got.facets) == {"style:anime", "time:night", "setting:pool", "object:beach_ball", f"colour:{colour}",
                               "action:float", "topic:water", "topic:balls"}
    assert got.energy < 0.1


def test_a_missed_shot_with_a_shooter_is_sports_with_people():
    s = _sample("missed_shot_backboard", style="cinematic", time_of_day="day", setting="gym")
    got = _facets_of(s, contacts=6)
    assert {"style:cinematic", "time:day", "setting:gym", "object:basketball", "object:figure", "action:shoot",
            "topic:sports", "topic:people", "topic:balls"} <= set(got.facets)
    assert "topic:water" not in got.facets
    assert {f"colour:{o.colour}" for o in s.meta.plan.objects} <= set(got.facets)


@pytest.mark.parametrize("name", ["ball_drop", "balls_collide", "crate_slide", "figure_pass", "splash", "made_shot"])
def test_facets_of_world_plans_are_sorted_unique_and_all_in_the_vocabulary(name):
    s = _sample(name, seed=5)
    got = _facets_of(s, contacts=len(s.meta.contacts), dialogue_lines=len(s.meta.plan.dialogue))
    assert list(got.facets) == sorted(set(got.facets))
    assert set(got.facets) <= set(FACETS)
    assert {f"action:{a.verb}" for a in s.meta.plan.actions} <= set(got.facets)
    assert {f"object:{o.kind}" for o in s.meta.plan.objects} <= set(got.facets)
    assert 0.0 <= got.energy <= 1.0
    assert got == _facets_of(s, contacts=len(s.meta.contacts), dialogue_lines=len(s.meta.plan.dialogue))


def test_a_plan_struct_reads_the_same_as_its_builtins():
    s = _sample("figure_kick", seed=2)
    assert video_facets(s.meta.plan, s.meta.caption, contacts=3) == _facets_of(s, contacts=3)


def test_spoken_lines_make_a_video_about_talk_and_people():
    s = _sample("crate_slide", seed=1)
    assert not {"topic:talk", "topic:people"} & set(_facets_of(s).facets)
    assert {"topic:talk", "topic:people"} <= set(_facets_of(s, dialogue_lines=2).facets)
    plan = msgspec.structs.replace(s.meta.plan, dialogue=(DialogueLine("x", "Heads up!", 0.1, 0.7),))
    assert "topic:talk" in video_facets(plan, "").facets


def test_values_no_facet_knows_are_left_out():
    plan = {"objects": [{"id": "a", "kind": "dragon", "colour": "teal"}], "actions": [{"verb": "fly", "subject": "a"}],
            "setting": "moon", "style": "vaporwave", "time_of_day": "dusk"}
    assert video_facets(plan, "whatever").facets == ()


def test_without_a_plan_the_caption_words_give_the_facets():
    got = video_facets(None, "A cinematic video at the pool at night: a red beach ball floats and bobs.")
    assert got.facets == ("action:float", "colour:red", "object:beach_ball", "setting:pool", "style:cinematic",
                          "time:night", "topic:balls", "topic:water")


def test_a_world_caption_alone_names_what_its_plan_does():
    s = _sample("balls_collide", seed=3, style="realistic", time_of_day="day", setting="street")
    from_plan, from_caption = _facets_of(s), video_facets(None, s.meta.caption)
    assert {f for f in from_plan.facets if not f.startswith("colour:")} <= set(from_caption.facets)
    assert "time:day" in from_caption.facets  # the world's captions say "at night" when it is night


def test_a_caption_with_hyphens_plurals_and_capitals_is_read():
    got = video_facets(None, "Anime-style: Two Tennis Balls bounce in a Gym")
    assert {"style:anime", "object:tennis_ball", "action:bounce", "setting:gym", "topic:sports"} <= set(got.facets)


def _plan(objects, actions, setting="pool") -> ScenePlan:
    return ScenePlan(tuple(ObjectSpec(f"o{i}", kind, "red") for i, kind in enumerate(objects)),
                     tuple(Action(verb, f"o{i}", outcome=outcome) for i, (verb, outcome) in enumerate(actions)),
                     setting)


def test_energy_orders_a_float_below_a_collision_below_a_rebounding_shot_with_many_contacts():
    floating = video_facets(_plan(["beach_ball"], [("float", "float")]), "", contacts=1)
    colliding = video_facets(_plan(["basketball", "tennis_ball"], [("collide", "none")], "gym"), "", contacts=2)
    rebound = video_facets(_plan(["figure", "basketball"], [("shoot", "rebound_rim")], "court"), "", contacts=14,
                           dialogue_lines=1)
    assert floating.energy < 0.15 < colliding.energy < rebound.energy
    assert rebound.energy - floating.energy > 0.5  # calm and busy are far apart, not a hair


def test_calm_verbs_score_below_intense_ones():
    calm = [scene_energy([(verb, "rest")], objects=1) for verb in ("float", "roll", "slide")]
    intense = [scene_energy([(verb, "none")], objects=1) for verb in ("collide", "shoot", "throw", "kick", "splash")]
    assert max(calm) < 0.1 < 0.35 < min(intense)


def test_energy_stays_within_zero_and_one():
    busy = scene_energy([("collide", "score")] * 20, objects=50, contacts=10_000, dialogue_lines=40)
    assert 0.99 <= busy <= 1.0
    assert scene_energy([], objects=0) == 0.0
    assert scene_energy([("float", "float")], objects=-3, contacts=-5, dialogue_lines=-1) == 0.0
    assert 0.0 <= scene_energy([("teleport", "none")], objects=2, contacts=1) <= 1.0


def test_caption_only_energy_follows_its_verbs():
    calm = video_facets(None, "a beach ball floats on the pool")
    busy = video_facets(None, "a bowling ball crashes into a crate, then a player kicks a basketball", contacts=8)
    assert calm.energy < 0.1 < 0.6 < busy.energy
