"""Events of the social context: accounts, tokens, invites, follows, guardians, the ledger.

Streams (one per aggregate; ids are what the invariants hang on):
- `user-<user_id>`: AccountRegistered, DisplayNameChanged, TokenIssued, TokenRevoked,
  AccountDeleted.
- `handle-<lowercased handle>`: HandleClaimed, appended with NO_STREAM so a handle is taken once.
- `invite-<code>`: InviteIssued, InviteRedeemed (appended at the version read: single use).
- `member-invites-<user_id>`: MemberInviteGranted, one per code a member made (the allowance).
- `follows-<follower_id>`: Followed, Unfollowed.
- `guardian-link-<code>`: GuardianLinkStarted, GuardianLinkConfirmed.
- `guardianship-<teen_id>`: GuardianAssigned (a teen has one guardian), ParentalControlsSet.
- `ledger-<user_id>`: GenerationReserved, GenerationReleased, CreditsPurchased.
- `inbox-<user_id>`: NotificationsSeen (how far the member has read their notifications),
  NotificationsMuted (the kinds they chose not to be told of).
- `quiet-<user_id>`: QuietHoursChosen, the quiet hours a member chose for themselves.

Personal values (display name, birth year, password hash) are `Sealed` under the subject
`user-<user_id>`; the handle is the public identifier and stays readable.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

import msgspec

from events.base import Event
from events.vault import Sealed


class InviteIssued(Event, frozen=True, kw_only=True):
    code: str
    issuer_id: str | None
    """None for codes made by an operator (`reelworld admin invite`)."""
    expires_at: datetime


class InviteRedeemed(Event, frozen=True, kw_only=True):
    code: str
    user_id: str


class MemberInviteGranted(Event, frozen=True, kw_only=True):
    user_id: str
    code: str


class HandleClaimed(Event, frozen=True, kw_only=True):
    handle: str
    user_id: str


class AccountRegistered(Event, frozen=True, kw_only=True):
    user_id: str
    handle: str
    display_name: Sealed
    birth_year: Sealed
    password_hash: Sealed
    invite_code: str


class DisplayNameChanged(Event, frozen=True, kw_only=True):
    user_id: str
    display_name: Sealed


class TokenIssued(Event, frozen=True, kw_only=True):
    user_id: str
    token_hash: str
    """SHA-256 of the bearer token; the token itself is never stored."""
    expires_at: datetime


class TokenRevoked(Event, frozen=True, kw_only=True):
    user_id: str
    token_hash: str


class AccountDeleted(Event, frozen=True, kw_only=True):
    """The member left: their key is shredded and read models drop their personal data."""

    user_id: str


class Followed(Event, frozen=True, kw_only=True):
    follower_id: str
    followee_id: str


class Unfollowed(Event, frozen=True, kw_only=True):
    follower_id: str
    followee_id: str


class GuardianLinkStarted(Event, frozen=True, kw_only=True):
    """A guardian made a link code: the guardian's side of the two-sided confirmation."""

    code: str
    guardian_id: str
    expires_at: datetime


class GuardianLinkConfirmed(Event, frozen=True, kw_only=True):
    """The teen entered the guardian's code: the second side; the link is now active."""

    code: str
    guardian_id: str
    teen_id: str


class GuardianAssigned(Event, frozen=True, kw_only=True):
    teen_id: str
    guardian_id: str


class GuardianReleased(Event, frozen=True, kw_only=True):
    """The guardianship ended: its guardian let go, or an operator ended it (a teen who linked
    an adult account of their own, so that their parent can link). The controls end with it."""

    teen_id: str
    guardian_id: str
    by: str
    """"guardian" or "operator"."""


class QuietHours(msgspec.Struct, frozen=True, kw_only=True):
    """A daily span of local time, from `start` to `end` ("HH:MM", 24-hour; an `end` earlier
    than `start` runs past midnight), in the IANA time zone `timezone` ("Europe/Paris")."""

    start: str
    end: str
    timezone: str


def quiet_stream(user_id: str) -> str:
    """The member's own quiet hours (QuietHoursChosen): the last event says them."""
    return f"quiet-{user_id}"


class QuietHoursChosen(Event, frozen=True, kw_only=True):
    """The member chose quiet hours for themselves (start, end and timezone as in QuietHours),
    or none (all three empty): within them their feed rests and no notification is pushed to
    them. The time zone says roughly where they live, so it is sealed under their key (a
    shredded one reads "": none)."""

    personal = {"timezone": ""}
    owner_field = "user_id"

    user_id: str
    start: str = ""
    end: str = ""
    timezone: str = ""

    @property
    def quiet_hours(self) -> QuietHours | None:
        if not (self.start and self.end and self.timezone):
            return None
        return QuietHours(start=self.start, end=self.end, timezone=self.timezone)


class ParentalControlsSet(Event, frozen=True, kw_only=True):
    teen_id: str
    guardian_id: str
    daily_generation_limit: int | None
    """None: the teen default from settings."""
    personalised_feed: bool
    session_minutes_cap: int | None
    """None: no cap beyond the normal token lifetime."""
    purchases_allowed: bool = False
    """Whether the teen may buy credits; events recorded before this field existed read False
    (teens bought freely then; a guardian now allows it explicitly)."""
    characters_allowed: bool = True
    """Whether the teen's character may be used by anyone but the teen, and the teen may use
    anyone else's; events recorded before this field existed read True (the teen rules alone,
    as they were)."""
    feed_daily_items: int | None = None
    """The most feed videos a UTC day (None: the teen default); events recorded before this
    field existed read None."""
    quiet_hours: QuietHours | None = None
    """When the teen's feed, generations and pushed notifications rest each day (None: never);
    events recorded before this field existed read None."""


class GenerationReserved(Event, frozen=True, kw_only=True):
    user_id: str
    request_id: str
    day: date
    """The UTC day whose quota it counts against."""
    source: Literal["free", "credit"]


class GenerationReleased(Event, frozen=True, kw_only=True):
    """A reserved generation that never ran (blocked, failed): its free slot or credit returns."""

    user_id: str
    request_id: str
    day: date
    source: Literal["free", "credit"]


class CreditsPurchased(Event, frozen=True, kw_only=True):
    user_id: str
    credits: int
    amount_cents: int
    charge_id: str


def inbox_stream(user_id: str) -> str:
    return f"inbox-{user_id}"


class NotificationsSeen(Event, frozen=True, kw_only=True):
    """The member read their notifications up to `up_to`: a notification's id, the position of
    the event it tells of. Later notifications stay unread."""

    user_id: str
    up_to: int


class NotificationsMuted(Event, frozen=True, kw_only=True):
    """The kinds of notification the member chose not to be told of (all of them, each time;
    () tells them everything again). Muted notifications are still recorded: unmuting shows them."""

    user_id: str
    kinds: tuple[str, ...]

