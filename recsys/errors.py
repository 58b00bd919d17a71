"""Typed errors of the feed: posting videos, instructions, wellbeing answers. Each carries a
message a person can act on.

The API maps each by its `kind` to a problem-details status (api.problems); this package knows
nothing of HTTP: invalid, forbidden, not_found, conflict.
"""

from __future__ import annotations

from typing import ClassVar


class FeedError(Exception):
    """Base of the feed's errors."""

    kind: ClassVar[str] = "invalid"
    title: ClassVar[str] = "Invalid feed request"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


class InvalidInstruction(FeedError):
    """An instruction that is empty, too long, or holds control characters."""

    title = "Invalid feed instruction"


class InvalidPost(FeedError):
    """An audience that is not one, a wellbeing answer that is not one."""

    title = "Invalid request"


class NotPostable(FeedError):
    """The video cannot be posted to that audience (a teen's, or one showing a teen, reaches
    mutuals only) or is posted already."""

    kind = "conflict"
    title = "Not postable"


class PostForbidden(FeedError):
    """Someone neither the video's owner nor in its cast tries to take it down."""

    kind = "forbidden"
    title = "Not yours to take down"


class PostNotFound(FeedError):
    """No such video that this member may see, or it is not posted."""

    kind = "not_found"
    title = "No such video"


class PollNotFound(FeedError):
    """A wellbeing answer to a poll this member was not asked (or already answered)."""

    kind = "not_found"
    title = "No such poll"


class NoInstruction(FeedError):
    """The member has not told their feed anything (or cleared what they said)."""

    kind = "not_found"
    title = "No instruction"


class FeedConflict(FeedError):
    """What a command read kept changing under it (requests at once); trying again works."""

    kind = "conflict"
    title = "Changed meanwhile"
