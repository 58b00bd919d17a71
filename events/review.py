"""Events of human review: appeals of blocked generations, the reviewers who decide them.

Streams:
- `reviewer-<user_id>`: ReviewerAppointed, ReviewerDismissed (the operator's `reelworld admin
  reviewer add/remove`; a deleted account stops being a reviewer with its AccountDeleted).
- `appeals-<appellant_id>`: one per member, every appeal they filed (AppealFiled) and each
  decision on them (ReviewDecided), appended at the version read: so a generation is appealed
  once, and the daily limit of appeals holds, however many requests come at once. When a
  decision overturns a block, BlockOverturned (events.generation) is appended to the
  generation's stream in the same transaction, and the chain checks the prompt again with the
  overturned category waived (any other category still blocks), then runs it on.

The appellant's note and the reviewer's answer are addressed to the appellant, in their own
words or about them: `personal`, sealed under the appellant's key, so deleting the account
erases them from the log too. The prompt itself is not copied here: a reviewer reads it from
the generation's own stream (sealed there under the same key).
"""

from __future__ import annotations

from typing import Literal

from events.base import Event

Outcome = Literal["overturned", "upheld"]
"""A reviewer's decision on an appeal: the block was wrong (the generation runs on) or right."""


def reviewer_stream(user_id: str) -> str:
    return f"reviewer-{user_id}"


def appeals_stream(appellant_id: str) -> str:
    return f"appeals-{appellant_id}"


class ReviewerAppointed(Event, frozen=True, kw_only=True):
    """The operator made a member a reviewer: they may read and decide appeals."""

    user_id: str
    by: str


class ReviewerDismissed(Event, frozen=True, kw_only=True):
    user_id: str
    by: str


class AppealFiled(Event, frozen=True, kw_only=True):
    """A member asks a person to look again at their generation that the prompt check blocked."""

    personal = {"note": ""}
    owner_field = "appellant_id"

    appeal_id: str
    generation_id: str
    appellant_id: str
    note: str
    """Why they think the block was wrong (may be empty). What was blocked, and why, the
    generation's own stream says (its request, its PromptBlocked)."""


class ReviewDecided(Event, frozen=True, kw_only=True):
    personal = {"note": ""}
    owner_field = "appellant_id"

    appeal_id: str
    generation_id: str
    appellant_id: str
    reviewer_id: str
    outcome: Outcome
    note: str
    """What the reviewer tells the appellant (may be empty)."""
