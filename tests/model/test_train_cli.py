"""`reelworld train` as a person meets it: a dataset of another frame size refused before Ray,
short clips warned about, a run with nothing to do ended before Ray, a damaged newest checkpoint
named, an interrupt that saves the step reached first, the time limit and SIGTERM told apart from a finished run and from Ctrl-C, and retention
that keeps the run's newest checkpoints whichever session wrote them."""

from __future__ import annotations

import os
import signal
import time

import pytest
from typer.testing import CliRunner

import generation.model.driver as driver
import generation.model.train as train
from generation.model.checkpoints import latest_checkpoint, passed_over, prune_checkpoints
from generation.model.config import load_config
from generation.model.data import DataError, check_dataset
from tests.model.test_train_resume import _cli, _save, _toml

runner = CliRunner()


@pytest.fixture
def no_ray(monkeypatch):
    monkeypatch.setattr(train, "run_training", lambda *a, **k: pytest.fail("Ray was started"))
    monkeypatch.setattr(train, "start_ray", lambda: pytest.fail("Ray was started"))


def _sized(tmp_path, root, size: int = 32, frames: int = 6):
    path = _toml(tmp_path, root)
    path.write_text(path.read_text().replace("size = 32", f"size = {size}")
                    .replace("frames = 6", f"frames = {frames}"))
    return path


def test_frames_of_another_size_are_refused_in_one_line_before_ray(tmp_path, world_shards, monkeypatch):
    monkeypatch.setattr(train, "start_ray", lambda: pytest.fail("Ray was started"))
    result = runner.invoke(_cli(), ["--config", str(_sized(tmp_path, world_shards, size=64))],
                           catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "frames are 32 x 32" in result.output and "wants 64 x 64" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    with pytest.raises(DataError, match="wants 64 x 64"):  # the library call checks it too
        train.run_training(load_config(_sized(tmp_path, world_shards, size=64)))


def test_clips_shorter_than_the_model_s_frames_are_one_warning_before_training(tmp_path, world_shards,
                                                                             monkeypatch):
    assert check_dataset(world_shards, 6, 32) is None
    warning = check_dataset(world_shards, 200, 32)
    assert "[model] frames = 200" in warning and "holding their last frame" in warning
    monkeypatch.setattr(train, "run_training", lambda *a, **k: None)
    result = runner.invoke(_cli(), ["--config", str(_sized(tmp_path, world_shards, frames=200))])
    assert result.exit_code == 0, result.output
    assert result.output.count("warning:") == 1 and "frames = 200" in result.output


def test_a_run_already_at_max_steps_has_nothing_to_do_and_starts_no_ray(tmp_path, world_shards, no_ray):
    path = _toml(tmp_path, world_shards)  # max_steps = 6
    _save(load_config(path), tmp_path / "train" / "kill" / "step-0000006", 6)
    result = runner.invoke(_cli(), ["--config", str(path)])
    assert result.exit_code == 0, result.output
    assert "kill: already trained to step 6 (max_steps 6); nothing to do" in result.output


def test_a_damaged_newest_checkpoint_is_named_with_the_step_resumed_from(tmp_path, world_shards,
                                                                        monkeypatch):
    path = _toml(tmp_path, world_shards)
    run = tmp_path / "train" / "kill"
    three = _save(load_config(path), run / "step-0000003", 3)
    five = _save(load_config(path), run / "step-0000005", 5)
    with open(five / "denoiser" / "diffusion_pytorch_model.safetensors", "r+b") as f:
        f.truncate(64)
    assert latest_checkpoint(run) == three and passed_over(run, three) == [five]
    given = []
    monkeypatch.setattr(train, "run_training", lambda cfg, m, on_row=None, resume=None, **k: given.append(resume))
    result = runner.invoke(_cli(), ["--config", str(path)])
    assert result.exit_code == 0 and given == [three]
    warning = [line for line in result.output.splitlines() if "warning:" in line]
    assert len(warning) == 1 and "step-0000005" in warning[0] and "resuming from step 3" in warning[0]


def test_a_run_stopped_by_its_time_limit_says_so_and_a_finished_one_says_done(tmp_path, world_shards,
                                                                            monkeypatch):
    path = _toml(tmp_path, world_shards)
    run = tmp_path / "train" / "kill"
    monkeypatch.setattr(train, "run_training",
                        lambda cfg, *a, **k: _save(cfg, run / "step-0000004", 4))
    result = runner.invoke(_cli(), ["--config", str(path), "--max-minutes", "0.4"])
    assert result.exit_code == 0, result.output
    assert ("kill: stopped at the time limit at step 4 of 6; rerun the same command to continue"
            in result.output) and "done" not in result.output
    monkeypatch.setattr(train, "run_training",
                        lambda cfg, *a, **k: _save(cfg, run / "step-0000006", 6))
    result = runner.invoke(_cli(), ["--config", str(path)])
    assert result.exit_code == 0 and "kill: done; latest checkpoint step 6" in result.output


def test_sigterm_exits_143_and_ctrl_c_130_each_saying_where_a_rerun_resumes(tmp_path, world_shards,
                                                                           monkeypatch):
    path = _toml(tmp_path, world_shards)

    def stopped(by):
        def run(cfg, *a, **k):
            _save(cfg, tmp_path / "train" / "kill" / "step-0000004", 4)
            raise by
        return run

    monkeypatch.setattr(train, "run_training", stopped(driver.Terminated))
    result = runner.invoke(_cli(), ["--config", str(path)])
    assert result.exit_code == 143
    assert "terminated (SIGTERM): a rerun of run 'kill' resumes from step 4" in result.output
    monkeypatch.setattr(train, "run_training", stopped(KeyboardInterrupt))
    result = runner.invoke(_cli(), ["--config", str(path)])
    assert result.exit_code == 130 and "interrupted: a rerun" in result.output


def test_sigterm_is_told_apart_from_ctrl_c_also_while_ray_starts():
    with pytest.raises(driver.Terminated), driver.sigterm_interrupts():
        os.kill(os.getpid(), signal.SIGTERM)
        pytest.fail("SIGTERM did not interrupt")
    with pytest.raises(driver.Terminated), driver.sigterm_interrupts():
        raise SystemExit(signal.SIGTERM)  # what ray.init's own handler does
    with pytest.raises(KeyboardInterrupt) as caught, driver.sigterm_interrupts():
        raise KeyboardInterrupt
    assert not isinstance(caught.value, driver.Terminated)


def test_retention_keeps_the_newest_complete_checkpoints_across_sessions(tmp_path):
    cfg = load_config(_toml(tmp_path))
    run = tmp_path / "train" / "kill"
    names = lambda: sorted(p.name for p in run.iterdir())  # noqa: E731
    _save(cfg, run / "step-0000100", 100)  # an earlier session's; the run resumes from it
    cut = _save(cfg, run / "step-0000110", 110)
    (cut / "complete.json").unlink()  # a kill while saving
    _save(cfg, run / "step-0000120", 120)
    assert prune_checkpoints(run, keep=3) == [] and "step-0000100" in names()
    _save(cfg, run / "step-0000140", 140)
    assert prune_checkpoints(run, keep=3) == []  # 100 is still among the newest three
    for step in (160, 180):
        _save(cfg, run / f"step-{step:07d}", step)
        prune_checkpoints(run, keep=3)
    assert names() == ["step-0000140", "step-0000160", "step-0000180"]


def test_the_run_hands_retention_to_its_own_pruning_not_to_ray_s_per_session_count(tmp_path, world_shards,
                                                                                  monkeypatch):
    import ray.train.torch

    seen = {}

    class Trainer:
        def __init__(self, loop, train_loop_config, run_config, **k):
            seen.update(keep=run_config.checkpoint_config.num_to_keep, loop=train_loop_config)

        def fit(self):
            return "fit"

    run = tmp_path / "train" / "kill"
    run.mkdir(parents=True)
    (run / train.RAY_SNAPSHOT).write_text("{}")  # lists checkpoints pruning may have deleted
    monkeypatch.setattr(train, "start_ray", lambda: None)
    monkeypatch.setattr("generation.model.data.world_dataset", lambda *a: None)
    monkeypatch.setattr(ray.train.torch, "TorchTrainer", Trainer)
    assert train.run_training(load_config(_toml(tmp_path, world_shards))) == "fit"
    assert seen["keep"] is None  # the run's own pruning keeps train.KEEP (test_retention_...)
    assert not (run / train.RAY_SNAPSHOT).exists()


@pytest.fixture
def ctrl_c_interrupts():
    """Ctrl-C raises KeyboardInterrupt, as in a terminal, also where the suite was started in the
    background (a non-interactive shell starts its background jobs with SIGINT ignored)."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


def test_a_first_interrupt_has_the_workers_save_the_step_reached_and_a_second_ends_at_once(tmp_path,
                                                                                            ctrl_c_interrupts):
    stop, told = tmp_path / train.STOP, []

    class Saving:  # the workers: they see the request, save and end
        def fit(self):
            time.sleep(0.3)  # the driver is waiting on the fit
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C while training
            deadline = time.monotonic() + 30
            while not stop.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            told.append("saved" if stop.exists() else "never asked")
            return "result"

    with pytest.raises(KeyboardInterrupt):
        driver.fit_off_the_main_thread(Saving(), stop, on_stop=lambda: told.append("stopping"))
    assert told == ["stopping", "saved"]  # raised only once the workers had saved

    class Stuck:
        def fit(self):
            for _ in range(2):
                time.sleep(0.5)
                os.kill(os.getpid(), signal.SIGINT)
            time.sleep(30)

    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        driver.fit_off_the_main_thread(Stuck(), tmp_path / "again", on_stop=lambda: None)
    assert time.monotonic() - started < 20


def test_a_stop_request_ends_the_loop_after_the_step_it_reached(tmp_path):
    path = _toml(tmp_path, extra="log_every = 100\ncheckpoint_every = 100\n")  # max_steps = 6
    state = train._LoopState(load_config(path), tmp_path, 0, 2, time.time(), 0)
    state.after_step(0.5, None, None, None)
    assert not state.done()
    (tmp_path / train.STOP).touch()  # the driver's request
    state.after_step(0.5, None, None, None)
    assert state.done() and state.step == 4
    timed = train._LoopState(load_config(path), tmp_path / "none", 0, 0, time.time() - 120, 1.0)
    timed.after_step(0.5, None, None, None)
    assert timed.done()  # its time limit (1 minute) has passed
