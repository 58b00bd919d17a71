"""`reelworld train` before and around Ray: configs checked field by field, resuming from the
newest complete checkpoint on disk, the loss log cut back to it, a NaN loss stopped, progress
lines, and Ctrl-C / SIGTERM ending with where a rerun resumes from."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import msgspec
import pytest
import torch
import typer
from diffusers.training_utils import EMAModel
from typer.testing import CliRunner

from api.commands.train import train as train_command
from generation.model.checkpoints import (STATE, NonFiniteError, latest_checkpoint,
                                          save_checkpoint)
from generation.model.config import ConfigError, TrainConfig, load_config
from generation.model.model import VideoDenoiser
from tests.model.test_train import TINY_MODEL_TOML

runner = CliRunner()
TINY = TINY_MODEL_TOML + """[train]
max_steps = 6
[data]
root = "{root}"
[run]
name = "kill"
storage = "{storage}"
"""


def _cli():
    app = typer.Typer()
    app.command()(train_command)
    return app


def _toml(tmp_path: Path, root=".", extra: str = "", channels: str = "[8, 16]") -> Path:
    path = tmp_path / "run.toml"
    text = TINY.format(root=root, storage=tmp_path / "train").replace("[8, 16]", channels)
    path.write_text(text.replace("[train]\n", "[train]\n" + extra))
    return path


def _save(cfg: TrainConfig, out: Path, step: int) -> Path:
    torch.manual_seed(0)
    model = VideoDenoiser.from_model_config(cfg.model_config())
    opt = torch.optim.AdamW(model.parameters())
    return save_checkpoint(out, model, EMAModel(model.parameters()), opt, step,
                           {"config": msgspec.to_builtins(cfg)})


@pytest.mark.parametrize("section, line, field", [
    ("train", "log_every = 0", "log_every = 0"),
    ("train", "lr = nan", "lr = nan"),
    ("train", "lr = inf", "lr = inf"),
    ("train", "checkpoint_every = 0", "checkpoint_every = 0"),
    ("train", "ema_decay = 5.0", "ema_decay = 5.0"),
    ("train", "text_dropout = 2.0", "text_dropout = 2.0"),
    ("train", "threads_per_worker = 0", "threads_per_worker = 0"),
    ("train", "cpus_per_worker = 0.0", "cpus_per_worker = 0.0"),
    ("train", "max_minutes = -5.0", "max_minutes = -5.0"),
    ("model", "size = 0", "size = 0"),
    ("model", "channels = []", "channels = []"),
    ("model", "attention_head_dim = 7", "attention_head_dim = 7"),
    ("run", 'name = "../../escape"', 'name = "../../escape"'),
])
def test_every_out_of_range_value_is_refused_naming_its_field_value_and_range(tmp_path, section, line,
                                                                              field):
    path = tmp_path / "bad.toml"
    path.write_text(f"[{section}]\n{line}\n")
    with pytest.raises(ConfigError, match="out of range|must divide") as caught:
        load_config(path)
    message = str(caught.value)
    assert f"[{section}] {field}" in message and "\n" not in message


def test_a_folder_or_a_file_that_is_not_text_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)
    binary = tmp_path / "x.toml"
    binary.write_bytes(b"\xff\xfe[train]\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(binary)


def test_the_cli_refuses_a_bad_config_in_one_line_with_exit_2_before_ray(tmp_path, world_shards, monkeypatch):
    import generation.model.train as train

    monkeypatch.setattr(train, "run_training", lambda *a, **k: pytest.fail("Ray was started"))
    for path, says in ((_toml(tmp_path, world_shards, "log_every = 0\n"), "[train] log_every = 0"),
                       (tmp_path, "is a folder")):
        result = runner.invoke(_cli(), ["--config", str(path)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and says in result.output


def test_a_checkpoint_cut_short_by_a_kill_is_never_resumed_from(tmp_path):
    cfg = load_config(_toml(tmp_path))
    run = tmp_path / "train" / "kill"
    _save(cfg, run / "step-0000005", 5)
    ten = _save(cfg, run / "step-0000010", 10)
    assert latest_checkpoint(run) == ten
    fifteen = _save(cfg, run / "step-0000015", 15)
    with open(fifteen / STATE, "r+b") as f:  # killed while Ray copied it: a file cut short
        f.truncate(100)
    half = run / "step-0000020"  # killed before its manifest was written
    _save(cfg, half, 20)
    (half / "complete.json").unlink()
    assert latest_checkpoint(run) == ten


def test_a_run_name_holding_another_model_is_refused_before_ray_starts(tmp_path, world_shards,
                                                                       monkeypatch):
    import generation.model.train as train

    _save(load_config(_toml(tmp_path)), tmp_path / "train" / "kill" / "step-0000004", 4)
    other = load_config(_toml(tmp_path, channels="[16, 32]"))
    with pytest.raises(train.RunError, match=r"run 'kill' already holds checkpoints of another model "
                       r"\(channels = \[8, 16\] there, \[16, 32\] in the config\); pick another"):
        train.run_training(other)
    monkeypatch.setattr(train, "run_training", lambda *a, **k: pytest.fail("Ray was started"))
    result = runner.invoke(_cli(), ["--config", str(_toml(tmp_path, world_shards, channels="[16, 32]"))])
    assert result.exit_code == 2 and "pick another [run] name or remove" in result.output


def test_the_loss_log_is_cut_back_to_the_step_a_run_resumes_from(tmp_path):
    from generation.model.train import trim_log

    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps({"step": s, "loss": 1.0}) + "\n" for s in range(1, 18))
                   + '{"step": 18, "lo')  # a kill cut the last row short
    trim_log(log, 15)
    assert [json.loads(line)["step"] for line in log.read_text().splitlines()] == list(range(1, 16))


def test_the_log_is_followed_row_by_row_while_training_writes_it(tmp_path):
    from generation.model.train import following

    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps({"step": 1}) + "\n")  # there before: not shown again
    seen, three = [], threading.Event()

    def on_row(row):
        seen.append(row["step"])
        if len(seen) == 2:
            three.set()

    with following(log, on_row, every=0.01):
        with open(log, "a") as f:
            f.write(json.dumps({"step": 2}) + "\n" + '{"step": ')
            f.flush()
            f.write("3}\n")
        assert three.wait(10)
        with open(log, "a") as f:
            f.write(json.dumps({"step": 4}) + "\n")
    assert seen == [2, 3, 4]


def test_the_cli_prints_a_progress_line_per_logged_step(tmp_path, world_shards, monkeypatch):
    import generation.model.train as train

    def fake(cfg, max_minutes, on_row=None, resume=None, **k):
        for step in (2, 4):
            on_row({"step": step, "loss": 0.5, "lr": 1e-4, "s_per_step": 0.25, "elapsed_s": 1.0})

    monkeypatch.setattr(train, "run_training", fake)
    result = runner.invoke(_cli(), ["--config", str(_toml(tmp_path, world_shards))])
    assert result.exit_code == 0, result.output
    assert "step 2/6" in result.output and "step 4/6" in result.output
    assert "loss 0.5000" in result.output and "4.00 steps/s" in result.output


def test_a_non_finite_loss_stops_training_naming_the_step_and_nothing_non_finite_is_saved(tmp_path):
    from generation.model.train import check_finite_loss

    check_finite_loss(0.3, 1, 1e-4)
    with pytest.raises(NonFiniteError, match=r"loss became nan at step 7 \(lr 0\.001\).*lower \[train\] lr"):
        check_finite_loss(float("nan"), 7, 1e-3)
    cfg = load_config(_toml(tmp_path))
    model = VideoDenoiser.from_model_config(cfg.model_config())
    ema = EMAModel(model.parameters())
    with torch.no_grad():
        next(model.parameters()).fill_(float("inf"))  # what an infinite lr leaves after one step
    with pytest.raises(NonFiniteError, match="step 3"):
        save_checkpoint(tmp_path / "ckpt", model, ema, torch.optim.AdamW(model.parameters()), 3, {})
    assert not (tmp_path / "ckpt").exists()


def test_a_worker_s_non_finite_loss_ends_the_driver_with_that_one_error(ray_session, tmp_path,
                                                                        world_shards, monkeypatch):
    import ray.train.torch
    from ray.train import WorkerGroupError

    from generation.model.train import run_training

    class Diverging:
        def __init__(self, *a, **k):
            pass

        def fit(self):
            raise WorkerGroupError("rank 0 failed", {0: NonFiniteError("the loss became nan at step 3")})

    monkeypatch.setattr(ray.train.torch, "TorchTrainer", Diverging)
    with pytest.raises(NonFiniteError, match="^the loss became nan at step 3$"):
        run_training(load_config(_toml(tmp_path, world_shards)))


def test_the_cli_exits_1_on_a_non_finite_loss_and_130_on_ctrl_c_saying_where_it_resumes(
        tmp_path, world_shards, monkeypatch):
    import generation.model.train as train

    path = _toml(tmp_path, world_shards)

    def diverging(*a, **k):
        raise NonFiniteError("the loss became nan at step 3 (lr 1): lower [train] lr")

    monkeypatch.setattr(train, "run_training", diverging)
    result = runner.invoke(_cli(), ["--config", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the loss became nan at step 3 (lr 1): lower [train] lr" in result.output

    def interrupted(cfg, *a, **k):
        _save(cfg, tmp_path / "train" / "kill" / "step-0000004", 4)
        raise KeyboardInterrupt

    monkeypatch.setattr(train, "run_training", interrupted)
    result = runner.invoke(_cli(), ["--config", str(path)])
    assert result.exit_code == 130
    assert "interrupted: a rerun of run 'kill' resumes from step 4" in result.output


def test_sigterm_interrupts_like_ctrl_c_also_while_ray_starts():
    from generation.model.train import sigterm_interrupts

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt), sigterm_interrupts():
        os.kill(os.getpid(), signal.SIGTERM)  # delivered to this thread before kill returns
        pytest.fail("SIGTERM did not interrupt")
    with pytest.raises(KeyboardInterrupt), sigterm_interrupts():
        raise SystemExit(signal.SIGTERM)  # what ray.init's own handler does
    assert signal.getsignal(signal.SIGTERM) is before


def test_a_run_from_before_manifests_resumes_from_its_newest_whole_checkpoint(tmp_path):
    cfg = load_config(_toml(tmp_path))
    run = tmp_path / "train" / "kill"
    for step in (5, 10, 15):
        _save(cfg, run / f"step-{step:07d}", step)
    for step in (5, 10, 15):  # as written before complete.json existed
        (run / f"step-{step:07d}" / "complete.json").unlink()
    with open(run / "step-0000015" / STATE, "r+b") as f:  # the newest cut short
        f.truncate(100)
    assert latest_checkpoint(run) == run / "step-0000010"


def test_the_cli_looks_for_the_resume_point_once_and_hands_it_to_the_run(tmp_path, world_shards,
                                                                        monkeypatch):
    import generation.model.train as train

    path = _toml(tmp_path, world_shards)
    saved = _save(load_config(path), tmp_path / "train" / "kill" / "step-0000004", 4)
    looks, given = [], []
    real = train.resume_point
    monkeypatch.setattr(train, "resume_point", lambda cfg: looks.append(1) or real(cfg))
    monkeypatch.setattr(train, "run_training",
                        lambda cfg, max_minutes, on_row=None, resume=train.NEWEST, **k: given.append(resume))
    result = runner.invoke(_cli(), ["--config", str(path)])
    assert result.exit_code == 0, result.output
    assert "training from step 4" in result.output
    assert given == [saved] and len(looks) == 1
