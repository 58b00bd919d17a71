"""Request and response bodies of the HTTP API: frozen msgspec Structs, tagged by name.

The tag (`"type": "SignUpRequest"`) is optional on input; when given it must match. Field
limits here are the domain's rules where they are fixed (lengths, patterns, ranges), so the
OpenAPI document states them; a bound that moves (the current year, a configured default) is
said in the description and checked by the domain.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

Short = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Handle = Annotated[str, msgspec.Meta(
    min_length=3, max_length=30, pattern=r"^[A-Za-z0-9_]{3,30}$",
    description="3 to 30 letters (A-Z, a-z), digits or underscores",
)]
Password = Annotated[str, msgspec.Meta(min_length=8, max_length=200, description="8 to 200 characters")]
DisplayName = Annotated[str, msgspec.Meta(
    min_length=1, max_length=80,
    description="1 to 80 printable characters (no control characters); surrounding spaces are trimmed",
)]
MAX_OFFSET = 1_000_000
"""The furthest a listing may be paged (`offset`); larger numbers overflow SQL integers."""


class Body(msgspec.Struct, frozen=True, kw_only=True, tag=True, forbid_unknown_fields=True):
    """Base of every API body: an unknown field is a 400, not silently dropped."""


# -- auth ------------------------------------------------------------------------------------

class SignUpRequest(Body, frozen=True, kw_only=True):
    invite_code: Short
    handle: Handle
    password: Password
    birth_year: Annotated[int, msgspec.Meta(description=(
        "the year of birth, from 120 years ago (1906 in 2026) to the current year; a year that may "
        "be under 13 is refused (403), one that may be under 18 makes a teen account"))]
    display_name: DisplayName | None = None
    """Defaults to the handle."""


class SignUpResponse(Body, frozen=True, kw_only=True):
    user_id: str
    handle: str
    is_teen: bool


class LoginRequest(Body, frozen=True, kw_only=True):
    handle: Short
    password: Short


class TokenResponse(Body, frozen=True, kw_only=True):
    token: str
    token_type: str = "bearer"
    user_id: str
    expires_at: datetime


# -- members ---------------------------------------------------------------------------------

class MeResponse(Body, frozen=True, kw_only=True):
    user_id: str
    handle: str
    display_name: str
    birth_year: int | None
    is_teen: bool
    followers: int
    following: int


class UpdateMeRequest(Body, frozen=True, kw_only=True):
    display_name: DisplayName


class ProfileResponse(Body, frozen=True, kw_only=True):
    handle: str
    display_name: str
    followers: int
    following: int
    is_teen: bool | None = None
    """Shown only to the member themself and their guardian."""


# -- follows ---------------------------------------------------------------------------------

class FollowRequest(Body, frozen=True, kw_only=True):
    handle: Short


class MemberResponse(Body, frozen=True, kw_only=True):
    handle: str
    display_name: str


class MemberListResponse(Body, frozen=True, kw_only=True):
    relation: Literal["followers", "following", "mutuals"]
    members: list[MemberResponse]


# -- invites ---------------------------------------------------------------------------------

class InviteResponse(Body, frozen=True, kw_only=True):
    code: str
    expires_at: datetime
    status: str = "unused"


class InviteListResponse(Body, frozen=True, kw_only=True):
    invites: list[InviteResponse]
    remaining: int


# -- guardians -------------------------------------------------------------------------------

class GuardianCodeResponse(Body, frozen=True, kw_only=True):
    code: str
    expires_at: datetime


class ConfirmLinkRequest(Body, frozen=True, kw_only=True):
    code: Short


class QuietHoursBody(Body, frozen=True, kw_only=True):
    """A daily span of local time in which the member's feed shows nothing and no notification
    is pushed to them; within a guardian's, a teen also starts no generation (403)."""

    start: Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description=(
        "when quiet hours begin each day, HH:MM (24-hour), e.g. 21:30"))]
    end: Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description=(
        "when they end, HH:MM; earlier than start runs past midnight, e.g. 07:00"))]
    timezone: Annotated[str, msgspec.Meta(min_length=1, max_length=64, description=(
        "the IANA time zone the times are read in, e.g. Europe/Paris"))]


class QuietHoursResponse(Body, frozen=True, kw_only=True):
    """The quiet hours that apply to you. Within either, your feed rests and no notification is
    pushed to you; within a guardian's, a teen also starts no generation."""

    own: Annotated[QuietHoursBody | None, msgspec.Meta(description=(
        "the quiet hours you chose (PUT /v1/me/quiet-hours); null for none"))]
    guardian: Annotated[QuietHoursBody | None, msgspec.Meta(description=(
        "those your guardian set, while you are a teen; null for none"))]
    resting_until: Annotated[datetime | None, msgspec.Meta(description=(
        "when the quiet hours in force now end (UTC); null outside them"))]


class ControlsBody(Body, frozen=True, kw_only=True):
    """A teen's parental controls. Every field that could loosen them is required (null where
    null is the default), so a body that forgets one cannot loosen it by accident;
    `purchases_allowed` may be left out, and is then false; `characters_allowed` may be left out,
    and then stays as it was. Answers always carry every field."""

    daily_generation_limit: Annotated[int, msgspec.Meta(ge=0, description=(
        "generations per day, from 0 to the teen default (REELWORLD_TEEN_DAILY_GENERATION_LIMIT, 10 "
        "unless configured: controls only tighten it); null for the teen default"))] | None
    personalised_feed: bool
    session_minutes_cap: Annotated[int, msgspec.Meta(ge=5, le=1440, description=(
        "minutes a login lasts, 5 to 1440; null for no cap"))] | None
    purchases_allowed: Annotated[bool, msgspec.Meta(description=(
        "whether the teen may buy credits (false, the default: a teen buys none unless their guardian "
        "allows it)"))] = False
    characters_allowed: Annotated[bool, msgspec.Meta(description=(
        "whether the teen's character may be shared: false keeps it the teen's alone (no one else may use "
        "it, and the teen may use no one else's; their own still works); true, the default, leaves the teen "
        "rules as they are (only mutuals). Left out, it stays as it was: leaving it out neither loosens nor "
        "tightens anything"))] | msgspec.UnsetType = msgspec.UNSET
    feed_daily_items: Annotated[int, msgspec.Meta(ge=0, description=(
        "the most videos the teen's feed shows in a UTC day, from 0 to the teen default "
        "(REELWORLD_TEEN_FEED_DAILY_ITEMS, 100 unless configured: controls only tighten it); null for the teen "
        "default. Left out, it stays as it was"))] | None | msgspec.UnsetType = msgspec.UNSET
    quiet_hours: Annotated[QuietHoursBody, msgspec.Meta(description=(
        "quiet hours, every day; null for none. Left out, they stay as they were"))] | None | msgspec.UnsetType = (
        msgspec.UNSET)


class GuardianLinkResponse(Body, frozen=True, kw_only=True):
    role: str
    code: str
    guardian: str
    teen: str | None
    status: str
    expires_at: datetime
    controls: ControlsBody | None


class GuardianStatusResponse(Body, frozen=True, kw_only=True):
    links: list[GuardianLinkResponse]


# -- credits ---------------------------------------------------------------------------------

class CreditsResponse(Body, frozen=True, kw_only=True):
    balance: int
    free_per_day: int
    free_used_today: int
    used_today: int
    daily_limit: int | None
    resets_at: datetime
    purchases_allowed: bool
    """false for a teen whose guardian has not allowed purchases (POST is then a 403)"""


class PurchaseRequest(Body, frozen=True, kw_only=True):
    credits: Annotated[int, msgspec.Meta(ge=1, le=1000, description="credits to buy, 1 to 1000 at a time")]
    card_token: Annotated[str, msgspec.Meta(min_length=1, max_length=200, description=(
        'a payment token; in test mode "tok_visa" pays and "tok_declined" is declined (402)'))]


class PurchaseResponse(Body, frozen=True, kw_only=True):
    credits: int
    amount_cents: int
    charge_id: str
    balance: int


class HealthResponse(Body, frozen=True, kw_only=True):
    status: str
    database: str


def present(value: object, body: type[msgspec.Struct]) -> msgspec.Struct:
    """Copy a domain view (any object with the same attributes) into a response body."""
    return msgspec.convert(value, body, from_attributes=True)
