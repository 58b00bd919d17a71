"""Evaluation by the judges: held-out prompts with their simulated clips, pooled pass rates,
and the full comparison (simulated, trained at several step counts, untrained) on tiny weights."""

from __future__ import annotations

import msgspec
import numpy as np
import pytest
import torch

from generation.model.checkpoints import save_checkpoint
from generation.model.evaluate import ADHERENCE, evaluate, held_out, held_out_sets, judge_all, rates
from generation.model.model import VideoDenoiser, VideoDiffusionConfig


def tiny_weights(path):
    """A tiny untrained checkpoint (16 frames of 32 px) saved at `path`."""
    from diffusers.training_utils import EMAModel

    torch.manual_seed(0)
    model = VideoDenoiser.from_model_config(VideoDiffusionConfig(
        frames=16, size=32, channels=(8, 16), layers_per_block=1, attention_head_dim=8, norm_groups=4))
    save_checkpoint(path, model, EMAModel(model.parameters()), torch.optim.AdamW(model.parameters()), 0, {})


def test_held_out_prompts_cycle_scenarios_and_styles_with_every_fourth_multi_shot():
    prompts = held_out(4, frames=16, size=32, fps=8.0)
    assert [p.shots > 1 for p in prompts] == [False, False, False, True]
    assert len({p.style for p in prompts[:3]}) == 3
    assert all(p.frames.shape == (16, 32, 32, 3) and p.caption for p in prompts)


def test_held_out_multi_shot_prompts_show_every_shot_within_the_model_clip():
    from generation.model.conditioning import shots_fit

    prompts = held_out(16, frames=16, size=32, fps=8.0)
    multi = [p for p in prompts if p.shots > 1]
    assert len(multi) >= 2  # four-shot slots never fit 16 frames at 8 fps: the next slot follows
    for p in multi:
        assert shots_fit(p.plan, 8.0, 16)
        starts = np.cumsum([0.0] + [s.end_s - s.start_s for s in p.plan.shots[:-1]])
        assert all(round(t * 8.0) + 3 <= 16 for t in starts)


def test_judging_at_the_published_size_upscales_every_clip_alike():
    prompts = held_out(4, frames=16, size=32, fps=8.0)
    clips = np.stack([p.frames for p in prompts])
    native = judge_all(clips, prompts, 8.0)
    big = judge_all(clips, prompts, 8.0, judge_size=64)
    assert len(native) == len(big) == 4
    assert [r.shots for r in big] == [r.shots for r in native]  # the same cuts, read larger


def test_simulated_clips_outscore_noise_on_adherence():
    prompts = held_out(4, frames=16, size=32, fps=8.0)
    sim = rates(judge_all(np.stack([p.frames for p in prompts]), prompts, 8.0), prompts)
    noise = np.random.default_rng(0).integers(0, 255, (4, 16, 32, 32, 3), dtype=np.uint8)
    bad = rates(judge_all(noise, prompts, 8.0), prompts)
    assert sim.adherence > bad.adherence and sim.physics_n > 0 and sim.multi_shot_n == 1
    failed = sum(n for name, n in bad.failures.items() if name in ADHERENCE)
    assert failed == round((1 - bad.adherence) * bad.adherence_n) > 0  # failures name the checks
    assert sum(bad.failures.values()) > sum(sim.failures.values())


def test_evaluate_reports_simulated_trained_per_step_count_and_untrained(tmp_path):
    tiny_weights(tmp_path)
    result = evaluate(tmp_path, n=4, step_counts=[1, 2], guidance=1.0, batch=4, log=lambda s: None)
    assert set(result) == {"simulated", "trained_2_steps", "trained_1_steps", "untrained"}
    assert result["trained_2_steps"].seconds_per_clip > 0


def test_multi_shot_prompts_made_shot_by_shot_as_the_product_does(tmp_path):
    from generation.model.evaluate import judge_saved

    tiny_weights(tmp_path / "w")
    result = evaluate(tmp_path / "w", n=4, step_counts=[1], guidance=1.0, batch=4, log=lambda s: None,
                      save_clips=tmp_path / "clips.npz", chain=True)
    assert set(result) == {"simulated", "trained_1_steps", "untrained", "simulated_chained",
                           "chained_1_steps", "chained_untrained"}
    chained = result["chained_1_steps"]
    assert chained.multi_shot_n == 1 and chained.adherence_n > 0
    with np.load(tmp_path / "clips.npz") as f:
        clip = f["chained_1_steps_0"]
    [held] = held_out_sets(4, frames=16, size=32, fps=8.0)[1]
    assert clip.shape == (16 + 12 * (held.shots - 1), 32, 32, 3)  # 4 frames carried over per cut
    again = judge_saved(tmp_path / "clips.npz", log=lambda s: None)
    assert again["chained_1_steps"] == msgspec.structs.replace(chained, seconds_per_clip=again["chained_1_steps"].seconds_per_clip)
    assert again["simulated_chained"] == result["simulated_chained"]  # beside it, the world's own
    assert again["chained_untrained"].multi_shot_n == 1


def test_the_worlds_own_chained_videos_have_the_chains_layout_and_keep_their_objects():
    from generation.model.evaluate import KEEP, simulated_chains

    multi = held_out_sets(12, frames=16, size=32, fps=8.0)[1]
    assert sorted(p.shots for p in multi) == [2, 3, 4]  # every shot count, 4 too: no clip limits them
    clips, timed = simulated_chains(multi, 16, KEEP, 8.0)
    assert len(clips) == len(timed) == 3
    for clip, t, p in zip(clips, timed, multi):
        assert clip.shape == (16 + 12 * (p.shots - 1), 32, 32, 3)
        assert t.plan.duration_s == clip.shape[0] / 8.0
    judged = rates(judge_all(clips, timed, 8.0), timed)
    assert judged.cross_shot == 1.0 and judged.adherence > 0.9


def test_validation_prompts_are_of_the_same_kind_but_not_the_held_out_ones(tmp_path):
    from generation.model.evaluate import judge_saved

    held = held_out(4, frames=16, size=32, fps=8.0)
    valid = held_out_sets(4, frames=16, size=32, fps=8.0, split="validation")[0]
    assert [p.family for p in valid] == [p.family for p in held]
    assert [p.style for p in valid] == [p.style for p in held]
    assert not {p.seed for p in valid} & {p.seed for p in held}
    with pytest.raises(ValueError, match="unknown split"):
        held_out_sets(4, frames=16, size=32, fps=8.0, split="test")
    tiny_weights(tmp_path / "w")
    result = evaluate(tmp_path / "w", n=4, step_counts=[1], guidance=1.0, batch=4, log=lambda s: None,
                      save_clips=tmp_path / "clips.npz", split="validation", solver="ddim", twin=False)
    assert set(result) == {"simulated", "trained_1_steps"}
    again = judge_saved(tmp_path / "clips.npz", log=lambda s: None)  # the file knows its split
    assert again["simulated"] == result["simulated"]


def test_a_chained_videos_shots_are_captioned_as_the_chain_captions_them():
    """Shot i with seed + i, as the chain's rewrite step words each shot (rewriting.shot_captions):
    the evaluation does not give every shot of a video the same wording."""
    import msgspec

    from generation.model.evaluate import shot_captions
    from generation.world.plan import describe

    multi = held_out_sets(12, frames=16, size=32, fps=8.0)[1]
    for p in multi:
        expected = tuple(describe(msgspec.structs.replace(p.plan, shots=(shot,)), 7 + i)
                         for i, shot in enumerate(p.plan.shots))
        assert shot_captions(p, 7) == expected
    wordings = [set(shot_captions(p, 7)) for p in multi]
    assert any(len(w) > 1 for w in wordings)  # some shots are worded apart (the old code: never)
