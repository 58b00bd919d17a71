"""What the sampler is asked for one generation, and the loop of shots that answers it.

A SamplingRequest names the model (the Serve sampler multiplexes by that name), the steps, the
style, one caption per shot and the seed. A remix starts its first shot from the source's
frames noised to `remix_strength`; every later shot continues the one before from its last
`keep` frames (a chain of continuation samples), so the shots share one world. The video is
the first shot followed by what each later shot adds.

A sampler that carries several requests in one denoising loop (the Serve sampler's batches)
stops that loop once every request it carries was cancelled (abandon_when_cancelled).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence

import msgspec
import numpy as np

from generation.jobs.config import ChainConfig, canonical_tier
from generation.jobs.errors import SourceGone, StepAbandoned
from generation.jobs.media import MediaNotFound, MediaStore
from generation.jobs.state import GenerationState
from generation.limits import REMIX_STRENGTH

MAX_SEED = 2**31 - 1


class SamplingRequest(msgspec.Struct, frozen=True, kw_only=True):
    generation_id: str
    model: str
    steps: int
    guidance: float
    style: str
    captions: tuple[str, ...]
    """One per shot, in order."""
    seed: int
    """The first shot's seed; shot i samples with seed + i."""
    remix_frames_key: str | None = None
    remix_strength: float = REMIX_STRENGTH
    keep: int = 4
    """Frames each later shot takes over from the one before."""


def sampling_request(state: GenerationState, config: ChainConfig) -> SamplingRequest:
    """The sampler's request for a rewritten generation (events recorded before models had
    names or steps were chosen at request time fall back to the config's)."""
    assert state.rewrite is not None
    req, rewritten = state.request, state.rewrite
    shots = max(1, len(rewritten.plan.get("shots") or ()))
    captions = rewritten.shot_captions or (rewritten.caption,) * shots
    return SamplingRequest(
        generation_id=req.generation_id, model=req.model or config.legacy_model,
        steps=req.steps or config.steps_for(canonical_tier(req.tier)), guidance=config.guidance,
        style=rewritten.plan.get("style") or "realistic", captions=tuple(captions), seed=req.seed,
        remix_frames_key=req.remix.frames_key if req.remix is not None else None,
        remix_strength=config.remix_strength, keep=config.continuation_frames,
    )


def sample_clip(request: SamplingRequest, generator, media: MediaStore, *,
                progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """uint8 (T, H, W, 3): every shot of `request` sampled by `generator` (a VideoGenerator),
    joined; `progress` is called after each denoising step of each shot (what it raises stops
    the sampling). Raises SourceGone (the remixed video's frames were deleted) and the sampler's
    errors."""
    from generation.film import source_conditioning
    from generation.model.backend import sample_shots

    first = None
    if request.remix_frames_key is not None:
        source = _source_frames(media, request.remix_frames_key)
        first = source_conditioning(source, "remix", *_shape(generator, source),
                                    strength=request.remix_strength)
    return sample_shots(generator, request.captions, request.style, seed=request.seed,
                        steps=request.steps, guidance=request.guidance, keep=request.keep,
                        first=first, seed_limit=MAX_SEED, progress=progress)


def abandon_when_cancelled(cancelled: Sequence[threading.Event]) -> Callable[[], None]:
    """`check` for a denoising loop that carries the requests whose cancel flags are `cancelled`
    (each set, from any thread, once its caller cancelled it): it raises StepAbandoned once
    every one of them is set (the loop's work is then no one's), and does nothing while one
    still waits for its clip, whose frames are thus those of an uncancelled run. Called
    between denoising steps, so the loop stops at the step after the last cancel."""
    flags = tuple(cancelled)

    def check() -> None:
        if flags and all(flag.is_set() for flag in flags):
            raise StepAbandoned("every request this denoising loop carried was cancelled")

    return check


def _shape(generator, frames: np.ndarray) -> tuple[int, int]:
    """(frames, size) of the generator's clips; a generator that does not say keeps the source's."""
    return getattr(generator, "frames", len(frames)), getattr(generator, "size", frames.shape[1])


def _source_frames(media: MediaStore, key: str) -> np.ndarray:
    try:
        with media.open(key) as stream:
            return np.load(io.BytesIO(stream.read()), allow_pickle=False)
    except MediaNotFound:
        raise SourceGone("the video this remixes was deleted, and its frames with it") from None
