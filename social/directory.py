"""Read-side lookups of members, shared by the services: by id, by handle, counts, profiles.

Reads only the read models (social.tables); never the log.
"""

from __future__ import annotations

from datetime import date

import msgspec
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from social.errors import NotFound
from social.rules import is_handle, is_teen
from social.tables import Account, Follow, GuardianLink


class Profile(msgspec.Struct, frozen=True, kw_only=True):
    """What one member may see of another. `is_teen` is None when it is not theirs to see."""

    handle: str
    display_name: str
    followers: int
    following: int
    is_teen: bool | None = None


class OwnAccount(msgspec.Struct, frozen=True, kw_only=True):
    """What a member sees of their own account."""

    user_id: str
    handle: str
    display_name: str
    birth_year: int | None
    is_teen: bool
    followers: int
    following: int


class Directory:
    """Finds members in the read models."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def session(self) -> Session:
        return Session(self.engine)

    def by_id(self, user_id: str) -> Account | None:
        with self.session() as session:
            return session.get(Account, user_id)

    def by_handle(self, handle: str) -> Account | None:
        if not is_handle(handle):  # no member has it; and PostgreSQL refuses some text (NUL) outright
            return None
        with self.session() as session:
            query = select(Account).where(Account.handle_lower == handle.lower())
            return session.execute(query).scalars().first()

    def require_handle(self, handle: str) -> Account:
        """The member with `handle`; raises NotFound."""
        account = self.by_handle(handle)
        if account is None:
            raise NotFound(f"no member is called @{handle}")
        return account

    def require_id(self, user_id: str) -> Account:
        account = self.by_id(user_id)
        if account is None:
            raise NotFound("this account no longer exists")
        return account

    def handles(self, user_ids: list[str]) -> dict[str, Account]:
        if not user_ids:
            return {}
        with self.session() as session:
            rows = session.execute(select(Account).where(Account.user_id.in_(user_ids))).scalars()
            return {row.user_id: row for row in rows}

    def follow_counts(self, user_id: str) -> tuple[int, int]:
        """(followers, following) of a member."""
        with self.session() as session:
            followers = session.execute(
                select(func.count()).where(Follow.followee_id == user_id)
            ).scalar_one()
            following = session.execute(
                select(func.count()).where(Follow.follower_id == user_id)
            ).scalar_one()
        return followers, following

    def is_guardian_of(self, guardian_id: str, teen_id: str) -> bool:
        with self.session() as session:
            query = select(GuardianLink.code).where(
                GuardianLink.guardian_id == guardian_id,
                GuardianLink.teen_id == teen_id,
                GuardianLink.confirmed_at.is_not(None),
            )
            return session.execute(query).first() is not None

    def own_account(self, user_id: str, today: date) -> OwnAccount:
        """The member's own account with their personal fields. Raises NotFound."""
        account = self.require_id(user_id)
        followers, following = self.follow_counts(user_id)
        return OwnAccount(
            user_id=account.user_id, handle=account.handle, display_name=account.display_name,
            birth_year=account.birth_year, is_teen=is_teen(account.birth_year, today),
            followers=followers, following=following,
        )

    def profile(self, handle: str, viewer_id: str, today: date) -> Profile:
        """The public profile of @handle as `viewer_id` sees it; teen status only for the
        member themself and their confirmed guardian. Raises NotFound."""
        account = self.require_handle(handle)
        followers, following = self.follow_counts(account.user_id)
        may_see_age = viewer_id == account.user_id or self.is_guardian_of(viewer_id, account.user_id)
        return Profile(
            handle=account.handle, display_name=account.display_name,
            followers=followers, following=following,
            is_teen=is_teen(account.birth_year, today) if may_see_age else None,
        )
