"""Personal words recorded in clear before the store sealed them are sealed after the fact."""

from __future__ import annotations

import msgspec
import pytest
from sqlalchemy import select

from events import KeyVault
from events.base import encode_event
from events.generation import GenerationFailed, GenerationRequested, PromptRewritten
from events.legacy import seal_recorded
from events.schema import events_table
from events.vault import user_subject
from tests.events.test_vault import _note


@pytest.fixture
def vault(store, clock):
    return KeyVault(store.engine, clock=clock)


def _record_in_clear(store, stream: str, event) -> None:  # noqa: ANN001
    """Append `event` as the store wrote it before it sealed personal fields."""
    with store.engine.begin() as conn:
        position = (conn.execute(select(events_table.c.position).order_by(events_table.c.position.desc())
                                 .limit(1)).scalar() or 0) + 1
        version = len(store.read_stream(stream)) + 1
        conn.execute(events_table.insert().values(
            position=position, stream_id=stream, version=version, type=type(event).__name__, type_version=1,
            data=encode_event(event),
            meta=b'{"event_id":"00000000-0000-4000-8000-%012d","recorded_at":"2026-01-01T00:00:00Z"}' % position))


def _rows(store) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(select(events_table).order_by(events_table.c.position))]


def _raw(store) -> bytes:
    return b"".join(row[5] for row in _rows(store))


def _request(user: str, prompt: str) -> GenerationRequested:
    return GenerationRequested(
        generation_id=f"g-{user}", user_id=user, prompt=prompt, style=None, characters=(), remix_of=None,
        shots=1, tier="standard", seed=0, teen=False, reservation="free")


def test_clear_words_are_sealed_in_place_and_erased_with_their_owner(store, vault):
    vault.seal(user_subject("1"), "1990")  # both members have keys, as every member does
    vault.seal(user_subject("2"), "1990")
    _record_in_clear(store, "note-1", _note("1", "meet me at 12 Baker Street"))
    _record_in_clear(store, "note-2", _note("2", "my cat is called Mittens"))
    store.append("note-3", [_note("1", "sealed as it was appended")])
    before, events_before = _rows(store), [r.event for r in store.read_all()]
    assert b"Baker" in _raw(store)

    report = seal_recorded(store, vault)
    assert (report.scanned, report.sealed, report.erased, report.left, report.scrubbed) == (3, 2, 0, 0, True)
    assert b"Baker" not in _raw(store) and b"Mittens" not in _raw(store)
    assert [r.event for r in store.read_all()] == events_before  # readers see the same events
    after = _rows(store)
    assert [row[:5] + row[6:] for row in after] == [row[:5] + row[6:] for row in before]  # only data changed
    assert after[2] == before[2]  # what was sealed already is left alone

    vault.shred(user_subject("1"))
    first, second, third = (r.event for r in store.read_all())
    assert (first.text, first.tags, third.text) == ("", (), "")
    assert second.text == "my cat is called Mittens"
    assert seal_recorded(store, vault).sealed == 0  # nothing left to do the second time


def test_words_of_a_member_who_already_left_are_erased(store, vault):
    vault.seal(user_subject("1"), "1990")
    _record_in_clear(store, "note-1", _note("1", "meet me at 12 Baker Street"))
    vault.shred(user_subject("1"))
    assert store.read_all()[0].event.text == "meet me at 12 Baker Street"  # the gap this closes
    report = seal_recorded(store, vault)
    assert (report.sealed, report.erased) == (0, 1)
    assert b"Baker" not in _raw(store)
    assert store.read_all()[0].event.text == ""


def test_a_dry_run_counts_and_changes_nothing(store, vault):
    vault.seal(user_subject("1"), "1990")
    _record_in_clear(store, "note-1", _note("1", "meet me at 12 Baker Street"))
    before, seen = _rows(store), []
    report = seal_recorded(store, vault, dry_run=True, progress=lambda done, total: seen.append((done, total)))
    assert (report.scanned, report.sealed) == (1, 1)
    assert _rows(store) == before
    assert seen == [(1, 1)]


def test_events_from_before_they_named_their_owner_take_it_from_the_request(store, vault):
    vault.seal(user_subject("u1"), "1990")
    _record_in_clear(store, "generation-g-u1", _request("u1", "my grandmother's kitchen in Leeds"))
    # PromptRewritten and GenerationFailed carried no owner_id before they were sealed.
    _record_in_clear(store, "generation-g-u1", PromptRewritten(
        generation_id="g-u1", plan={"setting": "Leeds kitchen"}, caption="a kitchen in Leeds", expanded=False,
        unmapped=("grandmother",)))
    _record_in_clear(store, "generation-g-u1", GenerationFailed(generation_id="g-u1", step="audio", reason="could not say 'Leeds'"))
    _record_in_clear(store, "generation-orphan", GenerationFailed(generation_id="orphan", step="audio", reason="Leeds again"))

    report = seal_recorded(store, vault)
    assert (report.scanned, report.sealed, report.left) == (4, 3, 1)
    rows = _rows(store)
    assert all(b"Leeds" not in row[5] for row in rows[:3]) and b"Leeds" in rows[3][5]
    rewritten = store.read_stream("generation-g-u1")[1].event
    assert rewritten.owner_id == "u1" and rewritten.caption == "a kitchen in Leeds"
    assert msgspec.json.decode(rows[2][5])["owner_id"] == "u1"

    vault.shred(user_subject("u1"))
    request, rewritten, failed = (r.event for r in store.read_stream("generation-g-u1"))
    assert (request.prompt, rewritten.caption, rewritten.unmapped, failed.reason) == (
        "", "", (), "the reason was erased with its account")


def test_words_whose_owner_has_no_key_row_or_an_older_event_version_are_left_and_reported(store, vault):
    # A key table restored from an older backup than the log: the member may still be here.
    _record_in_clear(store, "note-9", _note("9", "words of a member whose key row is missing"))
    vault.seal(user_subject("1"), "1990")
    _record_in_clear(store, "note-1", _note("1", "words stored at an older version"))
    with store.engine.begin() as conn:  # as if the class's schema moved on since
        conn.execute(events_table.update().where(events_table.c.stream_id == "note-1").values(type_version=0))
    before = _rows(store)
    report = seal_recorded(store, vault)
    assert (report.scanned, report.sealed, report.erased, report.left) == (2, 0, 0, 2)
    assert _rows(store) == before


def test_a_run_that_could_not_remove_old_copies_says_so_and_the_next_run_removes_them(store, vault, monkeypatch):
    from events import legacy

    vault.seal(user_subject("1"), "1990")
    _record_in_clear(store, "note-1", _note("1", "meet me at 12 Baker Street"))
    monkeypatch.setattr(legacy, "remove_old_copies", lambda engine, table: False)  # a reader in the way
    assert seal_recorded(store, vault).scrubbed is False
    calls = []
    monkeypatch.setattr(legacy, "remove_old_copies", lambda engine, table: calls.append(table) or True)
    again = seal_recorded(store, vault)
    assert (again.sealed, again.scrubbed, calls) == (0, True, ["events"])
