"""The chain runner: advances one generation from its stream, one step at a time.

Each step reads the stream, does its work and appends its event at the version it read. A
duplicate or concurrent run of the same step loses that append with ConcurrencyError and is a
no-op (media are stored under keys named by their content, so it never replaces what the
winner recorded, and it removes what it stored); a cancel that lands meanwhile wins the same way. A restart folds the stream and runs the
next step, so a crash anywhere resumes without a second video.

Errors a step expects (a prompt nothing can be made of, bad sampling arguments, an encoder
failure) end the generation with GenerationFailed; anything else propagates and the
generation stays where it was, to be resumed. A generation whose owner deleted their account
is cancelled before its next step runs (the sweeper then erases what it wrote), so no work is
spent on it and no video of a deleted account is published.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from events import ConcurrencyError, Context, Event, SqlEventStore, SubjectForgotten
from events.generation import GenerationCancelled, GenerationFailed
from generation.jobs.config import DEFAULT_CHAIN, ChainConfig
from generation.jobs.errors import JobError
from generation.jobs.media import MediaNotFound, MediaStore
from generation.jobs.models import ModelCatalog
from generation.jobs.rewriting import Rewriter
from generation.jobs.service import generation_stream, unrecorded, written_keys
from generation.jobs.state import RELEASING, GenerationState, fold
from social import QuotaService
from social.accounts import account_deleted

if TYPE_CHECKING:
    from safety import PromptClassifier

log = logging.getLogger(__name__)

def expected_failures() -> tuple[type[Exception], ...]:
    """Errors that end a generation (GenerationFailed) instead of leaving it to be resumed.
    Imported here, not at the top: the model and the encoder load torch and ffmpeg."""
    from generation.audio.speech import SpeechError
    from generation.film import RequestError
    from generation.media.mp4 import MediaError
    from generation.model.conditioning import ConditioningError
    from generation.model.pipeline import SamplingError

    return (JobError, RequestError, SamplingError, ConditioningError, MediaError, MediaNotFound,
            SpeechError)


class Steps(Protocol):
    """Where the steps' work is done: in this process (LocalSteps) or on Serve deployments."""

    def run(self, state: GenerationState, step: str) -> Event:
        """Do `step`'s work for `state`; return the event that records it. Raises what the
        step raises (expected_failures() end the generation)."""
        ...


class LocalSteps:
    """Runs each step in this process with components built on first use; the sampler uses
    the model each generation names, loaded from `models` (once per name)."""

    def __init__(
        self, media: MediaStore, *, rewriter: Callable[[], Rewriter],
        classifier: Callable[[], PromptClassifier], models: ModelCatalog,
        config: ChainConfig = DEFAULT_CHAIN,
    ) -> None:
        self.media, self.config, self.models = media, config, models
        self.rewriter, self.classifier = rewriter, classifier
        """Each builds its component on first call (the same one afterwards)."""

    def run(self, state: GenerationState, step: str) -> Event:
        from generation.jobs.steps import (
            audio_step,
            output_safety_step,
            prompt_safety_step,
            publish_step,
            rewrite_step,
            sample_step,
        )
        from generation.jobs.sampling import sampling_request

        match step:
            case "rewrite":
                return rewrite_step(state, self.rewriter())
            case "prompt_safety":
                return prompt_safety_step(state, self.classifier())
            case "sample":
                model = sampling_request(state, self.config).model
                return sample_step(state, self.models.generator(model), self.media, self.config)
            case "audio":
                return audio_step(state, self.media)
            case "output_safety":
                return output_safety_step(state, self.media, self.config)
            case "publish":
                return publish_step(state, self.media, self.config)
        raise ValueError(f"no step named {step!r}")


class ChainRunner:
    """Advances generations recorded in `store`, doing each step's work with `steps`."""

    def __init__(self, store: SqlEventStore, quota: QuotaService, steps: Steps,
                 media: MediaStore | None = None) -> None:
        self.store, self.quota, self.steps, self.media = store, quota, steps, media

    def state(self, generation_id: str) -> GenerationState | None:
        return fold(self.store.read_stream(generation_stream(generation_id)))

    def advance(self, generation_id: str) -> str | None:
        """Run the next step of the generation; returns the name of the step it recorded, or
        None when there was nothing to do (finished, unknown) or another run recorded it first."""
        stream = self.store.read_stream(generation_stream(generation_id))
        state = fold(stream)
        if state is None:
            return None
        if state.foreign:
            log.warning("generation %s holds an event this code cannot read (a newer release's): left to it",
                        generation_id)
            return None
        if state.finished:
            self._settle(state)
            return None
        step = state.next_step
        owner = state.request.user_id
        event = GenerationCancelled(generation_id=generation_id, by=owner) if self._left(owner) else (
            self._outcome(state))
        context = Context(actor="chain").caused_by(stream[-1])
        try:
            try:
                self.store.append(generation_stream(generation_id), [event], state.version, context=context)
            except SubjectForgotten:  # the owner deleted their account while the step ran
                self._drop_unrecorded(generation_id, event)
                event = GenerationCancelled(generation_id=generation_id, by=owner)
                self.store.append(generation_stream(generation_id), [event], state.version, context=context)
        except ConcurrencyError:
            log.info("generation %s: step %s was recorded by another run", generation_id, step)
            self._drop_unrecorded(generation_id, event)
            return None
        after = self.state(generation_id)
        if after is not None:
            self._settle(after)
        return step

    def run(self, generation_id: str, *, max_steps: int = 20,
            stop: threading.Event | None = None) -> GenerationState | None:
        """Advance until the generation has finished (or another run owns it, or `stop` is set:
        a process on its way out starts no further step; the next one resumes from the log);
        its last state."""
        for _ in range(max_steps):
            state = self.state(generation_id)
            if state is None or state.finished:
                if state is not None:
                    self._settle(state)
                return state
            if stop is not None and stop.is_set():
                return state
            if self.advance(generation_id) is None:
                return self.state(generation_id)
        return self.state(generation_id)

    def _left(self, user_id: str) -> bool:
        """Whether the member deleted their account."""
        return account_deleted(self.store, user_id)

    def _outcome(self, state: GenerationState) -> Event:
        """The event the next step records: its result, or GenerationFailed."""
        step = state.next_step
        try:
            return self.steps.run(state, step)
        except expected_failures() as error:
            reason = getattr(error, "detail", None) or str(error) or type(error).__name__
            return GenerationFailed(generation_id=state.request.generation_id, step=step, reason=reason[:1000],
                                    owner_id=state.request.user_id)

    def _drop_unrecorded(self, generation_id: str, event: Event) -> None:
        """A step that lost its append (to a duplicate run of the same step, to a cancel, a
        stuck-failure, the erasure of a deleted account's media) wrote media no event will
        name: remove them, or nothing would ever find them. Keys are named by their content,
        so a key a winning run recorded (the same bytes) stays."""
        after = self.state(generation_id)
        if self.media is None or after is None:
            return
        for key in unrecorded(after, written_keys(event)):
            self.media.delete(key)

    def _settle(self, state: GenerationState) -> None:
        """After the end: give a blocked, failed or cancelled generation's quota slot back
        (idempotent, so a crash between the last append and this call is repaired on resume)."""
        if state.status in RELEASING:
            self.quota.release_generation(state.request.user_id, state.request.generation_id)
