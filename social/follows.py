"""Follows: follow and unfollow by handle; followers, following and mutuals.

A member's follows are one stream (`follows-<follower_id>`), appended at the version read, so
the graph stays consistent under concurrent clicks; following twice is a no-op.
"""

from __future__ import annotations

from typing import Literal

import msgspec
from sqlalchemy import select

from events import ConcurrencyError, Context, SqlEventStore
from events.social import Followed, Unfollowed
from social.directory import Directory
from social.errors import Conflict, InvalidInput, NotFound
from social.tables import Account, Follow

Relation = Literal["followers", "following", "mutuals"]


class Member(msgspec.Struct, frozen=True, kw_only=True):
    handle: str
    display_name: str


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
        following, version = self._following(follower_id)
        if target.user_id not in following:
            event = Followed(follower_id=follower_id, followee_id=target.user_id)
            self._append(follower_id, event, version, context)
        return Member(handle=target.handle, display_name=target.display_name)

    def unfollow(self, follower_id: str, handle: str, *, context: Context | None = None) -> None:
        """Stop following @handle. Raises NotFound if the member does not follow them."""
        target = self._directory.require_handle(handle)
        following, version = self._following(follower_id)
        if target.user_id not in following:
            raise NotFound(f"you do not follow @{target.handle}")
        self._append(follower_id, Unfollowed(follower_id=follower_id, followee_id=target.user_id), version, context)

    def _append(self, follower_id: str, event: Followed | Unfollowed, version: int, context: Context | None) -> None:
        try:
            self._store.append(f"follows-{follower_id}", [event], version, context=context)
        except ConcurrencyError:
            raise Conflict("your follows changed a moment ago; try again") from None

    def list(self, user_id: str, relation: Relation, *, limit: int = 100, offset: int = 0) -> list[Member]:
        """The member's followers, the people they follow, or mutuals (both ways), by handle;
        one page of `limit` after `offset`."""
        followers = select(Follow.follower_id).where(Follow.followee_id == user_id)
        following = select(Follow.followee_id).where(Follow.follower_id == user_id)
        ids = {
            "followers": followers,
            "following": following,
            "mutuals": following.where(Follow.followee_id.in_(followers)),
        }[relation]
        query = (
            select(Account).where(Account.user_id.in_(ids)).order_by(Account.handle_lower)
            .limit(limit).offset(offset)
        )
        with self._directory.session() as session:
            rows = session.execute(query).scalars().all()
        return [Member(handle=row.handle, display_name=row.display_name) for row in rows]
