"""The simulator-fed trainer: continuing from exported weights (--init-from), its refusals,
command-line overrides of the batch and learning rate, and the feed of producer processes."""

from __future__ import annotations

import json
import sys

import msgspec
import pytest
import torch
from diffusers.training_utils import EMAModel

from generation.model.checkpoints import load_denoiser
from generation.model.config import ConfigError, load_config
from generation.model.model import VideoDenoiser, VideoDiffusionConfig
from generation.model.checkpoints import NonFiniteError
from generation.model.train_stream import (InitError, NoStepsError, initial_weights, main,
                                           recorded_step, save, seeds_after, stream_lr, train,
                                           with_overrides)

SMOKE = "generation/configs/stream-smoke.toml"


def _weights(path, cfg, step: int, seed: int = 123, extra: dict | None = None) -> VideoDenoiser:
    torch.manual_seed(seed)  # not the trainer's seed: its fresh model would look the same
    model = VideoDenoiser.from_model_config(cfg.model_config())
    save(path, model, EMAModel(model.parameters()), step, cfg, extra or {}, shard_mb=1)
    return model


def test_a_run_from_exported_weights_starts_from_them_and_counts_on(tmp_path):
    cfg = load_config(SMOKE)
    start = _weights(tmp_path / "w", cfg, step=7, extra={"clips_made": 100})
    # lr ~ 0: the model and its EMA stay at the weights they were given, so the export shows them
    cfg = msgspec.structs.replace(cfg, train=msgspec.structs.replace(cfg.train, max_steps=9, lr=1e-12,
                                                                      log_every=1))
    figures = train(cfg, "cpu", minutes=3, workers=1, out=tmp_path / "run", capacity=16, min_fill=2,
                    save_every=1e9, init_from=tmp_path / "w")
    assert (figures["step"], figures["steps"], figures["init_step"]) == (9, 2, 7)
    assert figures["init_from"] == str(tmp_path / "w")
    assert figures["first_seed"] == 10_000 < figures["next_seed"]  # past the weights' seeds
    index = json.loads((tmp_path / "run" / cfg.run.name / "model_index.json").read_text())
    assert index["step"] == 9 and index["init_from"] == str(tmp_path / "w") and index["init_step"] == 7
    rows = [json.loads(line) for line in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [8, 9]
    loaded, _ = load_denoiser(tmp_path / "run" / cfg.run.name)
    for a, b in zip(start.parameters(), loaded.parameters()):
        assert torch.allclose(a, b, atol=2e-3, rtol=2e-3)


def test_weights_of_another_model_or_none_are_refused_with_what_differs(tmp_path):
    cfg = load_config(SMOKE)
    other = msgspec.structs.replace(cfg, model=msgspec.structs.replace(cfg.model, channels=(32, 64)))
    _weights(tmp_path / "w", other, step=3)
    with pytest.raises(InitError, match=r"channels = \[32, 64\] there, \[32, 32\] in the config"):
        initial_weights(tmp_path / "w", cfg)
    with pytest.raises(InitError, match="no denoiser"):
        initial_weights(tmp_path / "nothing", cfg)


def test_weights_without_a_training_record_are_checked_by_their_own_config(tmp_path):
    cfg = load_config(SMOKE)
    torch.manual_seed(0)
    VideoDenoiser.from_model_config(VideoDiffusionConfig(16, 32, (32, 64), 1, 32, 32)).save_pretrained(
        tmp_path / "bare" / "denoiser")
    (tmp_path / "bare" / "scheduler").mkdir()
    (tmp_path / "bare" / "scheduler" / "scheduler_config.json").write_text("{}")
    with pytest.raises(InitError, match="channels"):
        initial_weights(tmp_path / "bare", cfg)


def test_the_step_and_the_seeds_go_on_from_the_record():
    assert recorded_step({"step": 4829, "steps": 12}) == 4829  # model_index.json's over figures'
    assert recorded_step({"steps": 12}) == 12 and recorded_step({}) == 0
    assert seeds_after({"next_seed": 31_337, "clips_made": 5}) == 31_337
    # world32-h100's record (11,975 clips, no next_seed): producers may have run a queue ahead
    assert seeds_after({"clips_made": 11_975}) == 20_000


def test_batch_size_and_lr_can_be_overridden_and_are_checked():
    cfg = load_config("generation/configs/world32-h100.toml")
    assert with_overrides(cfg) is cfg
    big = with_overrides(cfg, batch_size=512, lr=4e-4, warmup_steps=None)
    assert (big.train.batch_size, big.train.lr, big.train.warmup_steps) == (512, 4e-4, cfg.train.warmup_steps)
    with pytest.raises(ConfigError):
        with_overrides(cfg, batch_size=0)


def test_lr_warms_up_from_the_run_s_first_step_and_cools_down_to_zero_at_its_end():
    cfg = with_overrides(load_config(SMOKE), lr=1e-3, warmup_steps=10, cooldown=0.25)
    assert stream_lr(0, cfg, left=1.0) == pytest.approx(1e-4)  # steps of this run, not the weights'
    assert stream_lr(500, cfg, left=0.5) == pytest.approx(1e-3)
    assert stream_lr(500, cfg, left=0.125) == pytest.approx(5e-4)
    assert stream_lr(500, cfg, left=-0.01) == 0.0
    flat = with_overrides(cfg, cooldown=0.0)
    assert stream_lr(500, flat, left=0.01) == pytest.approx(1e-3)
    with pytest.raises(ConfigError, match="cooldown"):
        with_overrides(cfg, cooldown=1.0)


def test_the_feed_delivers_rows_of_its_seeds_in_prepared_groups():
    from generation.model.feed import Feed

    feed = Feed(workers=2, frames=16, size=32, fps=8.0, first_seed=40, group=4)
    feed.read(prepare=lambda rows: ("prepared", rows))
    try:
        groups: list = []
        for _ in range(60):  # each take waits up to 2 s for a group
            groups += feed.take(3, wait=2.0)
            if sum(len(g[1]) for g in groups) >= 12:
                break
    finally:
        feed.close()
    rows = [r for tag, group in groups for r in group]
    assert len(rows) >= 12 and all(tag == "prepared" and 1 <= len(g) <= 4 for tag, g in groups)
    seed, frames, caption, style, appearance = rows[0]
    assert frames.shape == (16, 32, 32, 3) and caption and 0 <= style <= 2 and appearance.shape == (8,)
    assert {r[0] for r in rows} <= set(range(40, 80)) and min(r[0] for r in rows) in (40, 41)


def test_a_feed_whose_preparing_fails_says_so_instead_of_going_quiet():
    from generation.model.feed import Feed

    def broken(rows):
        raise ValueError("no encoder")

    feed = Feed(workers=1, frames=16, size=32, fps=8.0, first_seed=0, group=2)
    feed.read(prepare=broken)
    try:
        with pytest.raises(RuntimeError, match="no encoder"):
            for _ in range(60):
                feed.take(1, wait=2.0)
    finally:
        feed.close()


def test_a_run_that_trains_no_step_saves_nothing_and_says_why(tmp_path):
    cfg = load_config(SMOKE)  # 60 microseconds: over before the model is even built (0.6 s was a race)
    with pytest.raises(NoStepsError, match=r"before the first training step.*Raise --minutes"):
        train(cfg, "cpu", minutes=1e-6, workers=1, out=tmp_path / "run", capacity=16, min_fill=16,
              save_every=1e9)
    assert not (tmp_path / "run" / cfg.run.name).exists()
    assert not (tmp_path / "run" / "figures.json").exists()


def test_a_non_finite_loss_ends_the_run_naming_its_step_and_saves_nothing(tmp_path, monkeypatch):
    import generation.model.train_stream as stream

    calls, real = [], stream.diffusion_loss

    def diverging(*args):
        calls.append(1)
        return real(*args) * (float("nan") if len(calls) == 3 else 1.0)

    monkeypatch.setattr(stream, "diffusion_loss", diverging)
    cfg = load_config(SMOKE)
    cfg = msgspec.structs.replace(cfg, train=msgspec.structs.replace(cfg.train, max_steps=20, log_every=5))
    with pytest.raises(NonFiniteError, match=r"loss became nan at step 3 .*lower \[train\] lr"):
        train(cfg, "cpu", minutes=3, workers=1, out=tmp_path / "run", capacity=16, min_fill=2,
              save_every=1e9)
    assert not (tmp_path / "run" / cfg.run.name).exists()
    assert (tmp_path / "run" / "log.jsonl").read_text() == ""  # no row holds the NaN


@pytest.mark.parametrize("args", [["--workers", "0"], ["--capacity", "0"], ["--minutes", "-1"],
                                  ["--minutes", "nan"], ["--min-fill", "0"], ["--save-every", "0"]])
def test_out_of_range_arguments_exit_2_naming_the_flag(args, monkeypatch, capsys):
    import generation.model.train_stream as stream

    monkeypatch.setattr(stream, "train", lambda *a, **k: pytest.fail("the run started"))
    monkeypatch.setattr(sys, "argv", ["train_stream", "--config", SMOKE, "--device", "cpu", *args])
    with pytest.raises(SystemExit) as ended:
        main()
    assert ended.value.code == 2 and args[0] in capsys.readouterr().err


def test_a_run_without_steps_or_with_a_nan_exits_1_with_its_reason(monkeypatch, capsys):
    import generation.model.train_stream as stream

    for error in (NoStepsError("no step ran; Raise --minutes"), NonFiniteError("the loss became nan")):
        def failing(*a, error=error, **k):
            raise error

        monkeypatch.setattr(stream, "train", failing)
        monkeypatch.setattr(sys, "argv", ["train_stream", "--config", SMOKE, "--device", "cpu"])
        with pytest.raises(SystemExit) as ended:
            main()
        assert ended.value.code == 1 and str(error) in capsys.readouterr().err
