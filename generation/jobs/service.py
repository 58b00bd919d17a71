"""Generation jobs as commands: request (idempotent, paid from the quota), cancel, delete a
video; and the queries the API shows (a generation with its steps, a video, a library).

Commands append to the generation's stream at the version they read; the chain (chain.py)
appends the steps. The quota slot reserved for a request is released when it ends without a
video (blocked, failed, cancelled).
"""

from __future__ import annotations

import hashlib
import logging
import random
import unicodedata
import uuid
from collections.abc import Callable
from datetime import datetime

import msgspec
from sqlmodel import Session, col, func, select

from events import NO_STREAM, ConcurrencyError, Context, Event, SqlEventStore, StreamWrite
from events.generation import (
    GenerationCancelled,
    GenerationKeyClaimed,
    GenerationRequested,
    MediaErased,
    RemixSource,
    Tier,
    VideoDeleted,
)
from generation.audio.speech import SpeechError, SpeechUnavailable
from generation.film import DialogueTooLong, fit_dialogue
from generation.jobs.changes import read_change
from generation.jobs.characters import Characters, CharacterUnavailable, Likeness, NoCharacters, cast_names, voices
from generation.jobs.config import DEFAULT_CHAIN, TIERS, ChainConfig, canonical_tier
from generation.jobs.errors import (
    AtCapacity,
    GenerationNotFound,
    IdempotencyKeyReused,
    InvalidGeneration,
    JobError,
    ModelUnavailable,
    NotCancellable,
    SourceGone,
    VideoNotFound,
)
from generation.jobs.media import MediaStore
from generation.jobs.models import ModelCatalog, choose_model
from generation.jobs.rewriting import Rewriter, rewrite_order, spoken_lines
from generation.jobs.state import GenerationState, fold
from generation.jobs.tables import DeletedVideoRow, GenerationCastRow, GenerationRow, GenerationStepRow, VideoRow
from generation.model.backend import REELWORLD_FPS, shot_bounds
from generation.rewriter.parse import too_long_line
from generation.rewriter.rewriter import MAX_PROMPT_CHARS, canonical_style
from generation.world.plan import STYLES
from social import CreditRequired, Directory, QuotaService, Reservation
from social.rules import is_teen, utc_day
from social.tables import as_utc

MAX_SEED = 2**31 - 1
VIDEO_DELETED = "the video was deleted"

log = logging.getLogger(__name__)


class GenerationOrder(msgspec.Struct, frozen=True, kw_only=True):
    """What a member asks for. `shot_prompts` asks for the shots one by one (then `shots` is
    their number and `prompt` may be empty); `model` names a model outright (else the tier's)."""

    prompt: str
    style: str | None = None
    characters: tuple[str, ...] = ()
    remix_of: str | None = None
    shots: int = 1
    tier: Tier = "standard"
    model: str | None = None
    shot_prompts: tuple[str, ...] = ()

    def key(self) -> tuple:
        """What an idempotent retry must repeat."""
        return (self.prompt, self.style, self.characters, self.remix_of, self.shots, canonical_tier(self.tier),
                self.model, self.shot_prompts)


class StepView(msgspec.Struct, frozen=True, kw_only=True):
    event: str
    at: datetime


class GenerationView(msgspec.Struct, frozen=True, kw_only=True):
    generation_id: str
    status: str
    prompt: str
    style: str | None
    tier: str
    shots: int
    model: str | None
    remix_of: str | None
    caption: str | None
    detail: str | None
    video_id: str | None
    created_at: datetime
    updated_at: datetime
    steps: list[StepView]


class VideoView(msgspec.Struct, frozen=True, kw_only=True):
    video_id: str
    generation_id: str
    owner_id: str
    media_key: str
    size_bytes: int
    duration_s: float
    width: int
    height: int
    caption: str
    model: str
    seed: int
    steps: int
    content_sha256: str
    remix_of: str | None
    published_at: datetime


def generation_stream(generation_id: str) -> str:
    return f"generation-{generation_id}"


class GenerationService:
    """Commands and queries of generation jobs for signed-in members."""

    def __init__(
        self, store: SqlEventStore, directory: Directory, quota: QuotaService, media: MediaStore,
        rewriter: Callable[[], Rewriter], *, models: ModelCatalog, clock: Callable[[], datetime],
        config: ChainConfig = DEFAULT_CHAIN, characters: Characters | None = None,
        new_id: Callable[[], uuid.UUID] = uuid.uuid4, rng: random.Random | None = None,
    ) -> None:
        """`characters`: who may use which likeness (default: NoCharacters, none exist)."""
        self._store, self._directory, self._quota, self._media = store, directory, quota, media
        self._characters = characters or NoCharacters()
        self._rewriter, self._clock, self._new_id = rewriter, clock, new_id
        self._models, self._config = models, config
        self._rng = rng or random.Random()
        self.shared_with: Callable[[str, str], bool] = lambda user_id, video_id: False
        """Whether a member may watch another's video they are not cast in (the feed's audience
        of a posted video: recsys.PostBoard.may_see, set by the runtime)."""
        self.shared_among: Callable[[str, list[str]], set[str]] = lambda user_id, video_ids: {
            video_id for video_id in video_ids if self.shared_with(user_id, video_id)}
        """The videos among many posted to a member (at once: recsys.PostBoard.visible)."""
        self.remixable_by: Callable[[str, str], bool] = lambda user_id, video_id: False
        """Whether a member may remix another's video (posted to them, its owner letting it be
        remixed: recsys.PostBoard.may_remix, set by the runtime)."""

    def request(
        self, user_id: str, order: GenerationOrder, *, idempotency_key: str | None = None,
        context: Context | None = None,
    ) -> str:
        """Ask for a generation; returns its id. A retry with the same key returns the first id.

        Raises InvalidGeneration / NothingToGenerate (the prompt), CharacterUnavailable, UnknownModel, ModelUnavailable,
        VideoNotFound / SourceGone (remix_of), IdempotencyKeyReused, AtCapacity (free requests
        while the queue is past capacity), social.QuotaExceeded, social.NotFound (no such member).
        """
        order = msgspec.structs.replace(order, style=canonical_style(order.style))  # "Anime" is anime
        if idempotency_key is not None:
            known = self._claimed(user_id, idempotency_key, order)
            if known is not None:
                return known
        check_order(order)
        account = self._directory.require_id(user_id)
        remix = self._remix_source(user_id, order.remix_of) if order.remix_of is not None else None
        # a likeness only with its owner's leave: those named, and those of the video remixed
        likeness = self._likeness(user_id, order.characters, remix)
        cast = tuple(dict.fromkeys(who.owner_id for who in likeness))
        model, steps = choose_model(self._models, self._config, order.tier, order.model)
        shots = order.shots
        if remix is None:
            planned = rewrite_order(self._rewriter(), order.prompt, order.shot_prompts, order.style,
                                    order.shots, order.characters, seed=0)
            shots = max(1, len(planned.plan.shots))  # the prompt's own shots ("then ...") count too
        else:
            read_change(self._rewriter(), order.prompt, style=order.style, seed=0)
        self._check_dialogue(order, model, shots, likeness)
        generation_id = str(self._new_id())
        seed, teen = self._rng.randint(0, MAX_SEED), is_teen(account.birth_year, utc_day(self._clock()))
        teen = teen or any(who.owner_is_teen for who in likeness)  # a teen's likeness: the teen rules

        def recorded_with(reservation: Reservation) -> list[StreamWrite]:
            """The request and its key claim: in the reservation's transaction, so that a crash
            never leaves a slot paid for a generation that was not recorded."""
            requested = GenerationRequested(
                generation_id=generation_id, user_id=user_id, prompt=order.prompt, style=order.style,
                characters=order.characters, remix_of=order.remix_of, shots=order.shots,
                tier=canonical_tier(order.tier), seed=seed, teen=teen, reservation=reservation.source,
                model=model, steps=steps, shot_prompts=order.shot_prompts, remix=remix, cast=cast,
            )
            writes = [StreamWrite(generation_stream(generation_id), [requested], NO_STREAM)]
            if idempotency_key is not None:
                claim = GenerationKeyClaimed(user_id=user_id, idempotency_key=idempotency_key,
                                             generation_id=generation_id)
                writes.append(StreamWrite(_key_stream(user_id, idempotency_key), [claim], NO_STREAM))
            return writes

        try:
            self._reserve(user_id, generation_id, context, recorded_with)
        except ConcurrencyError:
            if idempotency_key is not None:  # a concurrent retry claimed the key first
                known = self._claimed(user_id, idempotency_key, order)
                if known is not None:
                    return known
            raise
        return generation_id

    def _check_dialogue(self, order: GenerationOrder, model: str, shots: int, likeness: tuple[Likeness, ...]) -> None:
        """Refuse quoted lines that could not all be heard in the `shots` shots the model makes
        (their length known to the catalog), spoken in the characters' voices, before anything
        is recorded or paid for. Raises InvalidGeneration."""
        lines, line_shots = spoken_lines(order.prompt, order.shot_prompts)
        info = next((m for m in self._models.installed() if m.name == model), None)
        if not lines or info is None or info.frames is None:
            return
        bounds = shot_bounds(shots, info.frames, self._config.continuation_frames)
        try:
            fit_dialogue(lines, bounds, REELWORLD_FPS, line_shots=line_shots,
                         more_shots="ask for more shots (`shots`, or one prompt per shot in `shot_prompts`)",
                         voices=voices(likeness))
        except SpeechUnavailable as error:  # the server's fault, not the request's
            raise ModelUnavailable(f"speech cannot be made right now ({error}); try again later") from None
        except (DialogueTooLong, SpeechError) as error:
            raise InvalidGeneration(str(error)) from None

    def _claimed(self, user_id: str, key: str, order: GenerationOrder) -> str | None:
        stream = self._store.read_stream(_key_stream(user_id, key))
        if not stream:
            return None
        generation_id = stream[0].event.generation_id
        asked = self._state(generation_id).request
        # The first request recorded the model it resolved to; a retry naming none asked the same.
        first = GenerationOrder(prompt=asked.prompt, style=asked.style, characters=asked.characters,
                                remix_of=asked.remix_of, shots=asked.shots, tier=asked.tier,
                                model=asked.model if order.model is not None else None,
                                shot_prompts=asked.shot_prompts)
        if first.key() != order.key():
            raise IdempotencyKeyReused(
                "this Idempotency-Key was already used for a different generation; use a new key"
            )
        return generation_id

    def _reserve(self, user_id: str, generation_id: str, context: Context | None,
                 along: Callable[[Reservation], list[StreamWrite]]) -> Reservation:
        """Today's free generation or a credit; only a credit while the queue is past capacity;
        recorded with `along`'s writes (QuotaService.reserve_generation). Raises AtCapacity,
        social.QuotaExceeded, ConcurrencyError (a stream of `along`'s)."""
        limit = self._config.max_queue_for_free
        busy = limit is not None and self.queue_depth() >= limit
        try:
            return self._quota.reserve_generation(user_id, generation_id, credit_only=busy, context=context,
                                                  along=along)
        except CreditRequired:
            raise AtCapacity(
                f"Reelworld is very busy ({self.queue_depth()} generations waiting): free generations are paused "
                f"for now, generations paid with credits still run; try again in {self._config.retry_after_s} s",
                retry_after_s=self._config.retry_after_s,
            ) from None

    def queue_depth(self) -> int:
        """Generations queued or running (from the read model)."""
        with Session(self._store.engine) as session:
            query = select(func.count()).select_from(GenerationRow).where(
                col(GenerationRow.status).in_(("queued", "running")))
            return int(session.exec(query).one())

    def _remix_source(self, user_id: str, video_id: str) -> RemixSource:
        """What a remix of `video_id` starts from. Raises VideoNotFound (no such video, or one the
        member may not remix), SourceGone (the member deleted it). Of another's video, the plan
        without its maker's own words (each shot's description, the lines spoken): the remix
        keeps the scene, not what they wrote, which their account's deletion must erase."""
        row = self._visible_video(user_id, video_id, remix=True)
        source = self._state(row.generation_id)
        if source.rewrite is None or source.sampling is None or source.video_deleted:
            raise SourceGone(f"video {video_id!r} was deleted; it can no longer be remixed")
        plan = source.rewrite.plan
        if row.owner_id != user_id:
            plan = {**plan, "dialogue": [], "shots": [{**shot, "description": ""} for shot in plan.get("shots", ())]}
        return RemixSource(video_id=video_id, generation_id=row.generation_id, plan=plan,
                           frames_key=source.sampling.frames_key)

    def _likeness(self, user_id: str, characters: tuple[str, ...], remix: RemixSource | None) -> tuple[Likeness, ...]:
        """The likenesses a generation shows, each with its owner's leave: those the member
        named, and those of the video remixed. Of another's video, a refusal does not name the
        character it shows (its viewers never learn whose it is). Raises CharacterUnavailable."""
        try:
            return self._characters.check_use(user_id, cast_names(characters, remix))
        except CharacterUnavailable:
            if remix is None or not remix.plan.get("characters"):
                raise
        self._characters.check_use(user_id, characters)  # one they named is refused: said by name
        raise CharacterUnavailable("the video you remix shows someone whose character you may not use: "
                                   "it cannot be remixed by you")

    def _state(self, generation_id: str) -> GenerationState:
        state = fold(self._store.read_stream(generation_stream(generation_id)))
        if state is None:
            raise GenerationNotFound(f"no generation {generation_id!r}")
        return state

    def cancel(self, user_id: str, generation_id: str, *, context: Context | None = None) -> None:
        """Stop a generation that has not finished. Raises GenerationNotFound (also for another
        member's), NotCancellable. A step that was running loses its append and publishes nothing."""
        def cancelled(state: GenerationState) -> GenerationCancelled:  # decided again after a step lands
            if state.finished:
                raise NotCancellable(f"generation {generation_id} is already {state.status}")
            return GenerationCancelled(generation_id=generation_id, by=user_id)

        self._append_once(user_id, generation_id, cancelled, context)
        self._quota.release_generation(user_id, generation_id, context=context)

    def _owned_state(self, user_id: str, generation_id: str) -> GenerationState:
        state = fold(self._store.read_stream(generation_stream(generation_id)))
        if state is None or state.request.user_id != user_id:
            raise GenerationNotFound(f"you have no generation {generation_id!r}")
        return state

    def delete_video(self, user_id: str, video_id: str, *, context: Context | None = None) -> None:
        """Delete one's own video and its media (the frames and sound it was made from too):
        VideoDeleted is recorded first, then the media go and MediaErased says so. A process
        killed between, or a failing store, leaves the media to the sweeper, which finishes
        every VideoDeleted without a MediaErased; never a listed video without its file.
        Raises VideoNotFound (also for another's), SourceGone (deleted already)."""
        self._erase_video(self._visible_video(user_id, video_id), user_id, context)

    def take_down(self, user_id: str, video_id: str, *, context: Context | None = None) -> None:
        """Take down another member's video that shows the member's likeness (one of the
        characters it was made with is theirs): deleted with its media as its owner would
        delete it, VideoDeleted naming the member. Raises VideoNotFound (no such video, or none
        that shows them)."""
        self._erase_video(self._cast_video(user_id, video_id), user_id, context)

    def _erase_video(self, row: VideoRow, by: str, context: Context | None) -> None:
        """VideoDeleted (by `by`) for the video of `row`, then its media and MediaErased."""
        gid, video_id, owner = row.generation_id, row.video_id, row.owner_id
        self._append_once(owner, gid, lambda state: None if state.video_deleted else VideoDeleted(
            generation_id=gid, video_id=video_id, by=by), context)
        keys = media_keys(self._owned_state(owner, gid), row.media_key)
        try:
            for key in keys:
                self._media.delete(key)
        except Exception as error:  # the sweeper removes the rest
            log.warning("video %s: its media will be removed by the sweeper: %s", video_id, error)
            return
        self._append_once(owner, gid, lambda state: None if state.media_erased else MediaErased(
            generation_id=gid, keys=keys, reason=VIDEO_DELETED), context)

    def _append_once(self, user_id: str, gid: str, event_for: Callable[[GenerationState], Event | None],
                     context: Context | None) -> None:
        """Append `event_for(state)` to the member's generation at the version read, reading
        (and deciding) again after a concurrent append; nothing when it returns None (recorded
        already). Raises what `event_for` raises, GenerationNotFound."""
        while (event := event_for(state := self._owned_state(user_id, gid))) is not None:
            try:
                self._store.append(generation_stream(gid), [event], state.version, context=context)
            except ConcurrencyError:
                continue
            return

    # -- queries ---------------------------------------------------------------------------

    def generation(self, user_id: str, generation_id: str) -> GenerationView:
        """The member's generation with its steps. Raises GenerationNotFound."""
        with Session(self._store.engine) as session:
            row = session.get(GenerationRow, generation_id)
            if row is None or row.user_id != user_id:
                raise GenerationNotFound(f"you have no generation {generation_id!r}")
            steps = session.exec(select(GenerationStepRow).where(GenerationStepRow.generation_id == generation_id)
                                 .order_by(col(GenerationStepRow.version))).all()
            return GenerationView(
                generation_id=row.generation_id, status=row.status, prompt=row.prompt, style=row.style,
                tier=row.tier, shots=row.shots, model=row.model, remix_of=row.remix_of, caption=row.caption, detail=row.detail, video_id=row.video_id,
                created_at=as_utc(row.created_at), updated_at=as_utc(row.updated_at),
                steps=[StepView(event=s.event_type, at=as_utc(s.at)) for s in steps],
            )

    def video(self, user_id: str, video_id: str) -> VideoView:
        """The member's own video, one that shows their likeness (cast_videos), or one posted to
        them; for anyone but its owner, without `remix_of` (the source may be theirs alone).
        Raises VideoNotFound (also for another member's), SourceGone (one they deleted: said as
        such on every route, not "no video" on some)."""
        return _video_view(self._watchable_video(user_id, video_id), user_id)

    def media_gone(self, user_id: str, video_id: str) -> JobError:
        """What to answer for the member's video whose file is not in the media store: SourceGone
        when they deleted it (the file goes before the list of videos hears of it, so a request
        in between still finds the video listed), else VideoNotFound (the file was lost)."""
        try:
            row = self._watchable_video(user_id, video_id)
        except JobError as error:  # the list has heard of it by now
            return error
        if self._state(row.generation_id).video_deleted:
            return SourceGone(f"video {video_id!r} was deleted")
        return VideoNotFound(f"the media of video {video_id!r} is gone")

    def library(self, user_id: str, *, limit: int = 50, offset: int = 0) -> list[VideoView]:
        """The member's videos, newest first."""
        with Session(self._store.engine) as session:
            rows = session.exec(select(VideoRow).where(VideoRow.owner_id == user_id)
                                .order_by(col(VideoRow.published_at).desc(), col(VideoRow.video_id))
                                .offset(offset).limit(limit)).all()
            return [_video_view(r, user_id) for r in rows]

    def remixes(self, user_id: str, video_id: str, *, limit: int = 50, offset: int = 0) -> list[VideoView]:
        """Published remixes of a video the member can watch, those they can watch too (their
        own, those posted to them), newest first. Raises VideoNotFound, SourceGone."""
        self._watchable_video(user_id, video_id)
        with Session(self._store.engine) as session:
            rows = session.exec(select(VideoRow).where(VideoRow.remix_of == video_id)
                                .order_by(col(VideoRow.published_at).desc(), col(VideoRow.video_id))).all()
        shared = self.shared_among(user_id, [r.video_id for r in rows if r.owner_id != user_id])
        seen = [r for r in rows if r.owner_id == user_id or r.video_id in shared]
        return [_video_view(r, user_id) for r in seen[offset:offset + limit]]

    def cast_videos(self, user_id: str, *, limit: int = 50, offset: int = 0) -> list[VideoView]:
        """Published videos that show the member's likeness (made with their character, by
        anyone, themselves too), newest first: what they may watch and take down (`remix_of`
        only of their own)."""
        with Session(self._store.engine) as session:
            rows = session.exec(select(VideoRow).join(
                GenerationCastRow, col(GenerationCastRow.generation_id) == col(VideoRow.generation_id))
                .where(GenerationCastRow.owner_id == user_id)
                .order_by(col(VideoRow.published_at).desc(), col(VideoRow.video_id))
                .offset(offset).limit(limit)).all()
            return [_video_view(r, user_id) for r in rows]

    def videos(self, video_ids: list[str]) -> dict[str, VideoView]:
        """The published videos among `video_ids`, for a caller that has decided who sees them
        (the feed, which checks each post's audience), as others see them: without `remix_of`."""
        if not video_ids:
            return {}
        with Session(self._store.engine) as session:
            rows = session.exec(select(VideoRow).where(col(VideoRow.video_id).in_(video_ids))).all()
            return {row.video_id: _video_view(row, None) for row in rows}

    def _watchable_video(self, user_id: str, video_id: str) -> VideoRow:
        """A video the member may watch: their own, one that shows their likeness, or one
        posted to them (`shared_with`). Raises VideoNotFound, or SourceGone for one of theirs
        they deleted. (One read of the row: every media request, each range of it, asks.)"""
        with Session(self._store.engine) as session:
            row = session.get(VideoRow, video_id)
            deleted = row is None and session.get(DeletedVideoRow, video_id)
            shown = row is not None and session.get(GenerationCastRow, (row.generation_id, user_id)) is not None
        if deleted and deleted.owner_id == user_id:
            raise SourceGone(f"video {video_id!r} was deleted")
        if row is not None and (row.owner_id == user_id or shown or self.shared_with(user_id, video_id)):
            return row
        raise VideoNotFound(f"there is no video {video_id!r} you can see")

    def _cast_video(self, user_id: str, video_id: str) -> VideoRow:
        """A published video that shows the member's likeness. Raises VideoNotFound."""
        with Session(self._store.engine) as session:
            row = session.get(VideoRow, video_id)
            shown = row is not None and session.get(GenerationCastRow, (row.generation_id, user_id)) is not None
        if not shown:
            raise VideoNotFound(f"there is no video {video_id!r} you can see")
        return row

    def _visible_video(self, user_id: str, video_id: str, *, remix: bool = False) -> VideoRow:
        """One of the member's own videos; with `remix`, also another's posted to them whose
        owner lets it be remixed (`remixable_by`). Raises VideoNotFound, or SourceGone for one
        of theirs they deleted."""
        with Session(self._store.engine) as session:
            row = session.get(VideoRow, video_id)
            deleted = row is None and session.get(DeletedVideoRow, video_id)
        if deleted and deleted.owner_id == user_id:
            raise SourceGone(f"video {video_id!r} was deleted")
        if row is None or (row.owner_id != user_id and not (remix and self.remixable_by(user_id, video_id))):
            raise VideoNotFound(f"there is no video {video_id!r} you can {'remix' if remix else 'see'}")
        return row


def _video_view(row: VideoRow, viewer: str | None) -> VideoView:
    """The video as `viewer` (a user id; None: anyone but its owner) sees it: `remix_of` for its
    owner only (the source may be theirs alone)."""
    data = row.model_dump()
    data["published_at"] = as_utc(row.published_at)
    if viewer != row.owner_id:
        data["remix_of"] = None
    return msgspec.convert(data, VideoView)


def media_keys(state: GenerationState, video_key: str | None = None) -> tuple[str, ...]:
    """Every media key a generation wrote: its frames, its audio, its video."""
    keys = [state.sampling.frames_key if state.sampling else None, state.audio.audio_key if state.audio else None,
            video_key or (state.video.media_key if state.video else None)]
    return tuple(k for k in keys if k)


def unrecorded(state: GenerationState | None, keys) -> list[str]:  # noqa: ANN001 - any iterable of keys
    """Those of `keys` that no event of the generation names (all of them once its media were
    erased): media a step stored whose event was never recorded, which nothing else would find."""
    named = () if state is None or state.media_erased else media_keys(state)
    return [key for key in keys if key not in named]


def written_keys(event: Event) -> tuple[str, ...]:
    """The media keys a step's event records (SamplingCompleted, AudioComposed, VideoPublished)."""
    return tuple(k for k in (getattr(event, name, None) for name in ("frames_key", "audio_key", "media_key")) if k)


def _key_stream(user_id: str, key: str) -> str:
    """The claim stream of an Idempotency-Key (hashed: keys are any text up to 200 characters)."""
    return f"idem-{user_id}-{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def check_order(order: GenerationOrder) -> None:
    """Shape checks the rewriter does not make. Raises InvalidGeneration."""
    if len(order.characters) > 4:
        raise InvalidGeneration("at most 4 characters per generation")
    if order.style is not None and canonical_style(order.style) not in STYLES:
        raise InvalidGeneration(f"unknown style {order.style!r}; choose one of {', '.join(STYLES)}")
    if canonical_tier(order.tier) not in TIERS:
        raise InvalidGeneration(f"unknown tier {order.tier!r}; choose {' or '.join(TIERS)}")
    if order.shot_prompts and len(order.shot_prompts) != order.shots:
        raise InvalidGeneration("give either a number of shots or one prompt per shot")
    if not order.prompt.strip() and not any(p.strip() for p in order.shot_prompts):
        raise InvalidGeneration("the prompt is empty: describe what should happen, e.g. 'a red ball bounces in a gym'")
    if control := next((c for p in (order.prompt, *order.shot_prompts) for c in p
                        if unicodedata.category(c) == "Cc" and c not in "\t\n\r"), None):
        raise InvalidGeneration(f"the prompt contains the control character U+{ord(control):04X}; write plain text")
    if problem := too_long_line((order.prompt, *order.shot_prompts)):
        raise InvalidGeneration(problem)
    written = sum(len(p.strip()) for p in (order.prompt, *order.shot_prompts))
    if written > MAX_PROMPT_CHARS:
        what = "the prompt and the shot prompts come" if order.shot_prompts else "the prompt comes"
        raise InvalidGeneration(f"{what} to {written} characters; at most {MAX_PROMPT_CHARS} are read")
    if order.remix_of is not None and order.shot_prompts:
        raise InvalidGeneration("a remix takes one prompt (the change), not one per shot")
