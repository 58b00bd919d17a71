"""The steps of the generation chain, one function each: a generation's state in, the one
event that records the step's outcome out.

Steps are pure with respect to the log (the runner appends what they return) and idempotent
with respect to media: what a step writes goes under a key fixed by the generation id, so a
step that runs again after a crash overwrites its own bytes. The same functions run in-process
(ChainRunner) and inside the Serve deployments (actors/chain.py).
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec
import numpy as np

from events import Event
from events.generation import (
    AudioComposed,
    OutputApproved,
    OutputBlocked,
    OutputFinding,
    PromptApproved,
    PromptBlocked,
    PromptRewritten,
    Provenance,
    SamplingCompleted,
    VideoPublished,
)
from generation.film import AUDIO_RATE, soundtrack
from generation.jobs.changes import apply_change, read_change
from generation.jobs.characters import Likeness, voices
from generation.jobs.config import ChainConfig
from generation.jobs.errors import MediaReplaced
from generation.jobs.media import MediaStore
from generation.jobs.rewriting import Rewriter, cast, order_text, rewrite_order, shot_captions, spoken_lines
from generation.jobs.sampling import sample_clip, sampling_request
from generation.jobs.state import GenerationState, holds, video_id_of, video_key, work_key
from generation.media.mp4 import write_mp4
from generation.media.watermark import upscale, watermark
from generation.model.backend import VideoGenerator, shot_bounds
from generation.rewriter.parse import quoted_lines
from generation.world.plan import ScenePlan, describe
from safety import PromptClassifier, Verdict, check_output


def rewrite_step(state: GenerationState, rewriter: Rewriter, likeness: tuple[Likeness, ...] = ()) -> Event:
    """PromptRewritten with the plan, its caption and, for several shots, one caption per shot.
    A remix changes its source's plan by the prompt. The characters (`likeness`, the request's,
    in order) are cast as the plan's figures (rewriting.cast), so the captions the model reads
    name their looks. Raises InvalidGeneration / NothingToGenerate."""
    req = state.request
    if req.remix is not None:
        return _remix_rewrite(state, rewriter, likeness)
    done = rewrite_order(rewriter, req.prompt, req.shot_prompts, req.style, req.shots, req.characters,
                         seed=req.seed)
    plan, caption = done.plan, done.caption
    if likeness:
        plan = cast(plan, likeness)
        caption = describe(plan, req.seed)
    return PromptRewritten(
        generation_id=req.generation_id, plan=msgspec.to_builtins(plan), caption=caption,
        expanded=done.expanded, unmapped=done.unmapped, shot_captions=shot_captions(plan, rewriter, req.seed),
        owner_id=req.user_id,
    )


def _remix_rewrite(state: GenerationState, rewriter: Rewriter, likeness: tuple[Likeness, ...]) -> Event:
    """The source's plan with the change the prompt asks for (its shots as many as asked)."""
    req = state.request
    assert req.remix is not None
    base = msgspec.convert(req.remix.plan, ScenePlan)
    mappings, change = read_change(rewriter, req.prompt, style=req.style, seed=req.seed)
    plan = cast(apply_change(base, mappings, change, style=req.style), likeness)
    first = base.shots[0] if base.shots else None
    if first is not None and len(base.shots) != req.shots:
        length = first.end_s - first.start_s
        plan = msgspec.structs.replace(plan, shots=tuple(
            msgspec.structs.replace(first, start_s=i * length, end_s=(i + 1) * length) for i in range(req.shots)))
    return PromptRewritten(
        generation_id=req.generation_id, plan=msgspec.to_builtins(plan), caption=describe(plan, req.seed),
        expanded=False, unmapped=(), shot_captions=(), owner_id=req.user_id,
    )


def prompt_safety_step(state: GenerationState, classifier: PromptClassifier) -> Event:
    """PromptApproved, or PromptBlocked with the policy's message (teen thresholds for teens;
    without the categories a reviewer overturned a block of, `state.waived`)."""
    req = state.request
    verdict = first_block(req.prompt, req.shot_prompts, classifier, teen=req.teen, waive=state.waived)
    if verdict is None:
        return PromptApproved(generation_id=req.generation_id)
    return PromptBlocked(generation_id=req.generation_id, category=verdict.category,
                         message=verdict.message or "this prompt is not allowed", layer=verdict.layer)


def first_block(prompt: str, shot_prompts: Sequence[str], classifier: PromptClassifier, *, teen: bool,
                waive: frozenset[str] = frozenset()) -> Verdict | None:
    """The first verdict that blocks a request's words (None: all allowed): the shots in order,
    then each shot's words on their own too (a harmful shot is not diluted by harmless ones),
    and each quoted line alone, as audio_step speaks it."""
    texts = [t for t in (prompt, *shot_prompts) if t.strip()]
    lines = [line for text in texts for line in quoted_lines(text)]
    for text in ([order_text(prompt, shot_prompts)] if len(texts) > 1 else []) + texts + lines:
        verdict = classifier.classify(text, teen=teen, waive=waive)
        if not verdict.allowed:
            return verdict
    return None


def sampling_inputs(state: GenerationState, config: ChainConfig) -> tuple[str, str, int, int]:
    """(caption, style, seed, steps) of the first shot (what a batched sampler groups by); the
    whole request, with the model, the shots and a remix's source, is sampling_request's."""
    request = sampling_request(state, config)
    return request.captions[0], request.style, request.seed, request.steps


def sampled_event(state: GenerationState, frames: np.ndarray, fps: float, media: MediaStore,
                  config: ChainConfig, *, seed: int | None = None, batch: tuple[int, int] = (0, 1),
                  shot_length: int | None = None) -> Event:
    """Store the model's frames for one generation and record SamplingCompleted. `seed` and
    `batch` (index, size) say how a batched sampler drew them (default: alone, its own seed);
    `shot_length`, the frames of each shot the generator made, says where the shots begin."""
    gid = state.request.generation_id
    request = sampling_request(state, config)
    own_seed, steps = request.seed, request.steps
    data = _npy(np.ascontiguousarray(frames, np.uint8))
    key = work_key(gid, "frames", data)
    media.put(key, data)
    shots = len(request.captions)
    bounds = shot_bounds(shots, shot_length or len(frames), request.keep)
    starts = bounds[:-1] if bounds[-1] == len(frames) else ()  # (): the tracker's cuts stand in
    return SamplingCompleted(generation_id=gid, frames_key=key, frame_count=len(frames),
                             fps=float(fps), model=request.model, steps=steps,
                             seed=own_seed if seed is None else seed, batch_index=batch[0],
                             batch_size=batch[1], shot_starts=starts)


def sample_step(state: GenerationState, generator: VideoGenerator, media: MediaStore,
                config: ChainConfig, *, check: Callable[[], None] | None = None) -> Event:
    """Frames from the denoising loop for every shot (the model the request names, which
    `generator` must be); raises SourceGone and the sampler's errors, and what `check`, called
    after each denoising step, raises (StepAbandoned: nothing is stored then)."""
    progress = None if check is None else (lambda done, total: check())
    frames = sample_clip(sampling_request(state, config), generator, media, progress=progress)
    return sampled_event(state, frames, generator.fps, media, config,
                         shot_length=getattr(generator, "frames", None))


def audio_step(state: GenerationState, media: MediaStore, likeness: tuple[Likeness, ...] = ()) -> Event:
    """Foley at the contacts seen in the frames, speech for quoted lines, ambience; mastered.
    The characters (`likeness`) speak the lines in their own voices (the first character the
    first speaker's lines, the second the second's)."""
    assert state.sampling is not None and state.rewrite is not None
    frames = _load(media, state.sampling.frames_key)
    plan = msgspec.convert(state.rewrite.plan, ScenePlan)
    req = state.request
    lines, shots = spoken_lines(req.prompt, req.shot_prompts)
    words = [shot.description for shot in plan.shots]  # each shot's own words: its ambience
    audio, placed, contacts = soundtrack(frames, state.sampling.fps, plan, lines, AUDIO_RATE,
                                         np.random.default_rng(req.seed), shots,
                                         state.sampling.shot_starts, words,
                                         voices=voices(likeness))
    gid = state.request.generation_id
    data = _npy(np.asarray(audio, np.float32))
    key = work_key(gid, "audio", data)
    media.put(key, data)
    return AudioComposed(generation_id=gid, audio_key=key, sample_rate=AUDIO_RATE,
                         contacts=contacts, dialogue_lines=len(placed))


def _output_video(state: GenerationState, media: MediaStore, config: ChainConfig) -> np.ndarray:
    """The frames people would see: upscaled, with the visible AI watermark."""
    assert state.sampling is not None
    return watermark(upscale(_load(media, state.sampling.frames_key), config.size))


def output_safety_step(state: GenerationState, media: MediaStore, config: ChainConfig) -> Event:
    """OutputApproved or OutputBlocked, with every check's finding, on the watermarked video
    (the degenerate check on the model's own frames, which upscaling would smooth)."""
    assert state.sampling is not None and state.audio is not None
    verdict = check_output(_output_video(state, media, config), state.sampling.fps,
                           _load(media, state.audio.audio_key), state.audio.sample_rate,
                           model_frames=_load(media, state.sampling.frames_key))
    findings = tuple(OutputFinding(check=f.check, passed=f.passed, value=float(f.value), detail=f.detail)
                     for f in verdict.findings)
    gid = state.request.generation_id
    if verdict.allowed:
        return OutputApproved(generation_id=gid, findings=findings)
    return OutputBlocked(generation_id=gid, findings=findings)


def publish_step(state: GenerationState, media: MediaStore, config: ChainConfig) -> Event:
    """Mux the watermarked video and its audio to MP4, store it, record VideoPublished with
    provenance (model, caption, seed, steps, generation id, SHA-256 of the MP4)."""
    assert state.sampling is not None and state.audio is not None and state.rewrite is not None
    req, sampling = state.request, state.sampling
    video = _output_video(state, media, config)
    audio = _load(media, state.audio.audio_key)
    with tempfile.TemporaryDirectory(prefix="reelworld-mux-") as tmp:
        path = write_mp4(Path(tmp) / "video.mp4", video, sampling.fps, audio, state.audio.sample_rate)
        data = path.read_bytes()
    video_id, key = video_id_of(req.generation_id), video_key(req.generation_id)
    size = media.put(key, data)
    provenance = Provenance(
        model=sampling.model, caption=state.rewrite.caption, seed=sampling.seed, steps=sampling.steps,
        generation_id=req.generation_id, content_sha256=hashlib.sha256(data).hexdigest(),
        remix_of=req.remix_of, batch_index=sampling.batch_index, batch_size=sampling.batch_size,
    )
    return VideoPublished(
        generation_id=req.generation_id, video_id=video_id, owner_id=req.user_id, media_key=key,
        size_bytes=size, duration_s=round(len(video) / sampling.fps, 3), width=int(video.shape[2]),
        height=int(video.shape[1]), provenance=provenance,
    )


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


def _load(media: MediaStore, key: str) -> np.ndarray:
    """The array stored at `key`; MediaReplaced when its bytes are not those the key was named
    after (keys carry their content, so only a store that changed them under their key gets
    there: the video must not show what was not checked)."""
    with media.open(key) as stream:
        data = stream.read()
    if not holds(key, data):
        raise MediaReplaced(f"this generation's stored {key.rsplit('/', 1)[-1]} changed after it was recorded, "
                            "so what was checked cannot be published; please try again")
    return np.load(io.BytesIO(data), allow_pickle=False)
