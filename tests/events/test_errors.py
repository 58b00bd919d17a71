"""The store's errors cross process boundaries (Ray, multiprocessing) whole."""

from __future__ import annotations

import pickle

import pytest

from events.errors import ConcurrencyError, SchemaNewerThanCode, SubjectForgotten


@pytest.mark.parametrize("error", [
    ConcurrencyError("ledger-1", 2, 3),
    SubjectForgotten("user-1"),
    SchemaNewerThanCode("0099_future", "0005"),
], ids=lambda error: type(error).__name__)
def test_errors_pickle_with_their_message_and_fields(error):
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert vars(copy) == vars(error)
