"""Quotas and credits: free generations, credits, teen limits, purchases."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime

import pytest

from social import Conflict, Controls, Forbidden, NotFound, PaymentDeclined, QuotaExceeded
from social.ledger import fold_ledger
from tests.fixtures_db import join


def _reserve_all(runtime, user_id, n, prefix="r"):
    return [runtime.quota.reserve_generation(user_id, f"{prefix}{i}").source for i in range(n)]


def test_free_generations_come_first_then_credits_then_quota_exceeded(runtime, clock):
    user_id = join(runtime, "alice")
    runtime.quota.purchase(user_id, 2, "tok_visa")
    free = runtime.settings.daily_free_generations
    assert _reserve_all(runtime, user_id, free + 2) == ["free"] * free + ["credit"] * 2
    with pytest.raises(QuotaExceeded) as raised:
        runtime.quota.reserve_generation(user_id, "one-too-many")
    assert raised.value.resets_at == datetime(2026, 1, 2, tzinfo=UTC)
    runtime.catch_up()
    view = runtime.quota.quota(user_id)
    assert (view.balance, view.free_used_today, view.used_today) == (0, free, free + 2)


def test_free_generations_reset_at_utc_midnight(runtime, clock):
    user_id = join(runtime, "alice")
    _reserve_all(runtime, user_id, runtime.settings.daily_free_generations)
    with pytest.raises(QuotaExceeded):
        runtime.quota.reserve_generation(user_id, "late")
    clock.advance(days=1)
    assert runtime.quota.reserve_generation(user_id, "next-day").source == "free"


def test_reserving_twice_with_one_request_id_consumes_once(runtime):
    user_id = join(runtime, "alice")
    first = runtime.quota.reserve_generation(user_id, "same")
    assert runtime.quota.reserve_generation(user_id, "same") == first
    assert len(runtime.store.read_stream(f"ledger-{user_id}")) == 1


def _reserve_at_once(runtime, user_id, n: int, prefix: str) -> list[str]:
    """The sources of `n` reservations started together (released by one barrier), or the
    name of what each refused one raised."""
    barrier, outcomes = threading.Barrier(n), []

    def reserve(i):
        barrier.wait()
        try:
            outcomes.append(runtime.quota.reserve_generation(user_id, f"{prefix}{i}").source)
        except Exception as error:  # noqa: BLE001 - the refusal is the outcome shown
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=reserve, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes


def test_balance_never_goes_negative_under_concurrent_reservations(any_runtime):
    user_id = join(any_runtime, "alice")
    any_runtime.quota.purchase(user_id, 1, "tok_visa")
    _reserve_all(any_runtime, user_id, any_runtime.settings.daily_free_generations)
    outcomes = _reserve_at_once(any_runtime, user_id, 4, "race")
    assert sorted(outcomes) == ["QuotaExceeded", "QuotaExceeded", "QuotaExceeded", "credit"]
    state, _ = fold_ledger(any_runtime.store.read_stream(f"ledger-{user_id}"))
    assert state.balance == 0
    any_runtime.catch_up()
    assert any_runtime.quota.quota(user_id).balance == 0


def test_a_dozen_reservations_at_once_all_go_through_while_credits_last(any_runtime):
    # each lost append means another reservation landed: a member's burst of requests (to one
    # API process or several) is decided one after another, not refused as "too many at once"
    user_id = join(any_runtime, "alice")
    any_runtime.quota.purchase(user_id, 12, "tok_visa")
    _reserve_all(any_runtime, user_id, any_runtime.settings.daily_free_generations)
    assert _reserve_at_once(any_runtime, user_id, 12, "burst") == ["credit"] * 12
    assert fold_ledger(any_runtime.store.read_stream(f"ledger-{user_id}"))[0].balance == 0


def test_a_declined_payment_leaves_no_credit(any_runtime):
    user_id = join(any_runtime, "alice")
    for token in ("tok_declined", "tok_unknown"):
        with pytest.raises(PaymentDeclined):
            any_runtime.quota.purchase(user_id, 5, token)
    assert any_runtime.store.read_stream(f"ledger-{user_id}") == []
    any_runtime.catch_up()
    assert any_runtime.quota.quota(user_id).balance == 0


def test_a_purchase_retried_with_its_idempotency_key_credits_once(runtime):
    user_id = join(runtime, "alice")
    first = runtime.quota.purchase(user_id, 3, "tok_visa", idempotency_key="k1")
    assert runtime.quota.purchase(user_id, 3, "tok_visa", idempotency_key="k1") == first
    runtime.catch_up()
    assert runtime.quota.quota(user_id).balance == 3
    assert first.amount_cents == 3 * runtime.settings.credit_price_cents


def test_teens_have_their_own_daily_defaults(runtime):
    teen = join(runtime, "kid", birth_year=2011)
    allowance = runtime.quota.allowance(teen)
    assert allowance.free_per_day == runtime.settings.teen_daily_free_generations
    assert allowance.daily_limit == runtime.settings.teen_daily_generation_limit


def test_the_guardian_daily_limit_is_enforced_even_with_credits(any_runtime):
    teen, guardian = join(any_runtime, "kid", birth_year=2011), join(any_runtime, "mum")
    any_runtime.guardians.confirm_link(teen, any_runtime.guardians.start_link(guardian).code)
    any_runtime.guardians.set_controls(guardian, "kid", Controls(purchases_allowed=True))
    any_runtime.quota.purchase(teen, 10, "tok_visa")
    any_runtime.guardians.set_controls(guardian, "kid", Controls(daily_generation_limit=2))
    assert _reserve_all(any_runtime, teen, 2) == ["free", "free"]
    with pytest.raises(QuotaExceeded, match="daily limit of 2"):
        any_runtime.quota.reserve_generation(teen, "third")
    any_runtime.guardians.set_controls(guardian, "kid", Controls(daily_generation_limit=0))
    with pytest.raises(QuotaExceeded, match="daily limit of 0 generations is"):
        any_runtime.quota.reserve_generation(teen, "fourth")
    any_runtime.guardians.set_controls(guardian, "kid", Controls(daily_generation_limit=1))
    with pytest.raises(QuotaExceeded, match="daily limit of 1 generation is"):
        any_runtime.quota.reserve_generation(teen, "fifth")


def test_a_teen_buys_credits_only_while_their_guardian_allows_it(any_runtime):
    runtime = any_runtime
    teen, guardian = join(runtime, "kid", birth_year=2011), join(runtime, "mum")
    gateway = runtime.gateway
    with pytest.raises(Forbidden, match="link a guardian first"):
        runtime.quota.purchase(teen, 5, "tok_visa", idempotency_key="k1")
    runtime.guardians.confirm_link(teen, runtime.guardians.start_link(guardian).code)
    with pytest.raises(Forbidden, match="purchases_allowed"):
        runtime.quota.purchase(teen, 5, "tok_visa", idempotency_key="k2")
    runtime.guardians.set_controls(guardian, "kid", Controls(daily_generation_limit=3))
    with pytest.raises(Forbidden, match="purchases_allowed"):  # controls set without it still refuse
        runtime.quota.purchase(teen, 5, "tok_visa", idempotency_key="k3")
    assert gateway.charges == {} and runtime.store.read_stream(f"ledger-{teen}") == []
    runtime.catch_up()
    assert runtime.quota.quota(teen).purchases_allowed is False
    runtime.guardians.set_controls(guardian, "kid", Controls(purchases_allowed=True))
    runtime.catch_up()
    assert runtime.quota.quota(teen).purchases_allowed is True
    assert runtime.quota.purchase(teen, 5, "tok_visa", idempotency_key="k4").credits == 5
    runtime.guardians.set_controls(guardian, "kid", Controls(purchases_allowed=False))
    with pytest.raises(Forbidden, match="purchases_allowed"):
        runtime.quota.purchase(teen, 5, "tok_visa", idempotency_key="k5")
    runtime.guardians.set_controls(guardian, "kid", Controls(purchases_allowed=True))
    runtime.guardians.release("kid", guardian_id=guardian)  # the permission ends with the guardianship
    with pytest.raises(Forbidden, match="link a guardian first"):
        runtime.quota.purchase(teen, 5, "tok_visa", idempotency_key="k6")
    runtime.catch_up()
    assert runtime.quota.quota(teen).balance == 5 and len(gateway.charges) == 1


def test_adults_may_buy_without_any_guardian(runtime):
    adult = join(runtime, "alice")
    assert runtime.quota.purchase_refusal(adult) is None
    assert runtime.quota.quota(adult).purchases_allowed is True


def test_a_purchase_retried_at_the_same_moment_credits_once(any_runtime):
    user_id = join(any_runtime, "alice")
    barrier = threading.Barrier(2)

    def buy():
        barrier.wait()
        any_runtime.quota.purchase(user_id, 4, "tok_visa", idempotency_key="double-click")

    threads = [threading.Thread(target=buy) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    state, _ = fold_ledger(any_runtime.store.read_stream(f"ledger-{user_id}"))
    assert state.balance == 4


def test_releasing_a_reservation_gives_back_its_free_slot_or_credit_once(runtime):
    user_id = join(runtime, "alice")
    runtime.quota.purchase(user_id, 1, "tok_visa")
    free = runtime.settings.daily_free_generations
    _reserve_all(runtime, user_id, free)
    assert runtime.quota.reserve_generation(user_id, "paid").source == "credit"
    runtime.quota.release_generation(user_id, "paid")
    runtime.quota.release_generation(user_id, "paid")  # a retried release gives back once
    runtime.quota.release_generation(user_id, "r0")
    runtime.catch_up()
    view = runtime.quota.quota(user_id)
    assert (view.balance, view.free_used_today) == (1, free - 1)
    assert runtime.quota.reserve_generation(user_id, "again").source == "free"
    with pytest.raises(NotFound):
        runtime.quota.release_generation(user_id, "never-reserved")


def test_credit_only_reservations_spend_a_credit_or_are_refused(runtime):
    from social import CreditRequired

    user_id = join(runtime, "alice")
    with pytest.raises(CreditRequired):
        runtime.quota.reserve_generation(user_id, "busy-1", credit_only=True)
    runtime.quota.purchase(user_id, 1, "tok_visa")
    assert runtime.quota.reserve_generation(user_id, "busy-2", credit_only=True).source == "credit"
    assert runtime.quota.reserve_generation(user_id, "calm", credit_only=False).source == "free"


def test_a_purchase_charged_but_not_recorded_is_credited_once_on_retry(runtime, fail_once):
    user_id = join(runtime, "alice")
    fail_once(runtime.store, "append", RuntimeError("crashed after the charge"))
    with pytest.raises(RuntimeError):
        runtime.quota.purchase(user_id, 2, "tok_visa", idempotency_key="k1")
    first = runtime.quota.purchase(user_id, 2, "tok_visa", idempotency_key="k1")
    assert runtime.quota.purchase(user_id, 2, "tok_visa", idempotency_key="k1") == first
    runtime.catch_up()
    assert runtime.quota.quota(user_id).balance == 2
    assert [c.amount_cents for c in runtime.gateway.charges.values()] == [first.amount_cents]


@pytest.mark.parametrize("recorded", [False, True], ids=["first-try-unrecorded", "first-try-recorded"])
def test_an_idempotency_key_reused_for_a_different_purchase_is_a_conflict(runtime, fail_once, recorded):
    user_id = join(runtime, "alice")
    if not recorded:
        fail_once(runtime.store, "append", RuntimeError("crashed after the charge"))
    with contextlib.suppress(RuntimeError):
        runtime.quota.purchase(user_id, 1, "tok_visa", idempotency_key="k1")
    with pytest.raises(Conflict, match="different purchase"):
        runtime.quota.purchase(user_id, 1000, "tok_visa", idempotency_key="k1")
    runtime.catch_up()
    assert runtime.quota.quota(user_id).balance == (1 if recorded else 0)


def test_a_retry_after_the_price_changed_returns_the_purchase_already_credited(runtime, monkeypatch):
    import msgspec

    user_id = join(runtime, "alice")
    first = runtime.quota.purchase(user_id, 2, "tok_visa", idempotency_key="k1")
    dearer = msgspec.structs.replace(runtime.quota._policy, credit_price_cents=2 * first.amount_cents)
    monkeypatch.setattr(runtime.quota, "_policy", dearer)
    assert runtime.quota.purchase(user_id, 2, "tok_visa", idempotency_key="k1") == first
    runtime.catch_up()
    assert runtime.quota.quota(user_id).balance == 2


def test_a_charged_purchase_keeps_trying_to_record_itself_while_other_appends_win(runtime, monkeypatch):
    from events import ConcurrencyError

    user_id = join(runtime, "alice")
    real, lost = runtime.store.append, []

    def busy(stream_id, events, expected_version=None, **kwargs):
        if len(lost) < 8:  # more than any fixed handful of tries
            lost.append(stream_id)
            raise ConcurrencyError(stream_id, expected_version or 0, (expected_version or 0) + 1)
        return real(stream_id, events, expected_version, **kwargs)

    monkeypatch.setattr(runtime.store, "append", busy)
    bought = runtime.quota.purchase(user_id, 3, "tok_visa")
    runtime.catch_up()
    assert runtime.quota.quota(user_id).balance == 3 and len(runtime.gateway.charges) == 1
    monkeypatch.setattr("social.ledger._CHARGED_RETRIES", 2)
    lost.clear()
    with pytest.raises(Conflict, match="your card was charged \\(charge .+\\) but .+same Idempotency-Key"):
        runtime.quota.purchase(user_id, 1, "tok_visa", idempotency_key="k9")
    lost.clear()
    with pytest.raises(Conflict, match="ask support with this charge id"):
        runtime.quota.purchase(user_id, 1, "tok_visa")
    assert bought.credits == 3


@pytest.mark.parametrize(("free", "says"), [(1, "today's free generation is used and no credits"),
                                            (3, "all 3 free generations of today are used and no credits")])
def test_quota_exceeded_counts_its_generations_in_words_that_agree(free, says):
    from social.rules import Allowance, LedgerState, choose_source

    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    spent = LedgerState(day=now.date(), free_used=free)
    with pytest.raises(QuotaExceeded, match=says):
        choose_source(spent, Allowance(free_per_day=free, daily_limit=None), now)
