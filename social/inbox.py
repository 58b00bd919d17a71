"""Notifications: what happened that concerns a member, in one list, newest first.

The inbox is a read model of the log (`InboxProjection`): a notification is an event told to
one member, and its id is that event's position, so it is the same after a rebuild. Nothing is
appended to tell anyone anything; only reading is: `NotificationsSeen` on `inbox-<user_id>`
records how far the member has read, and everything after it is unread.

What is told, and to whom:
- `video_ready`: your video is made (VideoPublished, to its owner);
- `not_made`: your video could not be made (PromptBlocked, OutputBlocked, GenerationFailed);
- `cast`: someone made a video with your character (VideoPublished, to each member it shows
  but its maker): you may watch it and take it down (`GET /v1/characters/me/videos`);
  `cast_posted`: they posted it, to whom (`detail`: the audience; told again for another);
- `followed`: someone followed you (gone again if they unfollow before you read it);
- `remixed`: someone posted a remix of your video; shown only while the remix reaches you, and
  told again when it is posted to another audience (`detail`: the audience);
- `removed`: a reviewer removed your video (PostRemoved); `removal_decided`: your appeal of it
  was decided (RemovalDecided);
- `report_decided`: a reviewer decided on a video you reported (removed or kept);
- `appeal_decided`: your appeal of a blocked prompt was decided (ReviewDecided);
- `guardian_linked`: a teen confirmed you as their guardian; `controls_set`: your guardian
  changed your parental controls.

A member may mute the kinds in MUTABLE (`NotificationsMuted`): muted notifications are still
recorded, neither shown nor counted, and unmuting shows them again.

What it needs of generations (owner, cast, remix source, video) and of reports (who filed
them) it keeps in tables of its own, though the generations' and the review's read models hold
the same: a projection reads only its own tables, since the others may be behind it (they are
caught up after it) or being rebuilt.

Nothing personal is kept: no prompt, note or reason in anyone's words; a notification names
its actor by id and is worded when read, so a handle shown is the current one. A member who
deletes their account takes their inbox with them, and the notifications naming them as
actor go too (their follows and videos are gone). A deleted video takes its notifications.
Reporters stay anonymous: an owner's `removed` never says who reported.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from typing import Literal, NamedTuple, get_args

import msgspec
from sqlalchemy import BigInteger, Column, DateTime, Integer, Table, Text, delete, func, select
from sqlmodel import Field, Session, SQLModel, col

from events import Context, RecordedEvent, SqlEventStore
from events.generation import (
    GenerationFailed,
    GenerationRequested,
    OutputBlocked,
    PromptBlocked,
    VideoDeleted,
    VideoPublished,
)
from events.feed import SYSTEM, VideoPosted
from events.review import (
    PostRemoved,
    RemovalDecided,
    ReportsDismissed,
    ReviewDecided,
    VideoReported,
    reason_said,
)
from events.social import (
    AccountDeleted,
    Followed,
    GuardianLinkConfirmed,
    NotificationsMuted,
    NotificationsSeen,
    ParentalControlsSet,
    Unfollowed,
    inbox_stream,
)
from social.directory import Directory
from social.errors import InvalidInput
from social.tables import as_utc

NotificationKind = Literal["video_ready", "not_made", "cast", "cast_posted", "followed", "remixed", "removed",
                           "removal_decided", "report_decided", "appeal_decided", "guardian_linked", "controls_set"]
"""Every kind of notification (the API's `kind`; the module docstring says when each is told)."""
KINDS: tuple[str, ...] = get_args(NotificationKind)
MUTABLE: tuple[str, ...] = ("video_ready", "not_made", "followed", "remixed", "report_decided", "appeal_decided")
"""The kinds a member may mute. Never: who shows their likeness, and to whom (`cast`,
`cast_posted`), what a reviewer did to their own video (`removed`, `removal_decided`), and what
concerns their guardianship (`guardian_linked`, `controls_set`)."""
MAX_PAGE = 100
MAX_ID = 2**63 - 1
"""The largest notification id (the store's positions are 64-bit)."""
SCANS = 10
"""How many batches one page reads at most to fill itself past hidden remixes."""
COUNTED_REMIXES = 200
"""How many unread remix notifications the unread count looks at, newest first."""

_POSITION = BigInteger().with_variant(Integer, "sqlite")


class Notification(SQLModel, table=True):
    """One event told to one member."""

    __tablename__ = "inbox_notifications"

    user_id: str = Field(primary_key=True, max_length=36)
    position: int = Field(sa_column=Column(_POSITION, primary_key=True, autoincrement=False))
    """The position of the event it tells of: the notification's id."""
    kind: str = Field(max_length=24)
    at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    actor_id: str | None = Field(default=None, max_length=36, index=True)
    """Who did it (a member), where a member did."""
    video_id: str | None = Field(default=None, max_length=36, index=True)
    generation_id: str | None = Field(default=None, max_length=36)
    detail: str = Field(default="", max_length=40)
    """A code, never anyone's words: a block's category, a failed step, an outcome."""


class InboxSeen(SQLModel, table=True):
    """How far the member has read, and the kinds they muted."""

    __tablename__ = "inbox_seen"

    user_id: str = Field(primary_key=True, max_length=36)
    up_to: int = Field(sa_column=Column(_POSITION, nullable=False))
    muted: str = Field(default="", sa_column=Column(Text, nullable=False))
    """The muted kinds, space-separated."""


class InboxGeneration(SQLModel, table=True):
    """What the inbox needs to know of a generation: whose it is, whom it shows, what it
    remixes, and its video once published (events after the request name only the generation)."""

    __tablename__ = "inbox_generations"

    generation_id: str = Field(primary_key=True, max_length=36)
    owner_id: str = Field(max_length=36, index=True)
    cast: str = Field(default="", sa_column=Column(Text, nullable=False))
    """The user ids its characters show, space-separated (as many as the request had)."""
    remix_of: str | None = Field(default=None, max_length=36)
    video_id: str | None = Field(default=None, max_length=36, index=True)


class InboxReport(SQLModel, table=True):
    """Who filed a report: they hear how it was decided."""

    __tablename__ = "inbox_reports"

    report_id: str = Field(primary_key=True, max_length=36)
    reporter_id: str = Field(max_length=36, index=True)


TABLES = [Notification.__table__, InboxSeen.__table__, InboxGeneration.__table__, InboxReport.__table__]


class InboxProjection:
    """The inbox read model (module docstring)."""

    name = "social.inbox"

    def tables(self) -> Sequence[Table]:
        return TABLES

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event

        def tell(user_id: str | None, kind: str, *, actor_id: str | None = None, video_id: str | None = None,
                 generation_id: str | None = None, detail: str = "") -> None:
            if user_id is None or user_id == actor_id:
                return
            session.merge(Notification(user_id=user_id, position=recorded.position, kind=kind,
                                       at=recorded.recorded_at, actor_id=actor_id, video_id=video_id,
                                       generation_id=generation_id, detail=detail[:40]))

        match event:
            case GenerationRequested():
                session.merge(InboxGeneration(generation_id=event.generation_id, owner_id=event.user_id,
                                              cast=" ".join(event.cast), remix_of=event.remix_of))
            case VideoPublished():
                generation = session.get(InboxGeneration, event.generation_id)
                if generation is not None:
                    generation.video_id = event.video_id
                    session.add(generation)
                tell(event.owner_id, "video_ready", video_id=event.video_id, generation_id=event.generation_id)
                for member in (generation.cast.split() if generation is not None else ()):
                    tell(member, "cast", actor_id=event.owner_id, video_id=event.video_id)
            case PromptBlocked():
                tell(_owner(session, event.generation_id), "not_made", generation_id=event.generation_id,
                     detail=f"blocked:{event.category or ''}")
            case OutputBlocked():
                tell(_owner(session, event.generation_id), "not_made", generation_id=event.generation_id,
                     detail="output")
            case GenerationFailed():
                why = "likeness" if event.likeness_withdrawn else f"failed:{event.step}"
                tell(event.owner_id or _owner(session, event.generation_id), "not_made",
                     generation_id=event.generation_id, detail=why)
            case Followed():
                tell(event.followee_id, "followed", actor_id=event.follower_id)
            case Unfollowed():  # a follow undone before it was read is not news
                seen = session.get(InboxSeen, event.followee_id)
                session.execute(delete(Notification).where(
                    Notification.user_id == event.followee_id, Notification.kind == "followed",
                    Notification.actor_id == event.follower_id,
                    Notification.position > (seen.up_to if seen is not None else 0)))
            case VideoPosted():  # told again (unread) when posted to another audience
                def tell_once(user_id: str, kind: str) -> None:
                    told = _told(session, user_id, kind, event.video_id)
                    if told is None or told.detail != event.audience:
                        if told is not None:
                            session.delete(told)
                        tell(user_id, kind, actor_id=event.owner_id, video_id=event.video_id, detail=event.audience)

                for member in event.cast:  # whose likeness it shares, and with whom
                    tell_once(member, "cast_posted")
                source = _source_owner(session, event.generation_id)
                if source is not None and source not in event.cast:  # one notification of this post each
                    tell_once(source, "remixed")
            case VideoReported() if event.reporter_id != SYSTEM:  # a member's: they hear how it was decided
                session.merge(InboxReport(report_id=event.report_id, reporter_id=event.reporter_id))
            case PostRemoved():
                tell(event.owner_id, "removed", video_id=event.video_id, detail=event.category)
                for reporter in _reporters(session, event.report_ids):
                    tell(reporter, "report_decided", video_id=event.video_id, detail="removed")
            case ReportsDismissed():
                for reporter in _reporters(session, event.report_ids):
                    tell(reporter, "report_decided", video_id=event.video_id, detail="kept")
            case RemovalDecided():
                tell(event.owner_id, "removal_decided", video_id=event.video_id, detail=event.outcome)
            case ReviewDecided():
                tell(event.appellant_id, "appeal_decided", generation_id=event.generation_id, detail=event.outcome)
            case GuardianLinkConfirmed():
                tell(event.guardian_id, "guardian_linked", actor_id=event.teen_id)
            case ParentalControlsSet():
                tell(event.teen_id, "controls_set", actor_id=event.guardian_id)
            case NotificationsSeen():  # never backwards, whichever of two tabs' marks lands last
                seen = session.get(InboxSeen, event.user_id)
                if seen is None:
                    session.add(InboxSeen(user_id=event.user_id, up_to=event.up_to, muted=""))
                elif event.up_to > seen.up_to:
                    seen.up_to = event.up_to
                    session.add(seen)
            case NotificationsMuted():
                seen = session.get(InboxSeen, event.user_id) or InboxSeen(user_id=event.user_id, up_to=0, muted="")
                seen.muted = " ".join(event.kinds)
                session.add(seen)
            case VideoDeleted():
                session.execute(delete(Notification).where(Notification.video_id == event.video_id))
            case AccountDeleted():
                who = event.user_id
                session.execute(delete(Notification).where(Notification.user_id == who))
                session.execute(delete(Notification).where(Notification.actor_id == who))
                session.execute(delete(InboxSeen).where(InboxSeen.user_id == who))
                session.execute(delete(InboxReport).where(InboxReport.reporter_id == who))
                # and what it made: nothing later (a remix of its video posted after) tells it anything
                session.execute(delete(InboxGeneration).where(InboxGeneration.owner_id == who))
        session.flush()


def _owner(session: Session, generation_id: str) -> str | None:
    generation = session.get(InboxGeneration, generation_id)
    return generation.owner_id if generation is not None else None


def _source_owner(session: Session, generation_id: str) -> str | None:
    """The owner of the video that the generation remixes (None: it remixes nothing, or its
    source is gone)."""
    generation = session.get(InboxGeneration, generation_id)
    if generation is None or generation.remix_of is None:
        return None
    return session.execute(select(InboxGeneration.owner_id).where(
        InboxGeneration.video_id == generation.remix_of)).scalars().first()


def _told(session: Session, user_id: str, kind: str, video_id: str) -> Notification | None:
    """What the member was already told of the video (a post made again to the same audience
    is not news)."""
    return session.execute(select(Notification).where(
        Notification.user_id == user_id, Notification.kind == kind, Notification.video_id == video_id,
    ).limit(1)).scalars().first()


def _reporters(session: Session, report_ids: Collection[str]) -> list[str]:
    if not report_ids:
        return []
    return sorted(set(session.execute(select(InboxReport.reporter_id).where(
        col(InboxReport.report_id).in_(list(report_ids)))).scalars()))


class NotificationView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    kind: NotificationKind
    at: datetime
    text: str
    """The notification in words, with the actor's current handle."""
    actor: str | None
    """The handle of who did it, where a member did."""
    video_id: str | None
    generation_id: str | None
    detail: str
    unread: bool


class InboxPage(msgspec.Struct, frozen=True, kw_only=True):
    notifications: list[NotificationView]
    unread: int
    """How many of all the member's notifications are unread (not only this page's)."""
    next_before: int | None
    """Pass as `before` for the next (older) page; None when this is the last."""


class _State(NamedTuple):
    up_to: int
    muted: tuple[str, ...]

    def told(self, user_id: str) -> tuple:
        """The conditions of the member's notifications that are not muted."""
        return (Notification.user_id == user_id, *([col(Notification.kind).not_in(self.muted)] if self.muted else []))


class InboxSettings(msgspec.Struct, frozen=True, kw_only=True):
    muted: tuple[str, ...]
    """The kinds the member is not told of (still recorded: unmuting shows them)."""
    mutable: tuple[str, ...]
    """The kinds they may mute (MUTABLE)."""


class Inbox:
    """Reading notifications, marking them read, and muting kinds of them."""

    def __init__(self, store: SqlEventStore, directory: Directory, *,
                 visible: Callable[..., Collection[str]]) -> None:
        """`visible(user_id, video_ids, confirm=True)`: those of the videos posted to the member
        now (a `remixed` notification is shown only while the remix reaches them); with
        `confirm=False` as the posts' read model says, without reading each post's stream
        (`recsys.posts.PostBoard.visible`)."""
        self._store, self._directory, self._visible = store, directory, visible

    def page(self, user_id: str, *, before: int | None = None, limit: int = 50) -> InboxPage:
        """The member's notifications older than `before` (newest first), `limit` of them."""
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}")
        if before is not None and not 1 <= before <= MAX_ID:
            raise InvalidInput(f"before must be a notification id (a whole number from 1 to {MAX_ID})")
        state = self._state(user_id)
        rows, next_before = self._scan(user_id, state, before, limit)
        handles = self._directory.handles([r.actor_id for r in rows if r.actor_id])
        views = []
        for row in rows:
            actor = handles.get(row.actor_id) if row.actor_id else None
            handle = actor.handle if actor is not None else None
            views.append(NotificationView(
                id=row.position, kind=row.kind, at=as_utc(row.at), text=_words(row, handle), actor=handle,
                video_id=row.video_id, generation_id=row.generation_id, detail=row.detail,
                unread=row.position > state.up_to))
        return InboxPage(notifications=views, unread=self._unread(user_id, state), next_before=next_before)

    def _scan(self, user_id: str, state: _State, before: int | None,
              limit: int) -> tuple[list[Notification], int | None]:
        """Up to `limit` rows the member may read, older than `before`, and where the next page
        starts (None: nothing older). A page refills what the remixes' audiences hide, reading
        at most SCANS batches: past them it ends short, and the next page goes on from there."""
        rows: list[Notification] = []
        cursor = before
        with Session(self._store.engine) as session:
            for _ in range(SCANS):
                query = select(Notification).where(*state.told(user_id))
                if cursor is not None:
                    query = query.where(Notification.position < cursor)
                batch = list(session.execute(query.order_by(col(Notification.position).desc())
                                             .limit(limit + 1)).scalars())
                rows += self._shown(user_id, batch)
                if len(rows) > limit:
                    return rows[:limit], rows[limit - 1].position
                if len(batch) <= limit:  # the oldest is read
                    return rows, None
                cursor = batch[-1].position
        return rows, cursor

    def unread(self, user_id: str) -> int:
        """How many notifications the member has not read (of the remixes of their videos, the
        newest COUNTED_REMIXES, as the posts' read model says they reach the member)."""
        return self._unread(user_id, self._state(user_id))

    def _unread(self, user_id: str, state: _State) -> int:
        unread = (*state.told(user_id), Notification.position > state.up_to)
        with Session(self._store.engine) as session:
            told = session.execute(select(func.count()).select_from(Notification).where(
                *unread, Notification.kind != "remixed")).scalar_one()
            return told + len(self._reaching_remixes(session, user_id, unread))

    def mark_seen(self, user_id: str, up_to: int | None = None, *, context: Context | None = None) -> None:
        """Mark the member's notifications read up to `up_to` (default: the newest they may
        read), once the read model catches up. Reading never goes backwards: an older `up_to`
        changes nothing, and a larger one than the newest reads up to the newest."""
        if up_to is not None and not 1 <= up_to <= MAX_ID:
            raise InvalidInput(f"up_to must be a notification id (a whole number from 1 to {MAX_ID})")
        state = self._state(user_id)
        with Session(self._store.engine) as session:
            if up_to is None:  # the newest they may read: a remix hidden from them now stays unread
                mine = state.told(user_id)
                told = session.execute(select(func.max(Notification.position)).where(
                    *mine, Notification.kind != "remixed")).scalar_one_or_none() or 0
                target = max([told, *self._reaching_remixes(session, user_id, (*mine, Notification.position > told))
                              .values()])
            else:
                latest = session.execute(select(func.max(Notification.position)).where(
                    Notification.user_id == user_id)).scalar_one_or_none() or 0
                target = min(up_to, latest)
        if target > state.up_to:
            self._store.append(inbox_stream(user_id), [NotificationsSeen(user_id=user_id, up_to=target)],
                               context=context)

    def _reaching_remixes(self, session: Session, user_id: str, where: Sequence) -> dict[str, int]:
        """Of the newest COUNTED_REMIXES remix notifications matching `where`, those whose remix
        reaches the member as the posts' read model says: {video id: notification id}."""
        remixes = dict(session.execute(select(Notification.video_id, Notification.position).where(
            *where, Notification.kind == "remixed").order_by(col(Notification.position).desc())
            .limit(COUNTED_REMIXES)).all())
        reach = set(self._visible(user_id, list(remixes), confirm=False)) if remixes else set()
        return {video: position for video, position in remixes.items() if video in reach}

    def settings(self, user_id: str) -> InboxSettings:
        """The kinds the member muted, and those they may mute."""
        return InboxSettings(muted=self._state(user_id).muted, mutable=MUTABLE)

    def mute(self, user_id: str, kinds: Collection[str], *, context: Context | None = None) -> None:
        """Tell the member nothing of `kinds` from now on, once the read model catches up (all
        the muted kinds, each time: () unmutes everything). Raises InvalidInput for a kind
        there is not, or one that may not be muted."""
        if unknown := sorted(set(kinds) - set(KINDS)):
            raise InvalidInput(f"there is no kind of notification called {unknown[0][:40]!r}; "
                               f"they are {', '.join(KINDS)}")
        if fixed := sorted(set(kinds) - set(MUTABLE)):
            raise InvalidInput(f"{fixed[0]} notifications are not muted: who shows your likeness, what reviewers "
                               f"do to your videos and your guardianship are always told; you may mute "
                               f"{', '.join(MUTABLE)}")
        chosen = tuple(k for k in MUTABLE if k in set(kinds))
        if chosen != self._state(user_id).muted:
            self._store.append(inbox_stream(user_id), [NotificationsMuted(user_id=user_id, kinds=chosen)],
                               context=context)

    def _state(self, user_id: str) -> _State:
        """How far the member has read, and what they muted (one read of their row)."""
        with Session(self._store.engine) as session:
            row = session.get(InboxSeen, user_id)
        return _State(row.up_to, tuple(row.muted.split())) if row is not None else _State(0, ())

    def _shown(self, user_id: str, rows: list[Notification]) -> list[Notification]:
        """The rows the member may read now: a remix that no longer reaches them is not told."""
        remixes = [r.video_id for r in rows if r.kind == "remixed" and r.video_id]
        reach = set(self._visible(user_id, remixes)) if remixes else set()
        return [r for r in rows if r.kind != "remixed" or r.video_id in reach]


_AUDIENCE_WORDS = {"everyone": "everyone", "followers": "their followers", "mutuals": "their mutuals"}
_NOT_MADE = {
    "output": "The output checks stopped your video before anyone saw it.",
    "likeness": "Your video was not made: a character's owner no longer lets you use their likeness.",
}


def _words(row: Notification, handle: str | None) -> str:
    """The notification in words."""
    who = f"@{handle}" if handle else "Someone"
    match row.kind:
        case "video_ready":
            return "Your video is ready."
        case "not_made":
            if row.detail.startswith("blocked:"):
                category = row.detail.removeprefix("blocked:")
                why = f" ({category.replace('_', ' ')})" if category else ""
                return f"The prompt check stopped your video{why}. You may appeal it."
            if row.detail.startswith("failed:"):
                return f"Your video could not be made (it failed at {row.detail.removeprefix('failed:')})."
            return _NOT_MADE.get(row.detail, "Your video could not be made.")
        case "cast":
            return f"{who} made a video with your character. You may watch it, and take it down."
        case "cast_posted":
            return (f"{who} posted a video with your character to {_AUDIENCE_WORDS.get(row.detail, row.detail)}. "
                    "You may take it down.")
        case "followed":
            return f"{who} followed you."
        case "remixed":
            return f"{who} posted a remix of your video."
        case "removed":
            why = f" (reason: {reason_said(row.detail)})" if reason_said(row.detail) else ""
            return f"A reviewer removed your video{why}. You may appeal within 30 days."
        case "removal_decided":
            return ("A reviewer restored your video: you may post it again." if row.detail == "restored"
                    else "A reviewer upheld the removal of your video.")
        case "report_decided":
            return ("A video you reported was removed. Thank you." if row.detail == "removed"
                    else "A reviewer looked at a video you reported and found it within the rules.")
        case "appeal_decided":
            return ("A reviewer overturned the block on your prompt: your video is being made." if
                    row.detail == "overturned" else "A reviewer upheld the block on your prompt.")
        case "guardian_linked":
            return f"{who} confirmed you as their guardian."
        case "controls_set":
            return f"{who}, your guardian, changed your parental controls."
    return "Something happened."
