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
    [sys.executable, str(ROOT / "bench" / "foley_contacts.py"), "--clips", "0"],
], ids=["evaluate-n", "evaluate-out", "bench-repeats", "foley-clips"])
def test_the_tools_exit_2_with_one_line_and_no_traceback(command):
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "error: argument" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_without_weights_is_refused_before_loading(tmp_path):
    from generation.model.arguments import weights_folder

    assert weights_folder("generation/weights/world32-h100") == Path("generation/weights/world32-h100")
    with pytest.raises(argparse.ArgumentTypeError, match="holds no weights"):
        weights_folder(str(tmp_path))


def test_judging_a_file_that_save_clips_did_not_write_is_one_line(tmp_path):
    import numpy as np

    (tmp_path / "notes.txt").write_text("not clips")
    np.savez(tmp_path / "other.npz", a=np.zeros(3))
    for path, says in ((tmp_path / "notes.txt", "not an .npz of arrays"), (tmp_path / "other.npz", "holds no captions")):
        result = subprocess.run([sys.executable, "-m", "generation.model.evaluate", "--judge-clips", str(path)],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr
