"""Invites: operators make the first codes; each member may make a few more for friends.

A code is single-use and expires. A member's allowance is kept by their `member-invites-<id>`
stream: each code appends one grant at the version the member read, so two requests at once
cannot both take the last code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import msgspec
from sqlalchemy import select

from events import NO_STREAM, ConcurrencyError, Context, SqlEventStore, StreamWrite
from events.clock import Clock
from events.social import InviteIssued, MemberInviteGranted
from social.directory import Directory
from social.errors import Conflict, InvalidInput, InviteAllowanceExhausted
from social.rules import random_code
from social.tables import Invite, as_utc


class IssuedInvite(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    expires_at: datetime


class InviteView(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    expires_at: datetime
    status: str
    """"unused", "used" or "expired"."""


class MyInvites(msgspec.Struct, frozen=True, kw_only=True):
    invites: list[InviteView]
    remaining: int
    """How many more codes the member may make."""


class InviteService:
    """Makes invite codes and lists a member's codes."""

    def __init__(
        self, store: SqlEventStore, directory: Directory, *, clock: Clock, ttl: timedelta,
        per_member: int, new_code: Callable[[], str] = random_code,
    ) -> None:
        self._store, self._directory = store, directory
        self._clock, self._ttl, self._per_member, self._new_code = clock, ttl, per_member, new_code

    def issue_by_operator(
        self, count: int = 1, *, ttl: timedelta | None = None, context: Context | None = None
    ) -> list[IssuedInvite]:
        """`count` codes with no issuing member (the first codes of a new installation)."""
        if not 1 <= count <= 1000:
            raise InvalidInput("make between 1 and 1000 invites at a time")
        expires_at = self._clock() + (ttl or self._ttl)
        issued = [IssuedInvite(code=self._new_code(), expires_at=expires_at) for _ in range(count)]
        self._store.append_many([
            StreamWrite(f"invite-{i.code}", [InviteIssued(code=i.code, issuer_id=None, expires_at=expires_at)],
                        NO_STREAM)
            for i in issued
        ], context=context)
        return issued

    def issue_for_member(self, user_id: str, *, context: Context | None = None) -> IssuedInvite:
        """One code from the member's allowance. Raises InviteAllowanceExhausted."""
        self._directory.require_id(user_id)
        allowance = f"member-invites-{user_id}"
        used = self._store.stream_version(allowance)
        if used >= self._per_member:
            raise InviteAllowanceExhausted(f"you have made all {self._per_member} of your invites")
        code, expires_at = self._new_code(), self._clock() + self._ttl
        try:
            self._store.append_many([
                StreamWrite(allowance, [MemberInviteGranted(user_id=user_id, code=code)], used),
                StreamWrite(f"invite-{code}", [InviteIssued(code=code, issuer_id=user_id, expires_at=expires_at)],
                            NO_STREAM),
            ], context=context)
        except ConcurrencyError:
            raise Conflict("another invite was made at the same moment; try again") from None
        return IssuedInvite(code=code, expires_at=expires_at)

    def of_member(self, user_id: str) -> MyInvites:
        """The member's codes, newest first, and how many more they may make."""
        now = self._clock()
        with self._directory.session() as session:
            rows = session.execute(
                select(Invite).where(Invite.issuer_id == user_id).order_by(Invite.issued_at.desc())
            ).scalars().all()
        views = [
            InviteView(
                code=row.code, expires_at=as_utc(row.expires_at),
                status="used" if row.redeemed_by else ("expired" if now >= as_utc(row.expires_at) else "unused"),
            )
            for row in rows
        ]
        used = self._store.stream_version(f"member-invites-{user_id}")
        return MyInvites(invites=views, remaining=max(0, self._per_member - used))
