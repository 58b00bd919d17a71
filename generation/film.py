"""A finished clip from a prompt: the model's frames, sound made from those frames, an MP4.

prompt -> request checks (quoted lines that cannot be heard within the clip are refused
before sampling) and the plan the chain's rewriter makes of it -> frames by the denoising
loop (any VideoGenerator) from the captions the chain gives the model (the rewriter's, one per
shot: a prompt is cut by "cut to", "next shot", ";" or a new sentence, or says "in 2 shots"),
each shot continuing the one before -> tracker on the frames ->
foley at the contacts it finds, speech for each quoted line in the shot whose words hold it,
each shot's own ambience (its setting, by day or at night), crossfaded at the cuts -> mix at
-16 LUFS / <= -1 dBTP -> upscale -> visible watermark -> H.264 + AAC MP4 with faststart. The
simulator is never called here.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
import numpy as np
from PIL import Image

from generation.audio.ambience import ambience_track
from generation.audio.foley import impact
from generation.audio.mix import Stem, master, place
from generation.audio.speech import speak
from generation.audio.visual_foley import contact_events
from generation.media.mp4 import write_mp4
from generation.limits import MAX_GUIDANCE, MAX_SHOTS, MAX_SIZE, MAX_STEPS, MIN_SIZE, REMIX_STRENGTH
from generation.media.watermark import upscale, watermark
from generation.metrics.adherence import KIND_WORDS, SETTING_WORDS, VERB_WORDS
from generation.metrics.scene import find_hoop, water_surface
from generation.metrics.tracking import track_clip
from generation.model.backend import sample_shots, shot_bounds
from generation.model.conditioning import appearance_code
from generation.rewriter.parse import line_shots, quoted_lines, read, too_long_line
from generation.rewriter.rewriter import canonical_style
from generation.world.catalog import PALETTE
from generation.world.plan import STYLES, DialogueLine, ObjectSpec, ScenePlan, describe

if TYPE_CHECKING:
    from generation.jobs.rewriting import Rewriter
    from generation.rewriter import Rewrite

MAX_PROMPT = 500
MAX_CLI_STEPS = 200
MAX_SEED = 2**32 - 1
AUDIO_RATE = 16000
SHOWABLE = (*KIND_WORDS, *SETTING_WORDS, *VERB_WORDS, "ball", "hoop", "water")
SHOWN_FIELDS = ("kind", "setting", "verb")
"""What of the rewriter's reading (parse.read) is a thing, a place or an action."""


class RequestError(ValueError):
    """A generation request a person must fix: empty or absurd prompt, unknown style, steps."""


class DialogueTooLong(RequestError):
    """The quoted lines take longer to speak than the clip lasts: some would not be heard."""


class ClipRequest(msgspec.Struct, frozen=True):
    """What to make. `size` is the output height in pixels; `seed` fixes every random draw."""

    prompt: str
    style: str | None = None
    seed: int = 0
    steps: int = 25
    guidance: float = 1.0  # guidance > 1 doubles the cost; no visible gain on world32 yet
    size: int = 256
    character: str | None = None  # a character's colour: the figure wears it, its code conditions the model
    voice: tuple[int, int] | None = None  # a character's eSpeak pitch and words per minute: its lines


class Film(msgspec.Struct, frozen=True):
    """A generated clip: model frames, output frames, fps, mastered audio, plan, the dialogue
    heard, the impacts sounded and the number of shots."""

    frames: np.ndarray
    video: np.ndarray
    fps: float
    audio: np.ndarray
    sample_rate: int
    plan: ScenePlan
    dialogue: tuple[DialogueLine, ...]
    contacts: int
    shots: int = 1


def names_something(text: str) -> bool:
    """Whether `text` names a thing, an action or a place this model can show: a word the
    judges read, or one the rewriter maps onto the world ('a woman', 'someone', 'a chef' does
    not)."""
    return any(re.search(rf"\b{re.escape(w)}", text.lower()) for w in SHOWABLE) or \
        any(m.field in SHOWN_FIELDS for m in read(text).mappings)


def asked_shots(prompt: str) -> int:
    """How many shots `prompt` asks for, counted where the chain's rewriter cuts a prompt into
    shots ("cut to", "next shot", ";", a new sentence; a bare "then" goes on in the same shot) or
    as it says ("in 3 shots"). What the model reads is plan_film's captions."""
    reading = read(prompt)
    return max(len(reading.segments), reading.shot_count, 1)


def shot_scenes(plan: ScenePlan, shot_words: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(setting, time of day) heard in each shot, from each shot's own words (`shot_words`, one
    per shot): the setting a shot names, else the one before's (the plan's for the first); the
    night where a shot says so, kept by the shots after it until one names another setting.
    With fewer than two shots, the plan's setting and time of day."""
    setting = plan.setting or "gym"
    if len(shot_words) < 2:
        return [(setting, plan.time_of_day)]
    readings = [read(words).mappings for words in shot_words]
    night_named = [any(m.field == "time" for m in r) for r in readings]
    base = "day" if any(night_named) else plan.time_of_day  # the night belongs to the shots naming it
    scenes, when = [], base
    for mappings, night in zip(readings, night_named):
        own = next((m.value for m in mappings if m.field == "setting"), setting)
        if own != setting:
            setting, when = own, base
        when = "night" if night else when
        scenes.append((setting, when))
    return scenes


def check_request(req: ClipRequest, rewriter: Rewriter | None = None) -> ScenePlan:
    """The plan the prompt asks for, as the chain plans it (plan_prompt); raises RequestError
    with a message a person can act on. A style is read in any case ("Anime" is anime)."""
    text = " ".join(req.prompt.split())
    if not text:
        raise RequestError("the prompt is empty; describe a scene, e.g. 'a red ball bounces in a gym'")
    if len(text) > MAX_PROMPT:
        raise RequestError(f"the prompt is {len(text)} characters; keep it under {MAX_PROMPT}")
    if not names_something(text):
        raise RequestError("the prompt names nothing this model can show; mention a ball, crate "
                           "or person, an action (bounce, shoot, splash...) or a place (gym, pool...)")
    if problem := too_long_line([text]):
        raise RequestError(problem)
    style = canonical_style(req.style)
    if style is not None and style not in STYLES:
        raise RequestError(f"unknown style {req.style!r}; choose from {', '.join(STYLES)}")
    if not 1 <= req.steps <= min(MAX_CLI_STEPS, MAX_STEPS):
        raise RequestError(f"steps must be between 1 and {MAX_CLI_STEPS}, got {req.steps}")
    if req.character is not None and req.character not in PALETTE:
        raise RequestError(f"unknown character colour {req.character!r}; choose from {', '.join(PALETTE)}")
    if req.voice is not None and not (0 <= req.voice[0] <= 99 and 80 <= req.voice[1] <= 450):
        raise RequestError(f"a voice is a pitch of 0-99 and 80-450 words a minute, got {req.voice}")
    if not MIN_SIZE <= req.size <= MAX_SIZE:
        raise RequestError(f"size must be {MIN_SIZE}-{MAX_SIZE} pixels, got {req.size}")
    if not 1.0 <= req.guidance <= MAX_GUIDANCE:  # NaN fails this too
        raise RequestError(f"guidance must be between 1 and {MAX_GUIDANCE:g}, got {req.guidance}")
    if not 0 <= req.seed <= MAX_SEED:
        raise RequestError(f"seed must be between 0 and {MAX_SEED}, got {req.seed}")
    return plan_prompt(req.prompt, style, req.seed, rewriter)


def plan_prompt(prompt: str, style: str | None, seed: int, rewriter: Rewriter | None = None) -> ScenePlan:
    """The ScenePlan of `prompt` as the chain's rewrite step makes it for a request of one
    prompt (generation.jobs.rewriting: the same call, the same words read): `rewriter`, or
    the built-in one (the chain's without a chat endpoint). Raises RequestError."""
    return _rewritten(prompt, style, seed, rewriter).plan


def _rewritten(prompt: str, style: str | None, seed: int, rewriter: Rewriter | None = None) -> Rewrite:
    """The chain's rewrite of a request of one prompt (rewriting.rewrite_order); the built-in
    rewriter's is read once for the request check and plan_film alike. Raises RequestError."""
    if rewriter is None:
        return _builtin_rewrite(prompt, style, seed)
    from generation.jobs.errors import InvalidGeneration, NothingToGenerate
    from generation.jobs.rewriting import rewrite_order

    try:
        return rewrite_order(rewriter, prompt, (), style, 1, (), seed=seed)
    except (InvalidGeneration, NothingToGenerate) as error:
        raise RequestError(str(error)) from None


@functools.lru_cache(maxsize=8)
def _builtin_rewrite(prompt: str, style: str | None, seed: int) -> Rewrite:
    return _rewritten(prompt, style, seed, builtin_rewriter())


@functools.cache
def builtin_rewriter() -> Rewriter:
    """The chain's built-in rewriter (generation.jobs.components.shared_rewriter), built once."""
    from generation.jobs.components import shared_rewriter

    return shared_rewriter()


def dialogue_stems(lines: list[str], cut_starts: list[int], fps: float, rate: int,
                   line_shots: list[int] | None = None, duration_s: float | None = None,
                   voices: Sequence[tuple[int, int]] = ()) -> tuple[list[Stem], tuple[DialogueLine, ...]]:
    """Speech for quoted lines: line i is spoken early in shot `line_shots[i]` (default: shot i;
    the last shot takes any extra lines), 0.15 s after the shot begins, in shot order, and never
    over the line before (0.1 s after it ends), so two voices never talk at once. With
    `duration_s`, the clip's length, a line that would begin after the clip has ended is left
    out and one running past the end is recorded as ending there: what is returned is what is
    heard. The lines take turns between two speakers, or one per voice given where more (line i
    is speaker i mod that count's); speaker k speaks in `voices[k]` (eSpeak pitch, words per
    minute: a character's own voice) where given. Raises SpeechError."""
    shots = [min(i if line_shots is None else line_shots[i], len(cut_starts) - 1) for i in range(len(lines))]
    stems, placed, free, speakers = [], [], 0.0, max(2, len(voices))
    for i in sorted(range(len(lines)), key=lambda k: shots[k]):
        start = max(cut_starts[shots[i]] / fps + 0.15, free)
        if duration_s is not None and start >= duration_s:
            break  # every later line starts later still
        k = i % speakers
        own = voices[k] if k < len(voices) else None
        voice = speak(lines[i], f"speaker{k}", rate, *(own or ()))
        end = start + len(voice) / rate
        stems.append(Stem(voice, start, 0.9))
        heard_end = end if duration_s is None else min(end, duration_s)
        placed.append(DialogueLine(f"speaker{k}", lines[i], round(start, 3), round(heard_end, 3)))
        free = end + 0.1
    return stems, tuple(placed)


CLI_MORE_SHOTS = "cut the prompt into shots with 'cut to' or a new sentence"


def fit_dialogue(lines: list[str], bounds: tuple[int, ...], fps: float, rate: int = AUDIO_RATE,
                 line_shots: list[int] | None = None, *, more_shots: str = CLI_MORE_SHOTS,
                 voices: Sequence[tuple[int, int]] = ()) -> tuple[DialogueLine, ...]:
    """Where each quoted line will be spoken in a clip whose shots begin at `bounds[:-1]` frames
    and which ends at `bounds[-1]` (shot_bounds), checked before sampling. Raises DialogueTooLong
    when a line would not end before the clip does, saying how long the lines take against the
    clip and what to do (`more_shots`: how to ask for more shots where this is asked); SpeechError
    when a line cannot be spoken. `voices`: the speakers' own (dialogue_stems), as they will speak."""
    _, placed = dialogue_stems(lines, list(bounds[:-1]), fps, rate, line_shots, voices=voices)
    duration = bounds[-1] / fps
    late = [line for line in placed if line.end_s > duration]
    if not late:
        return placed
    shots, need = len(bounds) - 1, max(line.end_s for line in placed)
    advice = "use shorter or fewer quoted lines"
    if shots < MAX_SHOTS:
        advice += (f", or give the lines shots of their own: {more_shots} (up to {MAX_SHOTS}; a line is "
                   "spoken in the shot it is written in)")
    raise DialogueTooLong(
        f"the quoted lines need {need:.2f} s to be spoken but the clip is {duration:.2f} s long "
        f"({shots} shot{'s' if shots > 1 else ''}): {len(late)} of {len(placed)} would be cut off "
        f"or not heard; {advice}")


def soundtrack(frames: np.ndarray, fps: float, plan: ScenePlan, lines: list[str],
               rate: int, rng: np.random.Generator, line_shots: list[int] | None = None,
               shot_starts: tuple[int, ...] = (), shot_words: Sequence[str] = (),
               voices: Sequence[tuple[int, int]] = ()) -> tuple[np.ndarray, tuple, int]:
    """(mastered audio, the dialogue heard, number of impacts) for model frames. Speech goes in
    the shots `line_shots` names (dialogue_stems), which begin at `shot_starts` where the
    sampler said so, else at the cuts the tracker sees; each shot's ambience is the setting its
    own words (`shot_words`, one per shot) name (shot_scenes), crossfaded at the cuts; the
    speakers' `voices` are dialogue_stems'."""
    duration = len(frames) / fps
    shots = track_clip(frames)
    backgrounds = [np.median(frames[s.start:s.stop], axis=0).astype(np.uint8) for s in shots]
    water = [water_surface(bg, s.top, s.bottom) for bg, s in zip(backgrounds, shots)]
    hoops = [find_hoop(bg, None) for bg in backgrounds]
    starts = list(shot_starts) or [s.start for s in shots] or [0]
    scenes = shot_scenes(plan, shot_words)
    events = contact_events(shots, fps, plan, water, hoops,  # the floor of the shot a contact is in
                            lambda frame: scenes[min(max(bisect_right(starts, frame) - 1, 0), len(scenes) - 1)][0])
    beds = [(start / fps, *scenes[min(i, len(scenes) - 1)]) for i, start in enumerate(starts)]
    stems = [Stem(ambience_track(beds, int(round(duration * rate)), rate, rng), 0.0)]
    stems += [Stem(impact(ev, kind, rate, rng), ev.time_s) for ev, kind in events]
    speech, placed = dialogue_stems(lines, starts, fps, rate, line_shots, duration, voices)
    mix = place(stems + speech, duration, rate)
    return master(mix, rate), placed, len(events)


def source_conditioning(source: np.ndarray, mode: str, frames: int, size: int,
                        keep: int = 4, strength: float = REMIX_STRENGTH) -> dict:
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


def plan_film(req: ClipRequest, generator, checked: ScenePlan | None = None) -> tuple[ScenePlan, list[str]]:
    """(plan, one caption per shot) of the clip `req` asks `generator` for, checked before
    anything is sampled. The captions are what the chain gives the model for the same request
    and seed (rewriting.model_captions: the rewriter's world captions, one per shot of its plan,
    at most MAX_SHOTS), from a generator that says its clip length (`frames`), since each shot
    continues the frames of the one before; another (a diffusers pipeline, a general text-to-
    video model) makes one shot of the person's own words. Raises RequestError, and
    DialogueTooLong when the quoted lines cannot all be heard in a clip of that length."""
    from generation.jobs.rewriting import dress, model_captions

    plan = checked or check_request(req)  # `checked`: what check_request already returned for `req`
    length = getattr(generator, "frames", None)
    if req.character is not None:  # the figure wears it, as the chain casts a character
        plan = dress(plan, [req.character])
    if not length:
        return plan, [req.prompt]
    done = _rewritten(req.prompt, canonical_style(req.style), req.seed)  # check_request's, read once
    if req.character is not None:
        dressed = dress(done.plan, [req.character])
        done = msgspec.structs.replace(done, plan=dressed, caption=describe(dressed, req.seed))
    captions = list(model_captions(done, builtin_rewriter(), req.seed))[:MAX_SHOTS]
    fit_dialogue(quoted_lines(req.prompt), shot_bounds(len(captions), length), generator.fps,
                 line_shots=line_shots(req.prompt), voices=_voices(req))
    return plan, captions


def _voices(req: ClipRequest) -> tuple[tuple[int, int], ...]:
    """The speakers' voices (dialogue_stems): the character's for the first, where given."""
    return (req.voice,) if req.voice is not None else ()


def make_film(req: ClipRequest, generator, progress: Callable[[int, int], None] | None = None,
              conditioning: dict | None = None, planned: tuple[ScenePlan, list[str]] | None = None) -> Film:
    """Make the clip `req` asks for with `generator` (a VideoGenerator); `conditioning` comes
    from `source_conditioning` for a continuation or a remix and conditions the first shot.
    The shots are plan_film's, made as the chain makes them: each continues the last frames of
    the one before (sample_shots). Raises RequestError, and DialogueTooLong before sampling
    (after, for a generator that cannot say its clip length) when the quoted lines cannot all
    be heard in the clip. `planned`: what plan_film already returned for `req` and `generator`."""
    plan, captions = planned or plan_film(req, generator)
    length, lines = getattr(generator, "frames", None), quoted_lines(req.prompt)
    every = {}
    if req.character is not None:
        every["appearance"] = appearance_code(ObjectSpec("character", "figure", req.character))[None]
    frames = sample_shots(_AllShots(generator, len(captions), every, progress), captions, plan.style,
                          seed=req.seed, steps=req.steps, guidance=req.guidance, first=conditioning,
                          seed_limit=MAX_SEED + 1)
    fps = generator.fps
    bounds = shot_bounds(len(captions), length or len(frames))
    where = line_shots(req.prompt)
    if not length:  # the clip's length is known only now
        fit_dialogue(lines, bounds, fps, line_shots=where, voices=_voices(req))
    words = read(req.prompt).segments[:len(captions)] if len(captions) > 1 else ()
    audio, placed, n_contacts = soundtrack(frames, fps, plan, lines, AUDIO_RATE, np.random.default_rng(req.seed),
                                           where, bounds[:-1], words, voices=_voices(req))
    video = watermark(upscale(frames, req.size))
    return Film(frames, video, fps, audio, AUDIO_RATE, msgspec.structs.replace(plan, dialogue=placed),
                placed, n_contacts, len(captions))


class _AllShots:
    """`generator` as sample_shots calls it once per shot: each call also gets `every` (a
    character's appearance), and `progress` counts the steps of all shots as one run."""

    def __init__(self, generator, shots: int, every: dict, progress: Callable[[int, int], None] | None):
        self.generator, self.shots, self.every, self.progress = generator, shots, every, progress
        self.done = self.calls = 0

    def __getattr__(self, name: str):  # fps, frames, size: the generator's own
        return getattr(self.generator, name)

    def generate(self, prompts, styles, progress: Callable[[int, int], None] | None = None,
                 **kwargs) -> np.ndarray:
        done, left, steps = self.done, self.shots - self.calls, [0]

        def report(i: int, n: int) -> None:
            steps[0] = n
            if self.progress is not None:
                self.progress(done + i, done + n * left)
            if progress is not None:  # the shot's own (sample_shots hands it on)
                progress(i, n)

        clip = self.generator.generate(prompts, styles, progress=report, **self.every, **kwargs)
        self.done, self.calls = done + steps[0], self.calls + 1
        return clip


def write_film(film: Film, path: str | Path) -> Path:
    """Encode `film` as an H.264 + AAC MP4 (faststart) at `path`."""
    return write_mp4(path, film.video, film.fps, film.audio, film.sample_rate)
