"""Quality by the world's judges on held-out prompts: generated clips against simulated clips of
the same prompts, for a checkpoint at several step counts and an untrained twin.

Held-out prompts are the world's own held-out draws (seeds from HELD_OUT_SEED, every scenario
family and style in turn, every fourth prompt multi-shot); the model sees only the caption and
style, the judges see the clip and the plan. Rates:

- physics: checks passed / applicable among gravity, restitution, continuity, permanence,
  buoyancy, solidity, outcome;
- adherence: the same over objects, count, action, setting, style, time of day;
- cross-shot: multi-shot prompts whose clip shows cuts and passes the cross-shot check,
  over all multi-shot prompts (a clip without a cut fails it).

    python -m generation.model.evaluate --weights generation/weights/world32 --n 200

Sampling settings (guidance, solver) are chosen on other prompts of the same kind, not on
these: `--split validation --no-untrained --guidance 1.5 --solver ddim ...`. Each row also
counts the clips failing each check (`failures`).

On a machine with a GPU, `--device cuda --save-clips clips.npz` also keeps every variant's clips,
and `--judge-clips clips.npz` judges such a file later (with the judges of the machine that
reads it; the held-out prompts are drawn again and must match the file's captions).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

import msgspec
import numpy as np
import torch

from typing import TYPE_CHECKING

from generation.model.conditioning import fit_frames, shots_fit
from generation.model.schedulers import SOLVERS
from generation.world.plan import STYLES

if TYPE_CHECKING:
    from generation.metrics.report import Report

# The judges (and their MP4 and loudness libraries) load only where clips are judged, so a GPU
# machine without ffmpeg-python can sample and save clips (--no-judge).

ADHERENCE = ("objects", "count", "action", "setting", "style", "time_of_day")
SPLITS = ("held-out", "validation")
VALIDATION_SEED = 2_000_000  # training draws seeds below HELD_OUT_SEED (1,000,000), held-out above
KEEP = 4  # frames each later shot of a chained video carries over (ChainConfig.continuation_frames)


class HeldOut(msgspec.Struct, frozen=True):
    """A held-out prompt with its simulated clip (fitted to the model's length)."""

    caption: str
    style: str
    plan: object
    frames: np.ndarray
    shots: int
    family: str
    seed: int


class Rates(msgspec.Struct, frozen=True):
    """Pass rates (0-1) and their counts for one set of clips; `failures`: how many clips
    failed each check (physics and adherence checks by name, and cross_shot), where they fail."""

    physics: float
    adherence: float
    cross_shot: float
    physics_n: int
    adherence_n: int
    multi_shot_n: int
    seconds_per_clip: float = 0.0
    failures: dict[str, int] = msgspec.field(default_factory=dict)


def held_out_sets(n: int, frames: int, size: int, fps: float, split: str = "held-out"
                  ) -> tuple[list[HeldOut], list[HeldOut]]:
    """(`n` held-out prompts with their simulated clips, the multi-shot prompts for chained
    videos), drawn in one pass over the held-out slots: families and styles in turn, every
    fourth slot multi-shot (2, 3 and 4 shots in turn). `split="validation"` draws the same
    kind of prompts from other seeds (VALIDATION_SEED), for choosing sampling settings
    without looking at the held-out prompts the rates of record come from.

    The first list holds what one clip of `frames` frames can show: a multi-shot draw whose
    later shots the fit would cut off (under 3 frames left for a shot) is drawn again with
    another held-out seed for the same slot (four shots never fit 16 frames at 8 fps, so such
    a slot gives way to the next one). The second holds the first draw of every multi-shot
    slot among the first `n` slots that drew one: a chained video is as long as its shots need,
    so no draw is refused for its length and 4-shot prompts stay in.
    """
    from generation.world.dataset import HELD_OUT_SEED
    from generation.world.generate import ScenarioError, generate
    from generation.world.scenarios import all_families

    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; choose from {', '.join(SPLITS)}")
    base = HELD_OUT_SEED if split == "held-out" else VALIDATION_SEED
    names, fitted, chains, first_draws, i = list(all_families()), [], [], 0, 0
    while len(fitted) < n:
        shots = 2 + i % 3 if i % 4 == 3 else 1
        for attempt in range(8):  # a multi-shot draw that does not fit: another seed, same slot
            family, seed = names[i % len(names)], base + i + 10_000 * attempt
            try:
                s = generate(family, seed, width=size, height=size, fps=fps,
                             style=STYLES[i % len(STYLES)], n_shots=shots, audio_rate=0)
            except ScenarioError:
                break  # a draw the world cannot stage at this size: the next slot replaces it
            p = HeldOut(s.meta.caption, s.meta.plan.style, s.meta.plan, fit_frames(s.frames, frames),
                        shots, family, seed)
            if attempt == 0:
                if shots > 1 and first_draws < n:
                    chains.append(p)
                first_draws += 1
            if shots_fit(s.meta.plan, fps, frames):
                fitted.append(p)
                break
        i += 1
    return fitted, chains


def held_out(n: int, frames: int, size: int, fps: float) -> list[HeldOut]:
    """`n` held-out prompts and their simulated clips, each showing all its shots within one
    clip of `frames` frames (`held_out_sets`)."""
    return held_out_sets(n, frames, size, fps)[0]


def rates(reports: list[Report], prompts: list[HeldOut]) -> Rates:
    """Pool the judges' reports of clips made for `prompts`."""
    from generation.metrics.report import PHYSICS

    tally = Counter((c.name, c.passed) for r in reports for c in r.checks if c.passed is not None)

    def pool(names):
        passed, failed = (sum(tally[name, ok] for name in names) for ok in (True, False))
        return (passed / (passed + failed) if passed + failed else 0.0), passed + failed

    phys, phys_n = pool(PHYSICS)
    adh, adh_n = pool(ADHERENCE)
    multi = [r for r, p in zip(reports, prompts) if p.shots > 1]
    cross = [r.shots > 1 and r.check("cross_shot").passed is True for r in multi]
    failures = {name: n for (name, ok), n in tally.items() if not ok and name in PHYSICS + ADHERENCE}
    if cross.count(False):
        failures["cross_shot"] = cross.count(False)
    return Rates(phys, adh, sum(cross) / len(cross) if cross else 0.0, phys_n, adh_n, len(multi),
                 failures=dict(sorted(failures.items())))


def judge_all(clips: np.ndarray, prompts: list[HeldOut], fps: float,
              judge_size: int = 0) -> list[Report]:
    """The judges' reports; with `judge_size`, on the clips upscaled to that many pixels the
    way published videos are (bicubic, generation.media.watermark.upscale), not the model's
    own size: the judges read pixels, and a 32 px clip gives them 2 px balls."""
    from generation.media.watermark import upscale
    from generation.metrics.report import judge

    empty = np.zeros(0, np.float32)
    return [judge(upscale(c, judge_size) if judge_size and judge_size != c.shape[1] else c,
                  fps, empty, 16000, p.plan) for c, p in zip(clips, prompts)]


def sample_all(pipeline, prompts: list[HeldOut], steps: int, batch: int, seed: int,
               guidance: float) -> tuple[np.ndarray, float]:
    """Clips for every prompt (seeded per batch) and the seconds per clip it took."""
    out, t0 = [], time.perf_counter()
    for k in range(0, len(prompts), batch):
        chunk = prompts[k:k + batch]
        gen = torch.Generator().manual_seed(seed + k)
        out.append(pipeline([p.caption for p in chunk], [p.style for p in chunk], generator=gen,
                            steps=steps, guidance=guidance))
    return np.concatenate(out), (time.perf_counter() - t0) / len(prompts)


def shot_captions(p: HeldOut, seed: int) -> tuple[str, ...]:
    """One caption per shot of a held-out prompt: its plan limited to that shot, described as
    the chain's rewrite step describes a shot (shot i with seed + i, so the shots' wordings
    differ as the product's do; before 2026-11-27 every shot had the same wording)."""
    from generation.world.plan import describe

    return tuple(describe(msgspec.structs.replace(p.plan, shots=(shot,)), seed + i)
                 for i, shot in enumerate(p.plan.shots))


def retimed(p: HeldOut, frames: int, keep: int, fps: float) -> HeldOut:
    """`p` with its shots re-timed to a chained video: the first shot's `frames` frames,
    then `frames - keep` new frames per later shot (where the judges put the cuts)."""
    shots, start = [], 0.0
    for i, shot in enumerate(p.plan.shots):
        length = (frames if i == 0 else frames - keep) / fps
        shots.append(msgspec.structs.replace(shot, start_s=start, end_s=start + length))
        start += length
    return msgspec.structs.replace(p, plan=msgspec.structs.replace(p.plan, shots=tuple(shots)))


def simulated_chains(prompts: list[HeldOut], frames: int, keep: int, fps: float
                     ) -> tuple[list[np.ndarray], list[HeldOut]]:
    """The world's own clips of multi-shot prompts laid out as chained videos (`retimed`):
    each scene run on for the chained plan's length and rendered through its shots' cameras.
    The counterpart of `chained`'s clips, as the held-out prompts' clips are of `sample_all`'s.
    Returns the clips and the re-timed prompts."""
    from generation.world.generate import simulate
    from generation.world.render import render_clip

    clips, timed = [], []
    for p in prompts:
        t = retimed(p, frames, keep, fps)
        _, trace, _ = simulate(p.family, p.seed, p.plan.setting, fps, run_for=t.plan.duration_s)
        size = p.frames.shape[1]
        clips.append(render_clip(trace, t.plan, size, size, p.seed)[0])
        timed.append(t)
    return clips, timed


def simulated_chain_rates(prompts: list[HeldOut], frames: int, fps: float, judge_size: int = 0) -> Rates:
    """The judges' rates of `simulated_chains` (the row beside `chained_<steps>_steps`)."""
    clips, timed = simulated_chains(prompts, frames, KEEP, fps)
    return rates(judge_all(clips, timed, fps, judge_size), timed)


def chained(pipe, prompts: list[HeldOut], steps: int, seed: int, guidance: float,
            fps: float = 8.0, keep: int = KEEP) -> tuple[list[np.ndarray], list[HeldOut], float]:
    """Multi-shot prompts sampled the way the product makes a multi-shot video (the
    chain's sample_clip is backend.sample_shots): one caption per shot, each later shot
    continuing the last `keep` frames of the one before. Returns the clips (16 frames, then
    12 per later shot), the prompts re-timed to them, and the seconds per clip. Needs only
    the model's own modules, so a lent GPU without the rest of the project can run it."""
    from generation.model.backend import ReelworldGenerator, sample_shots

    generator = ReelworldGenerator(pipe)
    clips, timed, t0 = [], [], time.perf_counter()
    for k, p in enumerate(prompts):
        clips.append(sample_shots(generator, shot_captions(p, seed + k), p.style, seed=seed + k,
                                  steps=steps, guidance=guidance, keep=keep))
        timed.append(retimed(p, pipe.frames, keep, fps))
    return clips, timed, (time.perf_counter() - t0) / max(1, len(prompts))


def evaluate(weights: Path, n: int, step_counts: list[int], guidance: float, batch: int,
             fps: float = 8.0, seed: int = 0, log=print, device: str = "cpu",
             save_clips: Path | None = None, text_encoder=None, judge: bool = True,
             judge_size: int = 0, chain: bool = False, split: str = "held-out",
             solver: str = "dpmsolver++", twin: bool = True, precision: str = "fp32",
             finish: bool = True) -> dict:
    """{variant: Rates} for simulated clips, the trained model at each step count (largest
    first), and an untrained model of the same shape at the largest step count; with `chain`,
    also `chained_<steps>_steps`: the multi-shot prompts of the same slots (`held_out_sets`,
    4-shot ones too) made shot by shot as the product makes them (rates over those prompts
    only; its cross-shot is the product's), beside `simulated_chained`, the world's clips of
    the same prompts laid out the same way. `split` and `solver` choose the prompts
    (`held_out_sets`) and the sampling solver (schedulers.SOLVERS); `twin=False` skips the
    untrained model (when comparing settings); `precision` is the pipeline's (PRECISIONS), and
    `finish` whether it finishes clips for their style (generation.model.finish). With
    `save_clips`, every variant's clips (and the captions) are also written there (npz); with
    `judge=False` the clips are only sampled and timed (judge the file later with `judge_saved`)."""
    from generation.model.pipeline import ReelworldPipeline
    from generation.model.text import TextEncoder

    pipe = ReelworldPipeline.from_pretrained(weights, text_encoder or TextEncoder(), solver, precision, finish)
    pipe.denoiser.to(device)
    log(f"sampling in {'bf16 autocast' if pipe.bf16 else 'fp32'} on {device}")
    prompts, multi = held_out_sets(n, pipe.frames, pipe.size, fps, split)
    score = (lambda clips: rates(judge_all(clips, prompts, fps, judge_size), prompts)) if judge else (
        lambda clips: Rates(0.0, 0.0, 0.0, 0, 0, 0))
    result = {"simulated": score(np.stack([p.frames for p in prompts]))}
    log(f"simulated: {result['simulated']}")
    kept: dict[str, np.ndarray] = {}
    if chain and judge:
        result["simulated_chained"] = simulated_chain_rates(multi, pipe.frames, fps, judge_size)
        log(f"simulated_chained: {result['simulated_chained']}")

    def run_chains(name: str, generator_pipe, steps: int) -> None:
        clips, timed, spc = chained(generator_pipe, multi, steps, seed, guidance, fps)
        for k, clip in enumerate(clips):
            kept[f"{name}_{k}"] = clip
        kept[f"s_{name}"] = np.float64(spc)
        if judge:
            r = rates(judge_all(clips, timed, fps, judge_size), timed)
            result[name] = msgspec.structs.replace(r, seconds_per_clip=spc)
            log(f"{name}: {result[name]}")

    for steps in sorted(step_counts, reverse=True):  # the default first, then fewer steps
        clips, spc = sample_all(pipe, prompts, steps, batch, seed, guidance)
        kept[f"trained_{steps}_steps"], kept[f"s_trained_{steps}_steps"] = clips, np.float64(spc)
        r = score(clips)
        result[f"trained_{steps}_steps"] = msgspec.structs.replace(r, seconds_per_clip=spc)
        log(f"trained, {steps} steps: {result[f'trained_{steps}_steps']}")
        if chain:
            run_chains(f"chained_{steps}_steps", pipe, steps)
        if twin and steps == max(step_counts):
            untrained = _untrained_twin(pipe, seed, device)
            clips, spc = sample_all(untrained, prompts, steps, batch, seed, guidance)
            kept["untrained"], kept["s_untrained"] = clips, np.float64(spc)
            r = score(clips)
            result["untrained"] = msgspec.structs.replace(r, seconds_per_clip=spc)
            log(f"untrained, {steps} steps: {result['untrained']}")
            if chain:
                run_chains("chained_untrained", untrained, steps)
    if save_clips is not None:
        np.savez_compressed(save_clips, captions=np.array([p.caption for p in prompts]),
                            split=np.array(split), **kept)
    return result


def judge_saved(path: Path, fps: float = 8.0, log=print, judge_size: int = 0) -> dict:
    """{variant: Rates} for the clips in a `save_clips` file, judged on this machine (at
    `judge_size` pixels when given)."""
    try:
        with np.load(path) as f:
            data = {k: f[k] for k in f.files}
    except (ValueError, OSError, EOFError):  # text, pickles, a damaged zip
        raise ValueError(f"{path} is not a clips file that --save-clips writes (not an .npz of arrays)") from None
    if "captions" not in data or not any(not k.startswith(("s_", "chained_", "split")) for k in data if k != "captions"):
        raise ValueError(f"{path} holds no captions and clips: it is not a file that --save-clips writes")
    captions = [str(c) for c in data.pop("captions")]
    split = str(data.pop("split", "held-out"))  # files written before splits hold held-out clips
    first = next(v for k, v in data.items() if not k.startswith(("s_", "chained_")))
    prompts, multi = held_out_sets(len(captions), first.shape[1], first.shape[2], fps, split)
    if [p.caption for p in prompts] != captions:
        raise ValueError(f"{path}: its captions are not this machine's {split} prompts")
    result = {"simulated": rates(judge_all(np.stack([p.frames for p in prompts]), prompts, fps,
                                           judge_size), prompts)}
    log(f"simulated: {result['simulated']}")
    chains: dict[str, list[np.ndarray]] = {}
    for name in sorted((k for k in data if k.startswith("chained_")), key=lambda k: int(k.rsplit("_", 1)[1])):
        chains.setdefault(name.rsplit("_", 1)[0], []).append(data.pop(name))
    if chains:
        result["simulated_chained"] = simulated_chain_rates(multi, first.shape[1], fps, judge_size)
        log(f"simulated_chained: {result['simulated_chained']}")
        timed = [retimed(p, first.shape[1], KEEP, fps) for p in multi]
    for name, clips in chains.items():
        if [len(c) for c in clips] != [round(t.plan.duration_s * fps) for t in timed]:
            raise ValueError(f"{path}: {name} is not a chained video per multi-shot prompt of "
                             f"this machine's held-out draws")
        r = rates(judge_all(clips, timed, fps, judge_size), timed)
        result[name] = msgspec.structs.replace(r, seconds_per_clip=float(data.get(f"s_{name}", 0.0)))
        log(f"{name}: {result[name]}")
    for name, clips in data.items():
        if name.startswith("s_"):
            continue
        r = rates(judge_all(clips, prompts, fps, judge_size), prompts)
        result[name] = msgspec.structs.replace(r, seconds_per_clip=float(data.get(f"s_{name}", 0.0)))
        log(f"{name}: {result[name]}")
    return result


def _untrained_twin(pipe, seed: int, device: str = "cpu"):
    """The same shape with fresh random weights (seeded), as a pipeline sampled the same way."""
    from generation.model.model import VideoDenoiser
    from generation.model.pipeline import ReelworldPipeline

    torch.manual_seed(seed)
    untrained = VideoDenoiser.from_config(pipe.denoiser.config).eval().to(device)
    return ReelworldPipeline(untrained, pipe.scheduler_config, pipe.text_encoder, pipe.solver,
                             pipe.precision, pipe.finish)


def main() -> None:
    from generation.model.arguments import (
        device, existing_file, folder, number, output_file, summary, weights_folder, whole, wholes)
    from generation.model.pipeline import PRECISIONS
    from generation.model.schedulers import MAX_STEPS, MIN_STEPS

    parser = argparse.ArgumentParser(description=summary(__doc__))
    parser.add_argument("--weights", type=weights_folder, default=Path("generation/weights/world32"))
    parser.add_argument("--n", type=whole(1, 100_000), default=200)
    parser.add_argument("--steps", type=wholes(MIN_STEPS, MAX_STEPS), default=[5, 10, 25],
                        help="sampling steps to judge, comma-separated")
    parser.add_argument("--guidance", type=number(1.0, 20.0), default=1.0)
    parser.add_argument("--batch", type=whole(1, 4096), default=20)
    parser.add_argument("--out", type=output_file, default=None, help="write the rates as JSON here")
    parser.add_argument("--device", type=device, default="cpu")
    parser.add_argument("--save-clips", type=output_file, default=None,
                        help="also keep every variant's clips (npz)")
    parser.add_argument("--judge-clips", type=existing_file, default=None, help="judge a --save-clips file instead")
    parser.add_argument("--no-judge", action="store_true", help="only sample and time (with --save-clips)")
    parser.add_argument("--text-encoder", type=folder, default=None,
                        help="a compact_text export (default: the full model)")
    parser.add_argument("--chain", action="store_true",
                        help="also make the multi-shot prompts shot by shot, as the product does")
    parser.add_argument("--split", choices=SPLITS, default="held-out",
                        help="validation: other prompts of the same kind, for choosing settings")
    parser.add_argument("--solver", choices=SOLVERS, default="dpmsolver++")
    parser.add_argument("--precision", choices=PRECISIONS, default="fp32",
                        help="the denoiser's arithmetic (auto: bf16 where the device has it)")
    parser.add_argument("--no-untrained", action="store_true", help="skip the untrained twin")
    parser.add_argument("--no-finish", action="store_true",
                        help="judge the model's own frames, without the style's finishing pass")
    parser.add_argument("--judge-size", type=whole(0, 2048), default=0,
                        help="judge clips upscaled to this many pixels, as published (default: as sampled)")
    args = parser.parse_args()
    if args.judge_clips:
        try:
            result = judge_saved(args.judge_clips, judge_size=args.judge_size)
        except ValueError as error:  # not a file --save-clips wrote here
            parser.error(str(error))
    else:
        encoder = None
        if args.text_encoder:
            from generation.model.compact_text import CompactMiniLM
            from generation.model.text import TextEncoder

            encoder = TextEncoder(CompactMiniLM(args.text_encoder, device=args.device))
        result = evaluate(args.weights, args.n, args.steps,
                          args.guidance, args.batch, device=args.device, save_clips=args.save_clips,
                          text_encoder=encoder, judge=not args.no_judge, judge_size=args.judge_size,
                          chain=args.chain, split=args.split, solver=args.solver,
                          twin=not args.no_untrained, precision=args.precision, finish=not args.no_finish)
    text = json.dumps(msgspec.to_builtins(result), indent=2)
    if args.out:
        args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
