"""Events of the generation context: a generation's request, each step of the chain, its video.

Streams:
- `generation-<generation_id>`: GenerationRequested, then one event per chain step
  (PromptRewritten, PromptApproved | PromptBlocked, SamplingCompleted, AudioComposed,
  OutputApproved | OutputBlocked, VideoPublished), or GenerationFailed / GenerationCancelled;
  later VideoDeleted. A PromptBlocked that a reviewer overturns on appeal is followed by
  BlockOverturned, and the chain checks the prompt again with that category waived, then runs
  on (events.review). Each step appends at the version it read, so a step runs once.
  A remix's request carries what it remixes (RemixSource); a deleted account's media are
  erased and MediaErased says which keys went.
- `idem-<user_id>-<sha256 of the key>`: GenerationKeyClaimed, appended with NO_STREAM in the same transaction
  as the GenerationRequested it names: one Idempotency-Key makes one generation.
- `media-store`: MediaStoreBound, appended once with NO_STREAM: the media store every process
  serving this database must share.

What the person wrote, and what is made of it (the prompt, the shot prompts, the plan, the
captions), is `personal`: the store seals it under the owner's key (events.vault), so deleting
the account erases it from the log too. Events recorded before this (no owner on
PromptRewritten) keep it in clear.

Plans are stored as builtins (msgspec.to_builtins of a ScenePlan), so this module imports
nothing from generation/. Frames and audio between steps live in the media store under the
keys the events name; the log holds facts, not pixels.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

from events.base import Event

Tier = Literal["standard", "pro", "high"]
"""`high` is the name `pro` had in events recorded before it was renamed; read it as `pro`."""


class RemixSource(msgspec.Struct, frozen=True, kw_only=True):
    """The video a generation remixes, as it was when the remix was asked for."""

    video_id: str
    generation_id: str
    plan: dict[str, Any]
    """The source's ScenePlan as builtins: the remix starts from it and applies the change."""
    frames_key: str
    """Media-store key of the source's model frames: the remix starts from them, noised."""


class GenerationKeyClaimed(Event, frozen=True, kw_only=True):
    user_id: str
    idempotency_key: str
    generation_id: str


class GenerationRequested(Event, frozen=True, kw_only=True):
    personal = {"prompt": "", "shot_prompts": (), "remix.plan": {}}

    generation_id: str
    user_id: str
    prompt: str
    style: str | None
    characters: tuple[str, ...]
    remix_of: str | None
    """A video id this generation remixes (recorded as lineage)."""
    shots: int
    tier: Tier
    seed: int
    teen: bool
    """The requester was a teen when asking: stricter prompt thresholds apply."""
    reservation: Literal["free", "credit"]
    model: str | None = None
    """The video model chosen when asked (by name or by tier); None before models had names."""
    steps: int | None = None
    """Denoising steps chosen when asked; None before: the chain's steps for the tier."""
    shot_prompts: tuple[str, ...] = ()
    """One prompt per shot when the shots were asked for one by one."""
    remix: RemixSource | None = None
    cast: tuple[str, ...] = ()
    """The user ids of the characters' owners (each once, in the order named): whose likeness
    the video shows, who may see it and take it down. () in events recorded before."""


class PromptRewritten(Event, frozen=True, kw_only=True):
    personal = {"plan": {}, "caption": "", "unmapped": (), "shot_captions": ()}
    owner_field = "owner_id"

    generation_id: str
    plan: dict[str, Any]
    """The ScenePlan as builtins."""
    caption: str
    expanded: bool
    unmapped: tuple[str, ...]
    shot_captions: tuple[str, ...] = ()
    """One caption per shot of a multi-shot video (each shot continues the one before)."""
    owner_id: str | None = None
    """Whose generation: their key seals the rest. None in events recorded before."""


class PromptApproved(Event, frozen=True, kw_only=True):
    generation_id: str


class BlockOverturned(Event, frozen=True, kw_only=True):
    """A reviewer found the prompt check's block wrong (appeal `appeal_id`): the prompt is
    checked again with the block's category waived (any other category, which the first block
    may have hidden, still blocks; sexual content involving minors is never waived), then the
    generation runs on. Its quota slot was given back when it was blocked, and it does not take
    one again: the block was the service's mistake."""

    generation_id: str
    owner_id: str
    """Whose generation (the appellant)."""
    appeal_id: str
    reviewer_id: str
    category: str | None
    """The overturned block's category: the one the check waives from now on."""


class PromptBlocked(Event, frozen=True, kw_only=True):
    generation_id: str
    category: str | None
    message: str
    layer: str | None


class SamplingCompleted(Event, frozen=True, kw_only=True):
    generation_id: str
    frames_key: str
    """Media-store key of the model's frames (.npy, uint8 T x H x W x 3)."""
    frame_count: int
    fps: float
    model: str
    steps: int
    seed: int
    batch_index: int = 0
    batch_size: int = 1
    """Clips sampled together share one seed; clip `batch_index` of `batch_size` is this one."""
    shot_starts: tuple[int, ...] = ()
    """The frame where each shot's own frames begin (0 first); () in events recorded before
    shots were: the tracker's cuts then stand in."""


class AudioComposed(Event, frozen=True, kw_only=True):
    generation_id: str
    audio_key: str
    """Media-store key of the mastered audio (.npy, float32)."""
    sample_rate: int
    contacts: int
    dialogue_lines: int


class OutputFinding(msgspec.Struct, frozen=True, kw_only=True):
    """One output check's result, as recorded inside OutputApproved / OutputBlocked."""

    check: str
    passed: bool
    value: float
    detail: str


class OutputApproved(Event, frozen=True, kw_only=True):
    generation_id: str
    findings: tuple[OutputFinding, ...]


class OutputBlocked(Event, frozen=True, kw_only=True):
    generation_id: str
    findings: tuple[OutputFinding, ...]


class Provenance(msgspec.Struct, frozen=True, kw_only=True):
    """Where a video came from, recorded inside VideoPublished."""

    model: str
    caption: str
    seed: int
    steps: int
    generation_id: str
    content_sha256: str
    remix_of: str | None = None
    batch_index: int = 0
    batch_size: int = 1
    """Where this clip sat in the sampler's batch (with `seed`, what reproduces it)."""


class VideoPublished(Event, frozen=True, kw_only=True):
    personal = {"provenance.caption": ""}
    owner_field = "owner_id"

    generation_id: str
    video_id: str
    owner_id: str
    media_key: str
    size_bytes: int
    duration_s: float
    width: int
    height: int
    provenance: Provenance


class GenerationFailed(Event, frozen=True, kw_only=True):
    personal = {"reason": "the reason was erased with its account"}
    owner_field = "owner_id"

    generation_id: str
    step: str
    reason: str
    """May quote the person's words (a line the speech step could not say, words nothing could
    be made of): sealed under the owner's key where `owner_id` is given."""
    owner_id: str | None = None
    likeness_withdrawn: bool = False
    """A character's owner no longer lets it be used (revoked or removed since the request):
    what the generation made with it is erased at once, not kept for review."""


class GenerationCancelled(Event, frozen=True, kw_only=True):
    generation_id: str
    by: str


class VideoDeleted(Event, frozen=True, kw_only=True):
    generation_id: str
    video_id: str
    by: str
    reason: str = "deleted by its owner"


class MediaErased(Event, frozen=True, kw_only=True):
    """The generation's media (video, frames, audio) were removed from the media store."""

    generation_id: str
    keys: tuple[str, ...]
    reason: str


class MediaStoreBound(Event, frozen=True, kw_only=True):
    """The media store this database's generations keep their media in, named by the mark
    (`store_id`) the first `reelworld up` left in it. Stream `media-store`, appended once."""

    store_id: str
    location: str
    """Where that first process reached it (no credentials), for the message of a process that
    finds another store."""
