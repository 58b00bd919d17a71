"""The generation chain on Ray Serve: one small deployment per step, composed in one place.

rewrite -> prompt safety -> sampler pool -> audio -> output safety -> mux/watermark/provenance,
driven by the `GenerationChain` ingress, which folds the generation's stream, asks the next
step's deployment for its event and appends it at the version it read (generation.jobs
.ChainRunner): a duplicate or concurrent run records nothing, a restart resumes from the log.

The sampler pool (actors/sampler.py) loads models by name (model multiplexing) and batches
concurrent generations. Scaling lives in cluster/serve_config.yaml, which imports the
application from actors/application.py. A step whose replica dies is asked again, then the
generation fails (ServeSteps): a crash never leaves a generation waiting forever.
Media go through the media store at Settings.media_location: a directory every node shares,
or an fsspec URL (s3://, gs://) that workers on any node write to.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import msgspec
from ray import serve
from ray.serve.deployment import Application
from ray.serve.handle import DeploymentHandle

from actors.failures import LOST, StepFailed, StepFailure, StepLost, outcome
from actors.sampler import Sampler, WeightsLoader
from cluster.settings import Settings, SettingsError
from events import Event, open_store, utc_now
from generation.jobs import (
    DEFAULT_CHAIN,
    ChainConfig,
    ChainRunner,
    GenerationState,
)
from generation.jobs.components import WEIGHTS_ROOT, shared_classifier, shared_rewriter
from generation.jobs.media import media_store
from generation.jobs.sampling import sampling_request
from generation.jobs.steps import (
    audio_step,
    output_safety_step,
    prompt_safety_step,
    publish_step,
    rewrite_step,
)
from social import (
    Directory,
    GuardianService,
    PaymentDeclined,
    QuotaPolicy,
    QuotaService,
)

if TYPE_CHECKING:
    from generation.model.backend import VideoGenerator

log = logging.getLogger(__name__)

_LIGHT = {"num_cpus": 0.2}


@serve.deployment(ray_actor_options=_LIGHT)
class RewriteStep:
    def __init__(self) -> None:
        self.rewriter = shared_rewriter()

    def __call__(self, state: GenerationState) -> Event | StepFailure:
        return outcome(lambda: rewrite_step(state, self.rewriter))


@serve.deployment(ray_actor_options=_LIGHT)
class PromptSafetyStep:
    def __init__(self) -> None:
        self.classifier = shared_classifier()

    def __call__(self, state: GenerationState) -> Event | StepFailure:
        return outcome(lambda: prompt_safety_step(state, self.classifier))


@serve.deployment(ray_actor_options=_LIGHT)
class AudioStep:
    def __init__(self, media: str) -> None:
        self.media = media_store(media)

    def __call__(self, state: GenerationState) -> Event | StepFailure:
        return outcome(lambda: audio_step(state, self.media))


@serve.deployment(ray_actor_options=_LIGHT)
class OutputSafetyStep:
    def __init__(self, media: str, config: ChainConfig) -> None:
        self.media, self.config = media_store(media), config

    def __call__(self, state: GenerationState) -> Event | StepFailure:
        return outcome(lambda: output_safety_step(state, self.media, self.config))


@serve.deployment(ray_actor_options=_LIGHT)
class PublishStep:
    """Mux, watermark and provenance, then the MP4 into the media store."""

    def __init__(self, media: str, config: ChainConfig) -> None:
        self.media, self.config = media_store(media), config

    def __call__(self, state: GenerationState) -> Event | StepFailure:
        return outcome(lambda: publish_step(state, self.media, self.config))


class ServeSteps:
    """generation.jobs.Steps on deployment handles: each step's work runs on its deployment;
    the sampler is asked for the generation's model by name (model multiplexing).

    A replica that dies mid-request is asked again (Serve replaces it) up to `attempts` times;
    then the step raises StepLost, which ends the generation as failed: never a stuck job.
    """

    def __init__(self, handles: dict[str, DeploymentHandle], config: ChainConfig, *,
                 attempts: int = 3, timeout_s: float = 900.0) -> None:
        self.handles, self.config = handles, config
        self.attempts, self.timeout_s = attempts, timeout_s

    def run(self, state: GenerationState, step: str) -> Event:
        handle = self.handles[step]
        if step == "sample":
            handle = handle.options(multiplexed_model_id=sampling_request(state, self.config).model)
        for attempt in range(1, self.attempts + 1):
            try:
                answer = handle.remote(state).result(timeout_s=self.timeout_s)
            except LOST as error:
                log.warning("generation %s: %s attempt %d of %d lost its replica: %s",
                            state.request.generation_id, step, attempt, self.attempts, error)
                lost = error
                continue
            if isinstance(answer, StepFailure):
                raise StepFailed(answer.detail)  # the runner records GenerationFailed with it
            return answer
        raise StepLost(f"the {step} step's worker was lost {self.attempts} times "
                       f"({type(lost).__name__}); the generation was stopped, try again")


class NoPayments:
    """The chain only gives quota back; it never charges a card."""

    def charge(self, card_token: str, amount_cents: int, *, idempotency_key: str):
        raise PaymentDeclined("the generation chain takes no payments")


@serve.deployment(ray_actor_options={"num_cpus": 0})
class GenerationChain:
    """Ingress: `handle.remote(generation_id)` runs the generation to its end; its status."""

    def __init__(self, settings: Settings, config: ChainConfig, **steps: DeploymentHandle) -> None:
        self.store = open_store(settings.database_url)
        directory = Directory(self.store.engine)
        guardians = GuardianService(self.store, directory, clock=utc_now,
                                    link_ttl=timedelta(hours=settings.guardian_link_ttl_hours))
        policy = QuotaPolicy(
            daily_free=settings.daily_free_generations, teen_daily_free=settings.teen_daily_free_generations,
            teen_daily_limit=settings.teen_daily_generation_limit, credit_price_cents=settings.credit_price_cents,
        )
        quota = QuotaService(self.store, directory, guardians, NoPayments(), policy, clock=utc_now)
        self.runner = ChainRunner(self.store, quota, ServeSteps(steps, config))

    async def __call__(self, generation_id: str) -> str:
        state = await asyncio.to_thread(self.runner.run, generation_id)
        return "unknown" if state is None else state.status


def chain_config(settings: Settings) -> ChainConfig:
    """The chain's knobs: generation.jobs' defaults with Settings.chain (REELWORLD_CHAIN) over
    them. Raises SettingsError naming an unknown knob or a value of the wrong type."""
    unknown = sorted(set(settings.chain) - set(ChainConfig.__struct_fields__))
    if unknown:
        raise SettingsError(f"REELWORLD_CHAIN names unknown knobs {unknown}; "
                            f"known: {', '.join(ChainConfig.__struct_fields__)}")
    try:
        return msgspec.convert({**msgspec.to_builtins(DEFAULT_CHAIN), **settings.chain}, ChainConfig)
    except msgspec.ValidationError as error:
        raise SettingsError(f"REELWORLD_CHAIN: {error}") from None


def build_chain(
    settings: Settings, *, models: Callable[[str], VideoGenerator] | None = None,
    config: ChainConfig | None = None, sampler_gpus: float = 0.0,
) -> Application:
    """The chain application: every step bound once, the sampler asking for `sampler_gpus`
    (a Serve config's ray_actor_options replace it). `models(name)` builds a video model by
    name (default: the checkpoint folders under Settings.weights_dir, or generation/weights);
    `config` defaults to chain_config(settings)."""
    media = settings.media_location
    config = config or chain_config(settings)
    load = models or WeightsLoader(settings.weights_dir or WEIGHTS_ROOT)
    sampler = Sampler.options(ray_actor_options={"num_cpus": 0.5, "num_gpus": sampler_gpus})
    return GenerationChain.bind(
        settings, config,
        rewrite=RewriteStep.bind(), prompt_safety=PromptSafetyStep.bind(),
        sample=sampler.bind(media, config, load), audio=AudioStep.bind(media),
        output_safety=OutputSafetyStep.bind(media, config), publish=PublishStep.bind(media, config),
    )
