"""Command-line argument types of the model's tools (evaluation, benchmarks, export).

Each is an argparse `type`: a bad value becomes argparse's one-line usage error with exit 2,
before any model is loaded or any clip sampled, instead of a traceback minutes later.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """A whole number from `low` to `high` (no upper bound when None)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"{value} is outside {low}-{high}" if high is not None
                                             else f"{value} is below {low}")
        return value

    return parse


def wholes(low: int, high: int | None = None) -> Callable[[str], list[int]]:
    """A comma-separated list of whole numbers, each from `low` to `high`."""
    one = whole(low, high)

    def parse(text: str) -> list[int]:
        values = [one(part.strip()) for part in text.split(",") if part.strip()]
        if not values:
            raise argparse.ArgumentTypeError("give at least one number, e.g. 25 or 5,10,25")
        return values

    return parse


def number(low: float, high: float) -> Callable[[str], float]:
    """A number from `low` to `high` (NaN and infinities refused)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:  # NaN fails this too
            raise argparse.ArgumentTypeError(f"{text} is outside {low:g}-{high:g}")
        return value

    return parse


def folder(text: str) -> Path:
    """An existing directory."""
    path = Path(text)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{path} is not a folder")
    return path


def weights_folder(text: str) -> Path:
    """A folder of our weights (denoiser/ and scheduler/, as `reelworld train` exports them)."""
    path = folder(text)
    if not (path / "denoiser" / "config.json").is_file():
        raise argparse.ArgumentTypeError(f"{path} holds no weights (no denoiser/config.json); "
                                         "give a folder under generation/weights/ or a run's export")
    return path


def existing_file(text: str) -> Path:
    """An existing file."""
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{path} is not a file")
    return path


def output_file(text: str) -> Path:
    """A file that can be written (generation.media.mp4.check_writable: not a folder, and a file
    can be made beside it). Checked before the work, so that results are not lost at the end."""
    from generation.media.mp4 import MediaError, check_writable

    try:
        check_writable(text)
    except MediaError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return Path(text)


def device(text: str) -> str:
    """A torch device this machine has: cpu, cuda or cuda:N."""
    import torch

    if text == "cpu":
        return text
    if text == "cuda" or text.startswith("cuda:"):
        if not torch.cuda.is_available():
            raise argparse.ArgumentTypeError(f"{text}: this machine has no CUDA GPU that torch can use")
        index = text.partition(":")[2]
        if index and not (index.isdigit() and int(index) < torch.cuda.device_count()):
            raise argparse.ArgumentTypeError(f"{text}: this machine has {torch.cuda.device_count()} GPU(s)")
        return text
    raise argparse.ArgumentTypeError(f"{text!r} is not a device: use cpu, cuda or cuda:N")


def summary(doc: str | None) -> str:
    """A tool's description for --help: its docstring's first paragraph, whole."""
    return " ".join((doc or "").split("\n\n")[0].split())
