"""Failed logins slow a guesser down; a member's own address is not locked out by a stranger's."""

from __future__ import annotations

import threading
import time

import pytest

from sqlalchemy import select

from events.database import make_engine
from social import InvalidCredentials, TooManyAttempts
from social import throttle as throttle_module
from social.throttle import HashGate, LoginThrottle, failures
from tests.fixtures_db import join


def _fail(runtime, handle="kim", client="10.0.0.1", times=1):
    for _ in range(times):
        with pytest.raises(InvalidCredentials):
            runtime.accounts.log_in(handle, "wrong password", client=client)


def test_ten_failures_from_one_address_lock_that_handle_there_for_fifteen_minutes(runtime, clock):
    join(runtime, "kim")
    _fail(runtime, times=10)
    with pytest.raises(TooManyAttempts, match="try again in 15 minutes") as refused:
        runtime.accounts.log_in("kim", "correct horse", client="10.0.0.1")  # even the right password
    assert refused.value.retry_after_s == 15 * 60
    assert runtime.accounts.log_in("kim", "correct horse", client="10.0.0.2").token  # her own address
    clock.advance(minutes=15)
    assert runtime.accounts.log_in("kim", "correct horse", client="10.0.0.1").token


def test_an_address_guessing_many_handles_is_stopped_and_so_is_a_handle_guessed_from_everywhere(runtime):
    join(runtime, "kim")
    for i in range(50):
        _fail(runtime, handle=f"nobody{i}", client="10.9.9.9")
    with pytest.raises(TooManyAttempts, match="this address"):
        runtime.accounts.log_in("kim", "correct horse", client="10.9.9.9")
    for i in range(100):
        _fail(runtime, client=f"10.1.{i // 250}.{i % 250}")
    with pytest.raises(TooManyAttempts, match="@kim"):
        runtime.accounts.log_in("kim", "correct horse", client="10.200.0.1")


def test_a_success_clears_the_failures_of_its_handle_and_address(runtime):
    join(runtime, "kim")
    _fail(runtime, times=9)
    runtime.accounts.log_in("kim", "correct horse", client="10.0.0.1")
    _fail(runtime, times=9)
    assert runtime.accounts.log_in("kim", "correct horse", client="10.0.0.1").token


def test_the_hash_gate_lets_only_so_many_hashes_run_at_once():
    gate, running, most = HashGate(2), [0], [0]
    lock = threading.Lock()

    def hash_once():
        with gate.slot():
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.05)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=hash_once) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 2


def test_a_burst_of_parallel_guesses_gets_no_more_tries_than_the_limit(runtime, monkeypatch):
    from tests.social.test_accounts import _race

    join(runtime, "kim")
    inside = threading.Barrier(10, timeout=10)  # the ten let through guess at the same moment
    real = runtime.accounts._hasher

    class Waiting:
        def verify(self, hashed, password):
            inside.wait()
            return real.verify(hashed, password)

    monkeypatch.setattr(runtime.accounts, "_hasher", Waiting())
    monkeypatch.setattr(runtime.accounts, "_gate", HashGate(20))
    outcomes = _race(*(lambda: runtime.accounts.log_in("kim", "wrong password", client="10.0.0.1")
                       for _ in range(15)))
    assert sum(isinstance(o, InvalidCredentials) for o in outcomes) == 10
    assert sum(isinstance(o, TooManyAttempts) for o in outcomes) == 5


def _another_process(runtime, clock) -> LoginThrottle:
    """The throttle of a second API process: its own engine on the same database."""
    url = runtime.store.engine.url.render_as_string(hide_password=False)
    return LoginThrottle(make_engine(url), clock=clock)


def test_failures_counted_by_one_api_process_hold_in_another(any_runtime, clock):
    join(any_runtime, "kim")
    _fail(any_runtime, times=5)
    other = _another_process(any_runtime, clock)
    for _ in range(5):
        other.attempt("kim", "10.0.0.1")  # five more guesses through the other process
    with pytest.raises(TooManyAttempts):
        other.attempt("KIM", "10.0.0.1")
    with pytest.raises(TooManyAttempts, match="@kim"):
        any_runtime.accounts.log_in("kim", "correct horse", client="10.0.0.1")
    clock.advance(minutes=15)
    assert any_runtime.accounts.log_in("kim", "correct horse", client="10.0.0.1").token


def test_parallel_guesses_through_two_processes_get_no_more_tries_than_the_limit(any_runtime, clock):
    from tests.social.test_accounts import _race

    throttles = [_another_process(any_runtime, clock), _another_process(any_runtime, clock)]
    outcomes = _race(*(lambda t=throttles[i % 2]: t.attempt("kim", "10.0.0.1") for i in range(24)))
    assert sum(o is None for o in outcomes) == 10
    assert sum(isinstance(o, TooManyAttempts) for o in outcomes) == 14


def test_the_counts_keep_no_handle_or_address_in_clear_and_leave_once_out_of_the_window(runtime, clock,
                                                                                        monkeypatch):
    join(runtime, "kim")
    _fail(runtime, times=3)
    _fail(runtime, handle="lee", client="10.0.0.2")
    with runtime.store.engine.connect() as conn:
        rows = conn.execute(select(failures)).all()
    assert len(rows) == 3 * 3 + 3  # each failure counts for its pair, its handle and its address
    assert not any("kim" in row.key or "10.0.0" in row.key for row in rows)
    clock.advance(minutes=16)
    _fail(runtime)  # kim's old failures leave as she is counted again; lee's stay until a sweep
    with runtime.store.engine.connect() as conn:
        assert len(conn.execute(select(failures)).all()) == 3 + 3
    monkeypatch.setattr(throttle_module, "SWEEP_EVERY", 1)
    clock.advance(minutes=16)
    _fail(runtime, handle="max", client="10.0.0.3")
    with runtime.store.engine.connect() as conn:
        assert len(conn.execute(select(failures)).all()) == 3


def test_the_wait_given_is_the_longest_of_the_counts_that_refuse(runtime, clock):
    join(runtime, "kim")
    for i in range(99):  # kim guessed from everywhere: her count is full from now until 15 minutes on
        _fail(runtime, client=f"10.1.{i // 250}.{i % 250}")
    clock.advance(minutes=5)
    for i in range(49):  # one address guessing other handles, five minutes later
        _fail(runtime, handle=f"nobody{i}", client="10.0.0.1")
    _fail(runtime, client="10.0.0.1")  # ... and kim: both counts are full now
    clock.advance(minutes=1)
    with pytest.raises(TooManyAttempts, match="this address; try again in 14 minutes") as refused:
        runtime.accounts.log_in("kim", "correct horse", client="10.0.0.1")
    assert refused.value.retry_after_s == 14 * 60  # not kim's 9 minutes, after which the address refuses


def test_the_stored_keys_are_keyed_hashes_not_plain_ones(any_runtime):
    import hashlib

    from sqlalchemy import inspect

    join(any_runtime, "kim")
    _fail(any_runtime)
    with any_runtime.store.engine.connect() as conn:
        keys = {row.key for row in conn.execute(select(failures))}
    plain = {hashlib.sha256(f"{kind}\0{value}".encode()).hexdigest()
             for kind, value in (("pair", "kim 10.0.0.1"), ("handle", "kim"), ("client", "10.0.0.1"))}
    assert len(keys) == 3 and not keys & plain
    column = next(c for c in inspect(any_runtime.store.engine).get_columns("login_failures") if c["name"] == "id")
    if any_runtime.store.engine.dialect.name == "postgresql":
        assert str(column["type"]) == "BIGINT"  # a steady guesser must not run a 32-bit counter out
