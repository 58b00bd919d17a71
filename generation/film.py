"""A finished clip from a prompt: the model's frames, sound made from those frames, an MP4.

prompt -> request checks -> frames by the denoising loop (any VideoGenerator) -> tracker on
the frames -> foley at the contacts it finds, speech for quoted dialogue in the shot it
belongs to, ambience for the setting -> mix at -16 LUFS / <= -1 dBTP -> upscale -> visible
watermark -> H.264 + AAC MP4 with faststart. The simulator is never called here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import msgspec
import numpy as np
from PIL import Image

from generation.audio.foley import ambience, impact
from generation.audio.mix import Stem, master, place
from generation.audio.speech import speak
from generation.audio.visual_foley import contact_events
from generation.media.mp4 import write_mp4
from generation.media.watermark import upscale, watermark
from generation.metrics.adherence import KIND_WORDS, SETTING_WORDS, VERB_WORDS, plan_from_prompt
from generation.metrics.scene import find_hoop, water_surface
from generation.metrics.tracking import track_clip
from generation.model.schedulers import MAX_STEPS
from generation.model.conditioning import appearance_code
from generation.rewriter.parse import quoted_lines, too_long_line
from generation.world.catalog import PALETTE
from generation.world.plan import STYLES, DialogueLine, ObjectSpec, ScenePlan

MAX_PROMPT = 500
MAX_CLI_STEPS = 200
MAX_SEED = 2**32 - 1
MAX_GUIDANCE = 20.0
AUDIO_RATE = 16000


class RequestError(ValueError):
    """A generation request a person must fix: empty or absurd prompt, unknown style, steps."""


class ClipRequest(msgspec.Struct, frozen=True):
    """What to make. `size` is the output height in pixels; `seed` fixes every random draw."""

    prompt: str
    style: str | None = None
    seed: int = 0
    steps: int = 25
    guidance: float = 1.0  # guidance > 1 doubles the cost; no visible gain on world32 yet
    size: int = 256
    character: str | None = None  # a character's colour: its appearance code conditions the model


class Film(msgspec.Struct, frozen=True):
    """A generated clip: model frames, output frames, fps, mastered audio, plan, dialogue."""

    frames: np.ndarray
    video: np.ndarray
    fps: float
    audio: np.ndarray
    sample_rate: int
    plan: ScenePlan
    dialogue: tuple[DialogueLine, ...]
    contacts: int


def check_request(req: ClipRequest) -> ScenePlan:
    """The plan the prompt asks for; raises RequestError with a message a person can act on."""
    text = " ".join(req.prompt.split())
    if not text:
        raise RequestError("the prompt is empty; describe a scene, e.g. 'a red ball bounces in a gym'")
    if len(text) > MAX_PROMPT:
        raise RequestError(f"the prompt is {len(text)} characters; keep it under {MAX_PROMPT}")
    words = set(KIND_WORDS) | set(SETTING_WORDS) | set(VERB_WORDS) | {"ball", "hoop", "water"}
    if not any(re.search(rf"\b{re.escape(w)}", text.lower()) for w in words):
        raise RequestError("the prompt names nothing this model can show; mention a ball, crate "
                           "or person, an action (bounce, shoot, splash...) or a place (gym, pool...)")
    if problem := too_long_line([text]):
        raise RequestError(problem)
    if req.style is not None and req.style not in STYLES:
        raise RequestError(f"unknown style {req.style!r}; choose from {', '.join(STYLES)}")
    if not 1 <= req.steps <= min(MAX_CLI_STEPS, MAX_STEPS):
        raise RequestError(f"steps must be between 1 and {MAX_CLI_STEPS}, got {req.steps}")
    if req.character is not None and req.character not in PALETTE:
        raise RequestError(f"unknown character colour {req.character!r}; choose from {', '.join(PALETTE)}")
    if not 64 <= req.size <= 1024:
        raise RequestError(f"size must be 64-1024 pixels, got {req.size}")
    if not 1.0 <= req.guidance <= MAX_GUIDANCE:  # NaN fails this too
        raise RequestError(f"guidance must be between 1 and {MAX_GUIDANCE:g}, got {req.guidance}")
    if not 0 <= req.seed <= MAX_SEED:
        raise RequestError(f"seed must be between 0 and {MAX_SEED}, got {req.seed}")
    plan = plan_from_prompt(text)
    return msgspec.structs.replace(plan, style=req.style or plan.style or "realistic")


def dialogue_stems(lines: list[str], cut_starts: list[int], fps: float, rate: int,
                   line_shots: list[int] | None = None) -> tuple[list[Stem], tuple[DialogueLine, ...]]:
    """Line i is spoken early in shot `line_shots[i]` (default: shot i; the last shot takes
    any extra lines), the lines of one shot in turn."""
    stems, placed, cursor = [], [], {}
    for i, text in enumerate(lines):
        shot = min(i if line_shots is None else line_shots[i], len(cut_starts) - 1)
        start = cursor.get(shot, cut_starts[shot] / fps + 0.15)
        voice = speak(text, f"speaker{i % 2}", rate)
        stems.append(Stem(voice, start, 0.9))
        placed.append(DialogueLine(f"speaker{i % 2}", text, round(start, 3),
                                   round(start + len(voice) / rate, 3)))
        cursor[shot] = start + len(voice) / rate + 0.1
    return stems, tuple(placed)


def soundtrack(frames: np.ndarray, fps: float, plan: ScenePlan, lines: list[str],
               rate: int, rng: np.random.Generator, line_shots: list[int] | None = None,
               shot_starts: tuple[int, ...] = ()) -> tuple[np.ndarray, tuple, int]:
    """(mastered audio, placed dialogue, number of impacts) for model frames. Speech goes in
    the shots `line_shots` names (dialogue_stems), which begin at `shot_starts` where the
    sampler said so, else at the cuts the tracker sees."""
    duration = len(frames) / fps
    shots = track_clip(frames)
    backgrounds = [np.median(frames[s.start:s.stop], axis=0).astype(np.uint8) for s in shots]
    water = [water_surface(bg, s.top, s.bottom) for bg, s in zip(backgrounds, shots)]
    hoops = [find_hoop(bg, None) for bg in backgrounds]
    events = contact_events(shots, fps, plan, water, hoops)
    bed = ambience(plan.setting or "gym", int(round(duration * rate)), rate, rng)
    stems = [Stem(bed, 0.0)]
    stems += [Stem(impact(ev, kind, rate, rng), ev.time_s) for ev, kind in events]
    starts = list(shot_starts) or [s.start for s in shots] or [0]
    speech, placed = dialogue_stems(lines, starts, fps, rate, line_shots)
    mix = place(stems + speech, duration, rate)
    return master(mix, rate), placed, len(events)


def source_conditioning(source: np.ndarray, mode: str, frames: int, size: int,
                        keep: int = 4, strength: float = 0.6) -> dict:
    """Model conditioning from an existing clip (T, H, W, 3) uint8, resized to the model's:
    "continue" gives its last `keep` frames as the new clip's first (the next shot);
    "remix" starts from the whole clip noised to `strength`. Raises RequestError."""
    from generation.model.conditioning import continuation, fit_frames

    if source.ndim != 4 or len(source) == 0:
        raise RequestError("the source clip has no frames")
    if mode == "continue":  # only its last frames are needed (continuation resizes them)
        return continuation(source, frames, size, keep)
    small = np.stack([np.asarray(Image.fromarray(f).resize((size, size), Image.BILINEAR))
                      for f in source])
    if mode == "remix":
        if not 0.0 < strength <= 1.0:
            raise RequestError("remix strength must be in (0, 1]")
        return {"init": fit_frames(small, frames)[None], "strength": strength}
    raise RequestError(f"unknown source mode {mode!r}; use 'continue' or 'remix'")


def make_film(req: ClipRequest, generator, progress: Callable[[int, int], None] | None = None,
              conditioning: dict | None = None) -> Film:
    """Make the clip `req` asks for with `generator` (a VideoGenerator); `conditioning` comes
    from `source_conditioning` for a continuation or a remix. Raises RequestError."""
    plan = check_request(req)
    conditioning = dict(conditioning or {})
    if req.character is not None:
        figure = ObjectSpec("character", "figure", req.character)
        conditioning["appearance"] = appearance_code(figure)[None]
    frames = generator.generate([req.prompt], [plan.style], seed=req.seed, steps=req.steps,
                                guidance=req.guidance, progress=progress, **conditioning)[0]
    fps = generator.fps
    audio, placed, n_contacts = soundtrack(frames, fps, plan, quoted_lines(req.prompt),
                                           AUDIO_RATE, np.random.default_rng(req.seed))
    video = watermark(upscale(frames, req.size))
    return Film(frames, video, fps, audio, AUDIO_RATE, msgspec.structs.replace(plan, dialogue=placed),
                placed, n_contacts)


def write_film(film: Film, path: str | Path) -> Path:
    """Encode `film` as an H.264 + AAC MP4 (faststart) at `path`."""
    return write_mp4(path, film.video, film.fps, film.audio, film.sample_rate)
