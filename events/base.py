"""Event types: the base Struct, the registry of every event class, metadata and upcasters.

Every event is a frozen msgspec Struct tagged by its class name. Each class carries a schema
version; when a shape changes, bump `schema_version` and register an upcaster that turns the
stored dict of the old version into the next one. Old events in the log are never rewritten.

The log may hold what this code cannot read: a type that a newer release appends (while both
run, or after a rollback), or a known type stored at a newer schema version whose data no longer
fits the class. Such an event decodes to an `UnknownEvent` instead of failing the
whole read: projections and folds match on the types they know and pass over it, and every
reader of the log keeps going. An UnknownEvent cannot be appended.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, ClassVar

import msgspec


class UnknownEventType(LookupError):
    """Stored data of an older schema version that no registered upcaster brings up to date
    (a type this code does not know at all reads as an `UnknownEvent` instead)."""


class Event(msgspec.Struct, frozen=True, kw_only=True, tag_field="type", tag=True, gc=False):
    """Base of every domain event. Subclasses are registered by class name."""

    schema_version: ClassVar[int] = 1
    personal: ClassVar[dict[str, Any]] = {}
    """Fields that hold a person's own words (dotted paths into the event), each with what it
    reads as once that person is forgotten. The store seals them under the key of the member
    whose user id the field `owner_field` names (events.vault.FieldSealer): shredding the key
    erases every copy in the log. An event whose owner field is None is stored as it is."""
    owner_field: ClassVar[str] = "user_id"
    """The field holding the user id of the person the `personal` fields belong to."""
    _registry: ClassVar[dict[str, type[Event]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__name__
        known = Event._registry.get(name)
        if known is not None and known.__module__ != cls.__module__:
            raise TypeError(f"event type {name} is defined twice ({known.__module__}, {cls.__module__})")
        Event._registry[name] = cls

    @classmethod
    def type_name(cls) -> str:
        return cls.__name__


class UnknownEvent(Event):
    """Stand-in for a stored event this code cannot decode: its stored type name (a type no
    loaded module defines, or a known one at a newer schema version that no longer fits the
    class), the schema version it was stored at, and its data as plain JSON values."""

    stored_type: str
    type_version: int
    data: dict[str, Any]


del Event._registry[UnknownEvent.__name__]  # a stand-in, never a stored type


class Metadata(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True, gc=False):
    """Who and what caused an event. Stored beside it, never inside its data."""

    event_id: uuid.UUID
    recorded_at: datetime
    correlation_id: uuid.UUID | None = None
    causation_id: uuid.UUID | None = None
    actor: str | None = None
    request_id: str | None = None


class RecordedEvent(msgspec.Struct, frozen=True, kw_only=True, gc=False):
    """An event as the log holds it: global position, stream, version within the stream.

    The metadata stays encoded until asked for: most readers (projections) never look at it,
    and the whole log is read often.
    """

    position: int
    stream_id: str
    version: int
    event: Event
    raw_metadata: msgspec.Raw

    @property
    def metadata(self) -> Metadata:
        return _metadata_decoder.decode(self.raw_metadata)

    @property
    def recorded_at(self) -> datetime:
        return self.metadata.recorded_at

    @property
    def type(self) -> str:
        return type(self.event).__name__


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
_upcasters: dict[tuple[str, int], Upcaster] = {}


def upcaster(type_name: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
    """Register a function turning stored data of `type_name` at `from_version` into the next."""

    def register(fn: Upcaster) -> Upcaster:
        _upcasters[(type_name, from_version)] = fn
        return fn

    return register


_encoder = msgspec.json.Encoder()
_metadata_decoder = msgspec.json.Decoder(Metadata)
_typed_decoders: dict[type[Event], msgspec.json.Decoder] = {}
_dict_decoder = msgspec.json.Decoder(dict[str, Any])


def event_class(type_name: str) -> type[Event]:
    """The class of stored type `type_name`; UnknownEvent for a type no loaded module defines
    (its data then decodes to an UnknownEvent)."""
    return Event._registry.get(type_name, UnknownEvent)


def personal_event_classes() -> list[type[Event]]:
    """The loaded event classes that have `personal` fields."""
    return [cls for cls in Event._registry.values() if cls.personal]


def encode_event(event: Event) -> bytes:
    """The stored data of `event`. Raises ValueError for an UnknownEvent: what this code could
    not read, it cannot write back faithfully."""
    if isinstance(event, UnknownEvent):
        raise ValueError(f"cannot append an event of type {event.stored_type} v{event.type_version}: "
                         "this code does not know it (it was read as an UnknownEvent)")
    return _encoder.encode(event)


def decode_event(type_name: str, stored_version: int, data: bytes) -> Event:
    """Decode stored event data, upcasting it from `stored_version` to the current shape; an
    UnknownEvent where this code cannot read it (see `decode_builtins`)."""
    cls = event_class(type_name)
    if stored_version == cls.schema_version and cls is not UnknownEvent:
        decoder = _typed_decoders.get(cls)
        if decoder is None:
            decoder = _typed_decoders[cls] = msgspec.json.Decoder(cls)
        return decoder.decode(data)
    return decode_builtins(type_name, stored_version, _dict_decoder.decode(data))


def decode_builtins(type_name: str, stored_version: int, raw: dict[str, Any]) -> Event:
    """The event from its stored data already decoded to a dict, upcast to the current shape.

    A type no loaded module defines gives an UnknownEvent; so does a known type stored at a
    newer schema version than the class's whose data does not fit the class (fields the class
    lacks are ignored). Raises UnknownEventType when an upcaster of an older version is missing.
    """
    cls = event_class(type_name)
    if cls is UnknownEvent:
        return _unknown_event(type_name, stored_version, raw)
    if stored_version > cls.schema_version:  # written by a newer release
        try:
            return msgspec.convert(raw, cls)
        except msgspec.ValidationError:
            return _unknown_event(type_name, stored_version, raw)
    for version in range(stored_version, cls.schema_version):
        step = _upcasters.get((type_name, version))
        if step is None:
            raise UnknownEventType(f"no upcaster for {type_name} v{version} -> v{version + 1}")
        raw = step(raw)
    return msgspec.convert(raw, cls)


def _unknown_event(type_name: str, stored_version: int, raw: dict[str, Any]) -> UnknownEvent:
    data = {key: value for key, value in raw.items() if key != "type"}  # the tag is `stored_type`
    return UnknownEvent(stored_type=type_name, type_version=stored_version, data=data)


def encode_metadata(metadata: Metadata) -> bytes:
    return _encoder.encode(metadata)


def decode_metadata(data: bytes) -> Metadata:
    return _metadata_decoder.decode(data)
