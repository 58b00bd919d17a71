"""Sign-up, login, tokens and account deletion against the real event store."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from events import SubjectForgotten
from events.schema import events_table
from events.social import AccountRegistered
from social import HandleTaken, InvalidCredentials, InvalidInput, InvalidInvite, InvalidToken, NotFound, TooYoung
from social.tables import Account, AuthToken
from tests.fixtures_db import join


def _race(*calls):
    """Run the calls at the same moment; each outcome is a result or the exception raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            outcomes[i] = call()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            outcomes[i] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_sign_up_with_an_operator_invite_registers_the_member(any_runtime):
    user_id = join(any_runtime, "Alice")
    account = any_runtime.directory.by_handle("alice")
    assert account.user_id == user_id and account.handle == "Alice" and account.birth_year == 1990


def test_invite_is_single_use_under_two_concurrent_redeemers(any_runtime):
    code = any_runtime.invites.issue_by_operator(1)[0].code

    def sign_up(handle):
        return lambda: any_runtime.accounts.sign_up(
            invite_code=code, handle=handle, password="password123", birth_year=1990
        )

    outcomes = _race(sign_up("first"), sign_up("second"))
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1
    assert sum(isinstance(o, InvalidInvite) for o in outcomes) == 1


def test_a_used_invite_is_refused(runtime):
    code = runtime.invites.issue_by_operator(1)[0].code
    runtime.accounts.sign_up(invite_code=code, handle="one", password="password123", birth_year=1990)
    with pytest.raises(InvalidInvite, match="already used"):
        runtime.accounts.sign_up(invite_code=code, handle="two", password="password123", birth_year=1990)


def test_an_expired_invite_is_refused(runtime, clock):
    code = runtime.invites.issue_by_operator(1)[0].code
    clock.advance(days=runtime.settings.invite_ttl_days, seconds=1)
    with pytest.raises(InvalidInvite, match="expired"):
        runtime.accounts.sign_up(invite_code=code, handle="late", password="password123", birth_year=1990)


def test_an_unknown_invite_is_refused(runtime):
    with pytest.raises(InvalidInvite, match="not an invite"):
        runtime.accounts.sign_up(invite_code="made-up-code", handle="x_x", password="password123", birth_year=1990)


def test_a_handle_is_taken_once_whatever_its_case(any_runtime):
    join(any_runtime, "Bob")
    with pytest.raises(HandleTaken):
        join(any_runtime, "bOB")


def test_a_handle_is_taken_once_under_concurrent_sign_ups(any_runtime):
    codes = [i.code for i in any_runtime.invites.issue_by_operator(2)]

    def sign_up(code):
        return lambda: any_runtime.accounts.sign_up(
            invite_code=code, handle="same", password="password123", birth_year=1990
        )

    outcomes = _race(sign_up(codes[0]), sign_up(codes[1]))
    assert sum(not isinstance(o, Exception) for o in outcomes) == 1
    assert sum(isinstance(o, HandleTaken) for o in outcomes) == 1


def test_under_13_is_refused(any_runtime, clock):
    # 2026 - 2013 - 1 = 12: may still be 12, so refused; the invite stays usable.
    code = any_runtime.invites.issue_by_operator(1)[0].code
    with pytest.raises(TooYoung):
        any_runtime.accounts.sign_up(invite_code=code, handle="kid", password="password123", birth_year=2013)
    assert any_runtime.accounts.sign_up(
        invite_code=code, handle="grownup", password="password123", birth_year=1980
    ).is_teen is False


@pytest.mark.parametrize(("birth_year", "teen"), [(2012, True), (2008, True), (2007, False)])
def test_13_to_17_are_marked_teen(any_runtime, birth_year, teen):
    code = any_runtime.invites.issue_by_operator(1)[0].code
    signed = any_runtime.accounts.sign_up(
        invite_code=code, handle=f"born{birth_year}", password="password123", birth_year=birth_year
    )
    assert signed.is_teen is teen


def test_bad_handles_passwords_and_years_are_refused(runtime):
    code = runtime.invites.issue_by_operator(1)[0].code
    for handle, password, year in (("a", "password123", 1990), ("ok_name", "short", 1990),
                                   ("ok_name", "password123", 1800), ("bad name", "password123", 1990)):
        with pytest.raises(InvalidInput):
            runtime.accounts.sign_up(invite_code=code, handle=handle, password=password, birth_year=year)


def test_login_returns_a_token_that_authenticates(runtime):
    user_id = join(runtime, "carol", password="s3cret-pass")
    issued = runtime.accounts.log_in("CAROL", "s3cret-pass")
    runtime.catch_up()
    assert runtime.accounts.authenticate(issued.token).user_id == user_id
    with runtime.directory.session() as session:
        assert session.get(AuthToken, issued.token) is None  # only the hash is stored


def test_login_with_a_wrong_password_or_unknown_handle_is_refused(runtime):
    join(runtime, "dave", password="right-password")
    with pytest.raises(InvalidCredentials):
        runtime.accounts.log_in("dave", "wrong-password")
    with pytest.raises(InvalidCredentials):
        runtime.accounts.log_in("nobody", "right-password")


def test_logout_revokes_the_token(runtime):
    join(runtime, "erin")
    issued = runtime.accounts.log_in("erin", "correct horse")
    runtime.catch_up()
    runtime.accounts.log_out(runtime.accounts.authenticate(issued.token))
    runtime.catch_up()
    with pytest.raises(InvalidToken, match="revoked"):
        runtime.accounts.authenticate(issued.token)


def test_a_token_expires_after_its_lifetime(runtime, clock):
    join(runtime, "frank")
    issued = runtime.accounts.log_in("frank", "correct horse")
    runtime.catch_up()
    clock.advance(hours=runtime.settings.token_ttl_hours)
    with pytest.raises(InvalidToken, match="expired"):
        runtime.accounts.authenticate(issued.token)


def test_personal_fields_are_sealed_in_the_log(runtime):
    code = runtime.invites.issue_by_operator(1)[0].code
    user_id = runtime.accounts.sign_up(
        invite_code=code, handle="gina", password="password123", birth_year=1977, display_name="Gina Real-Name",
    ).user_id
    runtime.catch_up()
    runtime.accounts.rename(user_id, "Another Real-Name")
    with runtime.store.engine.connect() as conn:
        stored = b"".join(conn.execute(select(events_table.c.data)).scalars())
    for secret in (b"1977", b"Real-Name", b"argon2"):
        assert secret not in stored
    registered = runtime.store.read_stream(f"user-{user_id}")[0].event
    assert isinstance(registered, AccountRegistered)
    assert runtime.vault.open_text(registered.birth_year) == "1977"
    assert runtime.vault.open_text(registered.password_hash).startswith("$argon2")
    runtime.catch_up()
    assert runtime.directory.by_id(user_id).display_name == "Another Real-Name"


def test_deleting_an_account_shreds_its_key_and_drops_it_from_read_models(any_runtime):
    user_id = join(any_runtime, "hank")
    other = join(any_runtime, "ivy")
    any_runtime.follows.follow(other, "hank")
    log_before = len(any_runtime.store.read_all(0, 10_000))
    any_runtime.accounts.delete_account(user_id)
    any_runtime.catch_up()
    assert any_runtime.directory.by_id(user_id) is None
    assert any_runtime.follows.list(other, "following") == []
    registered = any_runtime.store.read_stream(f"user-{user_id}")[0].event
    with pytest.raises(SubjectForgotten):
        any_runtime.vault.open(registered.birth_year)
    assert len(any_runtime.store.read_all(0, 10_000)) == log_before + 1  # only AccountDeleted added
    for projector in any_runtime.projectors:  # a replay of the whole log still works
        projector.rebuild()
    with any_runtime.directory.session() as session:
        assert session.get(Account, user_id) is None
        assert session.get(Account, other) is not None


def test_a_deletion_whose_shredding_failed_can_be_retried(runtime, fail_once):
    user_id = join(runtime, "joan")
    fail_once(runtime.vault, "shred", RuntimeError("vault unreachable"))
    with pytest.raises(RuntimeError):
        runtime.accounts.delete_account(user_id)
    runtime.catch_up()
    assert runtime.directory.by_id(user_id) is not None  # nothing recorded: still there to retry
    runtime.accounts.delete_account(user_id)
    runtime.catch_up()
    assert runtime.directory.by_id(user_id) is None
    assert runtime.vault.is_shredded(f"user-{user_id}")
    registered = runtime.store.read_stream(f"user-{user_id}")[0].event
    with pytest.raises(SubjectForgotten):
        runtime.vault.open(registered.birth_year)


def test_a_deletion_whose_append_failed_is_already_shredded_and_can_be_retried(runtime, fail_once):
    user_id = join(runtime, "joan")
    fail_once(runtime.store, "append", RuntimeError("database went away"))
    with pytest.raises(RuntimeError):
        runtime.accounts.delete_account(user_id)
    assert runtime.vault.is_shredded(f"user-{user_id}")
    runtime.accounts.delete_account(user_id)
    runtime.catch_up()
    assert runtime.directory.by_id(user_id) is None
    assert [r.type for r in runtime.store.read_stream(f"user-{user_id}")].count("AccountDeleted") == 1


def test_an_account_is_deleted_once_and_cannot_log_in_while_its_deletion_lands(runtime):
    user_id = join(runtime, "kate")
    runtime.accounts.delete_account(user_id)  # the read models have not seen it yet
    with pytest.raises(NotFound, match="already deleted"):
        runtime.accounts.delete_account(user_id)
    with pytest.raises(InvalidCredentials):  # the directory still has her password hash
        runtime.accounts.log_in("kate", "correct horse")
    events = [r.type for r in runtime.store.read_stream(f"user-{user_id}")]
    assert events.count("AccountDeleted") == 1 and "TokenIssued" not in events


def test_concurrent_deletions_record_one_account_deleted(any_runtime):
    user_id = join(any_runtime, "mona")
    outcomes = _race(*(lambda: any_runtime.accounts.delete_account(user_id) for _ in range(3)))
    assert outcomes.count(None) == 1 and all(isinstance(o, NotFound) for o in outcomes if o is not None)
    assert [r.type for r in any_runtime.store.read_stream(f"user-{user_id}")].count("AccountDeleted") == 1


def test_an_invite_dies_with_the_member_who_made_it(runtime):
    maker = join(runtime, "nina")
    code = runtime.invites.issue_for_member(maker).code
    runtime.accounts.delete_account(maker)
    with pytest.raises(InvalidInvite, match="has left Reelworld"):
        runtime.accounts.sign_up(invite_code=code, handle="olga", password="correct horse", birth_year=1990)
