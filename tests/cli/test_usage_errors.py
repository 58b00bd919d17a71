"""The `reelworld` entry point (api.cli.main, as pyproject's script runs it): a usage error that
typer finds itself is one "error: ..." line on stderr and exit code 2, as the commands' own
checks are; help, Ctrl-C and the commands' exit codes are as before."""

from __future__ import annotations

import sys

import pytest
import typer

import generation.world.generate
from api.cli import main


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("REELWORLD_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("REELWORLD_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path / "home"


def _run(args: list[str], capsys, monkeypatch) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `reelworld ARGS`."""
    monkeypatch.setattr(sys, "argv", ["reelworld", *args])
    with pytest.raises(SystemExit) as ended:
        main()
    out, err = capsys.readouterr()
    return ended.value.code, out, err


@pytest.mark.parametrize("args, says", [
    (["admin", "invite", "--count", "0"],
     "error: invalid value for '--count' / '-n': input should be greater than or equal to 1, got '0' "
     "(see `reelworld admin invite --help`)"),
    (["admin", "invite", "--count", "abc"], "input should be a valid integer"),
    (["admin", "invite", "--ttl-days", "0"], "invalid value for '--ttl-days': input should be greater than or equal "
                                             "to 1"),
    (["events", "tail", "-n", "0"], "invalid value for '--limit' / '-n'"),
    (["events", "tail", "--width", "5"], "invalid value for '--width': input should be greater than or equal to 10, "
                                         "got '5'"),
    (["admin", "invite", "--bogus"], "error: no such option: --bogus (see `reelworld admin invite --help`)"),
    (["nosuch"], "error: no such command 'nosuch' (see `reelworld --help`)"),
    (["generate"], "error: missing argument 'prompt' (see `reelworld generate --help`)"),
    (["world", "render", "ball_drop", "--fps", "x", "-o", "x.mp4"], "invalid value for '--fps'"),
])
def test_a_usage_error_is_one_line_on_stderr_and_exit_2(capsys, monkeypatch, home, args, says):
    code, out, err = _run(args, capsys, monkeypatch)
    assert code == 2
    assert out == "" and err.count("\n") == 1 and err.startswith("error: "), err
    assert says in err and "Usage" not in err and "╭" not in err
    assert not home.exists()  # refused before anything opened


def test_help_is_as_typer_draws_it(capsys, monkeypatch):
    code, out, err = _run(["admin", "invite", "--help"], capsys, monkeypatch)
    assert code == 0 and err == ""
    assert "Usage: reelworld admin invite [OPTIONS]" in out and "--ttl-days" in out


@pytest.mark.parametrize("args", [[], ["world"]], ids=["reelworld", "a group"])
def test_no_arguments_show_the_help(capsys, monkeypatch, args):
    code, out, err = _run(args, capsys, monkeypatch)
    assert code == 2  # as typer's no_args_is_help exits
    assert f"Usage: reelworld {' '.join(args)}".rstrip() in out and "Commands" in out
    assert "error" not in err


@pytest.mark.parametrize("raised, code", [(KeyboardInterrupt(), 130), (typer.Exit(143), 143), (typer.Exit(3), 3),
                                          (typer.Exit(1), 1)], ids=["ctrl-c", "143", "3", "1"])
def test_ctrl_c_and_a_commands_exit_codes_pass_through(capsys, monkeypatch, tmp_path, raised, code):
    def interrupted(*args, **kwargs):  # noqa: ANN002, ANN003
        raise raised

    monkeypatch.setattr(generation.world.generate, "generate", interrupted)
    args = ["world", "render", "ball_drop", "-o", str(tmp_path / "x.mp4"), "--size", "32"]
    ended, _, err = _run(args, capsys, monkeypatch)
    assert ended == code and "error" not in err and "Traceback" not in err


def test_a_command_that_succeeds_exits_0(capsys, monkeypatch):
    code, out, _ = _run(["world", "scenarios"], capsys, monkeypatch)
    assert code == 0 and "ball_drop" in out
