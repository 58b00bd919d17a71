"""The dataset job (Ray Data, resumable) and the `reelworld world` commands."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.commands.world import app
from generation.world.dataset import (
    DatasetConfig,
    pending_shards,
    read_shards,
    run_dataset,
)

runner = CliRunner()


def test_dataset_job_writes_shards_and_resumes_after_interruption(ray_session, tmp_path):
    cfg = DatasetConfig(n=5, out=str(tmp_path), size=32, shard_size=2)
    assert run_dataset(cfg) == 5
    assert pending_shards(cfg) == []
    (tmp_path / "shard-00001.json").unlink()  # as if the job died while writing shard 1
    assert pending_shards(cfg) == [1]
    assert run_dataset(cfg) == 2
    samples = list(read_shards(tmp_path))
    assert [m.seed for m, _, _ in samples] == [0, 1, 2, 3, 4]
    assert all(f.shape[1:] == (32, 32, 3) for _, f, _ in samples)


def test_unknown_scenario_is_a_clear_error_with_exit_code_2(tmp_path):
    result = runner.invoke(app, ["render", "moon_landing", "-o", str(tmp_path / "x.mp4")])
    assert result.exit_code == 2 and "unknown scenario" in result.output
    assert "Traceback" not in result.output


def test_missing_clip_and_bad_n_exit_with_code_2(tmp_path):
    assert runner.invoke(app, ["score", str(tmp_path / "none.mp4")]).exit_code == 2
    assert runner.invoke(app, ["dataset", "--n", "0", "--out", str(tmp_path)]).exit_code == 2
    bad = runner.invoke(app, ["dataset", "--n", "4", "--out", str(tmp_path), "--shots-within", "-1"])
    assert bad.exit_code == 2 and "--shots-within" in bad.output


def test_render_then_score_prints_a_json_report(tmp_path):
    clip = tmp_path / "clip.mp4"
    assert runner.invoke(app, ["render", "ball_drop", "-o", str(clip), "--size", "64"]).exit_code == 0
    result = runner.invoke(app, ["score", str(clip), "--prompt", "a ball bounces in a gym"])
    assert result.exit_code == 0
    names = {c["name"] for c in json.loads(result.output)["checks"]}
    assert {"gravity", "continuity", "permanence", "av_sync", "loudness", "objects"} <= names


def test_scenarios_lists_every_family():
    result = runner.invoke(app, ["scenarios"])
    assert result.exit_code == 0 and len(result.output.strip().splitlines()) >= 30


def test_scoring_a_single_picture_against_a_prompt_says_there_is_nothing_to_judge(tmp_path):
    import numpy as np

    from generation.media.mp4 import write_mp4

    clip = tmp_path / "one-frame.mp4"
    write_mp4(clip, np.full((1, 64, 64, 3), 120, np.uint8), 8.0)
    result = runner.invoke(app, ["score", str(clip), "--prompt", "a red ball bounces in a gym"])
    assert result.exit_code == 0, result.output
    objects = next(c for c in json.loads(result.output)["checks"] if c["name"] == "objects")
    assert objects["passed"] is None and "no shot long enough to judge in 1 frames" in objects["detail"]
