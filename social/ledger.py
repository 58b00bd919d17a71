"""Quotas and credits: an event-sourced ledger per member (`ledger-<user_id>`).

Each generation consumes one of the day's free generations, or else one purchased credit.
Teens have their own defaults and a daily cap that their guardian may change, and buy credits only
when their guardian allows it in their parental controls. The reservation
is appended at the ledger version it was decided on, so concurrent generations can never take
the balance below zero or the day past its limit. Purchases go through a PaymentGateway; a
declined payment records nothing.

`QuotaService.reserve_generation(user_id, request_id)` is what the generation flow calls before
it starts; `release_generation(user_id, request_id)` gives the slot back if it never ran.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

import msgspec

from events import ConcurrencyError, Context, SqlEventStore, StreamWrite
from events.clock import Clock
from events.social import CreditsPurchased, GenerationReleased, GenerationReserved
from social.directory import Directory
from social.errors import Conflict, Forbidden, InvalidInput, NotFound
from social.guardians import Guardianship, GuardianService
from social.payments import PaymentGateway
from social.quiet import gathered, refuse_while_resting
from social.rules import (
    Allowance, LedgerState, choose_source, is_teen, next_midnight, utc_day,
)
from social.tables import LedgerAccount

MAX_CREDITS_PER_PURCHASE = 1000
_RETRIES = 5
_RESERVE_RETRIES = 50
"""Tries to reserve a generation: each loss means another reservation of the member landed, and
a person (or a client) may send a dozen at once, to several API processes."""
_CHARGED_RETRIES = 100
"""Tries to record a purchase whose card was charged (each loss means another append landed)."""
_KEY_REUSED = "this Idempotency-Key was used for a different purchase"


class QuotaPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """The installation's quota settings."""

    daily_free: int
    teen_daily_free: int
    teen_daily_limit: int
    credit_price_cents: int


class Reservation(msgspec.Struct, frozen=True, kw_only=True):
    request_id: str
    source: str
    """"free" or "credit": what paid for this generation."""


class QuotaView(msgspec.Struct, frozen=True, kw_only=True):
    balance: int
    free_per_day: int
    free_used_today: int
    used_today: int
    daily_limit: int | None
    resets_at: datetime
    purchases_allowed: bool
    """False for a teen whose guardian has not allowed purchases (or who has no guardian)."""


class Purchase(msgspec.Struct, frozen=True, kw_only=True):
    credits: int
    amount_cents: int
    charge_id: str


def fold_ledger(events: list) -> tuple[LedgerState, int]:
    """The ledger state after `events` (recorded), and the stream version it stands at."""
    state, version = LedgerState(), 0
    for recorded in events:
        version = recorded.version
        match recorded.event:
            case CreditsPurchased(credits=credits):
                state.balance += credits
            case GenerationReserved() as event:
                if state.day != event.day:
                    state.day, state.free_used, state.paid_used = event.day, 0, 0
                _count(state, event.source, +1)
                state.reservations[event.request_id] = event.source
            case GenerationReleased() as event:
                if state.day == event.day:
                    _count(state, event.source, -1)
                elif event.source == "credit":
                    state.balance += 1  # a credit comes back whatever the day
                state.released.add(event.request_id)
    return state, version


def _count(state: LedgerState, source: str, step: int) -> None:
    if source == "free":
        state.free_used += step
    else:
        state.paid_used += step
        state.balance -= step


class QuotaService:
    """Reserve generations against the ledger; buy credits; read today's quota."""

    def __init__(
        self, store: SqlEventStore, directory: Directory, guardians: GuardianService,
        gateway: PaymentGateway, policy: QuotaPolicy, *, clock: Clock,
        new_id: Callable[[], uuid.UUID] = uuid.uuid4,
    ) -> None:
        self._store, self._directory, self._guardians = store, directory, guardians
        self._gateway, self._policy, self._clock, self._new_id = gateway, policy, clock, new_id

    def allowance(self, user_id: str) -> Allowance:
        """Free generations per day and the daily cap for this member (teen rules apply)."""
        return self._allowance(self._teen_rules(user_id))

    def purchase_refusal(self, user_id: str) -> str | None:
        """Why this member may not buy credits (a teen whose guardian has not allowed it), or
        None when they may."""
        return _purchase_refusal(self._teen_rules(user_id))

    def _teen_rules(self, user_id: str) -> Guardianship | None:
        """The member's guardianship (their guardian and controls) where teen rules apply to
        them, None for an adult. Raises NotFound."""
        account = self._directory.require_id(user_id)
        if not is_teen(account.birth_year, utc_day(self._clock())):
            return None
        return self._guardians.guardianship(user_id)

    def _allowance(self, teen: Guardianship | None) -> Allowance:
        if teen is None:
            return Allowance(free_per_day=self._policy.daily_free, daily_limit=None)
        limit = self._policy.teen_daily_limit
        if teen.controls is not None and teen.controls.daily_generation_limit is not None:
            limit = min(limit, teen.controls.daily_generation_limit)  # set before controls only tightened
        return Allowance(free_per_day=min(self._policy.teen_daily_free, limit), daily_limit=limit)

    def reserve_generation(self, user_id: str, request_id: str, *, credit_only: bool = False,
                           context: Context | None = None,
                           along: Callable[[Reservation], Sequence[StreamWrite]] | None = None) -> Reservation:
        """Pay for one generation: a free one while today has any, else one credit (only a
        credit with `credit_only`, when demand is high).

        `along(reservation)`: other streams' writes (the generation this pays for) recorded in
        the same transaction as the reservation, so that a crash never leaves one without the
        other; a ConcurrencyError on one of those streams is raised as it is (the ledger's own
        is decided again on the new balance).

        Idempotent per request_id (a retry gets the first reservation back, writing nothing).
        Raises QuietHoursNow (a teen within their guardian's quiet hours; a retry of a
        reservation made before them still gets it back), QuotaExceeded (with `resets_at`),
        CreditRequired (`credit_only`, no credit left),
        NotFound (no such member).
        """
        teen = self._teen_rules(user_id)
        allowance, quiet = self._allowance(teen), teen.controls.quiet_hours if teen and teen.controls else None
        ledger = f"ledger-{user_id}"
        for attempt in range(_RESERVE_RETRIES):
            state, version = fold_ledger(self._store.read_stream(ledger))
            if request_id in state.reservations:
                return Reservation(request_id=request_id, source=state.reservations[request_id])
            now = self._clock()
            refuse_while_resting(gathered(quiet, None), now, "generating")
            source = choose_source(state, allowance, now, credit_only=credit_only)
            reservation = Reservation(request_id=request_id, source=source)
            event = GenerationReserved(user_id=user_id, request_id=request_id, day=utc_day(now), source=source)
            try:
                self._store.append_many([StreamWrite(ledger, [event], version),
                                         *(along(reservation) if along else ())], context=context)
            except ConcurrencyError as error:
                if error.stream_id != ledger:
                    raise
                time.sleep(random.uniform(0, 0.005 * min(attempt, 10)))  # spread the next tries of those that lost
                continue  # someone else reserved first: decide again on the new state
            return reservation
        raise Conflict("too many generations at once; try again")

    def release_generation(self, user_id: str, request_id: str, *, context: Context | None = None) -> bool:
        """Give back what a reservation took, when its generation never ran (blocked or failed);
        whether this call gave it back.

        Idempotent: releasing twice gives back once (False the second time). Raises NotFound
        for an unknown request_id.
        """
        for _ in range(_RETRIES):
            stream = self._store.read_stream(f"ledger-{user_id}")
            state, version = fold_ledger(stream)
            if request_id in state.released:
                return False
            reserved = next((r.event for r in stream if isinstance(r.event, GenerationReserved)
                             and r.event.request_id == request_id), None)
            if reserved is None:
                raise NotFound(f"no generation {request_id!r} was reserved")
            event = GenerationReleased(user_id=user_id, request_id=request_id, day=reserved.day, source=reserved.source)
            try:
                self._store.append(f"ledger-{user_id}", [event], version, context=context)
            except ConcurrencyError:
                continue
            return True
        raise Conflict("too many changes to this ledger at once; try again")

    def purchase(
        self, user_id: str, credits: int, card_token: str, *, idempotency_key: str | None = None,
        context: Context | None = None,
    ) -> Purchase:
        """Buy credits with a card token.

        A retry with the same Idempotency-Key credits the one charge once, even when the first
        try was charged but not recorded. Raises InvalidInput, PaymentDeclined (nothing
        recorded), Conflict (the key's charge was for another amount, other credits or a price
        that changed between the tries, and is not yet credited: the message names the charge;
        or too many purchases at once), Forbidden (a teen whose guardian has not allowed
        purchases; nothing is charged).
        """
        if not 1 <= credits <= MAX_CREDITS_PER_PURCHASE:
            raise InvalidInput(f"buy between 1 and {MAX_CREDITS_PER_PURCHASE} credits at a time")
        if (refusal := self.purchase_refusal(user_id)) is not None:
            raise Forbidden(refusal)
        amount = credits * self._policy.credit_price_cents
        key = f"{user_id}:{idempotency_key or self._new_id()}"
        charge = self._gateway.charge(card_token, amount, idempotency_key=key)
        event = CreditsPurchased(user_id=user_id, credits=credits, amount_cents=amount, charge_id=charge.charge_id)
        for attempt in range(_CHARGED_RETRIES):  # the card is charged: recording it must not give up early
            if attempt:
                time.sleep(random.uniform(0, 0.01 * min(attempt, 10)))
            stream = self._store.read_stream(f"ledger-{user_id}")
            for recorded in stream:  # a retry of a purchase already credited
                if isinstance(recorded.event, CreditsPurchased) and recorded.event.charge_id == charge.charge_id:
                    if recorded.event.credits != credits:
                        raise Conflict(_KEY_REUSED)
                    event = recorded.event
                    return Purchase(credits=event.credits, amount_cents=event.amount_cents, charge_id=event.charge_id)
            if charge.amount_cents != amount:  # the gateway handed back an earlier charge
                raise Conflict(f"{_KEY_REUSED} (charge {charge.charge_id}, {charge.amount_cents} cents, "
                               "is not credited yet: retry with what it was for, or ask support)")
            try:
                self._store.append(f"ledger-{user_id}", [event], stream[-1].version if stream else 0, context=context)
            except ConcurrencyError:
                continue
            return Purchase(credits=credits, amount_cents=amount, charge_id=charge.charge_id)
        retry = ("retry with the same Idempotency-Key, or ask support" if idempotency_key
                 else "ask support with this charge id (a retry without an Idempotency-Key would charge again)")
        raise Conflict(f"your card was charged (charge {charge.charge_id}) but the credits could not be recorded "
                       f"with so much happening at once: {retry}")

    def quota(self, user_id: str) -> QuotaView:
        """Credits left and today's usage, from the read model."""
        teen = self._teen_rules(user_id)
        allowance = self._allowance(teen)
        now = self._clock()
        with self._directory.session() as session:
            row = session.get(LedgerAccount, user_id) or LedgerAccount(user_id=user_id)
        same_day = row.day == utc_day(now)
        free_used, paid_used = (row.free_used, row.paid_used) if same_day else (0, 0)
        return QuotaView(
            balance=row.balance, free_per_day=allowance.free_per_day, free_used_today=free_used,
            used_today=free_used + paid_used, daily_limit=allowance.daily_limit,
            resets_at=next_midnight(now), purchases_allowed=_purchase_refusal(teen) is None,
        )


def _purchase_refusal(teen: Guardianship | None) -> str | None:
    """Why a member with these teen rules (None: an adult) may not buy credits, or None."""
    if teen is None or (teen.controls is not None and teen.controls.purchases_allowed):
        return None
    return ("teen accounts buy credits only when their guardian allows it in their parental controls "
            + ("(purchases_allowed)" if teen.guardian_id else "(link a guardian first)"))
