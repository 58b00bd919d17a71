"""The event log and everything built on it: event types, the store, projections, key vault.

Must not import api/, actors/ or Ray. Other packages use the names exported here.
"""

# Every reader of the whole log must be able to decode every event type: load them all here.
import events.characters  # noqa: F401
import events.feed  # noqa: F401
import events.generation  # noqa: F401
import events.review  # noqa: F401
import events.social  # noqa: F401
from events.base import Event, Metadata, RecordedEvent, UnknownEvent, UnknownEventType, upcaster
from events.clock import Clock, ManualClock, utc_now
from events.database import make_engine
from events.errors import ConcurrencyError, EventStoreError, SchemaNewerThanCode, SubjectForgotten
from events.migrate import upgrade
from events.projections import Projection, Projector
from events.store import ANY, NO_STREAM, Context, SqlEventStore, StreamWrite
from events.subscription import Subscription
from events.vault import KeyVault, Sealed


def open_store(url: str, *, clock: Clock = utc_now) -> SqlEventStore:
    """Open (and migrate) the event store at `url`."""
    store = SqlEventStore(make_engine(url), clock=clock)
    upgrade(store.engine)
    return store


__all__ = [
    "ANY", "NO_STREAM", "Clock", "ConcurrencyError", "Context", "Event", "EventStoreError",
    "KeyVault", "ManualClock", "Metadata", "Projection", "Projector", "RecordedEvent", "Sealed",
    "SchemaNewerThanCode", "SqlEventStore", "StreamWrite", "SubjectForgotten", "Subscription", "UnknownEvent",
    "UnknownEventType",
    "make_engine", "open_store", "upcaster", "utc_now",
]
