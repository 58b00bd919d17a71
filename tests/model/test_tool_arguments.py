"""The model's tools (evaluation, benchmark) refuse bad arguments in one line, before any work."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from generation.model.arguments import number, output_file, summary, whole, wholes

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("parse", "text", "message"), [
    (whole(1), "0", "0 is below 1"),
    (whole(1, 10), "11", "11 is outside 1-10"),
    (whole(1), "abc", "'abc' is not a whole number"),
    (wholes(1, 1000), "5,x", "'x' is not a whole number"),
    (wholes(1, 1000), ",", "give at least one number"),
    (number(1, 20), "nan", "nan is outside 1-20"),
])
def test_a_bad_value_is_refused_with_what_was_wrong(parse, text, message):
    with pytest.raises(argparse.ArgumentTypeError, match=message):
        parse(text)


def test_an_output_file_is_checked_before_the_work(tmp_path):
    assert output_file(str(tmp_path / "rates.json")) == tmp_path / "rates.json"
    with pytest.raises(argparse.ArgumentTypeError, match="does not exist"):
        output_file(str(tmp_path / "missing" / "rates.json"))
    with pytest.raises(argparse.ArgumentTypeError, match="is a folder"):
        output_file(str(tmp_path))


def test_help_shows_the_whole_first_paragraph():
    assert summary("Judging the judges: pass rates of clean clips\n(through an MP4).\n\nMore.") == (
        "Judging the judges: pass rates of clean clips (through an MP4).")


@pytest.mark.parametrize("command", [
    [sys.executable, "-m", "generation.model.evaluate", "--n", "0"],
    [sys.executable, "-m", "generation.model.evaluate", "--out", "/no/such/folder/rates.json"],
    [sys.executable, str(ROOT / "bench" / "generation.py"), "--repeats", "0"],
], ids=["evaluate-n", "evaluate-out", "bench-repeats"])
def test_the_tools_exit_2_with_one_line_and_no_traceback(command):
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "error: argument" in result.stderr
    assert "Traceback" not in result.stderr
