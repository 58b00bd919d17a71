"""Request and response bodies of the HTTP API: frozen msgspec Structs, tagged by name.

The tag (`"type": "SignUpRequest"`) is optional on input; when given it must match. Field
limits here are about shape (types, lengths); the domain checks the rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

Short = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
MAX_OFFSET = 1_000_000
"""The furthest a listing may be paged (`offset`); larger numbers overflow SQL integers."""


class Body(msgspec.Struct, frozen=True, kw_only=True, tag=True, forbid_unknown_fields=True):
    """Base of every API body."""


# -- auth ------------------------------------------------------------------------------------

class SignUpRequest(Body, frozen=True, kw_only=True):
    invite_code: Short
    handle: Short
    password: Short
    birth_year: int
    display_name: Short | None = None


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
    display_name: Short


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


class ControlsBody(Body, frozen=True, kw_only=True):
    daily_generation_limit: int | None = None
    """Generations per day, 0 to 100; null for the teen default."""
    personalised_feed: bool = True
    session_minutes_cap: int | None = None
    """Minutes a login lasts, 5 to 1440; null for no cap."""


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


class PurchaseRequest(Body, frozen=True, kw_only=True):
    credits: int
    card_token: Short
    """A payment token; in test mode "tok_visa" pays and "tok_declined" is declined."""


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
