"""The instructed feed: each member's page of posted videos, ranked by what they asked for in
their own words, and by how they said the app makes them feel.

A page is made fresh on each request:
1. candidates: the newest posts of those the member follows, the public posts nearest to what
   they asked for (the LanceDB index, filtered before the limit), and the newest public posts;
2. each is checked against the read model of posts (still posted, to them, not held by
   reports), and the ones already served today, or that they reported, are left out;
3. the reranker (recsys.ranker) orders them, with reasons;
4. the page is recorded (FeedServed) on the member's stream of the day, at the version read: two
   requests at once never serve a video twice nor pass the daily limit.

Teens get a daily limit of videos (settings.teen_feed_daily_items) and a wellbeing poll twice as
often. A guardian who turned personalisation off gets their teen a feed of followees and recent
posts, instruction ignored (said so on the page); within quiet hours (a member's own, or those a
teen's guardian set: social.quiet), the page is empty and says when the feed opens again. When
the member answers a poll that the app leaves them feeling worse, the next days' pages are
calmer and shorter, and say so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import msgspec
import numpy as np

from events import ConcurrencyError, Context, RecordedEvent, SqlEventStore, StreamWrite
from events.clock import Clock
from events.feed import (
    ANSWERS,
    SIGNALS,
    FeedInstructed,
    FeedInstructionCleared,
    FeedServed,
    FeedSignalGiven,
    ServedItem,
    WellbeingAnswered,
    feed_day_stream,
    feed_stream,
    hidden_stream,
    signals_stream,
)
from recsys.embeddings import Embedder
from recsys.errors import FeedConflict, InvalidPost, PollNotFound, PostNotFound
from recsys.index import FeedIndex, Hit
from recsys.instructions import FeedInstruction, parse_instruction
from recsys.posts import PostBoard
from recsys.ranker import Candidate, Preferences, Ranked, rank
from recsys.vocabulary import label
from social import Directory, GuardianService
from social.quiet import QuietHoursService, gathered, resting
from social.rules import is_teen, utc_day

POLL_QUESTION = "How do you feel after using Reelworld just now, compared with before?"
CAUGHT_UP = "You are all caught up: nothing more to show for now."
WELLBEING_DAYS = 3
"""An answer that the app leaves one feeling worse calms the feed for this many days (UTC)."""
_RETRIES = 5
SIGNALS_KEPT = 200
"""What a member said of single videos counts from their last this many sayings (older ones fade)."""


@dataclass(frozen=True)
class FeedConfig:
    page_size: int = 10
    max_page_size: int = 50
    pool: int = 200
    """Candidates asked of each source."""
    window_days: int = 30
    """Posts older than this are not proposed."""
    poll_every: int = 30
    """A wellbeing poll after this many videos served since the last one (adults)."""
    teen_poll_every: int = 15
    teen_daily_items: int = 100


class Poll(msgspec.Struct, frozen=True, kw_only=True):
    poll_id: str
    question: str
    answers: tuple[str, ...]


class FeedItem(msgspec.Struct, frozen=True, kw_only=True):
    video_id: str
    owner_id: str
    score: float
    reasons: tuple[str, ...]
    remixable: bool = False
    """Whether its owner lets those it reaches remix it."""
    liked: bool = False
    """Whether the member said they like it (and has not taken it back)."""


class Why(msgspec.Struct, frozen=True, kw_only=True):
    """Why a video was in the member's feed, as the log recorded it when it was served."""

    video_id: str
    served_at: datetime
    """The last time it was served to them."""
    reasons: tuple[str, ...]
    score: float
    personalised: bool
    """Whether their instruction steered that page."""
    signal: str
    """What they have said of it since: "like", "less" or "none"."""


class FeedPage(msgspec.Struct, frozen=True, kw_only=True):
    items: tuple[FeedItem, ...]
    personalised: bool
    instruction: str | None
    """What was understood of the member's instruction (None: none set, or not applied)."""
    poll: Poll | None
    notices: tuple[str, ...]
    """Plain words about the page: a calmer feed after a wellbeing answer, a guardian's
    setting, a limit reached, nothing more to show."""
    served_today: int
    daily_limit: int | None
    caught_up: bool
    """Fewer videos than asked: nothing more to show now."""


class InstructionView(msgspec.Struct, frozen=True, kw_only=True):
    text: str
    understood: FeedInstruction
    summary: str


class _Day(msgspec.Struct, kw_only=True):
    """One member's day of feed: what was served, the polls offered and answered."""

    version: int = 0
    served: set[str] = msgspec.field(default_factory=set)
    count: int = 0
    polls: list[str] = msgspec.field(default_factory=list)
    answered: dict[str, str] = msgspec.field(default_factory=dict)
    since_poll: int = 0


class FeedService:
    """The member's instruction, their wellbeing answers, and their pages."""

    def __init__(self, store: SqlEventStore, directory: Directory, guardians: GuardianService, posts: PostBoard,
                 index: FeedIndex, embedder: Callable[[], Embedder], *, clock: Clock,
                 quiet_hours: QuietHoursService, config: FeedConfig = FeedConfig()) -> None:
        self._store, self._directory, self._guardians, self._posts = store, directory, guardians, posts
        self._index, self._embedder, self._clock, self.config = index, embedder, clock, config
        self._quiet = quiet_hours

    # -- the instruction -----------------------------------------------------------------------

    def instruct(self, user_id: str, text: str, *, context: Context | None = None) -> InstructionView:
        """Set the member's instruction (it replaces the last). Raises InvalidInstruction."""
        view = self._understand(text)
        self._directory.require_id(user_id)
        self._store.append(feed_stream(user_id), [FeedInstructed(user_id=user_id, text=view.text)], context=context)
        return view

    def clear_instruction(self, user_id: str, *, context: Context | None = None) -> None:
        if self._instruction_text(user_id) is not None:
            self._store.append(feed_stream(user_id), [FeedInstructionCleared(user_id=user_id)], context=context)

    def instruction(self, user_id: str) -> InstructionView | None:
        """The member's instruction as understood now (None: none set)."""
        text = self._instruction_text(user_id)
        return None if text is None else self._understand(text)

    def _understand(self, text: str) -> InstructionView:
        """The instruction as read now. Raises InvalidInstruction."""
        understood = parse_instruction(text, embedder=self._embedder())
        return InstructionView(text=understood.text, understood=understood, summary=understood.summary())

    def _instruction_text(self, user_id: str) -> str | None:
        last = self._store.last_event(feed_stream(user_id))
        event = last.event if last is not None else None
        return event.text if isinstance(event, FeedInstructed) and event.text else None

    # -- signals: what the member says of single videos ------------------------------------------

    def signal(self, user_id: str, video_id: str, signal: str, *, context: Context | None = None) -> str:
        """Record what the member says of a video posted to them: "like" (more like it), "less"
        (less like it, and not that one again) or "none" (neither any more: taken back even
        where the video no longer reaches them); answers it. Raises InvalidPost (not one of
        SIGNALS), PostNotFound (no such post reaches them)."""
        if signal not in SIGNALS:
            raise InvalidPost(f"signal is one of {', '.join(SIGNALS)}; not {signal!r}")
        self._directory.require_id(user_id)
        said = self.signals(user_id).get(video_id, "none")
        taking_back = signal == "none" and said != "none"  # of a video that may have left since
        if not taking_back and not self._posts.visible(user_id, [video_id]):
            raise PostNotFound(f"no posted video {video_id[:100]!r} reaches you")
        if said != signal:
            given = FeedSignalGiven(user_id=user_id, video_id=video_id, signal=signal)
            writes = [StreamWrite(signals_stream(user_id), [given])]
            if "less" in (said, signal):  # hidden, or no longer: recorded where no later saying pushes it out
                writes.append(StreamWrite(hidden_stream(user_id), [FeedSignalGiven(
                    user_id=user_id, video_id=video_id, signal=signal)]))
            self._store.append_many(writes, context=context)
        return signal

    def signals(self, user_id: str) -> dict[str, str]:
        """{video_id: "like" or "less"}: the member's latest say of each video, from their last
        SIGNALS_KEPT sayings, and every video they asked to see less of, however long ago."""
        stream = signals_stream(user_id)
        said = _latest(self._store.read_stream(stream, max(0, self._store.stream_version(stream) - SIGNALS_KEPT)))
        hidden = _latest(self._store.read_stream(hidden_stream(user_id)))  # whether each is hidden: "less" or not
        return {**{vid: s for vid, s in said.items() if s != "less"},
                **{vid: "less" for vid, s in hidden.items() if s == "less"}}

    def _signalled(self, said: dict[str, str], personalised: bool) -> dict:
        """Preferences' fields from the member's signals (`said`, as signals() answers): the
        videos asked to see less of are hidden always; with personalisation, the liked ones' and
        those's captions steer too."""
        hidden = frozenset(vid for vid, signal in said.items() if signal == "less")
        if not personalised or not said:
            return {"hidden": hidden}
        hits = self._index.get(list(said))
        liked = tuple(vid for vid, s in said.items() if s == "like" and vid in hits)
        less = [hits[vid].vector for vid, s in said.items() if s == "less" and vid in hits]
        return {"hidden": hidden, "liked_ids": liked,
                "liked_vectors": np.stack([hits[vid].vector for vid in liked]) if liked else None,
                "less_vectors": np.stack(less) if less else None}

    # -- why -------------------------------------------------------------------------------------

    def why(self, user_id: str, video_id: str) -> Why:
        """Why the video was in the member's feed the last time it was served to them (within
        the last `window_days` days), from their FeedServed events. Raises PostNotFound when
        it was not served to them then, or no longer reaches them (taken down, deleted, or
        posted to fewer since)."""
        if not self._posts.visible(user_id, [video_id]):
            raise PostNotFound(f"no posted video {video_id[:100]!r} reaches you")
        today = utc_day(self._clock())
        for back in range(self.config.window_days + 1):
            for recorded in reversed(self._store.read_stream(feed_day_stream(user_id, today - timedelta(days=back)))):
                event = recorded.event
                if isinstance(event, FeedServed) and (item := next(
                        (i for i in event.items if i.video_id == video_id), None)) is not None:
                    return Why(video_id=video_id, served_at=recorded.recorded_at, reasons=item.reasons,
                               score=item.score, personalised=event.personalised,
                               signal=self.signals(user_id).get(video_id, "none"))
        raise PostNotFound(f"video {video_id[:100]!r} was not in your feed in the last "
                           f"{self.config.window_days} days")

    # -- wellbeing -------------------------------------------------------------------------------

    def answer(self, user_id: str, poll_id: str, answer: str, *, context: Context | None = None) -> None:
        """Record the member's answer to a poll offered to them today or yesterday (on today's
        stream: "worse" calms the WELLBEING_DAYS days from the day it is said). Raises
        InvalidPost (not one of ANSWERS), PollNotFound (not offered to them, too old, or
        answered already), FeedConflict (their feed kept changing meanwhile)."""
        if answer not in ANSWERS:
            raise InvalidPost(f"answer is one of {', '.join(ANSWERS)}; not {answer!r}")
        day = _poll_day(poll_id)
        today = utc_day(self._clock())
        if day is None or not today - timedelta(days=1) <= day <= today:
            raise PollNotFound(f"there is no open poll {poll_id!r} of yours")
        for _ in range(_RETRIES):  # recorded on the day it is given, where the calm it brings counts from
            offered, now = self._day(user_id, day), self._day(user_id, today)
            if poll_id not in offered.polls or poll_id in offered.answered or poll_id in now.answered:
                raise PollNotFound(f"there is no open poll {poll_id!r} of yours")
            try:
                self._store.append(feed_day_stream(user_id, today), [WellbeingAnswered(
                    user_id=user_id, poll_id=poll_id, answer=answer)], now.version, context=context)
            except ConcurrencyError:
                continue
            return
        raise FeedConflict("your feed changed a moment ago; try again")

    def _feels_worse(self, user_id: str, today: date, day: _Day) -> bool:
        """Whether the member's latest answer of the last WELLBEING_DAYS days was "worse"
        (`day`: today's, read already)."""
        for back in range(WELLBEING_DAYS):
            answers = list((day if back == 0 else self._day(user_id, today - timedelta(days=back))).answered.values())
            if answers:
                return answers[-1] == "worse"
        return False

    # -- the page --------------------------------------------------------------------------------

    def page(self, user_id: str, *, limit: int | None = None, context: Context | None = None) -> FeedPage:
        """The member's next page (recorded as served). Raises InvalidPost for a limit out of range."""
        limit = self.config.page_size if limit is None else limit
        if not 1 <= limit <= self.config.max_page_size:
            raise InvalidPost(f"limit is between 1 and {self.config.max_page_size}")
        account = self._directory.require_id(user_id)
        now = self._clock()
        today = utc_day(now)
        teen = is_teen(account.birth_year, today)
        controls = self._guardians.current_controls(user_id)  # one read of the guardianship a page
        day = self._day(user_id, today)
        guardian_says = controls.feed_daily_items if controls is not None else None
        by_guardian = guardian_says is not None and guardian_says < self.config.teen_daily_items  # only tightens
        daily = (guardian_says if by_guardian else self.config.teen_daily_items) if teen else None
        quiets = gathered(controls.quiet_hours if teen and controls is not None else None, self._quiet.own(user_id))
        if (rest := resting(quiets, now)) is not None:  # the feed rests: nothing read, ranked, served or recorded
            return FeedPage(items=(), personalised=False, instruction=None, poll=None, served_today=day.count,
                            daily_limit=daily, caught_up=True,
                            notices=(f"Quiet hours: {rest.words()}. The feed opens again at {rest.opens_at()}.",))
        personalised_allowed = controls is None or controls.personalised_feed
        understood = None
        if personalised_allowed and (text := self._instruction_text(user_id)) is not None:
            understood = parse_instruction(text, embedder=self._embedder())
        notices: list[str] = []
        if not personalised_allowed:
            notices.append("Your guardian turned personalisation off: this feed shows whom you follow and what is new.")
        told = self.signals(user_id)  # what the member said of single videos
        signalled = self._signalled(told, personalised_allowed)
        worse = self._feels_worse(user_id, today, day)
        if worse:
            limit = max(3, limit // 2)
            notices.append("You said the app left you feeling worse, so your feed is calmer and shorter for now. "
                           "A break is a fine idea too.")
        for attempt in range(_RETRIES):
            if attempt:  # another page was served meanwhile: read the day again
                day = self._day(user_id, today)
            room = limit if daily is None else min(limit, daily - day.count)
            if room <= 0:
                return FeedPage(items=(), personalised=understood is not None, instruction=_summary(understood),
                                poll=None, served_today=day.count, daily_limit=daily, caught_up=True,
                                notices=(*notices, f"You have seen {daily} videos today, the daily limit "
                                         + ("your guardian set" if by_guardian else "for teen accounts")
                                         + ". The feed opens again tomorrow."))
            ranked, owners, remixable = self._rank(user_id, understood, worse, day.served, now, room,
                                                   signalled)
            poll = None
            every = self.config.teen_poll_every if teen else self.config.poll_every
            if ranked and day.since_poll + len(ranked) >= every:
                poll = Poll(poll_id=f"{today.isoformat()}.{len(day.polls) + 1}", question=POLL_QUESTION,
                            answers=ANSWERS)
            caught_up = len(ranked) < room
            said = (*notices, CAUGHT_UP) if caught_up else tuple(notices)
            if not ranked:  # nothing served: nothing to record
                return FeedPage(items=(), personalised=understood is not None, instruction=_summary(understood),
                                poll=None, notices=said, served_today=day.count, daily_limit=daily, caught_up=True)
            served = FeedServed(user_id=user_id, personalised=understood is not None, poll_id=poll and poll.poll_id,
                                items=tuple(ServedItem(video_id=r.video_id, score=r.score, reasons=r.reasons)
                                            for r in ranked))
            try:
                self._store.append(feed_day_stream(user_id, today), [served], day.version, context=context)
            except ConcurrencyError:
                continue
            return FeedPage(
                items=tuple(FeedItem(video_id=r.video_id, owner_id=owners[r.video_id], score=r.score,
                                     reasons=r.reasons, remixable=r.video_id in remixable,
                                     liked=told.get(r.video_id) == "like") for r in ranked),
                personalised=understood is not None, instruction=_summary(understood), poll=poll,
                notices=said, served_today=day.count + len(ranked), daily_limit=daily, caught_up=caught_up,
            )
        raise FeedConflict("your feed changed a moment ago; try again")

    def _rank(self, user_id: str, understood: FeedInstruction | None, worse: bool, served: set[str],
              now: datetime, limit: int, signalled: dict) -> tuple[list[Ranked], dict[str, str], set[str]]:
        """The page, the maker of each video on it, and those others may remix."""
        prefs = replace(preferences(understood, worse, self._embedder), **signalled)
        viewer = self._posts.viewer(user_id)
        following, mutuals = viewer.following, viewer.mutuals
        since = now - timedelta(days=self.config.window_days)
        pool, exclude = self.config.pool + len(served), tuple(prefs.exclude)  # served ones are dropped below
        hits: dict[str, Hit] = {}
        if following:
            for hit in self._index.newest(limit=pool, owners=following, audiences=None, exclude_facets=exclude,
                                          since=since):
                hits.setdefault(hit.video_id, hit)
        query = feed_query(prefs, self._embedder)
        if query is not None:
            for hit in self._index.nearest(query, limit=pool, exclude_owners=(user_id,), exclude_facets=exclude,
                                           since=since):
                hits.setdefault(hit.video_id, hit)
        for hit in self._index.newest(limit=pool, exclude_owners=(user_id,), exclude_facets=exclude, since=since):
            hits.setdefault(hit.video_id, hit)
        reported = self._posts.reported_by(user_id, list(hits))
        fresh = [vid for vid in hits if vid not in served and vid not in reported]
        posts = self._posts.visible(user_id, fresh, confirm=False, viewer=viewer)  # the read model's say
        candidates = [
            Candidate(video_id=vid, owner_id=row.owner_id, facets=frozenset(f for f in row.facets.split("\n") if f),
                      energy=row.energy, posted_at=hits[vid].posted_at, vector=hits[vid].vector,
                      followed=row.owner_id in following, mutual=row.owner_id in mutuals)
            for vid, row in posts.items() if row.owner_id != user_id
        ]
        handles = {uid: a.handle for uid, a in self._directory.handles(sorted(following)).items()}
        ranked = rank(candidates, prefs, now=now, limit=2 * limit + 5, handles=handles)
        page = []
        for item in ranked:  # each one's own stream must say it stands (a rebuilt read model lags)
            if len(page) == limit:
                break
            if self._posts.confirmed(user_id, [item.video_id], viewer=viewer):
                page.append(item)
        return (page, {c.video_id: c.owner_id for c in candidates},
                {vid for vid, row in posts.items() if row.remixable and not row.teen})

    def _day(self, user_id: str, day: date) -> _Day:
        state = _Day()
        for recorded in self._store.read_stream(feed_day_stream(user_id, day)):
            state.version = recorded.version
            event = recorded.event
            if isinstance(event, FeedServed):
                state.served.update(item.video_id for item in event.items)
                state.count += len(event.items)
                state.since_poll += len(event.items)
                if event.poll_id is not None:
                    state.polls.append(event.poll_id)
                    state.since_poll = 0
            elif isinstance(event, WellbeingAnswered) and event.answer:
                state.answered[event.poll_id] = event.answer
        return state


def _latest(recorded: Sequence[RecordedEvent]) -> dict[str, str]:
    """{video_id: signal}: the latest FeedSignalGiven of each video among `recorded`, "none" left out."""
    said: dict[str, str] = {}
    for r in recorded:
        if isinstance(r.event, FeedSignalGiven) and r.event.video_id:  # "" once their key is shredded
            said.pop(r.event.video_id, None)
            if r.event.signal != "none":
                said[r.event.video_id] = r.event.signal
    return said


def preferences(understood: FeedInstruction | None, worse: bool, embedder: Callable[[], Embedder]) -> Preferences:
    """What the ranker obeys for an instruction as understood (None: none, or not applied) and
    the member's wellbeing (`worse`: they said the app left them feeling worse), before their
    signals on single videos are added. `embedder` gives the embedder of the phrases asked for
    and against. FeedService and the offline evaluation (recsys.evaluation) both build them here."""
    wellbeing = 0.5 if worse else 0.0
    if understood is None:
        return Preferences(wellbeing_calm=wellbeing)
    embed = embedder()
    facets = {*understood.more, *understood.less, *understood.exclude, *understood.only}
    return Preferences(
        more=frozenset(understood.more), less=frozenset(understood.less),
        exclude=frozenset(understood.exclude), only=frozenset(understood.only),
        like=understood.like, like_vectors=embed.embed(list(understood.like)) if understood.like else None,
        unlike=understood.unlike,
        unlike_vectors=embed.embed(list(understood.unlike)) if understood.unlike else None,
        calm=understood.calm, wellbeing_calm=wellbeing, labels={f: label(f) for f in facets},
    )


def feed_query(prefs: Preferences, embedder: Callable[[], Embedder]) -> np.ndarray | None:
    """What to seek in the index: the unit mean of the phrases asked for (facets and free
    words) and of the videos the member liked; None when nothing is sought."""
    phrases = [_phrase(f) for f in sorted(prefs.more | prefs.only)] + list(prefs.like)
    sought = [embedder().embed(phrases)] if phrases else []
    if prefs.liked_vectors is not None:
        sought.append(prefs.liked_vectors)
    if not sought:
        return None
    mean = np.concatenate(sought).mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else None


def _poll_day(poll_id: str) -> date | None:
    day, _, number = poll_id.partition(".")
    try:
        return date.fromisoformat(day) if number.isdigit() and len(day) == 10 else None
    except ValueError:
        return None


def _phrase(facet: str) -> str:
    """What to embed to seek videos of a facet in the index."""
    kind, _, value = facet.partition(":")
    words = value.replace("_", " ")
    return {"style": f"a clip in {words} style", "setting": f"a scene at the {words}", "time": f"a scene at {words}",
            "action": f"objects that {words}", "topic": f"a clip about {words}"}.get(kind, f"a {words}")


def _summary(understood: FeedInstruction | None) -> str | None:
    return understood.summary() if understood is not None else None
