"""The chain runner: advances one generation from its stream, one step at a time.

Each step reads the stream, does its work and appends its event at the version it read. A
duplicate or concurrent run of the same step loses that append with ConcurrencyError and is a
no-op (media are stored under keys named by their content, so it never replaces what the
winner recorded, and it removes what it stored); a cancel that lands meanwhile wins the same way. A restart folds the stream and runs the
next step, so a crash anywhere resumes without a second video. On PostgreSQL a run holds
the generation's lease (leases.py) from its first step to its last, so processes sharing the
database do not compute a step twice either (but for the one in progress when its lease
connection dies and another process takes the generation over: see leases.py).

Errors a step expects (a prompt nothing can be made of, bad sampling arguments, an encoder
failure) end the generation with GenerationFailed; anything else propagates and the
generation stays where it was, to be resumed. A generation whose owner deleted their account
is cancelled before its next step runs (the sweeper then erases what it wrote), so no work is
spent on it and no video of a deleted account is published.

A long step (sampling) is watched while it runs (StepWatch): it stops at its next denoising
step, recording nothing, once the generation's stream moves on (a cancel, an end as stuck) or
the process is stopping, instead of finishing work whose append would lose.

A generation with characters asks whether their owners still let them be used before each
step and again before recording what the step made: taken back (revoked, removed), the
generation fails with `likeness_withdrawn`, nothing the step made is recorded, and the sweeper
erases what earlier steps made at once instead of keeping it for review. A remix asks the same
of the video it remixes (`remixes`): another's video that is no longer posted to the member,
held by reports, removed, or whose owner stopped letting it be remixed fails the remix.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from events import ConcurrencyError, Context, Event, SqlEventStore, SubjectForgotten
from events.generation import GenerationCancelled, GenerationFailed
from generation.jobs.characters import Characters, CharacterUnavailable, Likeness, NoCharacters, cast_names
from generation.jobs.config import DEFAULT_CHAIN, ChainConfig
from generation.jobs.errors import JobError, RemixWithdrawn, StepAbandoned
from generation.jobs.leases import GenerationLeased, GenerationLeases
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

CAST_STEPS = ("rewrite", "audio")
"""The steps a generation's characters reach (the rewrite casts them, the audio voices them);
every step asks whether they may still be used."""

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

    def run(self, state: GenerationState, step: str, check: Callable[[], None] | None = None,
            likeness: tuple[Likeness, ...] = ()) -> Event:
        """Do `step`'s work for `state`; return the event that records it. Raises what the
        step raises (expected_failures() end the generation). A long step calls `check`
        between its units of work (each denoising step); it raises StepAbandoned when the
        step's result is no longer wanted, and the step lets it through. `likeness`: the
        request's characters, as their owners let them be used now (the rewrite casts them,
        the audio gives them their voices)."""
        ...


class StepWatch:
    """`check` for a step of `generation_id` begun at stream `version`: raises StepAbandoned
    once `stop` is set (the process is on its way out) or the stream has moved past `version`
    (a cancel, an end as stuck, another run's step: this step's append would lose). It reads
    the stream's version at most every `every` seconds, so a check per denoising step costs
    next to nothing."""

    def __init__(self, store: SqlEventStore, generation_id: str, version: int, *,
                 stop: threading.Event | None = None, every: float = 0.5,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store, self.generation_id, self.version = store, generation_id, version
        self.stop, self.every, self.clock = stop, every, clock
        self._next = clock() + every

    def __call__(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise StepAbandoned("the process is stopping; the step runs again after the restart")
        if self.clock() < self._next:
            return
        self._next = self.clock() + self.every
        if self.store.stream_version(generation_stream(self.generation_id)) != self.version:
            raise StepAbandoned("the generation moved on while the step ran (cancelled or ended)")


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

    def run(self, state: GenerationState, step: str, check: Callable[[], None] | None = None,
            likeness: tuple[Likeness, ...] = ()) -> Event:
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
                return rewrite_step(state, self.rewriter(), likeness)
            case "prompt_safety":
                return prompt_safety_step(state, self.classifier())
            case "sample":
                model = sampling_request(state, self.config).model
                return sample_step(state, self.models.generator(model), self.media, self.config,
                                   check=check)
            case "audio":
                return audio_step(state, self.media, likeness)
            case "output_safety":
                return output_safety_step(state, self.media, self.config)
            case "publish":
                return publish_step(state, self.media, self.config)
        raise ValueError(f"no step named {step!r}")


class ChainRunner:
    """Advances generations recorded in `store`, doing each step's work with `steps`; `leases`
    (default: this runner's own on `store`'s database) lets one process run a generation at a
    time; `characters` (default: none exist) is asked before every step of a generation with
    characters whether its owner may still use them."""

    def __init__(self, store: SqlEventStore, quota: QuotaService, steps: Steps,
                 media: MediaStore | None = None, *, leases: GenerationLeases | None = None,
                 characters: Characters | None = None,
                 remixes: Callable[[str, str], bool] | None = None) -> None:
        """`remixes(member, video)`: whether the member may still remix the video (default: a
        remix runs on as asked; recsys.PostBoard.may_remix_source)."""
        self.store, self.quota, self.steps, self.media = store, quota, steps, media
        self.leases = leases or GenerationLeases(store.engine)
        self.characters = characters or NoCharacters()
        self.remixes = remixes

    def state(self, generation_id: str) -> GenerationState | None:
        return fold(self.store.read_stream(generation_stream(generation_id)))

    def advance(self, generation_id: str, stop: threading.Event | None = None) -> str | None:
        """Run the next step of the generation; returns the name of the step it recorded, or
        None when there was nothing to do (finished, unknown), another run recorded it first, or
        the step was abandoned part way (StepWatch: the generation moved on, or `stop` was set)."""
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
        try:
            event = GenerationCancelled(generation_id=generation_id, by=owner) if self._left(owner) else (
                self._outcome(state, StepWatch(self.store, generation_id, state.version, stop=stop)))
        except StepAbandoned as why:
            log.info("generation %s: step %s stopped part way: %s", generation_id, step, why)
            return None
        withdrawn = self._withdrawn(state, event)
        if withdrawn is not None:  # taken back while the step ran: what it made is not recorded
            self._drop_unrecorded(generation_id, event)
            event = withdrawn
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
        """Advance, holding the generation's lease throughout, until it has finished (or
        another run recorded a step first, or `stop` is set: a process on its way out starts no
        further step, the next one resumes from the log, or the lease was lost: its connection
        died and another process took the generation over); its last state. Raises
        GenerationLeased, having run no step, when another process or thread runs it now."""
        with self.leases.hold(generation_id) as lease:
            if lease is None:
                raise GenerationLeased(generation_id)
            for _ in range(max_steps):
                state = self.state(generation_id)
                if state is None or state.finished:
                    if state is not None:
                        self._settle(state)
                    return state
                if stop is not None and stop.is_set():
                    return state
                if not self.leases.confirm(lease):
                    log.warning("generation %s: its lease was lost to another process; left to it", generation_id)
                    return state
                if self.advance(generation_id, stop) is None:
                    return self.state(generation_id)
            return self.state(generation_id)

    def _left(self, user_id: str) -> bool:
        """Whether the member deleted their account."""
        return account_deleted(self.store, user_id)

    def _outcome(self, state: GenerationState, check: Callable[[], None]) -> Event:
        """The event the next step records: its result, or GenerationFailed (also when a
        character's owner no longer lets the member use it: revoked or removed since the
        request, it stops the generation before its next step, publication included). Raises
        StepAbandoned (from `check`)."""
        step = state.next_step
        try:
            req = state.request
            self._may_remix(state)
            likeness = self.characters.check_use(req.user_id, cast_names(req.characters, req.remix))
            return self.steps.run(state, step, check, likeness if step in CAST_STEPS else ())
        except expected_failures() as error:
            reason = getattr(error, "detail", None) or str(error) or type(error).__name__
            return GenerationFailed(generation_id=state.request.generation_id, step=step, reason=reason[:1000],
                                    owner_id=state.request.user_id,
                                    likeness_withdrawn=isinstance(error, CharacterUnavailable))

    def _withdrawn(self, state: GenerationState, event: Event) -> GenerationFailed | None:
        """GenerationFailed when a character of the generation may no longer be used now that
        its step has run (revoked or removed meanwhile: a video published a moment later would
        show a likeness its owner took back); None while they all may, or where the step
        recorded no work."""
        req = state.request
        names = cast_names(req.characters, req.remix)
        if isinstance(event, GenerationFailed | GenerationCancelled):
            return None
        try:
            self._may_remix(state)
        except RemixWithdrawn as error:
            return GenerationFailed(generation_id=req.generation_id, step=state.next_step, reason=error.detail[:1000],
                                    owner_id=req.user_id)
        if not names:
            return None
        try:
            self.characters.check_use(req.user_id, names)
        except CharacterUnavailable as error:
            return GenerationFailed(generation_id=req.generation_id, step=state.next_step, reason=error.detail[:1000],
                                    owner_id=req.user_id, likeness_withdrawn=True)
        return None

    def _may_remix(self, state: GenerationState) -> None:
        """Raises RemixWithdrawn where the generation remixes a video the member may no longer
        remix (another's taken down, held, removed, or no longer open to remixes)."""
        req = state.request
        if req.remix is not None and self.remixes is not None and not self.remixes(req.user_id, req.remix.video_id):
            raise RemixWithdrawn("the video this remixes may no longer be remixed by you (taken down, held, "
                                 "or its owner stopped allowing remixes)")

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
