"""How a step's failure crosses from a Serve replica back to the chain.

Expected failures (generation.jobs.expected_failures: an unknown model, a prompt nothing can be
made of, ...) come back as StepFailure data, because such errors carry keyword-only fields that
do not survive Ray's pickling; the chain raises them again as StepFailed, and the runner records
GenerationFailed with the step's own message. A replica that dies on every attempt is StepLost;
a deployment that is gone altogether is ChainUnavailable, which leaves the generation to resume.
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec
from ray.exceptions import RayActorError
from ray.serve.exceptions import DeploymentUnavailableError, ReplicaUnavailableError

from events import Event
from generation.jobs import JobError, expected_failures


class StepFailure(msgspec.Struct, frozen=True):
    """A step's expected failure (generation.jobs.expected_failures), sent back as data: such
    errors carry keyword-only fields that do not survive Ray's pickling."""

    error: str
    detail: str


class StepFailed(JobError):
    """A step failed on its replica the way a generation may fail (unknown model, a prompt
    nothing can be made of, ...); `detail` is the step's own message."""


def outcome(work: Callable[[], Event]) -> Event | StepFailure:
    """What a deployment answers: `work`'s event, or its expected failure as a StepFailure.
    Any other error propagates (the generation stays where it was, to be resumed)."""
    try:
        return work()
    except expected_failures() as error:
        return failure_of(error)


def failure_of(error: Exception) -> StepFailure:
    return StepFailure(type(error).__name__, getattr(error, "detail", None) or str(error) or type(error).__name__)


class StepLost(JobError):
    """A step's replica died on every attempt, or the step took longer than its timeout: the
    generation ends as failed instead of waiting on a replica that is gone or swamped."""

    kind = "unavailable"
    title = "The generation chain lost a worker"


LOST = (RayActorError, ReplicaUnavailableError)
"""What a dead or restarting replica raises to the caller (RayActorError covers ActorDiedError
and ActorUnavailableError); worth asking again. A TimeoutError is not: see ServeSteps.run."""


class ChainUnavailable(RuntimeError):
    """A step's whole deployment is unavailable (DeploymentUnavailableError: the application is
    being deleted as `reelworld up` stops, or is not healthy). That is not the generation's
    fault, so it does not end it: the generation stays where it was and resumes when the chain
    is back; the sweeper ends it as stuck if that takes longer than its limit."""
