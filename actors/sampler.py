"""The sampler pool on Ray Serve: replicas that load video models by name and sample in batches.

Model multiplexing: the chain calls the sampler with `multiplexed_model_id` set to the model a
generation names (generation.jobs.sampling), so Serve routes it to a replica that already holds
that model when one does. A replica keeps the MODELS_PER_REPLICA models it used last and loads
any other installed one on demand: older models stay addressable by name without every replica
holding all of them. @serve.batch splits a batch by model id, so one denoising loop never mixes
models.

Cancels: when a caller cancels its request (DeploymentResponse.cancel(): the chain's ingress
does when the generation was cancelled or its step timed out), Serve cancels the request's
asyncio task here, raising CancelledError where __call__ awaits its batch, but it never cancels
the batch itself, and the denoising loop runs in a thread that nothing could interrupt anyway.
So __call__ sets the request's cancel flag, and the loop checks the flags of the requests it
carries between denoising steps (generation.jobs.sampling.abandon_when_cancelled): a loop whose
requests were all cancelled stops at its next step, and its replica takes the next batch; one
with a request still waiting runs on (its clips are those an uncancelled loop makes), and
nothing is stored for the cancelled ones.

GPUs per replica (`num_gpus`, fractional shares a GPU, 0 on CPU) and autoscaling come from the
Serve config (cluster/serve_config.yaml); batch sizes from its `user_config` (SamplerOptions).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from ray import serve

from actors.failures import StepFailure, failure_of
from events import Event
from generation.jobs import ChainConfig, GenerationState, expected_failures
from generation.jobs.media import media_store
from generation.jobs.errors import StepAbandoned
from generation.jobs.sampling import SamplingRequest, abandon_when_cancelled, sampling_request
from generation.jobs.steps import sample_step, sampled_event

if TYPE_CHECKING:
    from generation.model.backend import VideoGenerator


MODELS_PER_REPLICA = 2
"""Models one replica keeps loaded: the one in use and the last other one (a tier switch back
and forth does not reload), the least recently used is dropped beyond that."""


class WeightsLoader:
    """Loads a model by name from its checkpoint folder, `root`/<name> (generation/weights).
    Picklable, so a replica on another node builds its own."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def __call__(self, name: str) -> VideoGenerator:
        """The model called `name`, on the GPU Ray gave this replica if it has one. Raises
        UnknownModel (with the installed names) for a name that has no checkpoint folder,
        ModelUnavailable when its weights cannot be read."""
        import torch

        from generation.jobs.components import reelworld_generator
        from generation.jobs.models import WeightsCatalog

        generator = reelworld_generator(WeightsCatalog(self.root).path(name))
        if torch.cuda.is_available():  # Ray set CUDA_VISIBLE_DEVICES to this replica's GPU
            generator.pipeline.denoiser.to("cuda")
        return generator


class SamplerOptions(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The sampler's `user_config`: how many generations one denoising loop may carry, and how
    long the first one waits for others."""

    max_batch_size: int = 4
    batch_wait_timeout_s: float = 0.05


@serve.deployment(ray_actor_options={"num_cpus": 0.5, "num_gpus": 0})
class Sampler:
    """A replica of the sampler pool: models loaded by name, generations sampled in batches."""

    def __init__(self, media: str, config: ChainConfig, load: Callable[[str], VideoGenerator]) -> None:
        """`load(name)` builds the model called `name` (WeightsLoader in production)."""
        self.media, self.config, self.load = media_store(media), config, load

    def reconfigure(self, user_config: dict) -> None:
        options = msgspec.convert(user_config or {}, SamplerOptions)
        self.sample.set_max_batch_size(options.max_batch_size)
        self.sample.set_batch_wait_timeout_s(options.batch_wait_timeout_s)

    @serve.multiplexed(max_num_models_per_replica=MODELS_PER_REPLICA)
    async def model(self, name: str) -> VideoGenerator:
        return await asyncio.to_thread(self.load, name)

    async def __call__(self, state: GenerationState) -> Event | StepFailure:
        """SamplingCompleted for `state`, or its expected failure (UnknownModel, SourceGone, the
        sampler's errors) as a StepFailure; an unexpected error is raised. A cancelled request
        (CancelledError) stops the denoising loop that carries it once that loop's other
        requests are cancelled too."""
        cancelled = threading.Event()
        try:
            outcome = await self.sample(state, cancelled)
        except asyncio.CancelledError:  # Serve cancels this task only, never the batch's loop
            cancelled.set()
            raise
        if isinstance(outcome, expected_failures()):
            return failure_of(outcome)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    @serve.batch(max_batch_size=4, batch_wait_timeout_s=0.05)
    async def sample(self, states: list[GenerationState],
                     cancelled: list[threading.Event]) -> list[Event | Exception]:
        """One outcome per state, an event or the error of that generation alone (a bad request
        never fails the others of its batch); `cancelled[i]` is set once states[i]'s caller
        cancelled it (StepAbandoned is its outcome then, which no one receives)."""
        requests = [sampling_request(s, self.config) for s in states]
        outcomes: list[Event | Exception] = [RuntimeError("not sampled")] * len(states)
        by_model: dict[str, list[int]] = {}
        for i, request in enumerate(requests):
            by_model.setdefault(request.model, []).append(i)
        for name, members in by_model.items():
            try:
                generator = await self.model(name)
            except Exception as error:  # noqa: BLE001 - each caller gets its own error back
                for i in members:
                    outcomes[i] = error
                continue
            done = await asyncio.to_thread(self.sample_together, generator,
                                           [states[i] for i in members], [requests[i] for i in members],
                                           [cancelled[i] for i in members])
            for i, outcome in zip(members, done, strict=True):
                outcomes[i] = outcome
        return outcomes

    def sample_together(self, generator: VideoGenerator, states: list[GenerationState],
                        requests: list[SamplingRequest],
                        cancelled: Sequence[threading.Event] | None = None) -> list[Event | Exception]:
        """Single-shot generations with the same steps share one denoising loop (and the first
        one's seed; each records its place in the batch, what reproduces it). Multi-shot and
        remix generations condition on frames of their own, so they sample alone.

        `cancelled[i]` (default: none is) is set, from another thread, once states[i]'s caller
        cancelled it: a loop stops at its next denoising step once all its requests are, a loop
        whose requests all were before it began does not begin, and a cancelled request's
        frames are not stored. Its outcome is StepAbandoned."""
        flags = list(cancelled) if cancelled is not None else [threading.Event() for _ in states]
        outcomes: list[Event | Exception] = [RuntimeError("not sampled")] * len(states)
        groups: dict[tuple[int, float], list[int]] = {}
        for i, request in enumerate(requests):
            if len(request.captions) == 1 and request.remix_frames_key is None:
                groups.setdefault((request.steps, request.guidance), []).append(i)
            else:
                outcomes[i] = _attempt(lambda i=i: self._sample_alone(generator, states[i], flags[i]))
        for (steps, guidance), members in groups.items():
            check = abandon_when_cancelled([flags[i] for i in members])
            seed = requests[members[0]].seed
            try:
                check()
                clips = generator.generate([requests[i].captions[0] for i in members],
                                           [requests[i].style for i in members],
                                           seed=seed, steps=steps, guidance=guidance,
                                           progress=lambda done, total: check())
            except Exception as error:  # noqa: BLE001
                for i in members:
                    outcomes[i] = error
                continue
            for j, i in enumerate(members):
                outcomes[i] = StepAbandoned("its caller cancelled it") if flags[i].is_set() else _attempt(
                    lambda i=i, j=j: sampled_event(states[i], clips[j], generator.fps, self.media, self.config,
                                                   seed=seed, batch=(j, len(members))))
        return outcomes

    def _sample_alone(self, generator: VideoGenerator, state: GenerationState,
                      cancelled: threading.Event) -> Event:
        """sample_step for one generation, stopped (StepAbandoned) once `cancelled` is set."""
        check = abandon_when_cancelled([cancelled])
        check()  # cancelled while the loops before it ran
        return sample_step(state, generator, self.media, self.config, check=check)


def _attempt(work: Callable[[], Event]) -> Event | Exception:
    try:
        return work()
    except Exception as error:  # noqa: BLE001 - returned to its own caller, raised there
        return error
