"""Subscriptions wake on new events (NOTIFY on PostgreSQL); migrations are idempotent."""

from __future__ import annotations

import threading

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


def test_migrations_reach_head_and_can_run_again(store):
    assert current_revision(store.engine) == head_revision()
    upgrade(store.engine)
    assert current_revision(store.engine) == head_revision()
