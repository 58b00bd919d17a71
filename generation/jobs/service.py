"""Generation jobs as commands: request (idempotent, paid from the quota), cancel, delete a
video; and the queries the API shows (a generation with its steps, a video, a library).

Commands append to the generation's stream at the version they read; the chain (chain.py)
appends the steps. The quota slot reserved for a request is released when it ends without a
video (blocked, failed, cancelled).
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable
from datetime import datetime

import msgspec
from sqlmodel import Session, col, select

from events import NO_STREAM, ConcurrencyError, Context, SqlEventStore, StreamWrite
from events.generation import (
    GenerationCancelled,
    GenerationKeyClaimed,
    GenerationRequested,
    Tier,
    VideoDeleted,
)
from generation.jobs.errors import (
    GenerationNotFound,
    IdempotencyKeyReused,
    InvalidGeneration,
    NotCancellable,
    VideoNotFound,
)
from generation.jobs.media import MediaStore
from generation.jobs.rewriting import Rewriter, rewrite
from generation.jobs.state import GenerationState, fold
from generation.jobs.tables import GenerationRow, GenerationStepRow, VideoRow
from social import Directory, QuotaService
from social.rules import is_teen, utc_day
from social.tables import as_utc

MAX_SEED = 2**31 - 1


class GenerationOrder(msgspec.Struct, frozen=True, kw_only=True):
    """What a member asks for."""

    prompt: str
    style: str | None = None
    characters: tuple[str, ...] = ()
    remix_of: str | None = None
    shots: int = 1
    tier: Tier = "standard"


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
        rewriter: Callable[[], Rewriter], *, clock: Callable[[], datetime],
        new_id: Callable[[], uuid.UUID] = uuid.uuid4, rng: random.Random | None = None,
    ) -> None:
        self._store, self._directory, self._quota, self._media = store, directory, quota, media
        self._rewriter, self._clock, self._new_id = rewriter, clock, new_id
        self._rng = rng or random.Random()

    def request(
        self, user_id: str, order: GenerationOrder, *, idempotency_key: str | None = None,
        context: Context | None = None,
    ) -> str:
        """Ask for a generation; returns its id. A retry with the same key returns the first id.

        Raises InvalidGeneration / NothingToGenerate (the prompt), VideoNotFound (remix_of),
        IdempotencyKeyReused, social.QuotaExceeded, social.NotFound (no such member).
        """
        if idempotency_key is not None:
            known = self._claimed(user_id, idempotency_key, order)
            if known is not None:
                return known
        check_order(order)
        account = self._directory.require_id(user_id)
        rewrite(self._rewriter(), order.prompt, order.style, order.shots, order.characters, seed=0)
        if order.remix_of is not None:
            self.video(user_id, order.remix_of)
        generation_id = str(self._new_id())
        reservation = self._quota.reserve_generation(user_id, generation_id, context=context)
        requested = GenerationRequested(
            generation_id=generation_id, user_id=user_id, prompt=order.prompt, style=order.style,
            characters=order.characters, remix_of=order.remix_of, shots=order.shots, tier=order.tier,
            seed=self._rng.randint(0, MAX_SEED), teen=is_teen(account.birth_year, utc_day(self._clock())),
            reservation=reservation.source,
        )
        writes = [StreamWrite(generation_stream(generation_id), [requested], NO_STREAM)]
        if idempotency_key is not None:
            claim = GenerationKeyClaimed(user_id=user_id, idempotency_key=idempotency_key,
                                         generation_id=generation_id)
            writes.append(StreamWrite(_key_stream(user_id, idempotency_key), [claim], NO_STREAM))
        try:
            self._store.append_many(writes, context=context)
        except Exception:
            self._quota.release_generation(user_id, generation_id, context=context)
            if idempotency_key is not None:  # a concurrent retry claimed the key first
                known = self._claimed(user_id, idempotency_key, order)
                if known is not None:
                    return known
            raise
        return generation_id

    def _claimed(self, user_id: str, key: str, order: GenerationOrder) -> str | None:
        stream = self._store.read_stream(_key_stream(user_id, key))
        if not stream:
            return None
        generation_id = stream[0].event.generation_id
        state = self._state(generation_id)
        asked = state.request
        first = (asked.prompt, asked.style, asked.characters, asked.remix_of, asked.shots, asked.tier)
        if first != (order.prompt, order.style, order.characters, order.remix_of, order.shots, order.tier):
            raise IdempotencyKeyReused(
                "this Idempotency-Key was already used for a different generation; use a new key"
            )
        return generation_id

    def _state(self, generation_id: str) -> GenerationState:
        state = fold(self._store.read_stream(generation_stream(generation_id)))
        if state is None:
            raise GenerationNotFound(f"no generation {generation_id!r}")
        return state

    def cancel(self, user_id: str, generation_id: str, *, context: Context | None = None) -> None:
        """Stop a generation that has not finished. Raises GenerationNotFound (also for another
        member's), NotCancellable. A step that was running loses its append and publishes nothing."""
        while True:
            state = self._owned_state(user_id, generation_id)
            if state.finished:
                raise NotCancellable(f"generation {generation_id} is already {state.status}")
            event = GenerationCancelled(generation_id=generation_id, by=user_id)
            try:
                self._store.append(generation_stream(generation_id), [event], state.version, context=context)
            except ConcurrencyError:
                continue  # a step finished meanwhile: decide again
            self._quota.release_generation(user_id, generation_id, context=context)
            return

    def _owned_state(self, user_id: str, generation_id: str) -> GenerationState:
        state = fold(self._store.read_stream(generation_stream(generation_id)))
        if state is None or state.request.user_id != user_id:
            raise GenerationNotFound(f"you have no generation {generation_id!r}")
        return state

    def delete_video(self, user_id: str, video_id: str, *, context: Context | None = None) -> None:
        """Delete one's own video and its media. Raises VideoNotFound (also for another's)."""
        row = self._video_row(user_id, video_id)
        while True:
            state = self._owned_state(user_id, row.generation_id)
            if state.video_deleted:
                break
            event = VideoDeleted(generation_id=row.generation_id, video_id=video_id, by=user_id)
            try:
                self._store.append(generation_stream(row.generation_id), [event], state.version, context=context)
            except ConcurrencyError:
                continue
            break
        self._media.delete(row.media_key)

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
                tier=row.tier, shots=row.shots, caption=row.caption, detail=row.detail, video_id=row.video_id,
                created_at=as_utc(row.created_at), updated_at=as_utc(row.updated_at),
                steps=[StepView(event=s.event_type, at=as_utc(s.at)) for s in steps],
            )

    def video(self, user_id: str, video_id: str) -> VideoView:
        """The member's own video. Raises VideoNotFound (also for another member's)."""
        return _video_view(self._video_row(user_id, video_id))

    def library(self, user_id: str, *, limit: int = 50, offset: int = 0) -> list[VideoView]:
        """The member's videos, newest first."""
        with Session(self._store.engine) as session:
            rows = session.exec(select(VideoRow).where(VideoRow.owner_id == user_id)
                                .order_by(col(VideoRow.published_at).desc(), col(VideoRow.video_id))
                                .offset(offset).limit(limit)).all()
            return [_video_view(r) for r in rows]

    def _video_row(self, user_id: str, video_id: str) -> VideoRow:
        with Session(self._store.engine) as session:
            row = session.get(VideoRow, video_id)
        if row is None or row.owner_id != user_id:
            raise VideoNotFound(f"you have no video {video_id!r}")
        return row


def _video_view(row: VideoRow) -> VideoView:
    data = row.model_dump()
    data["published_at"] = as_utc(row.published_at)
    return msgspec.convert(data, VideoView)


def _key_stream(user_id: str, key: str) -> str:
    """The claim stream of an Idempotency-Key (hashed: keys are any text up to 200 characters)."""
    return f"idem-{user_id}-{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def check_order(order: GenerationOrder) -> None:
    """Shape checks the rewriter does not make. Raises InvalidGeneration."""
    if len(order.characters) > 4:
        raise InvalidGeneration("at most 4 characters per generation")
