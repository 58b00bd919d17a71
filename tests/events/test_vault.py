"""Crypto-shredding: deleting a subject's key erases their personal data everywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from events import Event, KeyVault, Sealed, StreamWrite, SubjectForgotten
from events.schema import events_table


class ProfileRecorded(Event):
    user: str
    birth_year: Sealed


@pytest.fixture
def vault(store, clock):
    return KeyVault(store.engine, clock=clock)


def _raw_log(store) -> list[bytes]:
    with store.engine.connect() as conn:
        return [row.data for row in conn.execute(select(events_table.c.data).order_by(events_table.c.position))]


def test_sealed_values_open_for_their_subject_only(vault):
    sealed = vault.seal("user-1", "1990")
    assert b"1990" not in sealed.ciphertext
    assert vault.open_text(sealed) == "1990"
    forged = Sealed("user-2", sealed.nonce, sealed.ciphertext)
    vault.seal("user-2", "x")
    with pytest.raises(Exception):  # bound to its subject: another key cannot open it
        vault.open(forged)


def test_shredding_makes_data_unreadable_and_leaves_the_log_untouched(store, vault):
    store.append("user-1", [ProfileRecorded(user="1", birth_year=vault.seal("user-1", "2009"))])
    store.append("user-2", [ProfileRecorded(user="2", birth_year=vault.seal("user-2", "1980"))])
    log_before = _raw_log(store)

    assert vault.shred("user-1") is True
    assert vault.shred("user-1") is False
    assert _raw_log(store) == log_before

    one, two = (r.event for r in store.read_all())
    with pytest.raises(SubjectForgotten, match="user-1"):
        vault.open(one.birth_year)
    assert vault.open_text(two.birth_year) == "1980"
    assert vault.is_shredded("user-1") and not vault.is_shredded("user-2")


def test_nothing_new_is_sealed_for_a_forgotten_subject(vault):
    vault.seal("user-9", "a")
    vault.shred("user-9")
    with pytest.raises(SubjectForgotten):
        vault.seal("user-9", "b")


class NoteWritten(Event):
    """An event with personal fields, one nested, sealed by the store itself."""

    personal = {"text": "", "tags": (), "about.caption": ""}
    owner_field = "owner"

    owner: str
    text: str
    tags: tuple[str, ...]
    about: dict
    public: str


def _note(owner: str, words: str) -> NoteWritten:
    return NoteWritten(owner=owner, text=words, tags=(words, "x"), about={"caption": words, "n": 1},
                       public="kept as it is")


def test_the_store_seals_personal_fields_and_opens_them_until_the_key_is_shredded(store, vault):
    store.append("note-1", [_note("1", "meet me at 12 Baker Street")])
    store.append("note-2", [_note("2", "my cat is called Mittens")])
    raw = b"".join(_raw_log(store))
    assert b"Baker" not in raw and b"Mittens" not in raw and b"kept as it is" in raw
    assert store.read_stream("note-1")[0].event == _note("1", "meet me at 12 Baker Street")

    vault.shred("user-1")
    assert b"".join(_raw_log(store)) == raw  # the log is not rewritten
    erased, kept = (r.event for r in store.read_all())
    assert (erased.text, erased.tags, erased.about, erased.public) == ("", (), {"caption": "", "n": 1}, "kept as it is")
    assert kept == _note("2", "my cat is called Mittens")
    assert store.read_stream("note-1")[0].event == erased
    # Nothing new is kept about a forgotten subject: such an event is not appended at all.
    with pytest.raises(SubjectForgotten):
        store.append_many([StreamWrite("note-1", [_note("1", "written after the account went")]),
                           StreamWrite("other", [_note("2", "in the same transaction")])])
    assert b"".join(_raw_log(store)) == raw


def test_events_recorded_before_their_fields_were_sealed_read_as_they_were(store):
    from events.base import encode_event

    with store.engine.begin() as conn:  # a row as the store wrote it before sealing existed
        conn.execute(events_table.insert().values(
            position=1, stream_id="note-0", version=1, type="NoteWritten", type_version=1,
            data=encode_event(_note("0", "old words")), meta=b'{"event_id":"00000000-0000-4000-8000-000000000000",'
                                                          b'"recorded_at":"2026-01-01T00:00:00Z"}'))
    assert store.read_stream("note-0")[0].event.text == "old words"


def test_a_shred_leaves_no_copy_of_the_key_in_the_sqlite_write_ahead_log(tmp_path, clock):
    from events import open_store

    path = tmp_path / "wal.db"
    store = open_store(f"sqlite:///{path}", clock=clock)
    vault = KeyVault(store.engine, clock=clock)
    key = vault.live_key("user-7")
    vault.shred("user-7")
    files = [p for p in tmp_path.iterdir() if p.name.startswith("wal.db")]
    for p in files:
        assert key not in p.read_bytes(), p.name
    store.engine.dispose()


def test_a_shred_leaves_no_copy_of_the_key_in_the_key_tables_pages(store, vault):
    if not store.is_postgres:
        pytest.skip("PostgreSQL's dead row versions; SQLite's files are checked above")
    from sqlalchemy import text

    key = vault.live_key("user-8")
    vault.shred("user-8")
    with store.engine.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        pages = conn.execute(text("SELECT pg_relation_size('subject_keys') / current_setting('block_size')::int")).scalar()
        raw = b"".join(bytes(conn.execute(text(f"SELECT get_raw_page('subject_keys', {i})")).scalar())
                       for i in range(pages))
    assert key not in raw


def _restamp(store, *, type_name: str, type_version: int, drop: str | None = None) -> None:
    """Rewrite the only stored row as a newer release would have written it."""
    import msgspec

    with store.engine.begin() as conn:
        data = msgspec.json.decode(conn.execute(select(events_table.c.data)).scalar_one())
        data.pop(drop, None)
        conn.execute(events_table.update().values(type=type_name, type_version=type_version,
                                                  data=msgspec.json.encode(data)))


def test_a_sealed_event_of_a_newer_version_opens_as_the_class_or_as_an_unknown_event(store):
    from events.base import UnknownEvent

    store.append("note-1", [_note("1", "meet me at noon")])
    _restamp(store, type_name="NoteWritten", type_version=9)
    assert store.read_stream("note-1")[0].event == _note("1", "meet me at noon")
    _restamp(store, type_name="NoteWritten", type_version=9, drop="public")  # no longer fits the class
    unknown = store.read_stream("note-1")[0].event
    assert isinstance(unknown, UnknownEvent) and unknown.stored_type == "NoteWritten"
    assert unknown.data["text"] == "meet me at noon"  # opened as the class names it personal


def test_a_sealed_event_of_a_type_this_code_does_not_know_reads_as_an_unknown_event(store):
    from events.base import UnknownEvent

    store.append("note-1", [_note("1", "meet me at noon")])
    _restamp(store, type_name="NoteWrittenByANewerRelease", type_version=1)
    unknown = store.read_all()[0].event
    assert isinstance(unknown, UnknownEvent) and unknown.type_version == 1
    assert unknown.data["public"] == "kept as it is" and "$sealed" in unknown.data["text"]


def test_a_sealed_field_that_cannot_be_opened_reads_as_erased_without_stopping_the_read(store, vault):
    from events.schema import subject_keys_table

    store.append("note-1", [_note("1", "words of one")])
    store.append("note-2", [_note("2", "words of two")])
    store.append("note-3", [_note("3", "words of three")])
    with store.engine.begin() as conn:  # a key table restored from a backup older than the log
        conn.execute(subject_keys_table.delete().where(subject_keys_table.c.subject == "user-1"))
        conn.execute(subject_keys_table.update().where(subject_keys_table.c.subject == "user-2")
                     .values(key=b"\x00" * 32))  # and a key that does not match its data
    one, two, three = (r.event for r in store.read_all())
    assert (one.text, two.text, three.text) == ("", "", "words of three")
