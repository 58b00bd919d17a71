"""`reelworld world`: make the world dataset, render a scenario, judge a clip, list scenarios."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from api.commands.opening import err, fail
from api.commands.output import mp4_output_problem, odd_side_problem
from generation.limits import MAX_SHOTS

app = typer.Typer(help="The simulated world: dataset, renders, and the judges.", no_args_is_help=True)
MAX_FPS = 120.0
MIN_SIDE, MAX_SIDE = 16, 2048
"""A rendered frame's side in pixels."""


@app.command()
def scenarios() -> None:
    """List the scenario families."""
    from generation.world.scenarios import all_families

    for name, fam in all_families().items():
        typer.echo(f"{name:24s} {fam.summary}  [{', '.join(fam.settings)}]")


@app.command()
def render(
    scenario: str = typer.Argument(..., help="a scenario family (`reelworld world scenarios` lists them)"),
    output: Path = typer.Option(..., "-o", "--output", help="the MP4 to write (replaced if it exists)"),
    seed: int = typer.Option(0, help="0 or more: what the scenario draws (setting, look, motion); "
                             "the same seed renders the same clip"),
    size: int = typer.Option(256, help=f"the clip's side in pixels (it is square): {MIN_SIDE}-{MAX_SIDE}, "
                             "an even number"),
    fps: float = typer.Option(24.0, help=f"frames per second, above 0 and at most {MAX_FPS:g}"),
    style: str | None = typer.Option(None, help="realistic, cinematic or anime (default: the seed picks one)"),
    night: bool = typer.Option(False, "--night", help="set it at night (without it, the seed picks day or night)"),
    shots: int = typer.Option(1, help=f"how many shots the clip is cut into, 1-{MAX_SHOTS}"),
) -> None:
    """Simulate SCENARIO and write it as an MP4 with its foley."""
    from generation.media.mp4 import MediaError, write_mp4
    from generation.world.generate import ScenarioError, generate
    from generation.world.plan import STYLES

    if style is not None and style not in STYLES:
        fail(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    if problem := (out_of_range("--size", size, MIN_SIDE, MAX_SIDE) or odd_side_problem("--size", size)
                   or out_of_range("--shots", shots, 1, MAX_SHOTS) or out_of_range("--seed", seed, 0)
                   or fps_problem(fps) or mp4_output_problem(output)):
        fail(problem)
    try:
        s = generate(scenario, seed, width=size, height=size, fps=fps, style=style,
                     time_of_day="night" if night else None, n_shots=shots)
        write_mp4(output, s.frames, fps, s.audio, s.meta.audio_rate)
    except (KeyError, ScenarioError, MediaError) as exc:
        fail(str(exc).strip("'\""))
    typer.echo(f"{output}: {s.meta.caption}")


def out_of_range(name: str, value: int, low: int, high: int | None = None) -> str | None:
    """What is wrong with the whole number `value` of option `name`, which must be from `low` to
    `high` (no upper bound: None); None when it is in range."""
    if low <= value and (high is None or value <= high):
        return None
    allowed = f"from {low} to {high}" if high is not None else f"{low} or more"
    return f"{name} must be {allowed}, got {value}"


def fps_problem(fps: float) -> str | None:
    """What is wrong with a frame rate `fps` (above 0, at most MAX_FPS); None when nothing is."""
    return None if 0 < fps <= MAX_FPS else f"--fps must be above 0 and at most {MAX_FPS:g}, got {fps:g}"


@app.command()
def score(clip: Path, prompt: str | None = typer.Option(None, "--prompt"),
          plan: Path | None = typer.Option(None, "--plan", help="ScenePlan JSON file")) -> None:
    """Judge CLIP (an MP4) against a prompt or ScenePlan; prints a JSON report."""
    import msgspec

    from generation.media.mp4 import MediaError, read_mp4
    from generation.metrics.report import judge, report_encoder
    from generation.world.plan import plan_decoder

    scene = None
    if plan is not None:
        try:
            scene = plan_decoder.decode(plan.read_bytes())
        except (OSError, msgspec.DecodeError, msgspec.ValidationError) as exc:
            fail(f"cannot read plan {plan}: {exc}")
    try:
        media = read_mp4(clip)
    except MediaError as exc:
        fail(str(exc))
    report = judge(media.frames, media.fps, media.audio, media.sample_rate, scene, prompt)
    sys.stdout.write(msgspec.json.format(report_encoder.encode(report)).decode() + "\n")


@app.command()
def dataset(n: int = typer.Option(..., "--n", help="number of samples"),
            out: Path = typer.Option(..., "--out"), size: int = 64, fps: float = 24.0,
            shard_size: int = 16,
            shots_within: int = typer.Option(0, help="put multi-shot cuts in the first N frames "
                                             "(a model's clip length; 0: anywhere)")) -> None:
    """Write N samples as shards in OUT with Ray Data; rerun to resume."""
    from generation.world.dataset import DatasetConfig, pending_shards, run_dataset

    if problem := (out_of_range("--n", n, 1) or out_of_range("--shard-size", shard_size, 1)
                   or out_of_range("--size", size, MIN_SIDE, MAX_SIDE) or fps_problem(fps)
                   or out_of_range("--shots-within", shots_within, 0)):
        fail(problem)
    cfg = DatasetConfig(n, str(out), size, fps, shard_size, shots_within=shots_within)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file of that name, a file on the way, no permission
        fail(f"--out {out} must be a directory, new or one to resume: {exc.strerror}")
    todo = len(pending_shards(cfg))
    done = -(-n // shard_size) - todo
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err) as bar:
        task = bar.add_task("shards", total=done + todo, completed=done)
        run_dataset(cfg, lambda count: bar.advance(task))
    typer.echo(f"{out}: {n} samples in {done + todo} shards")
