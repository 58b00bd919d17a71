"""Posting videos to the feed, taking them down, and who may see a posted video.

A published video is its owner's (and its cast's) alone until the owner posts it to an audience:
everyone, their followers, or their mutuals. A video whose owner or cast holds a teen reaches
mutuals only (the teen rules of characters, applied to what others see). A teen sees another's
post only where its words (and those of what it remixes) pass the prompt check at the teen
thresholds, as the teen's own request would have to (`teen_safe`, decided when it is posted).
Those a post reaches may remix it where its owner lets them (`remixable`; never a teen's). A
post is recorded only while the video, the owner's account and the characters it shows stay
as read: deleting the video, the account or a character at the same moment wins, never a post
of what is gone.

The owner, or any member whose likeness the video shows, takes the post down. Deleting the
video, the owner's account or a cast member's character takes it down too (the projection). A
reviewer who upholds reports of it removes it (safety.review.reports): it is not posted again.
While reports hold it (safety.review.reports.held_among), it reaches only its owner and cast.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime

import msgspec
from sqlalchemy import select
from sqlmodel import Session, col

from events import ConcurrencyError, Context, SqlEventStore, StreamWrite
from events.characters import CharacterRemoved, characters_stream
from events.clock import Clock
from events.feed import AUDIENCES, VideoPosted, VideoUnposted, post_standing, post_stream
from events.review import moderation_of, moderation_stream
from generation.jobs.characters import CharacterUnavailable
from generation.jobs.service import generation_stream
from generation.jobs.state import GenerationState, fold
from generation.jobs.steps import first_block
from generation.jobs.tables import VideoRow
from recsys.errors import FeedConflict, InvalidPost, NotPostable, PostForbidden, PostNotFound
from recsys.facets import video_facets
from recsys.tables import PostCastRow, PostRow
from safety import PromptClassifier
from safety.likeness import CharacterDirectory, LikenessError
from safety.review.reports import REASON_WORDS, held_among, reported_by
from social import Directory
from social.accounts import account_deleted, live_account_version, user_stream
from social.follows import mutual_ids
from social.rules import is_teen, utc_day
from social.tables import Follow

_RETRIES = 5


class PostView(msgspec.Struct, frozen=True, kw_only=True):
    video_id: str
    audience: str
    posted_at: datetime
    teen: bool
    """Whether a teen's video (it reaches mutuals only)."""
    remixable: bool
    """Whether those it reaches may remix it."""


class PostBoard:
    """Commands and queries of posted videos."""

    def __init__(self, store: SqlEventStore, directory: Directory, characters: CharacterDirectory,
                 classifier: Callable[[], PromptClassifier], *, clock: Clock) -> None:
        self._store, self._directory, self._characters, self._clock = store, directory, characters, clock
        self._classifier = classifier
        self.remix_holds: Callable[[VideoRow], list[StreamWrite]] = lambda row: []
        """What a post of `row` appends with it to hold it for review, where a reviewer removed
        the video it remixes (safety.review.ReportDesk.remix_holds; the runtime sets it)."""

    # -- commands ----------------------------------------------------------------------------

    def post(self, user_id: str, video_id: str, audience: str | None = None, *, remixable: bool | None = None,
             context: Context | None = None) -> PostView:
        """Post the member's video to `audience` (None: everyone, or mutuals for a teen's), and
        let those it reaches remix it or not (`remixable`; None: as it is posted now, else yes;
        never a teen's). Posting again with another audience or choice changes it; with the same
        ones changes nothing. Raises InvalidPost (no such audience), PostNotFound (no such video
        of theirs), NotPostable (a teen's video to more than mutuals, or to be remixed; a cast
        member's likeness no longer theirs to show; a reviewer removed it)."""
        if audience is not None and audience not in AUDIENCES:
            raise InvalidPost(f"audience is one of {', '.join(AUDIENCES)}; not {audience!r}")
        for _ in range(_RETRIES):
            row, state, requested_at = self._own_video(user_id, video_id)
            teen = self._holds_teen(user_id, state)
            chosen = audience or ("mutuals" if teen else "everyone")
            if teen and chosen != "mutuals":
                raise NotPostable("a video by a teen, or showing one, is posted to mutuals only")
            if teen and remixable:
                raise NotPostable("a video by a teen, or showing one, is not remixed by others")
            guards = self._cast_guards(user_id, state, requested_at)
            moderation = self._store.read_stream(moderation_stream(video_id))
            _not_removed(moderation)
            posts = self._store.read_stream(post_stream(video_id))
            current, since = post_standing(posts)
            remix = not teen and (remixable if remixable is not None else current is None or current.remixable)
            teen_safe = self._teen_safe(state)  # a teen's own words too: a waived category is not for other teens
            if current is not None and (current.audience, current.remixable, current.teen_safe) == (
                    chosen, remix, teen_safe):
                return PostView(video_id=video_id, audience=chosen, posted_at=since, teen=current.teen,
                                remixable=remix)
            event = VideoPosted(
                video_id=video_id, generation_id=row.generation_id, owner_id=user_id, audience=chosen,
                cast=tuple(dict.fromkeys(state.request.cast)), teen=teen, caption=row.caption,
                teen_safe=teen_safe, remixable=remix, **_facets(state, row.caption),
            )
            try:
                self._store.append_many([
                    StreamWrite(post_stream(video_id), [event], len(posts)),
                    StreamWrite(generation_stream(row.generation_id), [], state.version),
                    StreamWrite(user_stream(user_id), [], live_account_version(self._store, user_id)),
                    StreamWrite(moderation_stream(video_id), [], len(moderation)),
                    *guards,
                    *self.remix_holds(row),
                ], context=context)
            except ConcurrencyError:
                continue
            return PostView(video_id=video_id, audience=chosen, posted_at=since or self._clock(), teen=teen,
                            remixable=remix)
        raise FeedConflict("this video changed a moment ago; try again")

    def unpost(self, user_id: str, video_id: str, *, context: Context | None = None) -> None:
        """Take a posted video down: its owner, or a member whose likeness it shows. Raises
        PostNotFound (not posted, or no video they may see), PostForbidden (another's video
        that does not show them)."""
        for _ in range(_RETRIES):
            posts = self._store.read_stream(post_stream(video_id))
            current = post_standing(posts)[0]
            if current is None or not self.may_see(user_id, video_id):
                raise PostNotFound(f"there is no posted video {video_id!r} you can see")
            if user_id != current.owner_id and user_id not in current.cast:
                raise PostForbidden("only its owner, or someone it shows, takes a posted video down")
            try:
                self._store.append(post_stream(video_id), [VideoUnposted(
                    video_id=video_id, owner_id=current.owner_id, by=user_id)], len(posts), context=context)
            except ConcurrencyError:
                continue
            return
        raise FeedConflict(f"video {video_id!r} changed a moment ago; try again")

    def _own_video(self, user_id: str, video_id: str) -> tuple[VideoRow, GenerationState, int]:
        """The member's video, its generation's state, and the log position of its request."""
        with Session(self._store.engine) as session:
            row = session.get(VideoRow, video_id)
        stream = self._store.read_stream(generation_stream(row.generation_id)) if row is not None else []
        state = fold(stream)
        if row is None or state is None or row.owner_id != user_id or state.video_deleted:
            raise PostNotFound(f"you have no video {video_id!r}")
        return row, state, stream[0].position

    def _teen_safe(self, state: GenerationState) -> bool:
        """Whether the request's words, and those of every video it remixes (back to the first),
        pass the prompt check at the teen thresholds, without any category a reviewer waived.
        Not where a source's words can no longer be read (its maker deleted their account)."""
        classifier, seen = self._classifier(), set()
        while True:
            request = state.request
            seen.add(request.generation_id)
            if first_block(request.prompt, request.shot_prompts, classifier, teen=True) is not None:
                return False
            if request.remix is None:
                return True
            source = fold(self._store.read_stream(generation_stream(request.remix.generation_id)))
            if (source is None or source.request.generation_id in seen  # nothing to check it by:
                    or account_deleted(self._store, source.request.user_id)):  # its words are shredded
                return False
            state = source

    def _holds_teen(self, owner_id: str, state: GenerationState) -> bool:
        return bool(teens_among(self._directory, [owner_id, *state.request.cast], utc_day(self._clock())))

    def _cast_guards(self, owner_id: str, state: GenerationState, requested_at: int) -> list[StreamWrite]:
        """Empty writes at the version of each other cast member's characters stream, after
        checking that the character the video was made with is still there (not removed since
        the request, even if a new one was captured after) and that the owner may still use it:
        a removal or a narrower audience at the same moment wins. Raises NotPostable."""
        others = [member for member in dict.fromkeys(state.request.cast) if member != owner_id]
        guards = []
        for member in others:
            stream = self._store.read_stream(characters_stream(member))
            if any(isinstance(r.event, CharacterRemoved) and r.position > requested_at for r in stream):
                raise NotPostable("someone this video shows has removed the character it was made with; "
                                  "it cannot be posted")
            guards.append(StreamWrite(characters_stream(member), [], stream[-1].version if stream else 0))
        if not others:
            return []
        names = tuple(account.handle for account in self._directory.handles(others).values())
        if len(names) < len(others):
            raise NotPostable("someone this video shows has left; it cannot be posted")
        try:
            self._characters.check_use(owner_id, names)
        except (LikenessError, CharacterUnavailable) as error:
            raise NotPostable(f"this video shows a character you may no longer use: {error.detail}") from None
        return guards

    # -- queries -----------------------------------------------------------------------------

    def post_of(self, video_id: str) -> PostRow | None:
        with Session(self._store.engine) as session:
            return session.get(PostRow, video_id)

    def may_remix_source(self, user_id: str, video_id: str) -> bool:
        """Whether the member may still remix the video (the chain asks before each step of a
        remix): their own, or another's as `may_remix` says. A deleted one is left to the
        sampler, which says it was deleted."""
        with Session(self._store.engine) as session:
            row = session.get(VideoRow, video_id)
        return row is None or row.owner_id == user_id or self.may_remix(user_id, video_id)

    def may_remix(self, user_id: str, video_id: str) -> bool:
        """Whether the member may remix another's posted video: it stands (its own stream says
        so), reaches them, is not held by reports, and its owner lets it be remixed (never a
        teen's)."""
        post = post_standing(self._store.read_stream(post_stream(video_id)))[0]  # one read, as `confirmed`'s
        if post is None or not post.remixable or post.teen or post.owner_id == user_id:
            return False
        return (self.viewer(user_id).reaches(post.owner_id, post.audience, post.teen, post.cast, post.teen_safe)
                and not held_among(self._store.engine, [video_id]))

    def may_see(self, viewer_id: str, video_id: str) -> bool:
        """Whether the member may watch the posted video (its audience includes them)."""
        return video_id in self.visible(viewer_id, [video_id])

    def visible(self, viewer_id: str, video_ids: Collection[str], *, confirm: bool = True,
                viewer: Viewer | None = None) -> dict[str, PostRow]:
        """The posts among `video_ids` that the member may see now: their own, ones showing
        them, everyone's, their followees' to followers, their mutuals' to mutuals; a post by or
        showing a teen, only to those who are mutuals of its owner and of every teen it shows.
        The read model proposes; with `confirm` (the default) each post's own stream must say
        it stands, to the same audience (`confirmed`): a read model being rebuilt never shows
        what was taken down. A post held by reports reaches only its owner and cast."""
        if not video_ids:
            return {}
        with Session(self._store.engine) as session:
            rows = session.execute(select(PostRow).where(col(PostRow.video_id).in_(list(video_ids)))).scalars().all()
            cast: dict[str, list[str]] = {}
            for video_id, member in session.execute(select(PostCastRow.video_id, PostCastRow.member_id).where(
                    col(PostCastRow.video_id).in_([r.video_id for r in rows]))):
                cast.setdefault(video_id, []).append(member)
        viewer = viewer or self.viewer(viewer_id)
        seen = {row.video_id: row for row in rows
                if viewer.reaches(row.owner_id, row.audience, row.teen, cast.get(row.video_id, ()), row.teen_safe)}
        held = held_among(self._store.engine, [vid for vid, row in seen.items()
                                               if row.owner_id != viewer_id and viewer_id not in cast.get(vid, ())])
        seen = {video_id: row for video_id, row in seen.items() if video_id not in held}
        if confirm:
            standing = self.confirmed(viewer_id, list(seen), viewer=viewer)
            seen = {video_id: row for video_id, row in seen.items() if video_id in standing}
        return seen

    def confirmed(self, viewer_id: str, video_ids: Collection[str], *, viewer: Viewer | None = None) -> set[str]:
        """The posts among `video_ids` whose own stream says they stand, to an audience that
        includes the member (one stream read each: for the few a page shows)."""
        viewer = viewer or self.viewer(viewer_id)
        standing = set()
        for video_id in video_ids:
            post = post_standing(self._store.read_stream(post_stream(video_id)))[0]
            if post is not None and viewer.reaches(post.owner_id, post.audience, post.teen, post.cast, post.teen_safe):
                standing.add(video_id)
        return standing

    def reported_by(self, viewer_id: str, video_ids: Collection[str]) -> set[str]:
        """The videos among `video_ids` that the member reported (kept out of their feed)."""
        return reported_by(self._store.engine, viewer_id, video_ids)

    def viewer(self, viewer_id: str) -> Viewer:
        """Whom the member follows and is mutuals with, as of now: what decides which posts reach them."""
        with Session(self._store.engine) as session:
            following = set(session.execute(select(Follow.followee_id).where(Follow.follower_id == viewer_id)).scalars())
            mutuals = set(session.execute(mutual_ids(viewer_id)).scalars()) if following else set()
        today = utc_day(self._clock())
        return Viewer(viewer_id, following, mutuals, self._directory, today,
                      teen=bool(teens_among(self._directory, [viewer_id], today)))

    def posts_of(self, user_id: str, *, limit: int = 50, offset: int = 0) -> list[PostRow]:
        """The member's own posted videos, newest first."""
        with Session(self._store.engine) as session:
            return list(session.execute(select(PostRow).where(PostRow.owner_id == user_id)
                                        .order_by(col(PostRow.posted_at).desc(), col(PostRow.video_id))
                                        .offset(offset).limit(limit)).scalars())


def teens_among(directory: Directory, user_ids: Collection[str], today: date) -> set[str]:
    """The members among `user_ids` who are teens today."""
    return {uid for uid, account in directory.handles(list(user_ids)).items() if is_teen(account.birth_year, today)}


class Viewer:
    """Whom a member follows and is mutuals with: whether a post reaches them."""

    def __init__(self, user_id: str, following: set[str], mutuals: set[str], directory: Directory,
                 today: date, *, teen: bool = False) -> None:
        self.user_id, self.following, self.mutuals, self.teen = user_id, following, mutuals, teen
        self._directory, self._today = directory, today

    def reaches(self, owner_id: str, audience: str, teen: bool, cast: Collection[str], teen_safe: bool) -> bool:
        if owner_id == self.user_id or self.user_id in cast:
            return True
        if self.teen and not teen_safe:  # a teen sees what a teen could have asked for
            return False
        if teen:  # the teen rules of characters: mutuals of the owner and of every teen it shows
            return owner_id in self.mutuals and teens_among(self._directory, cast, self._today) <= self.mutuals
        return (audience == "everyone" or (audience == "followers" and owner_id in self.following)
                or (audience == "mutuals" and owner_id in self.mutuals))


def _not_removed(moderation: list) -> None:  # noqa: ANN001 - RecordedEvents
    """Raises NotPostable where a reviewer's removal of the video is in force (its moderation
    stream says so: a removal reversed on appeal is not)."""
    folded = moderation_of(moderation)
    removal = folded.removal
    if folded.in_force:
        said = f": {removal.event.note}" if removal.event.note else ""
        raise NotPostable(f"a reviewer removed this video from the feed on {removal.recorded_at:%Y-%m-%d} "
                          f"({REASON_WORDS[removal.event.category]}){said}; it is not posted again unless "
                          "another reviewer restores it on your appeal")


def _facets(state: GenerationState, caption: str) -> dict:
    plan = state.rewrite.plan if state.rewrite is not None else None
    audio = state.audio
    facets = video_facets(plan, caption, contacts=audio.contacts if audio else 0,
                          dialogue_lines=audio.dialogue_lines if audio else 0)
    return {"facets": facets.facets, "energy": round(float(facets.energy), 4)}
