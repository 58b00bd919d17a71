"""Typed errors of generation jobs. Each carries a message a person can act on.

The API maps each by its `kind` to a problem-details status; this package knows nothing of
HTTP: invalid, unprocessable, not_found, gone, conflict, busy, unavailable.
"""

from __future__ import annotations

from typing import ClassVar


class StepAbandoned(Exception):  # noqa: N818 - not a failure: the step's result was not wanted
    """A long step stopped before its end and recorded nothing: the process is stopping, or the
    generation's stream moved on while it ran (a cancel, an end as stuck, another run's step), so
    its result could not have been recorded. Not a JobError: the generation is not failed by it
    (a stopping process's generation resumes after the restart)."""


class JobError(Exception):
    """Base of the generation jobs' errors."""

    kind: ClassVar[str] = "invalid"
    title: ClassVar[str] = "Invalid generation request"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


class InvalidGeneration(JobError):
    """The request's fields cannot be used (empty prompt, unknown style, shots out of range)."""


class NothingToGenerate(JobError):
    """Nothing the prompt asks for exists in Reelworld's world; `possible` says what does."""

    kind = "unprocessable"
    title = "Nothing to generate"

    def __init__(self, detail: str, *, possible: tuple[str, ...]) -> None:
        self.possible = possible
        super().__init__(detail)


class UnknownModel(JobError):
    """The request names a model that is not installed; `possible` lists the known ones."""

    kind = "unprocessable"
    title = "Unknown model"

    def __init__(self, detail: str, *, possible: tuple[str, ...]) -> None:
        self.possible = possible
        super().__init__(detail)


class MediaReplaced(JobError):
    """A step's stored output is not the bytes its event recorded (a duplicate run replaced it)."""

    kind = "conflict"


class SourceGone(JobError):
    """The video asked for (to see, fetch, delete or remix) was deleted by its owner, its frames
    with it. Only its owner is told; anyone else gets VideoNotFound, as for any video not theirs."""

    kind = "gone"
    title = "Video deleted"


class AtCapacity(JobError):
    """Too many generations are waiting: free requests must wait; purchased credits go through."""

    kind = "busy"
    title = "Too busy for free generations"

    def __init__(self, detail: str, *, retry_after_s: int) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(detail)


class GenerationNotFound(JobError):
    kind = "not_found"
    title = "Not found"


class VideoNotFound(JobError):
    kind = "not_found"
    title = "Not found"


class NotCancellable(JobError):
    """The generation already finished (published, blocked, failed or cancelled)."""

    kind = "conflict"
    title = "Generation already finished"


class IdempotencyKeyReused(JobError):
    """The Idempotency-Key was used before for a different request."""

    kind = "conflict"
    title = "Idempotency key reused"


class ModelUnavailable(JobError):
    """What a generation needs cannot run here: no video model is installed where the service
    looks for one, a checkpoint is damaged, or the speech engine cannot start."""

    kind = "unavailable"
    title = "Model unavailable"


class RemixWithdrawn(JobError):
    """A remix's source may no longer be remixed by its requester (another's video taken down,
    held by reports, removed by a reviewer, or its owner stopped allowing remixes): the chain
    ends the remix before its next step, or before recording what a step made."""

    kind = "conflict"
    title = "Remix withdrawn"
