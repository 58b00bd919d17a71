"""`reelworld world`: make the world dataset, render a scenario, judge a clip, list scenarios."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from api.commands.opening import err, fail, missing_folder

app = typer.Typer(help="The simulated world: dataset, renders, and the judges.", no_args_is_help=True)
MAX_FPS = 120.0


@app.command()
def scenarios() -> None:
    """List the scenario families."""
    from generation.world.scenarios import all_families

    for name, fam in all_families().items():
        typer.echo(f"{name:24s} {fam.summary}  [{', '.join(fam.settings)}]")


@app.command()
def render(scenario: str, output: Path = typer.Option(..., "-o", "--output"),
           seed: int = 0, size: int = 256, fps: float = 24.0, style: str | None = None,
           night: bool = False, shots: int = 1) -> None:
    """Simulate SCENARIO and write it as an MP4 with its foley."""
    from generation.media.mp4 import MediaError, write_mp4
    from generation.world.generate import ScenarioError, generate
    from generation.world.plan import STYLES

    if style is not None and style not in STYLES:
        fail(f"unknown style {style!r}; choose from {', '.join(STYLES)}")
    if not (16 <= size <= 2048) or not (1 <= shots <= 4) or not 0 < fps <= MAX_FPS or seed < 0:
        fail(f"size must be 16-2048, shots 1-4, fps above 0 and at most {MAX_FPS}, seed 0 or more")
    if problem := missing_folder(output):
        fail(problem)
    try:
        s = generate(scenario, seed, width=size, height=size, fps=fps, style=style,
                     time_of_day="night" if night else None, n_shots=shots)
        write_mp4(output, s.frames, fps, s.audio, s.meta.audio_rate)
    except (KeyError, ScenarioError, MediaError) as exc:
        fail(str(exc).strip("'\""))
    typer.echo(f"{output}: {s.meta.caption}")


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

    if n <= 0 or shard_size <= 0 or not (16 <= size <= 2048) or shots_within < 0 or not 0 < fps <= MAX_FPS:
        fail(f"--n and --shard-size must be positive, size 16-2048, fps above 0 and at most {MAX_FPS} "
             "and --shots-within 0 or more")
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
