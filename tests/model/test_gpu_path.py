"""The lent-GPU path, run on the CPU: the compact text encoder, the simulator-fed trainer's
pieces, float16 weight files, and judging clips sampled elsewhere."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from generation.model.checkpoints import load_denoiser, save_checkpoint
from generation.model.evaluate import evaluate, judge_saved
from generation.model.model import VideoDenoiser, VideoDiffusionConfig

TINY32 = VideoDiffusionConfig(frames=16, size=32, channels=(8, 16), layers_per_block=1,
                              attention_head_dim=8, norm_groups=4)


@pytest.fixture(scope="module")
def compact(tmp_path_factory):
    from generation.model.compact_text import export

    out = tmp_path_factory.mktemp("minilm")
    info = export(out)
    return out, info


def test_compact_text_encoder_matches_the_full_model_on_captions(compact):
    from generation.model.compact_text import CompactMiniLM
    from generation.model.evaluate import held_out
    from recsys.embeddings import MiniLMEmbedder

    folder, info = compact
    assert info["kept_rows"] < info["full_rows"] // 10 and info["bytes"] < 30e6
    captions = [p.caption for p in held_out(6, frames=16, size=32, fps=8.0)]
    small = CompactMiniLM(folder)
    cos = (small.embed(captions) * MiniLMEmbedder().embed(captions)).sum(1)
    assert cos.min() > 0.9999 and small.unknown == 0
    # A word outside the world's vocabulary falls back to [UNK] and is counted.
    small.embed(["a xylophone"])
    assert small.unknown > 0


def test_float16_weight_files_load_as_float32_and_sample(tmp_path):
    from diffusers.training_utils import EMAModel

    from generation.model.config import TrainConfig
    from generation.model.train_stream import save

    torch.manual_seed(0)
    model = VideoDenoiser.from_model_config(TINY32)
    save(tmp_path / "run", model, EMAModel(model.parameters()), 7, TrainConfig(), {}, shard_mb=1)
    loaded, sched = load_denoiser(tmp_path / "run")
    assert next(loaded.parameters()).dtype == torch.float32
    for a, b in zip(model.parameters(), loaded.parameters()):
        assert torch.allclose(a, b, atol=1e-3, rtol=1e-3)
    assert sched["num_train_timesteps"] > 0


def test_replay_buffer_draws_batches_of_model_tensors():
    from generation.model.train_stream import Replay

    buf = Replay(4, 16, 32, 384, 8, torch.device("cpu"))
    frames = np.full((6, 16, 32, 32, 3), 255, np.uint8)
    buf.add(frames, np.ones((6, 384), np.float32), np.arange(6) % 3, np.zeros((6, 8), np.float32))
    batch = buf.batch(5, torch.Generator().manual_seed(0))
    assert buf.count == 6 and batch["frames"].shape == (5, 16, 3, 32, 32)
    assert float(batch["frames"].min()) == 1.0 and batch["style"].dtype == torch.long


def test_clips_saved_on_one_machine_are_judged_on_another(tmp_path):
    from diffusers.training_utils import EMAModel

    torch.manual_seed(0)
    model = VideoDenoiser.from_model_config(TINY32)
    save_checkpoint(tmp_path / "w", model, EMAModel(model.parameters()),
                    torch.optim.AdamW(model.parameters()), 0, {})
    clips = tmp_path / "clips.npz"
    unjudged = evaluate(tmp_path / "w", n=4, step_counts=[1], guidance=1.0, batch=4,
                        log=lambda s: None, save_clips=clips, judge=False)
    assert unjudged["trained_1_steps"].physics_n == 0
    judged = judge_saved(clips, log=lambda s: None)
    assert set(judged) == {"simulated", "trained_1_steps", "untrained"}
    assert judged["simulated"].adherence_n > 0 and judged["trained_1_steps"].seconds_per_clip > 0


@pytest.mark.slow
def test_stream_trainer_runs_a_short_cpu_session(tmp_path):
    from generation.model.config import load_config
    from generation.model.train_stream import train

    cfg = load_config("generation/configs/stream-smoke.toml")
    figures = train(cfg, "cpu", minutes=1.5, workers=1, out=tmp_path, capacity=256, min_fill=8,
                    save_every=1e9)
    assert figures["steps"] > 0 and figures["clips_made"] >= 8
    assert (tmp_path / cfg.run.name / "denoiser" / "config.json").exists()
    load_denoiser(tmp_path / cfg.run.name)
