"""Pure rules of the social context: who may join, what a handle looks like, quota decisions.

No I/O here: every function takes the facts it needs (today's date, the folded ledger) and
returns a decision or raises the domain error that explains the refusal.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import secrets
import string
from datetime import UTC, date, datetime, time, timedelta
from importlib import resources
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from events.social import QuietHours
from social.errors import (
    CreditRequired, InvalidInput, InvalidInvite, QuotaExceeded, SocialError, TooYoung,
)

log = logging.getLogger(__name__)
MIN_AGE = 13
ADULT_AGE = 18
_HANDLE = re.compile(r"^[A-Za-z0-9_]{3,30}$")
_CODE = re.compile(r"^[A-Za-z0-9_-]{6,40}$")

AgeBand = Literal["teen", "adult"]
_CODE_ALPHABET = string.ascii_letters + string.digits


def random_code(length: int = 16) -> str:
    """A code people can copy and type: letters and digits only (about 95 bits at 16)."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))


def is_handle(text: str) -> bool:
    """Whether `text` has a handle's shape (3 to 30 letters, digits or underscores)."""
    return _HANDLE.fullmatch(text) is not None


def normalise_handle(handle: str) -> str:
    """The handle as given, checked: 3 to 30 letters, digits or underscores."""
    if not is_handle(handle):
        raise InvalidInput("a handle is 3 to 30 letters, digits or underscores")
    return handle


def check_code(code: str, error: type[SocialError] = InvalidInvite, what: str = "an invite code") -> str:
    """A code as the domain stores it; anything else cannot be a code we issued (`error`, the
    same error an unknown code of that kind gets)."""
    if not _CODE.fullmatch(code):
        raise error(f"that is not {what} we issued")
    return code


def check_password(password: str) -> None:
    if not 8 <= len(password) <= 200:
        raise InvalidInput("a password is 8 to 200 characters long")


def check_display_name(name: str) -> str:
    name = name.strip()
    if not 1 <= len(name) <= 80 or not name.isprintable():
        raise InvalidInput("a display name is 1 to 80 printable characters")
    return name


def youngest_age(birth_year: int, today: date) -> int:
    """The lowest age someone born in `birth_year` can be today (their birthday may be ahead)."""
    return today.year - birth_year - 1


def age_band(birth_year: int, today: date) -> AgeBand:
    """Teen or adult; raises TooYoung if the person may be under 13 (we only know the year)."""
    if not today.year - 120 <= birth_year <= today.year:
        raise InvalidInput(f"birth year must be between {today.year - 120} and {today.year}")
    age = youngest_age(birth_year, today)
    if age < MIN_AGE:
        raise TooYoung(f"Reelworld is for people aged {MIN_AGE} and over")
    return "teen" if age < ADULT_AGE else "adult"


def is_teen(birth_year: int | None, today: date) -> bool:
    return birth_year is not None and youngest_age(birth_year, today) < ADULT_AGE


def teen_clause(birth_year, today: date):  # noqa: ANN001, ANN201 - a SQL column in, a SQL condition out
    """is_teen as a SQL condition on a birth-year column (a read-model query that pages by it)."""
    return (birth_year.is_not(None)) & (birth_year > today.year - ADULT_AGE - 1)


def rate_wait(times: list[datetime], limit: int, window: timedelta, now: datetime) -> int | None:
    """Seconds until one more may come where `times` (oldest first) hold `limit` within
    `window` before `now` already; None while fewer do."""
    recent = [at for at in times if at > now - window]
    if len(recent) < limit:
        return None
    return max(1, math.ceil((recent[-limit] + window - now).total_seconds()))


def utc_day(now: datetime) -> date:
    """The UTC day that quotas count against."""
    return now.astimezone(UTC).date()


def next_midnight(now: datetime) -> datetime:
    """When today's UTC quota resets."""
    return datetime.combine(utc_day(now) + timedelta(days=1), time(), tzinfo=UTC)


_HH_MM = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])", re.ASCII)


@functools.cache
def time_zones() -> frozenset[str]:
    """The IANA time zones a member may name: the tzdata package's list (the same on every host,
    unlike the system's zone files, which also hold "localtime", "posixrules", "right/..."),
    without "Factory" (no place's time)."""
    return frozenset(resources.files("tzdata").joinpath("zones").read_text().split()) - {"Factory"}


def check_quiet_hours(quiet: QuietHours) -> None:
    """Raises InvalidInput naming the field of `quiet` that is not a time of day "HH:MM" or an
    IANA time zone (time_zones), or where start and end are the same time (no span, or all day)."""
    for name in ("start", "end"):
        if not _HH_MM.fullmatch(value := getattr(quiet, name)):
            raise InvalidInput(f"quiet_hours.{name} is a time of day as HH:MM, 00:00 to 23:59; got {value!r}")
    if quiet.start == quiet.end:
        raise InvalidInput("quiet_hours.start and quiet_hours.end must differ (an end before the start runs "
                           "past midnight)")
    if quiet.timezone not in time_zones():
        raise InvalidInput("quiet_hours.timezone is an IANA time zone such as Europe/Paris or "
                           f"America/New_York; got {quiet.timezone[:80]!r}")


def zone_of(quiet: QuietHours) -> ZoneInfo:
    """The zone of quiet hours as recorded (checked when set); UTC, logged, should this host be
    unable to read it, rather than a failed request for the teen."""
    try:
        return ZoneInfo(quiet.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        log.error("cannot read the time zone %r of quiet hours here: reading them in UTC", quiet.timezone)
        return ZoneInfo("UTC")


def _instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant at which `zone`'s clocks show `at` on `day`: the first time where they
    show it twice (clocks going back), and the moment they jump where that night skips it
    (clocks going forward past it)."""
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=zone).astimezone(UTC)  # fold 0: the offset before a change
    if first.astimezone(zone).replace(tzinfo=None) == naive:
        return first
    low, high = naive.replace(tzinfo=zone, fold=1).astimezone(UTC), first  # the jump lies between
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        low, high = (middle, high) if middle.astimezone(zone).replace(tzinfo=None) < naive else (low, middle)
    return high.replace(microsecond=0)


def _quiet_spans(quiet: QuietHours, now: datetime) -> list[tuple[datetime, datetime]]:
    """The quiet spans (UTC) that begin on the local day before `now`'s, on its day and on the
    day after: every span that can hold `now` and the next one to begin."""
    zone = zone_of(quiet)
    start, end = (time.fromisoformat(quiet.start), time.fromisoformat(quiet.end))
    day = now.astimezone(zone).date()
    spans = []
    for offset in (-1, 0, 1):
        begins = day + timedelta(days=offset)
        spans.append((_instant(begins, start, zone), _instant(begins + timedelta(days=1 if end < start else 0),
                                                              end, zone)))
    return spans


def quiet_until(quiet: QuietHours | None, now: datetime) -> datetime | None:
    """When the quiet span that `now` falls in ends (UTC); None outside quiet hours."""
    if quiet is None:
        return None
    return next((ends for begins, ends in _quiet_spans(quiet, now) if begins <= now < ends), None)


def quiet_from(quiet: QuietHours, now: datetime) -> datetime:
    """When quiet hours next begin (UTC): `now` itself within them."""
    spans = _quiet_spans(quiet, now)
    if any(begins <= now < ends for begins, ends in spans):
        return now
    return min(begins for begins, _ in spans if begins > now)


def quiet_words(quiet: QuietHours) -> str:
    """ "21:30-07:00 (Europe/Paris)" """
    return f"{quiet.start}-{quiet.end} ({quiet.timezone})"


class LedgerState(msgspec.Struct, kw_only=True):
    """A member's ledger folded from their stream: credits left and today's usage."""

    balance: int = 0
    day: date | None = None
    free_used: int = 0
    paid_used: int = 0
    reservations: dict[str, str] = msgspec.field(default_factory=dict)
    """request_id -> source of each generation reserved, for idempotent retries."""
    released: set[str] = msgspec.field(default_factory=set)
    """request_ids whose reservation was given back."""

    def used_on(self, today: date) -> tuple[int, int]:
        return (self.free_used, self.paid_used) if self.day == today else (0, 0)


class Allowance(msgspec.Struct, frozen=True, kw_only=True):
    """What a member may generate per UTC day."""

    free_per_day: int
    daily_limit: int | None
    """Most generations per day, free or paid (teens); None: no limit beyond credits."""


def choose_source(state: LedgerState, allowance: Allowance, now: datetime, *,
                  credit_only: bool = False) -> Literal["free", "credit"]:
    """Pay for one generation now: a free one while any are left today, else a credit
    (`credit_only`: a credit in any case, as when demand is high).

    Raises QuotaExceeded (with when it resets) when the daily limit is reached or no credit is
    left, CreditRequired when `credit_only` and no credit is left.
    """
    today = utc_day(now)
    free_used, paid_used = state.used_on(today)
    resets_at = next_midnight(now)
    if allowance.daily_limit is not None and free_used + paid_used >= allowance.daily_limit:
        raise QuotaExceeded(
            f"the daily limit of {allowance.daily_limit} generation{'' if allowance.daily_limit == 1 else 's'} "
            "is reached", resets_at=resets_at
        )
    if credit_only and state.balance <= 0:
        raise CreditRequired("only generations paid with purchased credits are taken right now, and no credits are left")
    if free_used < allowance.free_per_day and not credit_only:
        return "free"
    if state.balance > 0:
        return "credit"
    raise QuotaExceeded(
        ("today's free generation is used" if allowance.free_per_day == 1
         else f"all {allowance.free_per_day} free generations of today are used") + " and no credits are left",
        resets_at=resets_at,
    )
