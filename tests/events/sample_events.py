"""Event types used only by the event store's tests."""

from events import Event


class Deposited(Event):
    account: str
    amount: int


class Renamed(Event):
    """Version 2 renamed `name` to `title`; the upcaster in test_upcasting maps old rows."""

    schema_version = 2
    title: str
