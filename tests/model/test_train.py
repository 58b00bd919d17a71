"""Training: the loss learns, the data rows are model-ready, configs are checked, and a Ray
Train run writes checkpoints and a loss log, resumes where it stopped, and runs DDP."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import msgspec
import numpy as np
import pytest
import torch

from generation.model.checkpoints import latest_checkpoint, load_denoiser
from generation.model.config import (ConfigError, DataSection, ModelSection, RunSection,
                                     TrainConfig, TrainSection, load_config)
from generation.model.data import DataError, shard_paths, shard_rows
from generation.model.model import VideoDenoiser
from generation.model.schedulers import training_scheduler
from generation.model.train import diffusion_loss

TINY_MODEL = ModelSection(frames=6, size=32, channels=(8, 16), layers_per_block=1,
                          attention_head_dim=8, norm_groups=4)


def _config(root, storage, steps: int, workers: int = 1) -> TrainConfig:
    return TrainConfig(TINY_MODEL,
                       TrainSection(batch_size=2, max_steps=steps, warmup_steps=1, checkpoint_every=2,
                                    log_every=1, workers=workers, threads_per_worker=1,
                                    cpus_per_worker=0.5),
                       DataSection(root=str(root), shuffle_buffer=4),
                       RunSection(name="t", storage=str(storage)))


def test_loss_falls_when_the_model_fits_one_batch():
    torch.manual_seed(0)
    cfg = msgspec.structs.replace(_config(".", ".", 1), train=TrainSection(bf16=False))
    model = VideoDenoiser.from_model_config(cfg.model_config())
    opt = torch.optim.AdamW(model.parameters(), lr=3e-3)
    x = torch.zeros(4, 6, 3, 32, 32)
    x[:, :, 0, 8:14, 8:14] = 1.0  # a red square on black
    batch = {"frames": x * 2 - 1, "text": torch.zeros(4, 384), "style": torch.zeros(4, dtype=torch.long),
             "appearance": torch.zeros(4, 8)}
    sched, losses = training_scheduler(), []
    for i in range(40):
        loss = diffusion_loss(model, sched, batch, cfg, torch.Generator().manual_seed(i % 4))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    assert np.mean(losses[-8:]) < 0.75 * np.mean(losses[:8])


def test_foreground_mask_marks_what_moves_and_weighs_it_in_the_loss():
    from generation.model.train import foreground_mask

    x = torch.full((2, 6, 3, 32, 32), -0.5)
    x[:, :, 2, 20:, :] = 0.3  # a still floor
    for k in range(6):
        x[0, k, 0, 10:13, 4 + 4 * k: 7 + 4 * k] = 1.0  # a red ball rolling right, clip 0 only
    fg = foreground_mask(x)
    assert fg.shape == (2, 6, 1, 32, 32)
    assert fg[1].sum() == 0 and fg[0, :, :, 20:].sum() == 0  # the still clip, the floor
    assert fg[0, 2, 0, 11, 12] == 1 and fg[0, 2, 0, 9, 12] == 1  # the ball, grown by a pixel
    assert 0 < float(fg[0].mean()) < 0.1
    torch.manual_seed(0)
    uniform = _config(".", ".", 1)
    uniform = msgspec.structs.replace(uniform, train=TrainSection(bf16=False, known_prob=0.0))
    weighted = msgspec.structs.replace(uniform, train=TrainSection(bf16=False, known_prob=0.0,
                                                                   foreground_weight=4.0))
    model = VideoDenoiser.from_model_config(uniform.model_config())
    batch = {"frames": x, "text": torch.zeros(2, 384), "style": torch.zeros(2, dtype=torch.long),
             "appearance": torch.zeros(2, 8)}
    sched = training_scheduler()

    def loss(cfg, rows):
        part = {k: v[rows] for k, v in batch.items()}
        return float(diffusion_loss(model, sched, part, cfg, torch.Generator().manual_seed(0)).detach())

    still = slice(1, 2)
    assert loss(weighted, still) == pytest.approx(loss(uniform, still))  # nothing moves: the same
    assert loss(weighted, slice(0, 1)) != pytest.approx(loss(uniform, slice(0, 1)))


def test_appearance_dropout_zeroes_the_code_of_that_share_of_clips(monkeypatch):
    """So that zeros come to mean "unspecified", not "no figure" (what a sampler sends when no
    character is asked for)."""
    import generation.model.train as train

    cfg = _config(".", ".", 1)
    cfg = msgspec.structs.replace(cfg, train=TrainSection(bf16=False, known_prob=0.0, appearance_dropout=0.5))
    model = VideoDenoiser.from_model_config(cfg.model_config())
    seen = []
    forward = model.forward
    monkeypatch.setattr(model, "forward", lambda *a: seen.append(a[4].clone()) or forward(*a))
    m = cfg.model_config()
    batch = {"frames": torch.zeros(16, m.frames, 3, m.size, m.size), "text": torch.zeros(16, 384),
             "style": torch.zeros(16, dtype=torch.long), "appearance": torch.ones(16, m.appearance_dim)}
    train.diffusion_loss(model, training_scheduler(), batch, cfg, torch.Generator().manual_seed(0))
    kept, zeroed = (seen[0] == 1).all(dim=1), (seen[0] == 0).all(dim=1)
    assert (kept | zeroed).all() and 0 < int(kept.sum()) < 16  # whole codes, some of each
    never = msgspec.structs.replace(cfg, train=TrainSection(bf16=False, known_prob=0.0))
    seen.clear()
    train.diffusion_loss(model, training_scheduler(), batch, never, torch.Generator().manual_seed(0))
    assert (seen[0] == 1).all()  # off by default: every code as given


def test_shard_rows_fit_clips_to_the_model_length_with_style_and_appearance(world_shards):
    rows = shard_rows(shard_paths(world_shards)[0], frames=30, size=32)
    assert len(rows) == 3
    for row in rows:
        assert row["frames"].shape == (30, 32, 32, 3) and row["frames"].dtype == np.uint8
        assert row["caption"] and 0 <= row["style"] <= 2 and row["appearance"].shape == (8,)


def test_missing_or_mismatched_data_is_a_clear_error(world_shards, tmp_path):
    with pytest.raises(DataError, match="no finished shards"):
        shard_paths(tmp_path)
    with pytest.raises(DataError, match="model wants 64"):
        shard_rows(shard_paths(world_shards)[0], frames=6, size=64)


def test_committed_configs_load_and_bad_values_are_refused(tmp_path):
    for path in Path("generation/configs").glob("*.toml"):
        assert load_config(path).model.frames > 0
    bad = tmp_path / "bad.toml"
    bad.write_text("[train]\nbatch_size = 0\n")
    with pytest.raises(ConfigError, match="batch_size"):
        load_config(bad)
    bad.write_text("[model]\nchannels = [10, 20]\nnorm_groups = 4\n")
    with pytest.raises(ConfigError, match="norm_groups"):
        load_config(bad)
    with pytest.raises(ConfigError, match="no config"):
        load_config(tmp_path / "missing.toml")


def _log(storage: Path) -> list[dict]:
    return [json.loads(line) for line in (storage / "t" / "log.jsonl").read_text().splitlines()]


TINY_MODEL_TOML = """[model]
frames = 6
size = 32
channels = [8, 16]
layers_per_block = 1
attention_head_dim = 8
norm_groups = 4
"""
"""The model section of the tests' tiny training configs."""


def _toml(path: Path, root, storage, steps: int) -> Path:
    path.write_text(TINY_MODEL_TOML + f"""[train]
batch_size = 2
max_steps = {steps}
warmup_steps = 1
checkpoint_every = 2
log_every = 1
threads_per_worker = 1
cpus_per_worker = 0.5
[data]
root = "{root}"
shuffle_buffer = 4
[run]
name = "t"
storage = "{storage}"
""")
    return path


def test_a_ray_train_run_logs_checkpoints_and_exports(ray_session, world_shards, tmp_path):
    """One short run through Ray Train (the default suite's; resuming is the slow test's below)."""
    from generation.model.export import export_run
    from generation.model.train import run_training

    cfg = _toml(tmp_path / "a.toml", world_shards, tmp_path, steps=2)
    shown: list[int] = []
    run_training(load_config(cfg), on_row=lambda row: shown.append(row["step"]))
    assert shown == [1, 2] and [row["step"] for row in _log(tmp_path)] == [1, 2]
    assert latest_checkpoint(tmp_path / "t").name == "step-0000002"
    out = export_run(cfg, tmp_path / "weights")
    assert (out / "denoiser/diffusion_pytorch_model.safetensors").exists() and (out / "model_index.json").exists()


@pytest.mark.slow
def test_ray_train_run_checkpoints_resumes_from_its_latest_step_and_exports(ray_session, world_shards,
                                                                          tmp_path):
    """Resuming reads the run's folder, not Ray's snapshot of it: Ctrl-C or a kill can leave the
    checkpoints without the snapshot, or a checkpoint cut short, or log rows past the last
    checkpoint."""
    from generation.model.export import export_run
    from generation.model.train import run_training

    first_cfg = _toml(tmp_path / "a.toml", world_shards, tmp_path, steps=4)
    assert load_config(first_cfg) == _config(world_shards, tmp_path, steps=4)
    shown: list[int] = []
    run_training(load_config(first_cfg), on_row=lambda row: shown.append(row["step"]))
    assert shown == [1, 2, 3, 4]  # the driver follows the log while the workers write it
    first = latest_checkpoint(tmp_path / "t")
    assert first is not None and first.name == "step-0000004"
    (tmp_path / "t" / "checkpoint_manager_snapshot.json").unlink()  # as after Ctrl-C
    cut = tmp_path / "t" / "step-0000005"  # a kill while saving step 5: no manifest
    shutil.copytree(first, cut)
    (cut / "complete.json").unlink()
    with open(tmp_path / "t" / "log.jsonl", "a") as log:  # and its row was logged
        log.write(json.dumps({"step": 5, "loss": 1.0, "lr": 1e-4}) + "\n")
    second_cfg = _toml(tmp_path / "b.toml", world_shards, tmp_path, steps=6)
    run_training(load_config(second_cfg))
    steps = [row["step"] for row in _log(tmp_path)]
    assert steps == [1, 2, 3, 4, 5, 6]  # the second run went on from step 4, each step logged once
    assert latest_checkpoint(tmp_path / "t").name == "step-0000006"
    model, sched = load_denoiser(latest_checkpoint(tmp_path / "t"))
    assert sched["prediction_type"] == "v_prediction" and model.config.frames == 6
    out = export_run(second_cfg, tmp_path / "weights")
    for name in ("denoiser/diffusion_pytorch_model.safetensors", "scheduler/scheduler_config.json",
                 "config.toml", "log.jsonl", "loss.svg", "model_index.json"):
        assert (out / name).exists(), name
    assert "<polyline" in (out / "loss.svg").read_text()


@pytest.mark.slow
def test_two_ray_train_workers_train_with_ddp(ray_session, world_shards, tmp_path):
    from generation.model.train import run_training

    result = run_training(_config(world_shards, tmp_path, steps=2, workers=2))
    assert result.error is None and latest_checkpoint(tmp_path / "t").name == "step-0000002"
    assert msgspec.json.decode((tmp_path / "t" / "log.jsonl").read_bytes().splitlines()[-1])["step"] == 2



def test_multi_shot_samples_whose_shots_the_fit_cuts_off_are_left_out(world_shards):
    from generation.model.conditioning import shots_fit
    from generation.world.sample import SampleMeta

    path = shard_paths(world_shards)[0]
    metas = msgspec.json.decode(Path(path).read_bytes(), type=list[SampleMeta])
    for frames in (4, 16, 30):
        keep = [m for m in metas if shots_fit(m.plan, m.fps, frames)]
        assert len(shard_rows(path, frames=frames, size=32)) == len(keep)
    # a clip too short for the second shot of a two-shot plan drops it; one long enough keeps it
    multi = next(m for m in msgspec.json.decode(Path(shard_paths(world_shards)[1]).read_bytes(),
                                               type=list[SampleMeta]) if len(m.plan.shots) > 1)
    second = int(round((multi.plan.shots[0].end_s - multi.plan.shots[0].start_s) * multi.fps))
    assert not shots_fit(multi.plan, multi.fps, second + 2)
    assert shots_fit(multi.plan, multi.fps, second + 3) or len(multi.plan.shots) > 2
