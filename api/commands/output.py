"""What a command that writes a video checks of its output before the long work that ends in
writing it (sampling, simulating): one check for every such command, so that each refuses the
same outputs with the same words."""

from __future__ import annotations

from pathlib import Path


def mp4_output_problem(output: Path) -> str | None:
    """What is wrong with writing an MP4 at `output`, checked before the long work that ends in
    it: a name that is not .mp4, a file where a folder of its path should be, a folder that does
    not exist, a folder at `output` itself, no file can be made there; None when nothing is. Every
    command that writes an MP4 checks its output with this."""
    from generation.media.mp4 import MediaError, check_writable

    if output.suffix.lower() != ".mp4":
        return f"the output must be an .mp4 file, got {output.name!r}"
    try:
        check_writable(output)
    except MediaError as error:
        return str(error)
    return None


def odd_side_problem(name: str, side: int) -> str | None:
    """What is wrong with `side` pixels, the value of option `name`, as a video's side: H.264
    pads an odd side by one (257 would give 258x258), so it is refused rather than changed;
    None when it is even."""
    if side % 2 == 0:
        return None
    return f"{name} must be an even number of pixels (a video's sides are), got {side}; use {side - 1} or {side + 1}"
