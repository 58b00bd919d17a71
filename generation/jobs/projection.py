"""The read models of generation jobs: generations with their steps, and published videos.

Built only from the log (rebuildable from position zero); a deleted account takes its rows
with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, delete
from sqlmodel import Session

from events import RecordedEvent
from events.generation import (
    BlockOverturned,
    GenerationFailed,
    GenerationRequested,
    OutputBlocked,
    PromptBlocked,
    PromptRewritten,
    VideoDeleted,
    VideoPublished,
)
from events.social import AccountDeleted
from generation.jobs.state import status_after
from generation.jobs.config import canonical_tier
from generation.jobs.tables import DeletedVideoRow, GenerationCastRow, GenerationRow, GenerationStepRow, VideoRow


class GenerationsProjection:
    """One row per generation (status, caption, why it stopped), one per step, one per video."""

    name = "generation.jobs"

    def tables(self) -> Sequence[Table]:
        return [GenerationRow.__table__, GenerationStepRow.__table__, VideoRow.__table__, DeletedVideoRow.__table__,
                GenerationCastRow.__table__]

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event
        if isinstance(event, AccountDeleted):
            _forget(session, event.user_id)
            return
        if not recorded.stream_id.startswith("generation-"):
            return
        at = recorded.recorded_at
        if isinstance(event, GenerationRequested):
            session.add(GenerationRow(
                generation_id=event.generation_id, user_id=event.user_id, prompt=event.prompt,
                style=event.style, tier=canonical_tier(event.tier), shots=event.shots, status="queued",
                created_at=at, updated_at=at, model=event.model,
                remix_of=event.remix.video_id if event.remix is not None else event.remix_of,
            ))
            for owner_id in dict.fromkeys(event.cast):
                session.add(GenerationCastRow(generation_id=event.generation_id, owner_id=owner_id))
            session.flush()
        row = session.get(GenerationRow, event.generation_id)
        if row is None:  # the member's account was deleted meanwhile
            return
        session.add(GenerationStepRow(generation_id=row.generation_id, version=recorded.version,
                                      event_type=recorded.type, at=at))
        row.status, row.updated_at = status_after(row.status, event), at
        _record(session, row, event, at)


def _record(session: Session, row: GenerationRow, event: object, at: datetime) -> None:
    match event:
        case PromptRewritten():  # the shots the sampler makes: the prompt's own ("then ...") count too
            row.caption, row.shots = event.caption, max(1, len(event.plan.get("shots") or ()))
        case PromptBlocked():
            row.detail = event.message[:1000]
        case BlockOverturned():  # the block's message is no longer why it stands where it does
            row.detail = None
        case OutputBlocked():
            failed = [f.detail for f in event.findings if not f.passed]
            row.detail = ("the finished clip failed a safety check: " + "; ".join(failed))[:1000]
        case GenerationFailed():
            row.detail = f"{event.step}: {event.reason}"[:1000]
        case VideoPublished():
            row.video_id = event.video_id
            p = event.provenance
            session.add(VideoRow(
                video_id=event.video_id, generation_id=event.generation_id, owner_id=event.owner_id,
                media_key=event.media_key, size_bytes=event.size_bytes, duration_s=event.duration_s,
                width=event.width, height=event.height, caption=p.caption, model=p.model, seed=p.seed,
                steps=p.steps, content_sha256=p.content_sha256, remix_of=p.remix_of, published_at=at,
            ))
        case VideoDeleted():
            row.video_id = None
            session.execute(delete(VideoRow).where(VideoRow.video_id == event.video_id))
            if session.get(DeletedVideoRow, event.video_id) is None:
                session.add(DeletedVideoRow(video_id=event.video_id, owner_id=row.user_id, deleted_at=at))


def _forget(session: Session, user_id: str) -> None:
    ids = [r.generation_id for r in session.query(GenerationRow).filter(GenerationRow.user_id == user_id)]
    if ids:
        session.execute(delete(GenerationStepRow).where(GenerationStepRow.generation_id.in_(ids)))
        session.execute(delete(GenerationCastRow).where(GenerationCastRow.generation_id.in_(ids)))
    session.execute(delete(GenerationCastRow).where(GenerationCastRow.owner_id == user_id))  # as a character
    session.execute(delete(GenerationRow).where(GenerationRow.user_id == user_id))
    session.execute(delete(VideoRow).where(VideoRow.owner_id == user_id))
    session.execute(delete(DeletedVideoRow).where(DeletedVideoRow.owner_id == user_id))
