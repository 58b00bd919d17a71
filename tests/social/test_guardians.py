"""Guardian linking (two-sided) and parental controls."""

from __future__ import annotations

import pytest

from events.social import ParentalControlsSet
from social import Conflict, Controls, Forbidden, InvalidGuardianCode, InvalidInput, InvalidToken, NotFound
from tests.fixtures_db import join


def test_a_link_needs_both_the_guardian_code_and_the_teen_confirmation(any_runtime):
    guardian, teen = join(any_runtime, "mum"), join(any_runtime, "kid", birth_year=2011)
    code = any_runtime.guardians.start_link(guardian).code
    any_runtime.catch_up()
    assert [v.status for v in any_runtime.guardians.links_of(guardian)] == ["pending"]
    with pytest.raises(Forbidden):  # the guardian side alone gives no power
        any_runtime.guardians.set_controls(guardian, "kid", Controls(daily_generation_limit=2))
    any_runtime.guardians.confirm_link(teen, code)
    any_runtime.catch_up()
    [view] = any_runtime.guardians.links_of(teen)
    assert (view.status, view.role, view.guardian, view.teen) == ("active", "teen", "mum", "kid")
    assert any_runtime.guardians.current_controls(teen) is None  # none set: the feed is personalised
    any_runtime.guardians.set_controls(guardian, "kid", Controls(daily_generation_limit=2, personalised_feed=False))
    assert any_runtime.guardians.current_controls(teen).personalised_feed is False
    any_runtime.catch_up()
    [view] = any_runtime.guardians.links_of(teen)
    assert view.controls == Controls(daily_generation_limit=2, personalised_feed=False)


def test_a_teen_cannot_be_a_guardian_and_an_adult_cannot_be_linked(runtime):
    teen, adult = join(runtime, "kid", birth_year=2011), join(runtime, "dad")
    with pytest.raises(Forbidden):
        runtime.guardians.start_link(teen)
    code = runtime.guardians.start_link(adult).code
    with pytest.raises(Forbidden):
        runtime.guardians.confirm_link(join(runtime, "other_adult"), code)


def test_a_guardian_code_works_once_and_expires(runtime, clock):
    adult = join(runtime, "dad")
    teen_a, teen_b = join(runtime, "kid_a", birth_year=2011), join(runtime, "kid_b", birth_year=2011)
    code = runtime.guardians.start_link(adult).code
    runtime.guardians.confirm_link(teen_a, code)
    with pytest.raises(InvalidGuardianCode, match="already used"):
        runtime.guardians.confirm_link(teen_b, code)
    late = runtime.guardians.start_link(adult).code
    clock.advance(hours=runtime.settings.guardian_link_ttl_hours + 1)
    with pytest.raises(InvalidGuardianCode, match="expired"):
        runtime.guardians.confirm_link(teen_b, late)


def test_a_teen_has_one_guardian(runtime):
    teen = join(runtime, "kid", birth_year=2011)
    first, second = join(runtime, "mum"), join(runtime, "dad")
    runtime.guardians.confirm_link(teen, runtime.guardians.start_link(first).code)
    with pytest.raises(Conflict):
        runtime.guardians.confirm_link(teen, runtime.guardians.start_link(second).code)


def test_only_the_confirmed_guardian_sets_controls(runtime):
    teen, guardian, stranger = join(runtime, "kid", birth_year=2011), join(runtime, "mum"), join(runtime, "x_y")
    runtime.guardians.confirm_link(teen, runtime.guardians.start_link(guardian).code)
    with pytest.raises(Forbidden):
        runtime.guardians.set_controls(stranger, "kid", Controls())
    with pytest.raises(Forbidden):
        runtime.guardians.set_controls(teen, "kid", Controls(daily_generation_limit=5))


def test_controls_only_tighten_the_teen_rules(runtime):
    """A teen who links an adult account they made themselves gains nothing by it."""
    teen, guardian = join(runtime, "kid", birth_year=2011), join(runtime, "mum")
    runtime.guardians.confirm_link(teen, runtime.guardians.start_link(guardian).code)
    default = runtime.settings.teen_daily_generation_limit
    with pytest.raises(InvalidInput, match=f"between 0 and {default}, the teen default"):
        runtime.guardians.set_controls(guardian, "kid", Controls(daily_generation_limit=default + 1))
    runtime.guardians.set_controls(guardian, "kid", Controls(daily_generation_limit=default - 1))
    runtime.catch_up()
    assert runtime.quota.allowance(teen).daily_limit == default - 1
    # Controls recorded before they could only tighten still cannot loosen anything.
    stream = runtime.store.read_stream(f"guardianship-{teen}")
    runtime.store.append(f"guardianship-{teen}", [ParentalControlsSet(
        teen_id=teen, guardian_id=guardian, daily_generation_limit=100, personalised_feed=True,
        session_minutes_cap=None)], stream[-1].version)
    runtime.catch_up()
    assert runtime.quota.allowance(teen).daily_limit == default


def test_a_session_cap_shortens_the_teens_tokens(runtime, clock):
    teen, guardian = join(runtime, "kid", birth_year=2011), join(runtime, "mum")
    runtime.guardians.confirm_link(teen, runtime.guardians.start_link(guardian).code)
    issued_before = runtime.accounts.log_in("kid", "correct horse")
    runtime.guardians.set_controls(guardian, "kid", Controls(session_minutes_cap=30))
    issued_after = runtime.accounts.log_in("kid", "correct horse")
    runtime.catch_up()
    assert (issued_after.expires_at - clock()).total_seconds() == 30 * 60
    clock.advance(minutes=31)
    for token in (issued_before.token, issued_after.token):  # the cap applies to live tokens too
        with pytest.raises(InvalidToken, match="expired"):
            runtime.accounts.authenticate(token)


def test_when_the_guardian_leaves_their_controls_end_and_the_teen_may_link_again(runtime):
    teen, first, second = join(runtime, "kid", birth_year=2011), join(runtime, "mum"), join(runtime, "dad")
    runtime.guardians.confirm_link(teen, runtime.guardians.start_link(first).code)
    runtime.guardians.set_controls(first, "kid", Controls(daily_generation_limit=1))
    pending = runtime.guardians.start_link(first).code
    runtime.accounts.delete_account(first)
    runtime.catch_up()
    assert runtime.guardians.current_controls(teen) is None
    assert runtime.quota.allowance(teen).daily_limit == runtime.settings.teen_daily_generation_limit
    with pytest.raises(InvalidGuardianCode, match="left"):
        runtime.guardians.confirm_link(teen, pending)
    runtime.guardians.confirm_link(teen, runtime.guardians.start_link(second).code)
    runtime.guardians.set_controls(second, "kid", Controls(session_minutes_cap=45))
    runtime.catch_up()
    [view] = runtime.guardians.links_of(teen)
    assert view.guardian == "dad" and view.controls.session_minutes_cap == 45


def test_a_guardianship_ends_by_its_guardian_or_an_operator_and_another_can_link(runtime):
    teen, fake, mum = join(runtime, "kid", birth_year=2011), join(runtime, "kids_alt"), join(runtime, "mum")
    runtime.guardians.confirm_link(teen, runtime.guardians.start_link(fake).code)
    runtime.guardians.set_controls(fake, "kid", Controls(daily_generation_limit=3))
    with pytest.raises(Forbidden, match="only @kid's guardian"):
        runtime.guardians.release("kid", guardian_id=mum)
    runtime.guardians.release("kid")  # an operator: the real parent asked support
    runtime.catch_up()
    assert runtime.guardians.current_controls(teen) is None and runtime.guardians.links_of(teen) == []
    with pytest.raises(NotFound, match="has no guardian"):
        runtime.guardians.release("kid")
    runtime.guardians.confirm_link(teen, runtime.guardians.start_link(mum).code)
    runtime.guardians.release("kid", guardian_id=mum)  # and a guardian may let go themself
    runtime.catch_up()
    assert runtime.guardians.links_of(mum) == []
    for projector in runtime.projectors:
        projector.rebuild()
    assert runtime.guardians.links_of(teen) == []


def test_controls_recorded_before_purchases_existed_read_as_not_allowed():
    from events.base import decode_event

    recorded = (b'{"teen_id":"t","guardian_id":"g","daily_generation_limit":null,'
                b'"personalised_feed":true,"session_minutes_cap":30}')
    event = decode_event("ParentalControlsSet", 1, recorded)
    assert event.session_minutes_cap == 30 and event.purchases_allowed is False


def test_controls_recorded_before_characters_existed_leave_the_teen_rules_as_they_were():
    from events.base import decode_event

    recorded = (b'{"teen_id":"t","guardian_id":"g","daily_generation_limit":2,'
                b'"personalised_feed":false,"session_minutes_cap":null,"purchases_allowed":true}')
    event = decode_event("ParentalControlsSet", 1, recorded)
    assert event.daily_generation_limit == 2 and event.purchases_allowed is True
    assert event.characters_allowed is True


def test_controls_set_keeping_characters_allowed_keep_the_value_recorded(runtime):
    teen, guardian = join(runtime, "kid", birth_year=2011), join(runtime, "mum")
    runtime.guardians.confirm_link(teen, runtime.guardians.start_link(guardian).code)
    kept = runtime.guardians.set_controls(guardian, "kid", Controls(daily_generation_limit=3),
                                          keep=("characters_allowed",))
    assert kept.characters_allowed is True  # none recorded yet: the default
    runtime.guardians.set_controls(guardian, "kid", Controls(characters_allowed=False))
    kept = runtime.guardians.set_controls(guardian, "kid", Controls(daily_generation_limit=1),
                                          keep=("characters_allowed",))
    assert (kept.daily_generation_limit, kept.characters_allowed) == (1, False)
    assert runtime.guardians.current_controls(teen) == kept
    [link] = runtime.guardians.links_of(guardian)  # the read model is caught up by the command
    assert link.controls == kept


def test_quiet_hours_reach_the_read_model_on_each_backend_and_old_controls_have_none(any_runtime):
    from events.base import decode_event
    from events.social import QuietHours

    teen, guardian = join(any_runtime, "kid", birth_year=2011), join(any_runtime, "mum")
    any_runtime.guardians.confirm_link(teen, any_runtime.guardians.start_link(guardian).code)
    nights = QuietHours(start="21:30", end="07:00", timezone="Europe/Paris")
    recorded = any_runtime.guardians.set_controls(guardian, "kid", Controls(quiet_hours=nights))
    assert any_runtime.guardians.current_controls(teen).quiet_hours == nights == recorded.quiet_hours
    assert any_runtime.guardians.teen_quiet_hours(teen) == nights
    assert any_runtime.guardians.teen_quiet_hours(guardian) is None  # an adult's are never quiet
    [link] = any_runtime.guardians.links_of(guardian)
    assert link.controls.quiet_hours == nights
    any_runtime.guardians.set_controls(guardian, "kid", Controls(quiet_hours=None))
    [link] = any_runtime.guardians.links_of(teen)
    assert link.controls.quiet_hours is None and any_runtime.guardians.teen_quiet_hours(teen) is None
    old = decode_event("ParentalControlsSet", 1, b'{"teen_id":"t","guardian_id":"g","daily_generation_limit":null,'
                                                 b'"personalised_feed":true,"session_minutes_cap":null}')
    assert old.quiet_hours is None
