"""Binding a database to its media store: every process that serves one database must share one
media store (REELWORLD_MEDIA_URL, or the same REELWORLD_HOME on shared storage).

Chain steps hand frames and sound to each other through the media store, and any process may run
the next step or stream a video; a process with a media store of its own would fail other
processes' generations half way, publish videos that only it can serve, and leave a deleted
account's media in its own store when another process's sweeper erases them. So the first
`reelworld up` leaves a mark in its media store (`MARK_FOLDER/<id>`) and records that id in the
log (MediaStoreBound, once); every later start looks for that mark in its own store and refuses to
start without it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from events import NO_STREAM, ConcurrencyError, Context, SqlEventStore
from events.generation import MediaStoreBound
from generation.jobs.media import MediaNotFound, MediaStore

STREAM = "media-store"
MARK_FOLDER = "reelworld-store"
"""Where the mark lives in the media store (no generation's key starts with it)."""


class MediaStoreMismatch(RuntimeError):
    """This process's media store is not the one the database's media are in."""


def mark_key(store_id: str) -> str:
    return f"{MARK_FOLDER}/{store_id}"


def bind_media_store(store: SqlEventStore, media: MediaStore, location: str, *,
                     new_id: Callable[[], str] = lambda: uuid.uuid4().hex) -> str:
    """Check that `media` (reached at `location`) is the media store of the database behind
    `store`, binding it first if the database has none yet; returns the store's id.

    Several processes may start at once on one store: the mark is written before its id is
    recorded, so whichever records it first, the others find it. Raises MediaStoreMismatch when
    the database is bound to a store whose mark `media` lacks; raises what the store raises
    when it cannot be read or written."""
    bound = _bound(store)
    if bound is None:
        candidate = new_id()
        media.put(mark_key(candidate), candidate.encode())
        try:
            store.append(STREAM, [MediaStoreBound(store_id=candidate, location=_shown(location))], NO_STREAM,
                         context=Context(actor="up"))
            return candidate
        except ConcurrencyError:  # another process bound the database first: check against its store
            media.delete(mark_key(candidate))
            bound = _bound(store)
            assert bound is not None
    try:
        media.size(mark_key(bound.store_id))
    except MediaNotFound:
        raise MediaStoreMismatch(
            f"the media store at {_shown(location)} is not this database's: its media are in the store "
            f"first reached at {bound.location} (it holds {mark_key(bound.store_id)}, this one does not). "
            "Every process serving one database must share one media store: set REELWORLD_MEDIA_URL "
            "(or REELWORLD_HOME on shared storage) to it. If this store is that one, moved, copy that "
            "mark over with the rest of its files"
        ) from None
    return bound.store_id


def _bound(store: SqlEventStore) -> MediaStoreBound | None:
    recorded = store.read_stream(STREAM)
    return recorded[0].event if recorded and isinstance(recorded[0].event, MediaStoreBound) else None


def _shown(location: str) -> str:
    """`location` without a password (a URL may carry one)."""
    parts = urlsplit(str(location))
    if parts.password is None:
        return str(location)
    host = parts.hostname or ""
    netloc = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc))
