"""The event store's contract, run on SQLite and PostgreSQL alike."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import insert

from events import ANY, NO_STREAM, ConcurrencyError, Context, StreamWrite, UnknownEventType, upcaster
from events.base import Metadata, UnknownEvent, encode_metadata
from events.schema import events_table
from tests.events.sample_events import Deposited, Renamed


def test_appended_events_read_back_in_stream_order(store, clock):
    store.append("acct-1", [Deposited(account="1", amount=5), Deposited(account="1", amount=7)], NO_STREAM)
    store.append("acct-1", [Deposited(account="1", amount=9)], 2)
    got = store.read_stream("acct-1")
    assert [r.version for r in got] == [1, 2, 3]
    assert [r.event.amount for r in got] == [5, 7, 9]
    assert all(r.recorded_at == clock.now for r in got)
    assert store.stream_version("acct-1") == 3
    assert store.read_stream("nobody") == [] and store.stream_version("nobody") == 0


def test_stale_expected_version_is_rejected(store):
    store.append("s", [Deposited(account="a", amount=1)], NO_STREAM)
    with pytest.raises(ConcurrencyError) as info:
        store.append("s", [Deposited(account="a", amount=2)], NO_STREAM)
    assert (info.value.expected, info.value.actual) == (0, 1)
    assert "version 1" in str(info.value)
    assert len(store.read_stream("s")) == 1


def test_any_version_appends_without_checking(store):
    store.append("s", [Deposited(account="a", amount=1)], ANY)
    store.append("s", [Deposited(account="a", amount=2)], ANY)
    assert store.stream_version("s") == 2


def test_append_many_records_all_streams_or_none(store):
    store.append("b", [Deposited(account="b", amount=1)])
    with pytest.raises(ConcurrencyError):
        store.append_many([
            StreamWrite("a", [Deposited(account="a", amount=1)], NO_STREAM),
            StreamWrite("b", [Deposited(account="b", amount=2)], NO_STREAM),  # stale
        ])
    assert store.read_stream("a") == []
    assert [r.position for r in store.read_all()] == [1]


def test_two_writers_with_the_same_expected_version_exactly_one_wins(store):
    store.append("race", [Deposited(account="r", amount=0)], NO_STREAM)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def write(amount: int) -> None:
        barrier.wait()
        try:
            store.append("race", [Deposited(account="r", amount=amount)], 1)
            outcomes.append("won")
        except ConcurrencyError:
            outcomes.append("lost")

    threads = [threading.Thread(target=write, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["lost", "won"]
    assert store.stream_version("race") == 2


def test_metadata_carries_correlation_and_causation(store):
    first = store.append("m", [Deposited(account="m", amount=1)], context=Context(actor="u1", request_id="r1"))[0]
    assert first.metadata.correlation_id == first.metadata.event_id
    reaction = store.append("n", [Deposited(account="n", amount=2)], context=Context().caused_by(first))[0]
    assert reaction.metadata.causation_id == first.metadata.event_id
    assert reaction.metadata.correlation_id == first.metadata.event_id
    back = store.read_stream("m")[0].metadata
    assert (back.actor, back.request_id) == ("u1", "r1")


def test_read_all_pages_by_position_and_filters_by_type(store):
    for n in range(5):
        store.append(f"p-{n}", [Deposited(account=str(n), amount=n)])
    store.append("title", [Renamed(title="x")])
    assert [r.position for r in store.read_all(after=2, limit=2)] == [3, 4]
    assert [r.type for r in store.read_all(types=["Renamed"])] == ["Renamed"]
    assert store.last_position() == 6


@upcaster("Renamed", 1)
def _name_became_title(data: dict) -> dict:
    data["title"] = data.pop("name")
    return data


def _insert_raw(store, type_name: str, type_version: int, data: bytes) -> None:
    meta = Metadata(event_id=uuid.uuid4(), recorded_at=store._clock())
    with store.engine.begin() as conn:
        conn.execute(insert(events_table).values(
            position=store.last_position() + 1, stream_id="old",
            version=store.stream_version("old") + 1, type=type_name, type_version=type_version,
            data=data, meta=encode_metadata(meta),
        ))


def test_old_event_shapes_are_upcast_on_read(store):
    _insert_raw(store, "Renamed", 1, b'{"type":"Renamed","name":"old title"}')
    assert store.read_stream("old")[0].event == Renamed(title="old title")


def test_an_event_type_this_code_does_not_know_reads_as_an_unknown_event(store):
    _insert_raw(store, "StoryPosted", 2, b'{"type":"StoryPosted","story":"s1","likes":[1,2]}')
    store.append("acct", [Deposited(account="a", amount=1)])
    unknown, known = store.read_all()
    assert unknown.event == UnknownEvent(stored_type="StoryPosted", type_version=2,
                                         data={"story": "s1", "likes": [1, 2]})
    assert unknown.type == "UnknownEvent"  # never mistaken for the type it stands for
    assert known.event == Deposited(account="a", amount=1)
    assert store.read_stream("old")[0].event == unknown.event


def test_an_unknown_event_cannot_be_appended(store):
    _insert_raw(store, "StoryPosted", 1, b'{"type":"StoryPosted","story":"s1"}')
    unknown = store.read_stream("old")[0].event
    with pytest.raises(ValueError, match="StoryPosted v1"):
        store.append("copy", [unknown])
    with pytest.raises(ValueError, match="StoryPosted"):
        store.append_many([StreamWrite("a", [Deposited(account="a", amount=1)]), StreamWrite("copy", [unknown])])
    assert store.last_position() == 1


def test_a_known_type_stored_at_a_newer_version_decodes_as_the_class_where_it_fits(store):
    _insert_raw(store, "Deposited", 5, b'{"type":"Deposited","account":"a","amount":3,"currency":"EUR"}')
    _insert_raw(store, "Deposited", 6, b'{"type":"Deposited","account":"a","amount":{"cents":300}}')
    fits, does_not = (r.event for r in store.read_stream("old"))
    assert fits == Deposited(account="a", amount=3)  # the field this code lacks is left out
    assert does_not == UnknownEvent(stored_type="Deposited", type_version=6,
                                    data={"account": "a", "amount": {"cents": 300}})


def test_an_old_version_without_its_upcaster_is_a_clear_error(store):
    _insert_raw(store, "Renamed", 0, b'{"type":"Renamed","label":"x"}')
    with pytest.raises(UnknownEventType, match="no upcaster for Renamed v0"):
        store.read_all()


def test_an_empty_write_with_a_stale_expected_version_is_rejected(store):
    store.append("b", [Deposited(account="b", amount=1)])
    with pytest.raises(ConcurrencyError) as info:
        store.append_many([
            StreamWrite("a", [Deposited(account="a", amount=1)], NO_STREAM),
            StreamWrite("b", [], NO_STREAM),  # nothing to write, but "b must not exist" is stale
        ])
    assert (info.value.stream_id, info.value.expected, info.value.actual) == ("b", 0, 1)
    assert store.read_stream("a") == []
    store.append_many([StreamWrite("a", [Deposited(account="a", amount=1)], NO_STREAM), StreamWrite("b", [], 1)])
    assert store.stream_version("a") == 1


def test_two_writes_to_one_stream_in_one_call_continue_its_versions(store):
    recorded = store.append_many([
        StreamWrite("s", [Deposited(account="s", amount=1)], NO_STREAM),
        StreamWrite("t", [Deposited(account="t", amount=2)]),
        StreamWrite("s", [Deposited(account="s", amount=3), Deposited(account="s", amount=4)], 1),
    ])
    assert [(r.stream_id, r.version, r.position) for r in recorded] == [("s", 1, 1), ("t", 1, 2), ("s", 2, 3), ("s", 3, 4)]
    assert [(r.version, r.event.amount) for r in store.read_stream("s")] == [(1, 1), (2, 3), (3, 4)]
    with pytest.raises(ConcurrencyError) as info:  # checked against the version the first write left
        store.append_many([StreamWrite("s", [Deposited(account="s", amount=5)], 3),
                           StreamWrite("s", [Deposited(account="s", amount=6)], 3)])
    assert (info.value.expected, info.value.actual) == (3, 4)
    assert store.stream_version("s") == 3


def test_a_stream_id_holding_nul_reads_as_a_stream_that_does_not_exist(store):
    """A path parameter with NUL reaches the store as a stream id: no stream has one, and
    PostgreSQL would refuse to compare it (a 500 where a 404 belongs)."""
    assert store.read_stream("generation-a\x00b") == []
    assert store.stream_version("generation-a\x00b") == 0


def test_the_last_event_of_a_stream_is_read_alone(store):
    store.append("acct-2", [Deposited(account="2", amount=1), Deposited(account="2", amount=4)], NO_STREAM)
    last = store.last_event("acct-2")
    assert (last.version, last.event.amount) == (2, 4)
    assert store.last_event("nobody") is None and store.last_event("acct-\x00") is None
