"""The commands that write a video (`generate`, `world render`) refuse the same outputs with the
same words before any long work, name the value that is wrong and its range, refuse odd sizes,
and say all of it in their help."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from api.cli import app
from generation.model.backend import ReelworldGenerator

runner = CliRunner()


@pytest.fixture(autouse=True)
def nothing_loads(monkeypatch):
    """Neither command gets to its long work: loading the model, or simulating."""
    import generation.world.generate

    monkeypatch.setattr(ReelworldGenerator, "from_pretrained",
                        classmethod(lambda cls, *a, **k: pytest.fail("the model was loaded")))
    monkeypatch.setattr(generation.world.generate, "generate", lambda *a, **k: pytest.fail("it simulated"))
    monkeypatch.setenv("COLUMNS", "200")


def _command(which: str, output, *options: str) -> list[str]:
    if which == "generate":
        return ["generate", "a red ball bounces in a gym", "-o", str(output), "--steps", "1", *options]
    return ["world", "render", "ball_drop", "-o", str(output), *options]


def _refused(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


@pytest.mark.parametrize("which", ["generate", "world render"])
def test_an_output_that_is_not_an_mp4_is_refused_alike(tmp_path, which):
    said = _refused(_command(which, tmp_path / "x.avi", "--size", "256"))
    assert said == "error: the output must be an .mp4 file, got 'x.avi'"
    assert not (tmp_path / "x.avi").exists()


@pytest.mark.parametrize("which", ["generate", "world render"])
def test_a_file_where_the_outputs_folder_should_be_is_named(tmp_path, which):
    existing = tmp_path / "exist.mp4"
    existing.write_bytes(b"a clip")
    said = _refused(_command(which, existing / "x.mp4", "--size", "256"))
    assert f"cannot write {existing / 'x.mp4'}: {existing} is a file, not a folder" in said
    assert "does not exist" not in said
    said = _refused(_command(which, existing / "deeper" / "x.mp4", "--size", "256"))
    assert f"{existing} is a file, not a folder" in said


@pytest.mark.parametrize("which", ["generate", "world render"])
def test_a_missing_folder_and_a_folder_as_output_are_refused_alike(tmp_path, which):
    assert "the output's folder" in _refused(_command(which, tmp_path / "none" / "x.mp4", "--size", "256"))
    (tmp_path / "clip.mp4").mkdir()
    assert "is a folder; give a file name" in _refused(_command(which, tmp_path / "clip.mp4", "--size", "256"))


@pytest.mark.parametrize("which, size", [("generate", "257"), ("world render", "17")])
def test_an_odd_size_is_refused_not_rounded(tmp_path, which, size):
    said = _refused(_command(which, tmp_path / "x.mp4", "--size", size))
    n = int(size)
    assert f"--size must be an even number of pixels (a video's sides are), got {n}; use {n - 1} or {n + 1}" in said


@pytest.mark.parametrize("option, value, says", [
    ("--fps", "0", "--fps must be above 0 and at most 120, got 0"),
    ("--fps", "121", "--fps must be above 0 and at most 120, got 121"),
    ("--fps", "nan", "--fps must be above 0 and at most 120, got nan"),
    ("--size", "10", "--size must be from 16 to 2048, got 10"),
    ("--size", "4096", "--size must be from 16 to 2048, got 4096"),
    ("--shots", "0", "--shots must be from 1 to 4, got 0"),
    ("--shots", "5", "--shots must be from 1 to 4, got 5"),
    ("--seed", "-1", "--seed must be 0 or more, got -1"),
])
def test_world_render_names_the_value_out_of_range(tmp_path, option, value, says):
    assert _refused(_command("world render", tmp_path / "r.mp4", option, value)) == f"error: {says}"


@pytest.mark.parametrize("option, value, says", [
    ("--n", "0", "--n must be 1 or more, got 0"),
    ("--shard-size", "0", "--shard-size must be 1 or more, got 0"),
    ("--size", "8", "--size must be from 16 to 2048, got 8"),
    ("--fps", "-2", "--fps must be above 0 and at most 120, got -2"),
    ("--shots-within", "-1", "--shots-within must be 0 or more, got -1"),
])
def test_world_dataset_names_the_value_out_of_range(tmp_path, option, value, says):
    args = ["world", "dataset", "--n", "4", "--out", str(tmp_path / "data"), option, value]
    assert _refused(args) == f"error: {says}"
    assert not (tmp_path / "data").exists()


def _help(args: list[str]) -> str:
    result = runner.invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.replace("│", " ").split())


def test_generate_help_says_the_size_range_that_sizes_are_even_and_that_the_output_is_replaced():
    said = _help(["generate"])
    assert "the clip's side in pixels (it is square): 256-1024, an even number" in said
    assert "the MP4 to write (replaced if it exists)" in said


def test_world_render_help_describes_every_option():
    said = _help(["world", "render"])
    for option, words in {
        "--output": "the MP4 to write (replaced if it exists)",
        "--seed": "0 or more: what the scenario draws",
        "--size": "the clip's side in pixels (it is square): 16-2048, an even number",
        "--fps": "frames per second, above 0 and at most 120",
        "--style": "realistic, cinematic or anime",
        "--night": "set it at night",
        "--shots": "how many shots the clip is cut into, 1-4",
    }.items():
        assert re.search(rf"{option}\b.*?{re.escape(words)}", said), (option, said)
