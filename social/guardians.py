"""Guardian links and parental controls.

Linking takes both sides: the guardian (an adult) makes a code, the teen enters it. Only then is
the guardian assigned (one guardian per teen) and may set the teen's parental controls: a daily
generation limit, feed personalisation on or off, a session length cap, whether the teen may
buy credits (a teen buys none unless their guardian allows it), and whether the teen's character
may be shared (while not, no one else uses it and the teen uses no one else's;
safety.likeness.rules decides). Controls only tighten the teen rules: the daily limit is at most
the installation's teen limit. A guardianship ends when its guardian lets go, or when an
operator ends it (`reelworld admin release-guardian`: a teen who linked an adult account of
their own, so their parent can link). Both sides can read the link and the controls; nobody
else can.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta

import msgspec
from sqlalchemy import or_, select

from events import NO_STREAM, ConcurrencyError, Context, Projector, SqlEventStore, StreamWrite
from events.clock import Clock
from events.social import (
    GuardianAssigned,
    GuardianLinkConfirmed,
    GuardianLinkStarted,
    GuardianReleased,
    ParentalControlsSet,
    QuietHours,
)
from social.directory import Directory
from social.errors import Conflict, Forbidden, InvalidGuardianCode, InvalidInput, NotFound
from social.projections import GuardiansProjection
from social.rules import check_code, check_quiet_hours, is_teen, random_code, utc_day
from social.tables import GuardianLink, ParentalControls, as_utc


class Controls(msgspec.Struct, frozen=True, kw_only=True):
    """Parental controls as a guardian sets them."""

    daily_generation_limit: int | None = None
    personalised_feed: bool = True
    session_minutes_cap: int | None = None
    purchases_allowed: bool = False
    """Whether the teen may buy credits. A teen buys none without a guardian who allows it."""
    characters_allowed: bool = True
    """False: the teen's character is the teen's alone, and the teen puts no one else's in a video
    (their own still works). True leaves the teen rules as they are."""
    feed_daily_items: int | None = None
    """The most videos the teen's feed shows in a UTC day, at most the teen default; None: the
    teen default (settings.teen_feed_daily_items)."""
    quiet_hours: QuietHours | None = None
    """A daily span of the teen's local time in which their feed shows nothing, they start no
    generation and no notification is pushed to them (social.rules.quiet_until); None: none."""


KEEPABLE = frozenset({"characters_allowed", "feed_daily_items", "quiet_hours"})
"""Controls that a request leaving them out keeps as they are (rather than their defaults,
which would loosen them)."""


class Guardianship(msgspec.Struct, kw_only=True):
    """A teen's guardianship folded from their stream."""

    guardian_id: str | None = None
    controls: Controls | None = None
    version: int = 0


class LinkCode(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    expires_at: datetime


class LinkView(msgspec.Struct, frozen=True, kw_only=True):
    role: str
    """"guardian" or "teen": which side of the link the viewer is on."""
    code: str
    guardian: str
    teen: str | None
    status: str
    """"pending" until the teen confirms, then "active"."""
    expires_at: datetime
    controls: Controls | None


def _check_controls(controls: Controls, most: int, most_items: int) -> None:
    limit, cap, items = controls.daily_generation_limit, controls.session_minutes_cap, controls.feed_daily_items
    if limit is not None and not 0 <= limit <= most:
        raise InvalidInput(f"daily_generation_limit is between 0 and {most}, the teen default (controls only "
                           "tighten it), or null for the default")
    if items is not None and not 0 <= items <= most_items:
        raise InvalidInput(f"feed_daily_items is between 0 and {most_items}, the teen default (controls only "
                           "tighten it), or null for the default")
    if cap is not None and not 5 <= cap <= 24 * 60:
        raise InvalidInput("session_minutes_cap is between 5 and 1440 minutes (or null for none)")
    if controls.quiet_hours is not None:
        check_quiet_hours(controls.quiet_hours)


class GuardianService:
    """Commands and queries of guardian links and parental controls."""

    def __init__(
        self, store: SqlEventStore, directory: Directory, *, clock: Clock, link_ttl: timedelta,
        teen_daily_limit: int = 100, teen_feed_daily_items: int = 100,
        new_code: Callable[[], str] = lambda: random_code(12),
    ) -> None:
        """`teen_daily_limit`, `teen_feed_daily_items`: the installation's daily limits of
        generations and of feed videos for teens; a guardian's may only be lower (else a teen
        could loosen their own rules through an adult account they made)."""
        self._store, self._directory, self._teen_daily_limit = store, directory, teen_daily_limit
        self._teen_feed_daily_items = teen_feed_daily_items
        self._clock, self._ttl, self._new_code = clock, link_ttl, new_code
        # Caught up after the controls change: safety.likeness reads them from the read model,
        # so a character forbidden is refused at the very next check, whoever calls this.
        self._projector = Projector(store, GuardiansProjection())

    def start_link(self, guardian_id: str, *, context: Context | None = None) -> LinkCode:
        """A code the guardian gives the teen. Raises Forbidden if the guardian is a teen."""
        guardian = self._directory.require_id(guardian_id)
        if is_teen(guardian.birth_year, utc_day(self._clock())):
            raise Forbidden("a guardian must be an adult")
        code, expires_at = self._new_code(), self._clock() + self._ttl
        started = GuardianLinkStarted(code=code, guardian_id=guardian_id, expires_at=expires_at)
        self._store.append(f"guardian-link-{code}", [started], NO_STREAM, context=context)
        return LinkCode(code=code, expires_at=expires_at)

    def confirm_link(self, teen_id: str, code: str, *, context: Context | None = None) -> None:
        """The teen's side: confirm the guardian's code.

        Raises Forbidden (not a teen), InvalidGuardianCode (unknown, used, expired), Conflict
        (the teen already has a guardian).
        """
        teen = self._directory.require_id(teen_id)
        if not is_teen(teen.birth_year, utc_day(self._clock())):
            raise Forbidden("only a teen account can be linked to a guardian")
        link = self._store.read_stream(f"guardian-link-{check_code(code, InvalidGuardianCode, 'a guardian code')}")
        started = link[0].event if link else None
        if not isinstance(started, GuardianLinkStarted) or len(link) > 1:
            raise InvalidGuardianCode("this guardian code is unknown or already used")
        if self._clock() >= started.expires_at:
            raise InvalidGuardianCode("this guardian code has expired; ask for a new one")
        if self._directory.by_id(started.guardian_id) is None:
            raise InvalidGuardianCode("the guardian who made this code has left Reelworld")
        current = self.guardianship(teen_id)
        if current.guardian_id is not None:
            raise Conflict("this account already has a guardian")
        confirmed = GuardianLinkConfirmed(code=code, guardian_id=started.guardian_id, teen_id=teen_id)
        assigned = GuardianAssigned(teen_id=teen_id, guardian_id=started.guardian_id)
        try:
            self._store.append_many([
                StreamWrite(f"guardian-link-{code}", [confirmed], link[-1].version),
                StreamWrite(f"guardianship-{teen_id}", [assigned], current.version),
            ], context=context)
        except ConcurrencyError:
            raise Conflict("this code or account was linked a moment ago") from None

    def set_controls(
        self, guardian_id: str, teen_handle: str, controls: Controls, *, keep: Collection[str] = (),
        context: Context | None = None,
    ) -> Controls:
        """Set a teen's parental controls; returns them as recorded. `keep`: fields (of
        KEEPABLE) recorded as the teen's current ones (the defaults where none were set) instead
        of `controls`' own, read at the version appended to, so a change between the read and the
        write is a Conflict, never a silent loosening. The read model holds them before this
        returns. Raises InvalidInput, NotFound, Forbidden (not their guardian), Conflict."""
        teen = self._directory.require_handle(teen_handle)
        current = self.guardianship(teen.user_id)
        if current.guardian_id is None or current.guardian_id != guardian_id:
            raise Forbidden(f"only @{teen.handle}'s confirmed guardian can set their controls")
        if unknown := set(keep) - KEEPABLE:
            raise InvalidInput(f"only {', '.join(sorted(KEEPABLE))} are kept as they are; not {sorted(unknown)}")
        was = current.controls or Controls()
        controls = msgspec.structs.replace(controls, **{name: getattr(was, name) for name in keep})
        _check_controls(controls, self._teen_daily_limit, self._teen_feed_daily_items)
        event = ParentalControlsSet(teen_id=teen.user_id, guardian_id=guardian_id, **msgspec.structs.asdict(controls))
        try:
            self._store.append(f"guardianship-{teen.user_id}", [event], current.version, context=context)
        except ConcurrencyError:
            raise Conflict("the controls changed a moment ago; read them and try again") from None
        self._projector.catch_up()
        return controls

    def release(self, teen_handle: str, *, guardian_id: str | None = None,
                context: Context | None = None) -> None:
        """End a teen's guardianship: by their guardian (`guardian_id`), or by an operator
        (None). Their controls end with it and the teen may link someone else. Raises NotFound
        (no such member, or no guardian), Forbidden (not their guardian)."""
        teen = self._directory.require_handle(teen_handle)
        current = self.guardianship(teen.user_id)
        if current.guardian_id is None:
            raise NotFound(f"@{teen.handle} has no guardian")
        if guardian_id is not None and current.guardian_id != guardian_id:
            raise Forbidden(f"only @{teen.handle}'s guardian can end their guardianship")
        released = GuardianReleased(teen_id=teen.user_id, guardian_id=current.guardian_id,
                                    by="operator" if guardian_id is None else "guardian")
        try:
            self._store.append(f"guardianship-{teen.user_id}", [released], current.version, context=context)
        except ConcurrencyError:
            raise Conflict("the guardianship changed a moment ago; read it and try again") from None
        self._projector.catch_up()

    def guardianship(self, teen_id: str) -> Guardianship:
        """The teen's guardian and controls, folded from the log. A guardian who deleted their
        account no longer counts: their controls end and the teen may link someone else."""
        state = Guardianship()
        for recorded in self._store.read_stream(f"guardianship-{teen_id}"):
            state.version = recorded.version
            match recorded.event:
                case GuardianAssigned(guardian_id=guardian_id):
                    state.guardian_id, state.controls = guardian_id, None
                case GuardianReleased():
                    state.guardian_id, state.controls = None, None
                case ParentalControlsSet() as event:  # every field of Controls, as set_controls recorded it
                    state.controls = msgspec.convert(event, Controls, from_attributes=True)
        if state.guardian_id is not None and self._directory.by_id(state.guardian_id) is None:
            state.guardian_id, state.controls = None, None
        return state

    def current_controls(self, teen_id: str) -> Controls | None:
        """The teen's controls as the log holds them (what quota, login and the feed enforce;
        None: no guardian set any)."""
        return self.guardianship(teen_id).controls

    def teen_quiet_hours(self, user_id: str) -> QuietHours | None:
        """The quiet hours that apply to the member: their guardian's, while they are a teen;
        None otherwise."""
        account = self._directory.require_id(user_id)
        if not is_teen(account.birth_year, utc_day(self._clock())):
            return None
        controls = self.current_controls(user_id)
        return controls.quiet_hours if controls is not None else None

    def links_of(self, user_id: str) -> list[LinkView]:
        """Every link the member is on, as guardian or as teen, with the teen's controls."""
        with self._directory.session() as session:
            links = session.execute(select(GuardianLink).where(
                or_(GuardianLink.guardian_id == user_id, GuardianLink.teen_id == user_id)
            ).order_by(GuardianLink.created_at)).scalars().all()
            teens = [link.teen_id for link in links if link.teen_id]
            controls = {c.teen_id: c for c in session.execute(
                select(ParentalControls).where(ParentalControls.teen_id.in_(teens))
            ).scalars()}
        people = self._directory.handles([x for link in links for x in (link.guardian_id, link.teen_id) if x])
        return [self._view(link, user_id, people, controls.get(link.teen_id or "")) for link in links]

    def _view(self, link: GuardianLink, viewer: str, people: dict, row: ParentalControls | None) -> LinkView:
        now = self._clock()
        expires_at = as_utc(link.expires_at)
        status = "active" if link.confirmed_at else ("expired" if now >= expires_at else "pending")
        return LinkView(
            role="guardian" if link.guardian_id == viewer else "teen",
            code=link.code if link.guardian_id == viewer else "",
            guardian=people[link.guardian_id].handle if link.guardian_id in people else "",
            teen=people[link.teen_id].handle if link.teen_id in people else None,
            status=status, expires_at=expires_at,
            controls=None if row is None else Controls(
                daily_generation_limit=row.daily_generation_limit,
                personalised_feed=row.personalised_feed, session_minutes_cap=row.session_minutes_cap,
                purchases_allowed=row.purchases_allowed, characters_allowed=row.characters_allowed,
                feed_daily_items=row.feed_daily_items,
                quiet_hours=None if row.quiet_start is None else QuietHours(
                    start=row.quiet_start, end=row.quiet_end, timezone=row.quiet_timezone),
            ),
        )
