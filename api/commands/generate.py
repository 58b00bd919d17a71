"""`reelworld generate`: a prompt in, an MP4 out, on this machine (no Ray cluster needed)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from api.commands.opening import err, fail, missing_folder

DEFAULT_WEIGHTS = Path(__file__).resolve().parents[2] / "generation" / "weights" / "world32-h100"


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


def _number(text: str) -> int | float | str:
    """`text` as an int, else a float, else as it is."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _prepare(req, output: Path, weights: Path, diffusers: bool, continue_from: Path | None,
             remix: Path | None, strength: float, options: list[str] = (), precision: str = "fp32"):
    """Check the request, load the generator and read a source clip: (model, conditioning).
    Raises RequestError, SamplingError (an unknown precision), FileNotFoundError, MediaError or
    PipelineFailed, each with a message for a person."""
    from diffusers.utils import logging as diffusers_logging

    from generation.film import RequestError, check_request, source_conditioning
    from generation.media.mp4 import read_mp4
    from generation.model.backend import DiffusersGenerator, ReelworldGenerator
    from generation.model.pipeline import check_precision

    check_request(req)
    check_precision(precision)  # before the weights load
    if precision != "fp32" and diffusers:
        raise RequestError("--precision is for Reelworld's own weights (a diffusers pipeline runs "
                           "in the dtype it was saved in)")
    if output.suffix.lower() != ".mp4":
        raise RequestError(f"the output must be an .mp4 file, got {output.name!r}")
    if problem := missing_folder(output):  # before sampling, not after
        raise RequestError(problem)
    if continue_from and remix:
        raise RequestError("use --continue-from or --remix, not both")
    if (continue_from or remix) and diffusers:
        raise RequestError("--continue-from and --remix need Reelworld's own weights")
    if options and not diffusers:
        raise RequestError("--pipeline-option is for a diffusers pipeline (--diffusers)")
    call = pipeline_options(list(options))
    diffusers_logging.set_verbosity_error()
    diffusers_logging.disable_progress_bar()
    model = (DiffusersGenerator(weights, **call) if diffusers
             else ReelworldGenerator.from_pretrained(weights, precision=precision))
    if not (continue_from or remix):
        return model, None
    source = read_mp4(continue_from or remix).frames
    mode = "continue" if continue_from else "remix"
    return model, source_conditioning(source, mode, model.frames, model.size, strength=strength)


def generate(
    prompt: str = typer.Argument(..., help="what happens, e.g. 'a red basketball bounces in a gym'"),
    output: Path = typer.Option(..., "-o", "--output", help="the MP4 to write"),
    style: str | None = typer.Option(None, "--style", help="realistic, cinematic or anime"),
    seed: int = typer.Option(0, "--seed", help="0 to 4294967295"),
    steps: int = typer.Option(25, "--steps", help="sampling steps (1-200)"),
    guidance: float = typer.Option(1.0, "--guidance", help="classifier-free guidance scale (1: off)"),
    size: int = typer.Option(256, "--size", help="output height in pixels"),
    weights: Path = typer.Option(DEFAULT_WEIGHTS, "--weights",
                                 help="our weights, or a diffusers pipeline dir with --diffusers"),
    diffusers: bool = typer.Option(False, "--diffusers", help="WEIGHTS is a diffusers pipeline"),
    pipeline_option: list[str] = typer.Option(
        [], "--pipeline-option", help="KEY=VALUE for the diffusers pipeline call, e.g. num_frames=49 "
        "(repeatable; with --diffusers)"),
    continue_from: Path | None = typer.Option(None, "--continue-from",
                                              help="an MP4 whose last frames open this clip (next shot)"),
    remix: Path | None = typer.Option(None, "--remix", help="an MP4 to remix (start from it noised)"),
    strength: float = typer.Option(0.6, "--strength", help="remix strength in (0, 1]"),
    character: str | None = typer.Option(None, "--character",
                                         help="a character's colour (its appearance code slot)"),
    precision: str = typer.Option("fp32", "--precision",
                                  help="the denoiser's arithmetic: fp32, bf16 (1.3-1.8x as fast on a CPU "
                                  "with AVX512-BF16) or auto (bf16 where the CPU or GPU has it)"),
) -> None:
    """Generate a clip with sound from PROMPT and write it as an H.264 + AAC MP4."""
    from generation.audio.speech import SpeechError
    from generation.film import ClipRequest, RequestError, make_film, write_film
    from generation.media.mp4 import MediaError
    from generation.model.backend import PipelineFailed, UnsupportedConditioning
    from generation.model.conditioning import ConditioningError
    from generation.model.pipeline import SamplingError

    req = ClipRequest(prompt, style, seed, steps, guidance, size, character)
    try:
        model, conditioning = _prepare(req, output, weights, diffusers, continue_from, remix, strength,
                                       pipeline_option, precision)
    except (RequestError, SamplingError, FileNotFoundError, MediaError, PipelineFailed) as exc:
        fail(str(exc))
    with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err) as bar:
        task = bar.add_task("denoising", total=steps)
        try:
            film = make_film(req, model, lambda i, n: bar.update(task, completed=i, total=n),
                             conditioning)
            bar.update(task, description="sound + mp4")
            write_film(film, output)
        except (RequestError, SpeechError, MediaError, PipelineFailed, ConditioningError,
                UnsupportedConditioning) as exc:
            fail(str(exc))
    typer.echo(f"{output}: {len(film.frames)} frames at {film.fps:g} fps, "
               f"{film.contacts} impacts, {len(film.dialogue)} spoken lines")
