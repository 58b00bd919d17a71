"""`reelworld generate`: a prompt in, an MP4 out, on this machine (no Ray cluster needed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import numpy as np
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from api.commands.opening import err, fail
from api.commands.output import mp4_output_problem, odd_side_problem
from generation.limits import MAX_SIZE, MIN_SIZE, REMIX_STRENGTH

if TYPE_CHECKING:
    from generation.world.plan import ScenePlan

DEFAULT_WEIGHTS = Path(__file__).resolve().parents[2] / "generation" / "weights" / "world32-h100"
BLOCKED = 3  # the exit code when a safety check refuses the prompt or the clip made


# the diffusers call's arguments that DiffusersGenerator.generate sets from the request
OWN_OPTIONS = ("prompt", "num_inference_steps", "guidance_scale", "generator", "output_type",
               "callback_on_step_end")


def pipeline_options(options: list[str]) -> dict[str, int | float | str]:
    """KEY=VALUE strings as keyword arguments for a diffusers pipeline call (numbers become
    numbers). Raises RequestError for a string without a key and a value, or for an argument
    that the command sets itself (OWN_OPTIONS)."""
    from generation.film import RequestError

    out: dict[str, int | float | str] = {}
    for option in options:
        key, sep, value = option.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key.isidentifier() or not value:
            raise RequestError(f"--pipeline-option takes KEY=VALUE (e.g. num_frames=49), got {option!r}")
        if key in OWN_OPTIONS:
            raise RequestError(f"--pipeline-option {key} is set by reelworld generate itself "
                               f"({', '.join(OWN_OPTIONS)}); use its own options")
        out[key] = _number(value)
    return out


def number_option(name: str, kind: type[int] | type[float]) -> Callable[[object], int | float]:
    """A parser for the numeric option `name` (typer's `parser=`): a value that is not a
    `kind` ends the command through `fail` (one line, exit 2), as the command's other bad
    input does, not with click's boxed usage error. The ranges are check_request's."""
    what = "a whole number" if kind is int else "a number"

    def parse(value: object) -> int | float:
        try:
            return kind(str(value).strip())
        except ValueError:
            fail(f"{name} takes {what}, got {value!r}")

    return parse


def _number(text: str) -> int | float | str:
    """`text` as an int, else a float, else as it is."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _check_options(req, output: Path, diffusers: bool, continue_from: Path | None,
                   remix: Path | None, options: list[str], precision: str,
                   strength: float | None = None) -> tuple[dict, ScenePlan]:
    """Check the request and the options before anything loads; returns the diffusers call's
    options (pipeline_options) and the request's plan (check_request). Raises RequestError (bad
    input, an odd size, an output that cannot be written: mp4_output_problem) or SamplingError (an
    unknown precision), each with a message for a person."""
    from generation.film import RequestError, check_request
    from generation.model.pipeline import check_precision

    plan = check_request(req)
    if problem := odd_side_problem("--size", req.size):
        raise RequestError(problem)
    check_precision(precision)  # before the weights load
    if precision != "fp32" and diffusers:
        raise RequestError("--precision is for Reelworld's own weights (a diffusers pipeline runs "
                           "in the dtype it was saved in)")
    if problem := mp4_output_problem(output):  # before sampling, not after
        raise RequestError(problem)
    if continue_from and remix:
        raise RequestError("use --continue-from or --remix, not both")
    if (continue_from or remix) and diffusers:
        raise RequestError("--continue-from and --remix need Reelworld's own weights")
    if options and not diffusers:
        raise RequestError("--pipeline-option is for a diffusers pipeline (--diffusers)")
    if strength is not None and not remix:
        raise RequestError("--strength is how far a remix departs from its source: give it with --remix")
    return pipeline_options(list(options)), plan


def _load(weights: Path, diffusers: bool, call: dict, continue_from: Path | None, remix: Path | None,
          strength: float, precision: str):
    """Load the generator and read a source clip: (model, conditioning). Raises RequestError,
    FileNotFoundError, WeightsError (a damaged weights folder), MediaError or PipelineFailed."""
    from generation.film import source_conditioning
    from generation.media.mp4 import read_mp4
    from generation.model.backend import DiffusersGenerator, ReelworldGenerator

    model = (DiffusersGenerator(weights, **call) if diffusers
             else ReelworldGenerator.from_pretrained(weights, precision=precision))
    if not (continue_from or remix):
        return model, None
    clip = read_mp4(continue_from or remix)
    mode = "continue" if continue_from else "remix"
    # the model's frames are model.fps apart: the source's, at its own rate, are picked by time
    # (a continuation keeps the source's last frame, a remix its first)
    source = frames_at_rate(clip.frames, clip.fps, model.fps, keep_last=mode == "continue")
    return model, source_conditioning(source, mode, model.frames, model.size, strength=strength)


def frames_at_rate(frames: np.ndarray, fps: float, rate: float, *, keep_last: bool = False) -> np.ndarray:
    """`frames` (T, ...) shown at `fps`, as frames `rate` apart in time: for each instant of the
    new rate within the clip, the source frame on screen then (frames repeat when `rate` is above
    `fps`). The instants start at the first frame, or end at the last with `keep_last`. The
    frames as they are when the rates are the same or either is not a positive number."""
    if not (fps > 0 and rate > 0) or np.isclose(fps, rate) or len(frames) == 0:
        return frames
    span = (len(frames) - 1) / fps  # seconds from the first frame to the last
    count = int(np.floor(span * rate + 1e-6)) + 1
    times = np.arange(count) / rate
    if keep_last:
        times = span - times[::-1]
    picked = np.clip(np.floor(times * fps + 1e-6).astype(int), 0, len(frames) - 1)  # 1e-6: float error
    return frames[picked]


def quiet_loading() -> None:
    """No progress bars from diffusers or transformers on stderr (the text encoder's "Loading
    weights 103/103" at each load): the command draws its own."""
    from diffusers.utils import logging as diffusers_logging
    from transformers.utils import logging as transformers_logging

    diffusers_logging.set_verbosity_error()
    diffusers_logging.disable_progress_bar()
    transformers_logging.disable_progress_bar()


def prompt_refusal(prompt: str) -> str | None:
    """Why the product's prompt-safety step refuses `prompt` for an adult, or None: the chain's
    own step (generation.jobs.steps.prompt_safety_step, the same texts as for a request): the
    prompt, each clause and shot of it alone, and each quoted line alone."""
    from events.generation import GenerationRequested, PromptBlocked
    from generation.jobs.components import shared_classifier
    from generation.jobs.state import GenerationState
    from generation.jobs.steps import prompt_safety_step

    request = GenerationRequested(
        generation_id="cli", user_id="operator", prompt=prompt, style=None, characters=(), remix_of=None,
        shots=1, tier="standard", seed=0, teen=False, reservation="free")
    event = prompt_safety_step(GenerationState(request=request, version=0), shared_classifier())
    if not isinstance(event, PromptBlocked):
        return None
    return f"{event.message} ({event.category})" if event.category else event.message


def output_refusal(film) -> str | None:
    """Which of the product's output checks (safety.check_output: flashes, degenerate frames on
    the model's own frames, audio levels) the film fails, with what each measured; None when
    it passes them all."""
    from safety import check_output

    verdict = check_output(film.video, film.fps, film.audio, film.sample_rate, model_frames=film.frames)
    return None if verdict.allowed else "; ".join(f"{f.check}: {f.detail}" for f in verdict.failures)


def blocked(message: str) -> NoReturn:
    """Print why a safety check refused and end the command with exit code BLOCKED."""
    err.print(f"[red]blocked:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=BLOCKED)


def _shots_note(prompt: str, film, diffusers: bool) -> str | None:
    """What to tell the person when the clip has fewer shots than the prompt asks for."""
    from generation.film import asked_shots

    asked = asked_shots(prompt)
    if film.shots >= asked:
        return None
    why = ("a diffusers pipeline cannot continue one shot into the next" if diffusers
           else f"a clip has at most {film.shots} shots")
    return f"the prompt asks for {asked} shots; made {film.shots} ({why})"


def _make_and_write(req, model, conditioning: dict | None, planned, output: Path):
    """Sample the film under a progress bar, run the output checks on it and write the MP4;
    the film. Ends the command through `fail` (exit 2) or `blocked` (exit 3, nothing written)."""
    from generation.audio.speech import SpeechError
    from generation.film import RequestError, make_film, write_film
    from generation.media.mp4 import MediaError
    from generation.model.backend import PipelineFailed, UnsupportedConditioning
    from generation.model.conditioning import ConditioningError

    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err) as bar:
        task = bar.add_task("denoising", total=req.steps)
        try:
            film = make_film(req, model, lambda i, n: bar.update(task, completed=i, total=n),
                             conditioning, planned)
            bar.update(task, description="safety checks")
            if refusal := output_refusal(film):
                bar.stop()
                blocked(f"the clip made fails the output checks, so nothing was written: {refusal}")
            bar.update(task, description="sound + mp4")
            write_film(film, output)
        except (RequestError, SpeechError, MediaError, PipelineFailed, ConditioningError,
                UnsupportedConditioning) as exc:
            fail(str(exc))
    return film


def generate(
    prompt: str = typer.Argument(..., help="what happens, e.g. 'a red basketball bounces in a gym'; "
                                 "'then', 'cut to', ';' or a full stop starts another shot (up to 4, each "
                                 "continuing the last); \"quoted\" lines are spoken in the shot they are written in"),
    output: Path = typer.Option(..., "-o", "--output", help="the MP4 to write (replaced if it exists)"),
    style: str | None = typer.Option(None, "--style", help="realistic, cinematic or anime (any case)"),
    seed: int = typer.Option(0, "--seed", help="0 to 4294967295", parser=number_option("--seed", int)),
    steps: int = typer.Option(25, "--steps", help="sampling steps (1-200)", parser=number_option("--steps", int)),
    guidance: float = typer.Option(1.0, "--guidance", help="classifier-free guidance scale (1: off)",
                                   parser=number_option("--guidance", float)),
    size: int = typer.Option(256, "--size", help=f"the clip's side in pixels (it is square): {MIN_SIZE}-{MAX_SIZE}, "
                             "an even number", parser=number_option("--size", int)),
    weights: Path = typer.Option(DEFAULT_WEIGHTS, "--weights",
                                 help="our weights, or a diffusers pipeline dir with --diffusers"),
    diffusers: bool = typer.Option(False, "--diffusers", help="WEIGHTS is a diffusers pipeline"),
    pipeline_option: list[str] = typer.Option(
        [], "--pipeline-option", help="KEY=VALUE for the diffusers pipeline call, e.g. num_frames=49 "
        "(repeatable; with --diffusers)"),
    continue_from: Path | None = typer.Option(None, "--continue-from",
                                              help="an MP4 whose last frames open this clip (next shot)"),
    remix: Path | None = typer.Option(None, "--remix", help="an MP4 to remix (start from it noised)"),
    strength: float | None = typer.Option(None, "--strength", help=f"remix strength in (0, 1] (default {REMIX_STRENGTH:g})",
                                          parser=number_option("--strength", float)),
    character: str | None = typer.Option(None, "--character",
                                         help="a character's colour: the figure wears it (the model's appearance slot)"),
    capture: Path | None = typer.Option(None, "--capture",
                                        help="a video of you speaking (MP4, MOV or WebM, 2-20 s): you are the "
                                        "figure, in your colour, and speak the quoted lines in your voice"),
    precision: str = typer.Option("fp32", "--precision",
                                  help="the denoiser's arithmetic: fp32, bf16 (1.3-1.8x as fast on a CPU "
                                  "with AVX512-BF16) or auto (bf16 where the CPU or GPU has it)"),
) -> None:
    """Generate a clip with sound from PROMPT and write it as an H.264 + AAC MP4.

    The product's safety checks run as for an adult member: the prompt, each
    shot and each quoted line before sampling; the output checks (flashes,
    degenerate frames, audio levels) before writing. A refusal says why, writes
    nothing and exits with code 3; bad input, damaged weights or an output that
    cannot be written exit with code 2. Quoted lines that could not be heard
    within the clip are refused before sampling.
    """
    from generation.audio.speech import SpeechError
    from generation.film import ClipRequest, RequestError, plan_film
    from generation.media.mp4 import MediaError
    from generation.model.backend import PipelineFailed
    from generation.model.pipeline import SamplingError, WeightsError

    voice = None
    if capture is not None:
        if character is not None:
            fail("give --character or --capture, not both (a capture gives the character's colour)")
        character, voice = _captured(capture)
    req = ClipRequest(prompt, style, seed, steps, guidance, size, character, voice)
    quiet_loading()
    try:
        call, plan = _check_options(req, output, diffusers, continue_from, remix, pipeline_option, precision,
                                    strength)
    except (RequestError, SamplingError) as exc:
        fail(str(exc))
    if refusal := prompt_refusal(prompt):
        blocked(f"the prompt is not allowed: {refusal}; nothing was generated")
    try:
        model, conditioning = _load(weights, diffusers, call, continue_from, remix,
                                    REMIX_STRENGTH if strength is None else strength, precision)
        planned = plan_film(req, model, plan)  # the shots, and whether their dialogue can be heard, before sampling
    except (RequestError, SpeechError, FileNotFoundError, WeightsError, MediaError, PipelineFailed) as exc:
        fail(str(exc))
    film = _make_and_write(req, model, conditioning, planned, output)
    if note := _shots_note(prompt, film, diffusers):
        err.print(f"[yellow]note:[/yellow] {note}", highlight=False, soft_wrap=True)
    typer.echo(f"{output}: {len(film.frames)} frames at {film.fps:g} fps, {counted(film.shots, 'shot')}, "
               f"{counted(film.contacts, 'impact')}, {counted(len(film.dialogue), 'spoken line')}")


def _captured(path: Path) -> tuple[str, tuple[int, int]]:
    """(colour, (pitch, words per minute)) of the person in the capture at `path`, read as the
    API reads a character's capture; a capture that cannot make one is one line and exit 2."""
    from generation.capture import MAX_CAPTURE_BYTES, CaptureRejected, analyse_capture

    try:
        if path.stat().st_size > MAX_CAPTURE_BYTES:
            fail(f"{path}: a capture is at most {MAX_CAPTURE_BYTES / 1e6:g} MB: a few seconds of video is enough")
        features = analyse_capture(path.read_bytes())
    except OSError as error:
        fail(f"{path}: {error.strerror or error}")
    except CaptureRejected as error:
        fail(f"{path}: {error}")
    err.print(f"capture: a {features.colour} figure, voice pitch {features.voice_pitch}, "
              f"{features.voice_speed} words a minute", highlight=False)
    return features.colour, (features.voice_pitch, features.voice_speed)


def counted(n: int, thing: str) -> str:
    """'1 shot', '3 shots', '0 impacts'."""
    return f"{n} {thing}{'' if n == 1 else 's'}"
