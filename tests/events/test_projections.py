"""Projections keep their checkpoint with their writes: crash, resume, rebuild."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import Field, Session, SQLModel, select

from events import Projector
from tests.events.sample_events import Deposited


class BalanceRow(SQLModel, table=True):
    __tablename__ = "test_balances"
    account: str = Field(primary_key=True)
    total: int = 0
    applied: int = 0


class Boom(RuntimeError):
    pass


class Balances:
    """Sums deposits per account; can be told to crash on one amount, once."""

    name = "test-balances"

    def __init__(self, crash_on: int | None = None) -> None:
        self.crash_on = crash_on

    def tables(self):
        return [BalanceRow.__table__]

    def apply(self, session: Session, recorded) -> None:
        event = recorded.event
        if not isinstance(event, Deposited):
            return
        if event.amount == self.crash_on:
            self.crash_on = None
            raise Boom(f"crash while applying {event.amount}")
        row = session.get(BalanceRow, event.account) or BalanceRow(account=event.account)
        row.total += event.amount
        row.applied += 1
        session.add(row)


@pytest.fixture
def balances_store(store):
    BalanceRow.__table__.create(store.engine, checkfirst=True)
    return store


def _rows(store) -> dict[str, tuple[int, int]]:
    with Session(store.engine) as session:
        return {r.account: (r.total, r.applied) for r in session.exec(select(BalanceRow))}


def _deposit(store, n: int) -> None:
    for i in range(1, n + 1):
        store.append(f"acct-{i % 3}", [Deposited(account=str(i % 3), amount=i)])


def test_projection_catches_up_and_keeps_its_checkpoint(balances_store):
    _deposit(balances_store, 30)
    projector = Projector(balances_store, Balances(), batch_size=7)
    assert projector.catch_up() == 30
    assert projector.checkpoint() == 30
    assert sum(total for total, _ in _rows(balances_store).values()) == sum(range(1, 31))
    assert projector.catch_up() == 0


def test_projector_that_crashes_mid_batch_resumes_without_loss_or_double_apply(balances_store):
    _deposit(balances_store, 50)
    crashing = Projector(balances_store, Balances(crash_on=25), batch_size=10)
    with pytest.raises(Boom):
        crashing.catch_up()
    # Batches 1-20 committed with their checkpoint; the batch holding 25 rolled back whole.
    assert crashing.checkpoint() == 20
    assert sum(applied for _, applied in _rows(balances_store).values()) == 20
    # A fresh process resumes from the checkpoint.
    resumed = Projector(balances_store, Balances(), batch_size=10)
    assert resumed.catch_up() == 30
    rows = _rows(balances_store)
    assert sum(applied for _, applied in rows.values()) == 50
    assert sum(total for total, _ in rows.values()) == sum(range(1, 51))


def test_rebuild_from_zero_gives_the_same_read_model(balances_store):
    _deposit(balances_store, 20)
    projector = Projector(balances_store, Balances())
    projector.catch_up()
    before = _rows(balances_store)
    assert projector.rebuild() == 20
    assert _rows(balances_store) == before


class DoubledBalances(Balances):
    """A later version of Balances whose deposits count twice."""

    version = 2

    def apply(self, session: Session, recorded) -> None:
        if isinstance(recorded.event, Deposited):
            row = session.get(BalanceRow, recorded.event.account) or BalanceRow(account=recorded.event.account)
            row.total += 2 * recorded.event.amount
            row.applied += 1
            session.add(row)


def test_a_read_model_built_by_an_older_version_is_rebuilt_by_the_new_one(balances_store):
    _deposit(balances_store, 20)
    assert Projector(balances_store, Balances(), batch_size=7).catch_up() == 20
    upgraded = Projector(balances_store, DoubledBalances(), batch_size=7)
    assert upgraded.checkpoint() == 0  # `reelworld projections` shows the whole log to replay
    assert upgraded.catch_up() == 20  # replayed from zero, not added to version 1's rows
    rows = _rows(balances_store)
    assert sum(total for total, _ in rows.values()) == 2 * sum(range(1, 21))
    assert sum(applied for _, applied in rows.values()) == 20
    _deposit(balances_store, 1)
    assert Projector(balances_store, DoubledBalances()).catch_up() == 1  # rebuilt once only
    assert upgraded.checkpoint() == 21
    _deposit(balances_store, 1)
    old = Projector(balances_store, Balances())
    assert old.catch_up() == 0  # an old process leaves the newer read model alone
    assert sum(total for total, _ in _rows(balances_store).values()) == 2 * (sum(range(1, 21)) + 1)
    assert (old.stored_version(), upgraded.stored_version(), upgraded.checkpoint()) == (2, 2, 21)
    assert upgraded.catch_up() == 1  # the new version still follows the log
    old.rebuild()  # after a rollback: rebuilt at the older version, which then follows the log
    assert old.stored_version() == 1
    assert sum(total for total, _ in _rows(balances_store).values()) == sum(range(1, 21)) + 2


def test_a_new_projection_of_a_later_version_starts_at_zero(balances_store):
    _deposit(balances_store, 5)
    assert Projector(balances_store, DoubledBalances()).catch_up() == 5
    assert sum(total for total, _ in _rows(balances_store).values()) == 2 * sum(range(1, 6))


def _run_until_checkpoint(projector: Projector, position: int, *, then=None) -> None:
    """Run the projector in a thread until its checkpoint reaches `position` (after `then`)."""
    stop = threading.Event()
    runner = threading.Thread(target=projector.run_forever, args=(stop,), kwargs={"poll_interval": 0.05})
    runner.start()
    try:
        if then is not None:
            then()
        deadline = threading.Event()
        for _ in range(200):
            if projector.checkpoint() == position:
                break
            deadline.wait(0.05)
        assert projector.checkpoint() == position
    finally:
        stop.set()
        runner.join(timeout=10)
    assert not runner.is_alive()


def test_running_projector_follows_new_events(balances_store):
    projector = Projector(balances_store, Balances())
    _run_until_checkpoint(projector, 6, then=lambda: _deposit(balances_store, 6))
    assert sum(applied for _, applied in _rows(balances_store).values()) == 6


def test_a_running_projector_survives_a_database_error_as_it_starts(balances_store):
    from sqlalchemy.exc import OperationalError

    projector = Projector(balances_store, Balances())
    checkpoint, failures = projector.checkpoint, []

    def down_once() -> int:  # in the projector's thread: the test's own reads go through
        if not failures and threading.current_thread() is not threading.main_thread():
            failures.append(1)
            raise OperationalError("SELECT", {}, RuntimeError("the database system is starting up"))
        return checkpoint()

    projector.checkpoint = down_once
    _run_until_checkpoint(projector, 6, then=lambda: _deposit(balances_store, 6))
    assert failures and sum(applied for _, applied in _rows(balances_store).values()) == 6


class SeenTypes:
    """Records the type of every event it is given."""

    name = "test-seen-types"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def tables(self):
        return []

    def apply(self, session: Session, recorded) -> None:
        self.seen.append(recorded.type)


def test_a_projector_passes_over_events_of_a_type_this_code_does_not_know(balances_store):
    from tests.events.test_store import _insert_raw

    _deposit(balances_store, 1)
    _insert_raw(balances_store, "StoryPosted", 1, b'{"type":"StoryPosted","story":"s1"}')
    _deposit(balances_store, 1)
    seen = SeenTypes()
    assert Projector(balances_store, seen).catch_up() == 3
    assert seen.seen == ["Deposited", "Deposited"]
    assert Projector(balances_store, Balances()).catch_up() == 3
    assert sum(applied for _, applied in _rows(balances_store).values()) == 2
