"""The generation chain on Ray Serve: one small deployment per step, composed in one place.

rewrite -> prompt safety -> sampler pool -> audio -> output safety -> mux/watermark/provenance,
driven by the `GenerationChain` ingress, which folds the generation's stream, asks the next
step's deployment for its event and appends it at the version it read (generation.jobs
.ChainRunner): a duplicate or concurrent run records nothing, a restart resumes from the log.

The sampler batches concurrent generations (`@serve.batch`, sizes from `user_config`) and asks
for `num_gpus` (fractional too; 0 on CPU). Scaling lives in cluster/serve_config.yaml.
Media go through the media store under Settings.media_dir: on several nodes that directory
must be shared (or an object store behind the same MediaStore port).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
from ray import serve
from ray.serve.deployment import Application
from ray.serve.handle import DeploymentHandle

from cluster.settings import Settings
from events import Event, open_store, utc_now
from generation.jobs import (
    DEFAULT_CHAIN,
    ChainConfig,
    ChainRunner,
    GenerationState,
    LocalMediaStore,
)
from generation.jobs.components import (
    DEFAULT_WEIGHTS,
    reelworld_generator,
    shared_classifier,
    shared_rewriter,
)
from generation.jobs.steps import (
    audio_step,
    output_safety_step,
    prompt_safety_step,
    publish_step,
    rewrite_step,
    sampled_event,
    sampling_inputs,
)
from social import (
    Directory,
    GuardianService,
    PaymentDeclined,
    QuotaPolicy,
    QuotaService,
)

_LIGHT = {"num_cpus": 0.2}


@serve.deployment(ray_actor_options=_LIGHT)
class RewriteStep:
    def __init__(self) -> None:
        self.rewriter = shared_rewriter()

    def __call__(self, state: GenerationState) -> Event:
        return rewrite_step(state, self.rewriter)


@serve.deployment(ray_actor_options=_LIGHT)
class PromptSafetyStep:
    def __init__(self) -> None:
        self.classifier = shared_classifier()

    def __call__(self, state: GenerationState) -> Event:
        return prompt_safety_step(state, self.classifier)


class SamplerOptions(msgspec.Struct, frozen=True, kw_only=True):
    """The sampler's `user_config`: how many generations one denoising loop may carry."""

    max_batch_size: int = 4
    batch_wait_timeout_s: float = 0.05


@serve.deployment(ray_actor_options={"num_cpus": 0.5, "num_gpus": 0})
class Sampler:
    """A replica of the sampler pool: loads the video model once, samples in batches."""

    def __init__(self, media_root: str, config: ChainConfig, generator: Callable[[], Any]) -> None:
        self.media, self.config = LocalMediaStore(media_root), config
        self.generator = generator()

    def reconfigure(self, user_config: dict) -> None:
        options = msgspec.convert(user_config or {}, SamplerOptions)
        self.sample.set_max_batch_size(options.max_batch_size)
        self.sample.set_batch_wait_timeout_s(options.batch_wait_timeout_s)

    @serve.batch(max_batch_size=4, batch_wait_timeout_s=0.05)
    async def sample(self, states: list[GenerationState]) -> list[Event]:
        return await asyncio.to_thread(self.sample_together, states)

    def sample_together(self, states: list[GenerationState]) -> list[Event]:
        """One denoising loop per step count: clips of a batch share the first one's seed and
        record their place in the batch (what reproduces each)."""
        groups: dict[int, list[int]] = {}
        for i, state in enumerate(states):
            groups.setdefault(sampling_inputs(state, self.config)[3], []).append(i)
        events: list[Event | None] = [None] * len(states)
        for steps, members in groups.items():
            inputs = [sampling_inputs(states[i], self.config) for i in members]
            seed = inputs[0][2]
            clips = self.generator.generate([c for c, _, _, _ in inputs], [s for _, s, _, _ in inputs],
                                            seed=seed, steps=steps, guidance=self.config.guidance)
            for j, i in enumerate(members):
                events[i] = sampled_event(states[i], clips[j], self.generator.fps, self.media, self.config,
                                          seed=seed, batch=(j, len(members)))
        return events

    async def __call__(self, state: GenerationState) -> Event:
        return await self.sample(state)


@serve.deployment(ray_actor_options=_LIGHT)
class AudioStep:
    def __init__(self, media_root: str) -> None:
        self.media = LocalMediaStore(media_root)

    def __call__(self, state: GenerationState) -> Event:
        return audio_step(state, self.media)


@serve.deployment(ray_actor_options=_LIGHT)
class OutputSafetyStep:
    def __init__(self, media_root: str, config: ChainConfig) -> None:
        self.media, self.config = LocalMediaStore(media_root), config

    def __call__(self, state: GenerationState) -> Event:
        return output_safety_step(state, self.media, self.config)


@serve.deployment(ray_actor_options=_LIGHT)
class PublishStep:
    """Mux, watermark and provenance, then the MP4 into the media store."""

    def __init__(self, media_root: str, config: ChainConfig) -> None:
        self.media, self.config = LocalMediaStore(media_root), config

    def __call__(self, state: GenerationState) -> Event:
        return publish_step(state, self.media, self.config)


class ServeSteps:
    """generation.jobs.Steps on deployment handles: each step's work runs on its deployment."""

    def __init__(self, handles: dict[str, DeploymentHandle]) -> None:
        self.handles = handles

    def run(self, state: GenerationState, step: str) -> Event:
        return self.handles[step].remote(state).result()


class NoPayments:
    """The chain only gives quota back; it never charges a card."""

    def charge(self, card_token: str, amount_cents: int, *, idempotency_key: str):
        raise PaymentDeclined("the generation chain takes no payments")


@serve.deployment(ray_actor_options={"num_cpus": 0})
class GenerationChain:
    """Ingress: `handle.remote(generation_id)` runs the generation to its end; its status."""

    def __init__(self, settings: Settings, **steps: DeploymentHandle) -> None:
        self.store = open_store(settings.database_url)
        directory = Directory(self.store.engine)
        guardians = GuardianService(self.store, directory, clock=utc_now,
                                    link_ttl=timedelta(hours=settings.guardian_link_ttl_hours))
        policy = QuotaPolicy(
            daily_free=settings.daily_free_generations, teen_daily_free=settings.teen_daily_free_generations,
            teen_daily_limit=settings.teen_daily_generation_limit, credit_price_cents=settings.credit_price_cents,
        )
        quota = QuotaService(self.store, directory, guardians, NoPayments(), policy, clock=utc_now)
        self.runner = ChainRunner(self.store, quota, ServeSteps(steps))

    async def __call__(self, generation_id: str) -> str:
        state = await asyncio.to_thread(self.runner.run, generation_id)
        return "unknown" if state is None else state.status


def build_chain(
    settings: Settings, *, generator: Callable[[], Any] | None = None, config: ChainConfig = DEFAULT_CHAIN,
    sampler_gpus: float = 0.0,
) -> Application:
    """The chain application: every step bound once, the sampler asking for `sampler_gpus`.
    `generator` builds the sampler's VideoGenerator (default: our model under generation/weights)."""
    media = str(settings.media_dir)
    build = generator or functools.partial(reelworld_generator, DEFAULT_WEIGHTS)
    sampler = Sampler.options(ray_actor_options={"num_cpus": 0.5, "num_gpus": sampler_gpus})
    return GenerationChain.bind(
        settings,
        rewrite=RewriteStep.bind(), prompt_safety=PromptSafetyStep.bind(),
        sample=sampler.bind(media, config, build), audio=AudioStep.bind(media),
        output_safety=OutputSafetyStep.bind(media, config), publish=PublishStep.bind(media, config),
    )


class ChainArgs(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """`args` of the application in cluster/serve_config.yaml."""

    sampler_gpus: float = 0.0
    weights: str | None = None
    size: int = 256
    standard_steps: int = 25
    high_steps: int = 50


def app_builder(args: dict) -> Application:
    """Application builder for `serve run` / `serve deploy` (import_path actors.chain:app_builder):
    settings from REELWORLD_* variables, the rest from the config's `args`."""
    from cluster.settings import load_settings

    chosen = msgspec.convert(args or {}, ChainArgs)
    weights = Path(chosen.weights) if chosen.weights else DEFAULT_WEIGHTS
    config = ChainConfig(size=chosen.size, standard_steps=chosen.standard_steps, high_steps=chosen.high_steps)
    return build_chain(load_settings(), generator=functools.partial(reelworld_generator, weights),
                       config=config, sampler_gpus=chosen.sampler_gpus)
