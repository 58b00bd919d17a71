"""Follows: follow and unfollow by handle; followers, following and mutuals.

A member's follows are one stream (`follows-<follower_id>`), appended at the version read, so
the graph stays consistent under concurrent clicks (a change that loses the race is decided
again on what won); following twice is a no-op. A follow is also guarded at both members'
account versions, so one that races either account's deletion is decided again (and refused)
instead of leaving a follow of someone who left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import msgspec
from sqlalchemy import Select, select

from events import ConcurrencyError, Context, SqlEventStore, StreamWrite
from events.social import Followed, Unfollowed
from social.accounts import live_account_version, user_stream
from social.directory import Directory
from social.errors import Conflict, InvalidInput, NotFound
from social.tables import Account, Follow

Relation = Literal["followers", "following", "mutuals"]
_RETRIES = 5


class Member(msgspec.Struct, frozen=True, kw_only=True):
    handle: str
    display_name: str


def mutual_ids(user_id: str) -> Select:
    """The query of the user ids of the member's mutuals: those they follow who follow them back."""
    followers = select(Follow.follower_id).where(Follow.followee_id == user_id)
    return select(Follow.followee_id).where(Follow.follower_id == user_id, Follow.followee_id.in_(followers))


class FollowService:
    """Commands and queries of the follow graph."""

    def __init__(self, store: SqlEventStore, directory: Directory) -> None:
        self._store, self._directory = store, directory

    def _following(self, follower_id: str) -> tuple[set[str], int]:
        following: set[str] = set()
        version = 0
        for recorded in self._store.read_stream(f"follows-{follower_id}"):
            version = recorded.version
            match recorded.event:
                case Followed(followee_id=who):
                    following.add(who)
                case Unfollowed(followee_id=who):
                    following.discard(who)
        return following, version

    def follow(self, follower_id: str, handle: str, *, context: Context | None = None) -> Member:
        """Follow @handle (a no-op if already followed). Raises NotFound, InvalidInput (self)."""
        target = self._directory.require_handle(handle)
        if target.user_id == follower_id:
            raise InvalidInput("you cannot follow yourself")
        self._change(follower_id, lambda following: None if target.user_id in following else Followed(
            follower_id=follower_id, followee_id=target.user_id), context, guard={
            follower_id: "your account no longer exists", target.user_id: f"no member is called @{target.handle}"})
        return Member(handle=target.handle, display_name=target.display_name)

    def unfollow(self, follower_id: str, handle: str, *, context: Context | None = None) -> None:
        """Stop following @handle. Raises NotFound if the member does not follow them."""
        target = self._directory.require_handle(handle)

        def unfollowed(following: set[str]) -> Unfollowed:
            if target.user_id not in following:
                raise NotFound(f"you do not follow @{target.handle}")
            return Unfollowed(follower_id=follower_id, followee_id=target.user_id)

        self._change(follower_id, unfollowed, context)

    def _change(self, follower_id: str, decide: Callable[[set[str]], Followed | Unfollowed | None],
                context: Context | None, *, guard: dict[str, str] | None = None) -> None:
        """Append what `decide` makes of the member's follows (None: nothing) at the version
        read, and only while the accounts of `guard`'s members stay as read. A change that
        lands meanwhile (following someone else in another tab, a login) is read and decided
        again; NotFound (with `guard`'s message for the member) once a guarded account is gone;
        Conflict when changes keep landing."""
        for _ in range(_RETRIES):
            accounts = [StreamWrite(user_stream(who), [], live_account_version(self._store, who, gone=gone))
                        for who, gone in (guard or {}).items()]
            following, version = self._following(follower_id)
            event = decide(following)
            if event is None:
                return
            try:
                self._store.append_many([StreamWrite(f"follows-{follower_id}", [event], version), *accounts],
                                        context=context)
            except ConcurrencyError:
                continue
            return
        raise Conflict("your follows changed a moment ago; try again")

    def list(self, user_id: str, relation: Relation, *, limit: int = 100, offset: int = 0) -> list[Member]:
        """The member's followers, the people they follow, or mutuals (both ways), by handle;
        one page of `limit` after `offset`."""
        ids = {
            "followers": select(Follow.follower_id).where(Follow.followee_id == user_id),
            "following": select(Follow.followee_id).where(Follow.follower_id == user_id),
            "mutuals": mutual_ids(user_id),
        }[relation]
        query = (
            select(Account).where(Account.user_id.in_(ids)).order_by(Account.handle_lower)
            .limit(limit).offset(offset)
        )
        with self._directory.session() as session:
            rows = session.execute(query).scalars().all()
        return [Member(handle=row.handle, display_name=row.display_name) for row in rows]
