"""Subscriptions wake on new events (NOTIFY on PostgreSQL); migrations are idempotent."""

from __future__ import annotations

import threading

import pytest

from events import Subscription, open_store
from events.migrate import current_revision, head_revision, upgrade
from tests.events.sample_events import Deposited


def test_subscriber_wakes_when_another_store_instance_appends(store, store_url):
    # A second SqlEventStore (another engine) stands for another process writing.
    other = open_store(store_url)
    subscription = Subscription(store, after=0, poll_interval=5.0)
    got: list = []
    reader = threading.Thread(target=lambda: got.extend(subscription.next_batch(timeout=5.0)))
    reader.start()
    threading.Event().wait(0.3)
    other.append("x", [Deposited(account="x", amount=1)])
    reader.join(timeout=10)
    subscription.stop()
    other.engine.dispose()
    assert [r.event.amount for r in got] == [1]


def test_subscription_in_the_same_process_wakes_at_once(store):
    subscription = Subscription(store, after=0, poll_interval=30.0)
    timer = threading.Timer(0.2, lambda: store.append("y", [Deposited(account="y", amount=2)]))
    timer.start()
    batch = subscription.next_batch(timeout=20.0)
    subscription.stop()
    assert [r.event.amount for r in batch] == [2]


@pytest.fixture
def pg_store(clock):
    from tests.events.conftest import fresh_postgres_url

    for url in fresh_postgres_url():
        store = open_store(url, clock=clock)
        yield store
        store.engine.dispose()


def _woken_by_another_writer(store, subscription, amount: int) -> list:
    other = open_store(store.engine.url.render_as_string(hide_password=False))
    got: list = []
    reader = threading.Thread(target=lambda: got.extend(subscription.next_batch(timeout=5.0)))
    reader.start()
    threading.Event().wait(0.3)
    other.append("x", [Deposited(account="x", amount=amount)])
    reader.join(timeout=10)
    other.engine.dispose()
    return [r.event.amount for r in got]


@pytest.mark.postgres
def test_a_listener_the_database_refused_at_first_polls_then_listens(pg_store, monkeypatch):
    import psycopg

    connect = psycopg.connect

    def refused(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise psycopg.OperationalError("sorry, too many clients already")

    monkeypatch.setattr(psycopg, "connect", refused)
    subscription = Subscription(pg_store, after=0, poll_interval=0.2)  # before: the thread died here
    assert subscription.next_batch(timeout=0.2) == []  # polls
    monkeypatch.setattr(psycopg, "connect", connect)
    assert _woken_by_another_writer(pg_store, subscription, 1) == [1]
    assert subscription._listener._conn is not None  # listening again
    subscription.stop()


@pytest.mark.postgres
def test_a_listener_whose_connection_drops_opens_it_again(pg_store):
    from sqlalchemy import text

    subscription = Subscription(pg_store, after=0, poll_interval=0.2)
    pid = subscription._listener._conn.info.backend_pid
    with pg_store.engine.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    assert subscription.next_batch(timeout=0.2) == []  # the drop is seen and survived
    assert _woken_by_another_writer(pg_store, subscription, 2) == [2]
    assert subscription._listener._conn.info.backend_pid != pid
    subscription.stop()


def test_migrations_reach_head_and_can_run_again(store):
    assert current_revision(store.engine) == head_revision()
    upgrade(store.engine)
    assert current_revision(store.engine) == head_revision()
