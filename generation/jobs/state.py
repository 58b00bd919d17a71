"""A generation's state, folded from its stream: what it asked for, how far the chain got,
and which step runs next. The chain and the service decide from this, never from a read model.
"""

from __future__ import annotations

import hashlib
import uuid

import msgspec

from events import RecordedEvent, UnknownEvent
from events.generation import (
    AudioComposed,
    BlockOverturned,
    GenerationCancelled,
    GenerationFailed,
    GenerationRequested,
    MediaErased,
    OutputApproved,
    OutputBlocked,
    PromptApproved,
    PromptBlocked,
    PromptRewritten,
    SamplingCompleted,
    VideoDeleted,
    VideoPublished,
)

STEPS = ("rewrite", "prompt_safety", "sample", "audio", "output_safety", "publish")
"""The chain, in order; each appends one event."""

_STEP_AFTER = {
    GenerationRequested: "rewrite",
    PromptRewritten: "prompt_safety",
    PromptApproved: "sample",
    BlockOverturned: "prompt_safety",
    SamplingCompleted: "audio",
    AudioComposed: "output_safety",
    OutputApproved: "publish",
}
_STATUS = {
    PromptBlocked: "blocked", OutputBlocked: "blocked", GenerationFailed: "failed",
    GenerationCancelled: "cancelled", VideoPublished: "published",
}
_VIDEO_IDS = uuid.UUID("5f0c3c1e-7d4a-4a57-9a0e-52656c776f72")

RELEASING = frozenset({"blocked", "failed", "cancelled"})
"""Outcomes that give the reserved generation back to the member's quota."""


class GenerationState(msgspec.Struct, kw_only=True):
    request: GenerationRequested
    version: int
    """The stream's version: the expected version of the next append."""
    status: str = "queued"
    next_step: str | None = "rewrite"
    rewrite: PromptRewritten | None = None
    sampling: SamplingCompleted | None = None
    audio: AudioComposed | None = None
    video: VideoPublished | None = None
    video_deleted: bool = False
    media_erased: bool = False
    waived: frozenset[str] = frozenset()
    """Prompt-check categories a reviewer overturned a block of (BlockOverturned): the check
    asked again no longer blocks on them."""
    foreign: bool = False
    """The stream holds an event this code cannot read (a newer release's): it is that release's
    to run; this code leaves it as it is."""

    @property
    def finished(self) -> bool:
        return self.next_step is None


def fold(stream: list[RecordedEvent]) -> GenerationState | None:
    """The state after `stream`'s events; None for a stream without a request."""
    if not stream or not isinstance(stream[0].event, GenerationRequested):
        return None
    state = GenerationState(request=stream[0].event, version=0)
    for recorded in stream:
        _apply(state, recorded.event)
        state.version = recorded.version
    return state


def status_after(current: str, event: object) -> str:
    """The status a generation has after `event`: queued (asked for, or back in line after a
    block overturned on appeal), running, published, blocked, failed, cancelled, or deleted
    (its video was deleted)."""
    kind = type(event)
    if kind in _STEP_AFTER:
        return "queued" if kind in (GenerationRequested, BlockOverturned) else "running"
    if kind is VideoDeleted:
        return "deleted"
    return _STATUS.get(kind, current)


def _apply(state: GenerationState, event: object) -> None:
    if isinstance(event, UnknownEvent):
        state.foreign = True
        return
    kind = type(event)
    if kind in _STEP_AFTER:
        state.next_step = _STEP_AFTER[kind]
    elif kind in _STATUS:
        state.next_step = None
    state.status = status_after(state.status, event)
    match event:
        case PromptRewritten():
            state.rewrite = event
        case SamplingCompleted():
            state.sampling = event
        case AudioComposed():
            state.audio = event
        case VideoPublished():
            state.video = event
        case VideoDeleted():
            state.video_deleted = True
        case MediaErased():
            state.media_erased = True
        case BlockOverturned():  # running again: what it makes from now on is not erased yet
            state.media_erased = False
            if event.category is not None:
                state.waived = state.waived | {event.category}


def video_id_of(generation_id: str) -> str:
    """The id of the video a generation publishes: fixed by the generation, so never two."""
    return str(uuid.uuid5(_VIDEO_IDS, generation_id))


def work_folder(generation_id: str) -> str:
    """Where the generation's steps store their frames and sound."""
    return f"work/{generation_id}"


def work_key(generation_id: str, name: str, data: bytes) -> str:
    """The key a step stores `data` at, named by its content: a resumed run that makes the same
    bytes writes the same key, and a duplicate run that makes other bytes (another batch of
    the Serve sampler, another seed) never replaces what an event recorded."""
    return f"{work_folder(generation_id)}/{name}-{_content_tag(data)}.npy"


def holds(key: str, data: bytes) -> bool:
    """Whether `data` are the bytes `work_key` named `key` after (True for keys named before
    keys carried their content: work/<id>/frames.npy)."""
    _, tagged, tag = key.rsplit("/", 1)[-1].removesuffix(".npy").rpartition("-")
    return not tagged or tag == _content_tag(data)


def _content_tag(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def video_key(generation_id: str) -> str:
    return f"videos/{video_id_of(generation_id)}.mp4"
