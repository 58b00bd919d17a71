"""Crypto-shredding: deleting a subject's key erases their personal data everywhere."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from events import Event, KeyVault, Sealed, SubjectForgotten
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
