"""The generation chain on Ray Serve: one small deployment per step, composed in one place.

rewrite -> prompt safety -> sampler pool -> audio -> output safety -> mux/watermark/provenance,
driven by the `GenerationChain` ingress, which folds the generation's stream, asks the next
step's deployment for its event and appends it at the version it read (generation.jobs
.ChainRunner): a duplicate or concurrent run records nothing, a restart resumes from the log.
On PostgreSQL the ingress holds the generation's lease (generation.jobs.leases) while it runs
it, from its first step to its last: a generation that another process (another `reelworld up`
handing it to a chain of its own, or another ingress replica) or another of this replica's
threads runs now is answered LEASED at once, with no step run, so no step is computed twice.
A replica's leases share one connection of their own, not one of the pool per generation; when
it dies (with the replica, say) the server lets go of them and the next `up` to ask gets the
generation; if the replica lives on, each of its runs takes its lease again before its next
step, or stops there when another process took it meanwhile (which may compute the step then
in progress a second time, still recorded once).

The sampler pool (actors/sampler.py) loads models by name (model multiplexing) and batches
concurrent generations. Scaling lives in cluster/serve_config.yaml, which imports the
application from actors/application.py. A step whose replica dies is asked again, then the
generation fails (ServeSteps); a step slower than its timeout is cancelled and fails the
generation at once: a crash never leaves a generation waiting forever.
Media go through the media store at Settings.media_location: a directory every node shares,
or an fsspec URL (s3://, gs://) that workers on any node write to.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import TYPE_CHECKING

import msgspec
from ray import serve
from ray.exceptions import RayTaskError
from ray.serve.exceptions import DeploymentUnavailableError
from ray.serve.deployment import Application
from ray.serve.handle import DeploymentHandle, DeploymentResponse

from actors.failures import LOST, ChainUnavailable, StepFailed, StepFailure, StepLost, outcome
from actors.sampler import Sampler, SamplerOptions, WeightsLoader
from cluster.settings import Settings, SettingsError
from events import Event, KeyVault, open_store, utc_now
from generation.jobs import ChainConfig, ChainRunner, GenerationLeased, GenerationState
from generation.jobs.characters import Likeness
from generation.jobs.errors import StepAbandoned
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
from recsys.posts import PostBoard
from safety.likeness import CharacterDirectory
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
    def __init__(self, chat_url: str | None = None, chat_model: str = "default",
                 chat_api_key: str | None = None) -> None:
        self.rewriter = shared_rewriter(chat_url, chat_model, chat_api_key)

    def __call__(self, state: GenerationState, likeness: tuple[Likeness, ...] = ()) -> Event | StepFailure:
        return outcome(lambda: rewrite_step(state, self.rewriter, likeness))


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

    def __call__(self, state: GenerationState, likeness: tuple[Likeness, ...] = ()) -> Event | StepFailure:
        return outcome(lambda: audio_step(state, self.media, likeness))


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
    then the step raises StepLost, which ends the generation as failed: never a stuck job. A
    deployment that is unavailable altogether (the application deleted as `up` stops) raises
    ChainUnavailable, which leaves the generation where it was, to resume when the chain is back. A
    request that takes longer than `timeout_s` is cancelled and raises StepLost at once: sent
    again, it would only queue behind the same load, with the first copy still running.

    While it waits, the runner's `check` is asked every `poll_s`: when the generation moved on
    (a cancel) or the ingress is stopping, the request is cancelled and StepAbandoned raised.
    Serve then drops a request no replica has begun; on the sampler, a denoising loop already
    running stops at its next step once every request it carries is cancelled (a batch-mate
    still waiting keeps it running; actors/sampler.py), and nothing is stored for the cancelled
    one; another step's request runs to its end on its replica. The ingress no longer waits.
    """

    def __init__(self, handles: dict[str, DeploymentHandle], config: ChainConfig, *,
                 attempts: int = 3, timeout_s: float = 900.0, poll_s: float = 0.5) -> None:
        self.handles, self.config = handles, config
        self.attempts, self.timeout_s, self.poll_s = attempts, timeout_s, poll_s

    def run(self, state: GenerationState, step: str, check: Callable[[], None] | None = None,
            likeness: tuple[Likeness, ...] = ()) -> Event:
        handle = self.handles[step]
        if step == "sample":
            handle = handle.options(multiplexed_model_id=sampling_request(state, self.config).model)
        given = (likeness,) if likeness else ()  # the chain hands them only to the steps that take them
        for attempt in range(1, self.attempts + 1):
            response = handle.remote(state, *given)
            try:
                answer = self._wait(response, check, state, step)
            except TimeoutError as error:  # slow is not lost: asking again would queue a second copy
                if isinstance(error, RayTaskError):  # the step's own error, raised again by Ray
                    raise
                _cancel(response, state, step)
                raise StepLost(f"the {step} step took longer than {self.timeout_s:g} s; "
                               "the generation was stopped, try again") from None
            except DeploymentUnavailableError as error:  # the whole chain is going: resume it later
                raise ChainUnavailable(f"the {step} step's deployment is unavailable: {error}") from error
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

    def _wait(self, response: DeploymentResponse, check: Callable[[], None] | None,
              state: GenerationState, step: str) -> object:
        """The step's answer within `timeout_s` (else TimeoutError), asking `check` every
        `poll_s` meanwhile; what it raises (StepAbandoned) cancels the request and is raised."""
        if check is None:
            return response.result(timeout_s=self.timeout_s)
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                return response.result(timeout_s=max(0.0, min(self.poll_s, deadline - time.monotonic())))
            except TimeoutError as error:
                if isinstance(error, RayTaskError) or time.monotonic() >= deadline:
                    raise
            try:
                check()
            except StepAbandoned:
                _cancel(response, state, step)
                raise


def _cancel(response: DeploymentResponse, state: GenerationState, step: str) -> None:
    """Cancel a step's request, best effort: Serve stops it on its replica if it can."""
    try:
        response.cancel()
    except Exception as error:  # noqa: BLE001 - it failed meanwhile: nothing to stop
        log.info("generation %s: cancelling %s: %s", state.request.generation_id, step, error)


class NoPayments:
    """The chain only gives quota back; it never charges a card."""

    def charge(self, card_token: str, amount_cents: int, *, idempotency_key: str):
        raise PaymentDeclined("the generation chain takes no payments")


INGRESS_CONCURRENCY = 64
"""Generations the ingress drives at once (each waits on a step's handle most of the time)."""


LEASED = "leased"
"""The ingress's answer for a generation another process or thread runs now: it ran no step."""


@serve.deployment(ray_actor_options={"num_cpus": 0}, max_ongoing_requests=INGRESS_CONCURRENCY)
class GenerationChain:
    """Ingress: `handle.remote(generation_id)` runs the generation to its end, holding its lease
    throughout; its status, or LEASED at once when another process or thread runs it now."""

    def __init__(self, settings: Settings, config: ChainConfig, **steps: DeploymentHandle) -> None:
        # A thread per generation in flight: the default pool (CPUs + 4 threads) would cap the
        # generations that reach the sampler together, and with them its batches.
        self.pool = ThreadPoolExecutor(INGRESS_CONCURRENCY, thread_name_prefix="generation")
        self.store = open_store(settings.database_url)
        directory = Directory(self.store.engine)
        guardians = GuardianService(self.store, directory, clock=utc_now,
                                    link_ttl=timedelta(hours=settings.guardian_link_ttl_hours))
        policy = QuotaPolicy(
            daily_free=settings.daily_free_generations, teen_daily_free=settings.teen_daily_free_generations,
            teen_daily_limit=settings.teen_daily_generation_limit, credit_price_cents=settings.credit_price_cents,
        )
        quota = QuotaService(self.store, directory, guardians, NoPayments(), policy, clock=utc_now)
        # only checks whether a character may still be used (the API and the projectors keep its read model)
        characters = CharacterDirectory(self.store, KeyVault(self.store.engine), directory, clock=utc_now)
        # only asks whether a remix's source may still be remixed (posting is the API's)
        posts = PostBoard(self.store, directory, characters, _no_classifier, clock=utc_now)
        self.runner = ChainRunner(self.store, quota, ServeSteps(steps, config), media_store(settings.media_location),
                                  characters=characters, remixes=posts.may_remix_source)

    async def __call__(self, generation_id: str) -> str:
        try:
            state = await asyncio.get_running_loop().run_in_executor(self.pool, self.runner.run, generation_id)
        except GenerationLeased:
            return LEASED
        return "unknown" if state is None else state.status


def _no_classifier():  # noqa: ANN202 - the ingress's PostBoard never posts, so never classifies
    raise RuntimeError("the chain's ingress does not post videos")


def chain_config(settings: Settings) -> ChainConfig:
    """The chain's knobs: generation.jobs' defaults with Settings.chain (REELWORLD_CHAIN) over
    them. Raises SettingsError naming an unknown knob or a value of the wrong type."""
    from generation.jobs.config import ConfigError
    from generation.jobs.config import chain_config as merged

    try:
        return merged(settings.chain)
    except ConfigError as error:
        raise SettingsError(f"REELWORLD_CHAIN: {error}") from None


def build_chain(
    settings: Settings, *, models: Callable[[str], VideoGenerator] | None = None,
    config: ChainConfig | None = None, sampler_gpus: float = 0.0,
    sampler_options: SamplerOptions = SamplerOptions(),
) -> Application:
    """The chain application: every step bound once, the sampler asking for `sampler_gpus`
    and batching by `sampler_options` (a Serve config's ray_actor_options and user_config
    replace them). `models(name)` builds a video model by name (default: the checkpoint
    folders under Settings.weights_dir, or generation/weights); `config` defaults to
    chain_config(settings)."""
    media = settings.media_location
    config = config or chain_config(settings)
    load = models or WeightsLoader(settings.weights_dir or WEIGHTS_ROOT)
    sampler = Sampler.options(ray_actor_options={"num_cpus": 0.5, "num_gpus": sampler_gpus},
                              user_config=msgspec.to_builtins(sampler_options),
                              max_ongoing_requests=2 * sampler_options.max_batch_size)
    return GenerationChain.bind(
        settings, config,
        rewrite=RewriteStep.bind(settings.rewriter_url, settings.rewriter_model, settings.rewriter_api_key),
        prompt_safety=PromptSafetyStep.bind(),
        sample=sampler.bind(media, config, load), audio=AudioStep.bind(media),
        output_safety=OutputSafetyStep.bind(media, config), publish=PublishStep.bind(media, config),
    )


APP_NAME = "reelworld-chain"
"""The chain's application name, here and in cluster/serve_config.yaml."""


def deploy_chain(settings: Settings, *, sampler_gpus: float = 0.0,
                 wait: bool = True) -> tuple[DeploymentHandle, bool]:
    """(the chain's ingress handle, whether this call deployed it) on the connected Ray: the
    application already running under APP_NAME (e.g. from `serve deploy
    cluster/serve_config.yaml`) when there is one, else build_chain(settings) deployed now
    without an HTTP proxy (the chain is called through its handle). With `wait` False it
    returns once the application is submitted: calls on the handle wait for its replicas."""
    from ray.serve.exceptions import RayServeException

    try:
        return serve.get_app_handle(APP_NAME), False
    except (RayServeException, ValueError):
        log.info("no %s application on the cluster: deploying one", APP_NAME)
    serve.start(proxy_location="Disabled")
    target = serve.RunTarget(build_chain(settings, sampler_gpus=sampler_gpus), name=APP_NAME, route_prefix=None)
    [handle] = serve.run_many([target], wait_for_applications_running=wait)
    return handle, True


class ServeChain:
    """The chain worker's runner when generations run on Serve.

    `run(generation_id)` hands the generation to the GenerationChain ingress (once) and waits
    at most `poll_s` for it: the worker's pass over its pending generations thus puts them all
    in flight together (so the sampler can batch them) instead of one after another, and a
    generation still running stays pending until a later pass finds it finished. The ingress
    appends every step's event; this process only reads the log.

    This process holds no lease: the ingress does, where the steps run. A generation the ingress
    answers LEASED for (another process runs it) raises GenerationLeased, here and on every
    pass for the next `retry_s` seconds without asking again, so the worker counts it as not
    run and, if nothing else ran, waits before its next pass: no hot loop of refusals.

    The worker stops asking about a generation once it reads its end in the log (a cancel, or
    the ingress's last event), so each pass (it begins when a generation is asked about again)
    first forgets the finished requests of those the last pass did not ask about.
    """

    def __init__(self, handle: DeploymentHandle, runner: ChainRunner, *, poll_s: float = 0.2,
                 retry_s: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.handle, self.runner, self.poll_s = handle, runner, poll_s
        self.retry_s, self.clock = retry_s, clock
        self.in_flight: dict[str, DeploymentResponse] = {}
        self.refused: dict[str, float] = {}
        """Generations the ingress answered LEASED for: when (`clock`) to ask again."""
        self.asked: set[str] = set()
        """The generations asked about in this pass."""

    def run(self, generation_id: str, *, stop: threading.Event | None = None) -> GenerationState | None:
        """The generation's state now. Raises what the ingress raised for it (a lost ingress
        replica, say): the worker logs it and hands the generation over again later; raises
        GenerationLeased when another process runs it (see the class). `stop` (the worker's, for
        ChainRunner.run's signature) is not needed: this waits at most `poll_s`."""
        if generation_id in self.asked:  # a new pass
            self.forget(self.in_flight.keys() - self.asked)
            for gid in self.refused.keys() - self.asked:  # ended meanwhile: the worker dropped it
                del self.refused[gid]
            self.asked.clear()
        self.asked.add(generation_id)
        if self.refused.get(generation_id, float("-inf")) > self.clock():
            raise GenerationLeased(generation_id)
        response = self.in_flight.get(generation_id)
        if response is None:
            response = self.in_flight[generation_id] = self.handle.remote(generation_id)
        try:
            answer = response.result(timeout_s=self.poll_s)
        except TimeoutError:
            return self.runner.state(generation_id)  # still on its way
        except Exception:
            del self.in_flight[generation_id]
            raise
        del self.in_flight[generation_id]
        if answer == LEASED:
            self.refused[generation_id] = self.clock() + self.retry_s
            raise GenerationLeased(generation_id)
        self.refused.pop(generation_id, None)
        return self.runner.state(generation_id)

    def forget(self, generation_ids: set[str]) -> None:
        """Drop the requests of `generation_ids` that finished (their answer or error is no
        longer anyone's: the worker dropped them); a request still running stays."""
        for gid in generation_ids:
            try:
                self.in_flight[gid].result(timeout_s=0)  # Serve's one way to poll, without waiting
            except TimeoutError:
                continue
            except Exception as error:  # noqa: BLE001 - the worker no longer waits for it
                log.info("generation %s: its chain request failed after it ended: %s", gid, error)
            del self.in_flight[gid]
