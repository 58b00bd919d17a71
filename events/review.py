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

- `reports-<reporter_id>`: one per member, every video they reported (VideoReported), appended
  at the version read: so a member reports a video once, and the daily limit of reports holds.
- `moderation-<video_id>`: a reviewer's decisions on a video's reports: PostRemoved (the video
  is taken out of every feed and may not be posted again; a VideoUnposted on the post's own
  stream in the same transaction, where it stood) or ReportsDismissed (it stays). Each names
  the reports it decides; reports filed after it wait for the next decision. The owner may
  appeal a removal once (RemovalAppealed); another reviewer then restores it (it may be posted
  again) or upholds it (RemovalDecided).

The appellant's note and the reviewer's answer are addressed to the appellant, in their own
words or about them: `personal`, sealed under the appellant's key, so deleting the account
erases them from the log too. The prompt itself is not copied here: a reviewer reads it from
the generation's own stream (sealed there under the same key). Likewise a reporter's note is
sealed under the reporter's key, and a reviewer's words to a removed video's owner under the
owner's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

import msgspec

from events.base import Event, RecordedEvent

Outcome = Literal["overturned", "upheld"]
"""A reviewer's decision on an appeal: the block was wrong (the generation runs on) or right."""

ReportReason = Literal[
    "sexual_minors", "sexual", "graphic_violence", "self_harm", "hate", "violent_threats", "dangerous",
    "real_person_likeness", "spam", "other",
]
"""Why a member reports a video; a reviewer who removes it names one too. The names are the
prompt check's categories where one fits (safety.policy), so a removal and a block speak alike."""
REPORT_REASONS: tuple[str, ...] = get_args(ReportReason)
REASON_WORDS = {
    "sexual_minors": "sexual content involving a minor, or a child put in danger",
    "sexual": "sexual or nude content",
    "graphic_violence": "graphic violence or gore",
    "self_harm": "self-harm or suicide",
    "hate": "hate or harassment",
    "violent_threats": "threats of violence",
    "dangerous": "dangerous acts or challenges",
    "real_person_likeness": "shows a real person (you, or someone else) without their consent",
    "spam": "spam or misleading",
    "other": "something else (say what in the note)",
}
"""Each reason in words a member understands (the web client's choices, the API's description)."""
assert tuple(REASON_WORDS) == REPORT_REASONS


def reason_said(category: str) -> str:
    """A reason in a few words, without the hint a reporter reads ("something else", not
    "... (say what in the note)"); "" for none there is."""
    return REASON_WORDS.get(category, "").split(" (")[0]
RemovalOutcome = Literal["restored", "upheld"]
"""A second reviewer's decision on an owner's appeal of a removal."""


def reviewer_stream(user_id: str) -> str:
    return f"reviewer-{user_id}"


def appeals_stream(appellant_id: str) -> str:
    return f"appeals-{appellant_id}"


def reports_stream(reporter_id: str) -> str:
    return f"reports-{reporter_id}"


def moderation_stream(video_id: str) -> str:
    return f"moderation-{video_id}"


def holds_stream(video_id: str) -> str:
    """The service's reports (by SYSTEM) of a remix whose source a reviewer removed."""
    return f"holds-{video_id}"


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


class VideoReported(Event, frozen=True, kw_only=True):
    """A member asks a reviewer to look at a video they were shown (posted to them, or showing
    them). Who reported is never shown to the reviewer nor to the video's owner."""

    personal = {"note": ""}
    owner_field = "reporter_id"

    report_id: str
    video_id: str
    generation_id: str
    owner_id: str
    """The video's owner when it was reported."""
    reporter_id: str
    reason: ReportReason
    note: str
    """What the reporter saw (may be empty, except for "other")."""


class PostRemoved(Event, frozen=True, kw_only=True):
    """A reviewer upheld reports of a video: it leaves every feed and is not posted again."""

    personal = {"note": ""}
    owner_field = "owner_id"

    video_id: str
    owner_id: str
    reviewer_id: str
    category: ReportReason
    note: str
    """What the reviewer tells the owner (may be empty)."""
    report_ids: tuple[str, ...]
    """The reports this decides (those the reviewer read)."""


class ReportsDismissed(Event, frozen=True, kw_only=True):
    """A reviewer found nothing wrong in what the reports say: the video stays."""

    video_id: str
    owner_id: str
    reviewer_id: str
    report_ids: tuple[str, ...]


class RemovalAppealed(Event, frozen=True, kw_only=True):
    """The owner of a removed video asks another reviewer to look again."""

    personal = {"note": ""}
    owner_field = "owner_id"

    video_id: str
    owner_id: str
    note: str
    report_ids: tuple[str, ...]
    """The reports the removal decided."""


class RemovalDecided(Event, frozen=True, kw_only=True):
    """A second reviewer decided the owner's appeal of a removal: `restored` (the removal was
    wrong: the owner may post the video again) or `upheld` (it stands, and is not appealed
    again)."""

    personal = {"note": ""}
    owner_field = "owner_id"

    video_id: str
    owner_id: str
    reviewer_id: str
    outcome: RemovalOutcome
    note: str
    """What the reviewer tells the owner (may be empty)."""
    report_ids: tuple[str, ...]


class RemixPosted(Event, frozen=True, kw_only=True):
    """A remix of this video was posted (on the source's moderation stream): a removal of the
    source finds its remixes here however far the read models lag, and a post and a removal at
    the same moment are decided one after the other."""

    video_id: str
    """The source."""
    remix_id: str
    generation_id: str
    """The remix's generation."""
    owner_id: str
    """The remix's owner."""


class Moderation(msgspec.Struct, frozen=True, kw_only=True):
    """A video's moderation stream folded: which reports are decided, the last removal, and
    what became of it."""

    decided: frozenset[str]
    """The reports a removal or a dismissal decided."""
    last: RecordedEvent | None
    """The last decision (PostRemoved, ReportsDismissed, RemovalDecided)."""
    removal: RecordedEvent | None
    """The last PostRemoved."""
    appeal: RecordedEvent | None
    """The owner's RemovalAppealed of that removal, if any."""
    appeal_decided: RecordedEvent | None
    """The RemovalDecided of that appeal, once decided."""

    @property
    def in_force(self) -> bool:
        """Whether a removal stands (it was not reversed on appeal)."""
        return self.removal is not None and not (
            self.appeal_decided is not None and self.appeal_decided.event.outcome == "restored")

    @property
    def appeal_pending(self) -> bool:
        return self.appeal is not None and self.appeal_decided is None


def moderation_of(events: Sequence[RecordedEvent]) -> Moderation:
    decided: set[str] = set()
    last = removal = appeal = appeal_decided = None
    for recorded in events:
        match recorded.event:
            case PostRemoved(report_ids=ids):
                decided.update(ids)
                last, removal, appeal, appeal_decided = recorded, recorded, None, None
            case ReportsDismissed(report_ids=ids):
                decided.update(ids)
                last = recorded
            case RemovalAppealed():
                appeal = recorded
            case RemovalDecided():
                last, appeal_decided = recorded, recorded
    return Moderation(decided=frozenset(decided), last=last, removal=removal, appeal=appeal,
                      appeal_decided=appeal_decided)
