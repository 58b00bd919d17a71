"""Events of the feed: videos posted for others to see, each member's instruction to their feed,
the pages it served them and their answers to wellbeing polls.

Streams:
- `post-<video_id>`: VideoPosted, VideoUnposted. A post is appended together with an empty
  write at the version of the video's generation stream read (events.store.StreamWrite), so a
  video deleted meanwhile is not posted. Its owner, or a member whose likeness it shows, takes
  it down (VideoUnposted); deleting the video, the owner's account, or the character of anyone
  in its cast takes it down too: the feed's projection appends VideoUnposted by SYSTEM, so the
  post's stream alone says whether it stands.
- `feed-<user_id>`: FeedInstructed, FeedInstructionCleared: what the member asked of their feed,
  in their own words (sealed under their key; it is parsed again on every read, so a better
  parser serves old instructions better).
- `feed-<user_id>-<YYYY-MM-DD>`: one per member and UTC day: FeedServed for every page served
  (what, and why), WellbeingAnswered for the answers to the polls offered that day. Appended at
  the version read, so pages served at once never pass a daily limit, nor serve one video twice.
- `feed-signals-<user_id>`: FeedSignalGiven, what the member said of single videos (like, show
  less, or neither): explicit statements, never inferred from watching. The last 200 steer.
- `feed-hidden-<user_id>`: the FeedSignalGiven among those that say "less" of a video, or take a
  "less" back (appended with it, in one transaction): the videos hidden for good, however many
  sayings follow.

Nothing here counts engagement (watch time, views, clicks): the feed ranks by what the member
asked for, in words or by saying they like a video or want less like it, who they follow,
freshness, calm and variety, and says why for each item.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal, get_args

import msgspec

from events.base import Event, RecordedEvent

PostAudience = Literal["everyone", "followers", "mutuals"]
"""Who may see a posted video besides its owner and cast."""

SYSTEM = "reelworld"
"""`VideoUnposted.by` when the service took a post down (its video, its owner's account or a
character it shows is gone), not a member."""

WellbeingAnswer = Literal["better", "same", "worse"]
"""How the member feels after using the app just now, compared with before."""

FeedSignal = Literal["like", "less", "none"]
"""What a member tells their feed of one video: more like it, less like it (and not that one
again), or neither any more (taking back what they said)."""

AUDIENCES: tuple[str, ...] = get_args(PostAudience)
ANSWERS: tuple[str, ...] = get_args(WellbeingAnswer)
SIGNALS: tuple[str, ...] = get_args(FeedSignal)


def post_stream(video_id: str) -> str:
    return f"post-{video_id}"


def feed_stream(user_id: str) -> str:
    return f"feed-{user_id}"


def feed_day_stream(user_id: str, day: date) -> str:
    return f"feed-{user_id}-{day.isoformat()}"


def signals_stream(user_id: str) -> str:
    return f"feed-signals-{user_id}"


def hidden_stream(user_id: str) -> str:
    return f"feed-hidden-{user_id}"


class VideoPosted(Event, frozen=True, kw_only=True):
    """The owner shared their video with an audience. The facets and energy are what the
    feed ranks it by (recsys.facets, from the generation's plan and sound)."""

    personal = {"caption": ""}
    owner_field = "owner_id"

    video_id: str
    generation_id: str
    owner_id: str
    audience: PostAudience
    cast: tuple[str, ...]
    """The members whose likeness the video shows (the owner too, when they cast themselves)."""
    teen: bool
    """Whether the owner or anyone in the cast was a teen when it was posted (mutuals only)."""
    caption: str
    facets: tuple[str, ...]
    energy: float
    teen_safe: bool = False
    """Whether its words (and those of what it remixes) pass the prompt check at the teen
    thresholds, as a teen's own request must: teens see others' posts only where true. False
    for posts recorded before the check existed."""
    remixable: bool = False
    """Whether the owner lets those it reaches remix it (a teen's video, or one showing a teen,
    never). False for posts recorded before others could remix."""


class VideoUnposted(Event, frozen=True, kw_only=True):
    video_id: str
    owner_id: str
    by: str
    """The owner, a member of the cast taking down a video of their likeness, or SYSTEM."""
    reason: str = ""
    """Why the service took it down (by SYSTEM); empty when a member did."""


class FeedInstructed(Event, frozen=True, kw_only=True):
    personal = {"text": ""}
    owner_field = "user_id"

    user_id: str
    text: str


class FeedInstructionCleared(Event, frozen=True, kw_only=True):
    user_id: str


class ServedItem(msgspec.Struct, frozen=True, kw_only=True):
    video_id: str
    score: float
    reasons: tuple[str, ...]


class FeedServed(Event, frozen=True, kw_only=True):
    """One page of the member's feed, in order, with the reasons each item was chosen. The items
    are personal (the reasons quote what the member asked for): sealed under their key."""

    personal = {"items": ()}
    owner_field = "user_id"

    user_id: str
    items: tuple[ServedItem, ...]
    personalised: bool
    """False when the member had no instruction, or their guardian turned personalisation off."""
    poll_id: str | None = None
    """A wellbeing poll offered with the page."""


class WellbeingAnswered(Event, frozen=True, kw_only=True):
    personal = {"answer": ""}
    owner_field = "user_id"

    user_id: str
    poll_id: str
    answer: str
    """A WellbeingAnswer; "" once the member's key is shredded."""


class FeedSignalGiven(Event, frozen=True, kw_only=True):
    """The member told their feed about a video: a FeedSignal. The latest for a video holds.
    Which videos a person likes is personal: the video id is sealed under their key (a shredded
    one reads "", and counts for nothing)."""

    personal = {"video_id": ""}
    owner_field = "user_id"

    user_id: str
    video_id: str
    signal: str


def post_standing(posts: Sequence[RecordedEvent]) -> tuple[VideoPosted | None, datetime | None]:
    """The post standing after a post stream's events, and since when it stands (a new
    audience keeps the time); (None, None) when never posted, or taken down."""
    current, since = None, None
    for recorded in posts:
        if isinstance(recorded.event, VideoPosted):
            current, since = recorded.event, since or recorded.recorded_at
        elif isinstance(recorded.event, VideoUnposted):
            current, since = None, None
    return current, since
