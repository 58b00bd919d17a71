"""Projections of the social context: they turn the log into the tables of social.tables.

Each projection owns its tables and applies the events it cares about; `AccountDeleted` makes
every one of them drop what it holds about the member, so personal data leaves the read models
while the log stays untouched (its sealed copies are unreadable once the key is shredded).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, delete, or_, update
from sqlmodel import Session

from events import KeyVault, RecordedEvent, SubjectForgotten
from events.social import (
    AccountDeleted,
    AccountRegistered,
    CreditsPurchased,
    DisplayNameChanged,
    Followed,
    GenerationReleased,
    GenerationReserved,
    GuardianLinkConfirmed,
    GuardianLinkStarted,
    GuardianReleased,
    InviteIssued,
    InviteRedeemed,
    ParentalControlsSet,
    TokenIssued,
    TokenRevoked,
    Unfollowed,
)
from events.vault import Sealed
from social.inbox import InboxProjection
from social.tables import (
    Account,
    AuthToken,
    Follow,
    GuardianLink,
    Invite,
    LedgerAccount,
    ParentalControls,
)


class AccountsProjection:
    """Accounts (with their opened personal fields) and bearer tokens."""

    name = "social.accounts"

    def __init__(self, vault: KeyVault) -> None:
        self._vault = vault

    def tables(self) -> Sequence[Table]:
        return [Account.__table__, AuthToken.__table__]

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event
        match event:
            case AccountRegistered():
                birth_year = self._open(event.birth_year)
                session.add(Account(
                    user_id=event.user_id, handle=event.handle, handle_lower=event.handle.lower(),
                    display_name=self._open(event.display_name) or event.handle,
                    created_at=recorded.recorded_at,
                    birth_year=int(birth_year) if birth_year is not None else None,
                    password_hash=self._open(event.password_hash),
                ))
            case DisplayNameChanged():
                session.execute(
                    update(Account).where(Account.user_id == event.user_id)
                    .values(display_name=self._open(event.display_name) or "")
                )
            case TokenIssued():
                session.add(AuthToken(
                    token_hash=event.token_hash, user_id=event.user_id,
                    issued_at=recorded.recorded_at, expires_at=event.expires_at,
                ))
            case TokenRevoked():
                session.execute(
                    update(AuthToken).where(AuthToken.token_hash == event.token_hash)
                    .values(revoked=True)
                )
            case AccountDeleted():
                session.execute(delete(AuthToken).where(AuthToken.user_id == event.user_id))
                session.execute(delete(Account).where(Account.user_id == event.user_id))

    def _open(self, sealed: Sealed) -> str | None:
        try:
            return self._vault.open_text(sealed)
        except SubjectForgotten:  # replaying the log after the member left
            return None


FORMER_MEMBER = "former-member"
"""`Invite.redeemed_by` once its redeemer deleted their account: the code stays used, and no
longer says by whom. (A user id is a UUID, so it can never read like this.)"""


class InvitesProjection:
    """Invite codes: who made them, until when they hold, who redeemed them."""

    name = "social.invites"
    version = 2
    """2: an invite stays used after its redeemer leaves (FORMER_MEMBER); version 1 had cleared
    `redeemed_by` by then, so read models it built are rebuilt."""

    def tables(self) -> Sequence[Table]:
        return [Invite.__table__]

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event
        match event:
            case InviteIssued():
                session.add(Invite(
                    code=event.code, issuer_id=event.issuer_id,
                    issued_at=recorded.recorded_at, expires_at=event.expires_at,
                ))
            case InviteRedeemed():
                session.execute(
                    update(Invite).where(Invite.code == event.code).values(redeemed_by=event.user_id)
                )
            case AccountDeleted():
                session.execute(
                    update(Invite).where(Invite.redeemed_by == event.user_id).values(redeemed_by=FORMER_MEMBER)
                )


class FollowsProjection:
    """The follow graph: one row per (follower, followee)."""

    name = "social.follows"

    def tables(self) -> Sequence[Table]:
        return [Follow.__table__]

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event
        match event:
            case Followed():
                session.merge(Follow(
                    follower_id=event.follower_id, followee_id=event.followee_id,
                    followed_at=recorded.recorded_at,
                ))
            case Unfollowed():
                session.execute(delete(Follow).where(
                    Follow.follower_id == event.follower_id, Follow.followee_id == event.followee_id
                ))
            case AccountDeleted():
                session.execute(delete(Follow).where(
                    or_(Follow.follower_id == event.user_id, Follow.followee_id == event.user_id)
                ))


class GuardiansProjection:
    """Guardian links (pending and confirmed) and the parental controls guardians set."""

    name = "social.guardians"

    def tables(self) -> Sequence[Table]:
        return [GuardianLink.__table__, ParentalControls.__table__]

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event
        match event:
            case GuardianLinkStarted():
                session.add(GuardianLink(
                    code=event.code, guardian_id=event.guardian_id,
                    created_at=recorded.recorded_at, expires_at=event.expires_at,
                ))
            case GuardianLinkConfirmed():
                session.execute(
                    update(GuardianLink).where(GuardianLink.code == event.code)
                    .values(teen_id=event.teen_id, confirmed_at=recorded.recorded_at)
                )
            case ParentalControlsSet():
                session.merge(ParentalControls(
                    teen_id=event.teen_id, guardian_id=event.guardian_id,
                    daily_generation_limit=event.daily_generation_limit,
                    personalised_feed=event.personalised_feed,
                    session_minutes_cap=event.session_minutes_cap,
                    purchases_allowed=event.purchases_allowed,
                    characters_allowed=event.characters_allowed,
                    feed_daily_items=event.feed_daily_items,
                    quiet_start=event.quiet_hours.start if event.quiet_hours else None,
                    quiet_end=event.quiet_hours.end if event.quiet_hours else None,
                    quiet_timezone=event.quiet_hours.timezone if event.quiet_hours else None,
                    updated_at=recorded.recorded_at,
                ))
            case GuardianReleased():
                session.execute(delete(GuardianLink).where(
                    GuardianLink.guardian_id == event.guardian_id, GuardianLink.teen_id == event.teen_id))
                session.execute(delete(ParentalControls).where(ParentalControls.teen_id == event.teen_id))
            case AccountDeleted():
                who = event.user_id
                session.execute(delete(GuardianLink).where(
                    or_(GuardianLink.guardian_id == who, GuardianLink.teen_id == who)
                ))
                session.execute(delete(ParentalControls).where(
                    or_(ParentalControls.guardian_id == who, ParentalControls.teen_id == who)
                ))


class LedgerProjection:
    """Credit balance and the current day's usage per member."""

    name = "social.ledger"

    def tables(self) -> Sequence[Table]:
        return [LedgerAccount.__table__]

    def apply(self, session: Session, recorded: RecordedEvent) -> None:
        event = recorded.event
        match event:
            case CreditsPurchased():
                account = self._account(session, event.user_id)
                account.balance += event.credits
            case GenerationReserved():
                account = self._account(session, event.user_id)
                if account.day != event.day:
                    account.day, account.free_used, account.paid_used = event.day, 0, 0
                _count(account, event.source, +1)
            case GenerationReleased():
                account = self._account(session, event.user_id)
                if account.day == event.day:
                    _count(account, event.source, -1)
                elif event.source == "credit":
                    account.balance += 1
            case AccountDeleted():
                session.execute(delete(LedgerAccount).where(LedgerAccount.user_id == event.user_id))

    @staticmethod
    def _account(session: Session, user_id: str) -> LedgerAccount:
        account = session.get(LedgerAccount, user_id)
        if account is None:
            account = LedgerAccount(user_id=user_id)
            session.add(account)
        return account


def _count(account: LedgerAccount, source: str, step: int) -> None:
    if source == "free":
        account.free_used += step
    else:
        account.paid_used += step
        account.balance -= step


def social_projections(vault: KeyVault) -> list:
    """Every projection of the social context, in the order they should be caught up."""
    return [
        AccountsProjection(vault), InvitesProjection(), FollowsProjection(),
        GuardiansProjection(), LedgerProjection(), InboxProjection(),
    ]
