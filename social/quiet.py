"""Quiet hours, whoever set them: a daily span of local time in which a member's feed rests and
no notification is pushed to them.

A teen's guardian may set them (a parental control, GuardianService: within them the teen also
starts no generation), and any member may choose their own (`QuietHoursService.choose`,
QuietHoursChosen on `quiet-<user_id>`). Where both are set, either rests the feed, and it opens
again only when neither holds (a span that begins as, or before, another ends carries on).

The single span's rules (wall clock, DST, validation) are social.rules'; these combine spans.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from events import Context, SqlEventStore
from events.social import QuietHours, QuietHoursChosen, quiet_stream
from social.directory import Directory
from social.errors import QuietHoursNow
from social.guardians import GuardianService
from social.rules import check_quiet_hours, quiet_from, quiet_until, quiet_words, zone_of

YOU, GUARDIAN = "you", "your guardian"


class Quiet(NamedTuple):
    whose: str
    """Who set them, as the member is told: YOU or GUARDIAN."""
    hours: QuietHours


class Resting(NamedTuple):
    """Quiet hours in force: those that hold from now until `until`, in the order they take
    over from each other (the first holds now, the last ends at `until`)."""

    chain: tuple[Quiet, ...]
    until: datetime

    def words(self) -> str:
        """ "your guardian set 21:30-07:00 (Europe/Paris)" (and "you set ..." where a second
        carries on after it)."""
        return " and ".join(f"{q.whose} set {quiet_words(q.hours)}" for q in self.chain)

    def opens_at(self) -> str:
        """The local time they end: "07:00", with its zone where the chain has two. Read from
        the instant, so an end the clocks skip that night says the time they jump to."""
        last = self.chain[-1].hours
        zones = {q.hours.timezone for q in self.chain}
        local = self.until.astimezone(zone_of(last)).strftime("%H:%M")
        return local if len(zones) == 1 else f"{local} ({last.timezone})"


def gathered(guardian: QuietHours | None, own: QuietHours | None) -> tuple[Quiet, ...]:
    """The member's quiet hours: their guardian's first, then their own."""
    return tuple(Quiet(whose, hours) for whose, hours in ((GUARDIAN, guardian), (YOU, own)) if hours is not None)


def resting(quiets: Sequence[Quiet], now: datetime) -> Resting | None:
    """The quiet hours that hold at `now`, and when the member is out of all of them; None
    outside every one. (Spans that together cover the whole day never end: the chain stops
    after every span has taken over twice, at the end it reached.)"""
    chain: list[Quiet] = []
    until = now
    for _ in range(2 * len(quiets)):
        holding = [(ends, q) for q in quiets if (ends := quiet_until(q.hours, until)) is not None]
        if not holding:
            break
        ends, last = max(holding, key=lambda pair: pair[0])
        if last not in chain:
            chain.append(last)
        until = ends
    return Resting(tuple(chain), until) if chain else None


def next_quiet(quiets: Sequence[Quiet], now: datetime) -> datetime | None:
    """When quiet hours next begin (`now` itself within them); None without any."""
    return min((quiet_from(q.hours, now) for q in quiets), default=None)


def refuse_while_resting(quiets: Sequence[Quiet], now: datetime, what: str) -> None:
    """Raises QuietHoursNow when `now` is within quiet hours, saying that `what`
    ("generating") opens again when they end, with Retry-After until then."""
    if (rest := resting(quiets, now)) is not None:
        raise QuietHoursNow(f"Quiet hours: {rest.words()}; {what} opens again at {rest.opens_at()}.",
                            retry_after_s=max(1, math.ceil((rest.until - now).total_seconds())))


class QuietHoursService:
    """A member's own quiet hours, and all those that apply to them (their guardian's too)."""

    def __init__(self, store: SqlEventStore, directory: Directory, guardians: GuardianService) -> None:
        self._store, self._directory, self._guardians = store, directory, guardians

    def own(self, user_id: str) -> QuietHours | None:
        """The quiet hours the member chose for themselves (None: none)."""
        last = self._store.last_event(quiet_stream(user_id))
        return last.event.quiet_hours if last is not None and isinstance(last.event, QuietHoursChosen) else None

    def choose(self, user_id: str, quiet: QuietHours | None, *, context: Context | None = None) -> QuietHours | None:
        """Set the member's own quiet hours (None: none); answers them. Raises InvalidInput
        (a time or zone that is not one, or start = end), NotFound (no such member)."""
        self._directory.require_id(user_id)
        if quiet is not None:
            check_quiet_hours(quiet)
        if quiet != self.own(user_id):
            chosen = QuietHoursChosen(user_id=user_id) if quiet is None else QuietHoursChosen(
                user_id=user_id, start=quiet.start, end=quiet.end, timezone=quiet.timezone)
            self._store.append(quiet_stream(user_id), [chosen], context=context)
        return quiet

    def applying(self, user_id: str) -> tuple[Quiet, ...]:
        """Every quiet hours that apply to the member: their guardian's while they are a teen,
        then their own."""
        return gathered(self._guardians.teen_quiet_hours(user_id), self.own(user_id))
