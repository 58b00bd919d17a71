"""Invites: operators make the first codes; each member may make a few more for friends.

A code is single-use and expires. A member's allowance is kept by their `member-invites-<id>`
stream: each code appends one grant at the version the member read, so two requests at once
cannot both take the last code (the loser reads again and gets the next one, if any is left).
A code that expired unused gives its place in the allowance back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import msgspec
from sqlalchemy import select

from events import NO_STREAM, ConcurrencyError, Context, SqlEventStore, StreamWrite
from events.clock import Clock
from events.social import InviteIssued, InviteRedeemed, MemberInviteGranted
from social.directory import Directory
from social.errors import Conflict, InvalidInput, InviteAllowanceExhausted
from social.rules import random_code
from social.tables import Invite, as_utc


_RETRIES = 10

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
        for _ in range(_RETRIES):
            taken, version = self._taken(user_id)
            if taken >= self._per_member:
                raise InviteAllowanceExhausted(
                    f"you have {self._per_member} invites, all used or waiting to be used; "
                    "one that expires unused comes back")
            code, expires_at = self._new_code(), self._clock() + self._ttl
            try:
                self._store.append_many([
                    StreamWrite(allowance, [MemberInviteGranted(user_id=user_id, code=code)], version),
                    StreamWrite(f"invite-{code}", [InviteIssued(code=code, issuer_id=user_id, expires_at=expires_at)],
                                NO_STREAM),
                ], context=context)
            except ConcurrencyError:
                continue  # another invite of theirs at the same moment: count again
            return IssuedInvite(code=code, expires_at=expires_at)
        raise Conflict("too many invites were made at the same moment; try again")

    def _taken(self, user_id: str) -> tuple[int, int]:
        """(how many of the member's codes count against their allowance: used, or unused and
        not expired; the version of their allowance stream), from the log."""
        grants = self._store.read_stream(f"member-invites-{user_id}")
        now, taken = self._clock(), 0
        for grant in grants:
            stream = [r.event for r in self._store.read_stream(f"invite-{grant.event.code}")]
            issued = next((e for e in stream if isinstance(e, InviteIssued)), None)
            if any(isinstance(e, InviteRedeemed) for e in stream) or (issued and now < issued.expires_at):
                taken += 1
        return taken, grants[-1].version if grants else 0

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
        taken = sum(view.status != "expired" for view in views)  # what _taken counts, from the rows read
        return MyInvites(invites=views, remaining=max(0, self._per_member - taken))
