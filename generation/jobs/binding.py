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

from sqlmodel import Session, select

from events import NO_STREAM, ConcurrencyError, Context, SqlEventStore
from events.generation import MediaStoreBound
from generation.jobs.media import MediaNotFound, MediaStore
from generation.jobs.tables import VideoRow

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
    the database is bound to a store whose mark `media` lacks, or (binding it first) lists a
    video that `media` lacks; raises what the store raises when it cannot be read or written."""
    bound = _bound(store)
    if bound is None:
        _holds_listed_video(store, media, location)
        candidate = new_id()
        media.put(mark_key(candidate), candidate.encode())
        try:
            store.append(STREAM, [MediaStoreBound(store_id=candidate, location=shown_location(location))], NO_STREAM,
                         context=Context(actor="up"))
            return candidate
        except ConcurrencyError:  # another process bound the database first: check against its store
            media.delete(mark_key(candidate))
            bound = _bound(store)
    try:
        media.size(mark_key(bound.store_id))
    except MediaNotFound:
        raise MediaStoreMismatch(
            f"the media store at {shown_location(location)} is not this database's: its media are in the store "
            f"first reached at {bound.location} (it holds {mark_key(bound.store_id)}, this one does not). "
            "Every process serving one database must share one media store: set REELWORLD_MEDIA_URL "
            "(or REELWORLD_HOME on shared storage) to it. If this store is that one, moved, copy that "
            "mark over with the rest of its files"
        ) from None
    return bound.store_id


def _bound(store: SqlEventStore) -> MediaStoreBound | None:
    """The binding recorded (None before the first); raises MediaStoreMismatch for one a newer
    release recorded in a form this one cannot read."""
    recorded = store.read_stream(STREAM)
    if not recorded:
        return None
    if not isinstance(recorded[0].event, MediaStoreBound):
        raise MediaStoreMismatch("this database's media store was recorded by a newer release of Reelworld; "
                                 "start that release (or a newer one) instead")
    return recorded[0].event


def _holds_listed_video(store: SqlEventStore, media: MediaStore, location: str) -> None:
    """Before binding a database that already lists videos (an installation from before
    binding): one of them must be in `media`, or the first start after the upgrade, on an
    unmounted share or a mistyped path, would bind the database to an empty store for good."""
    with Session(store.engine) as session:
        listed = session.exec(select(VideoRow).limit(1)).first()
    if listed is None:
        return
    try:
        media.size(listed.media_key)
    except MediaNotFound:
        raise MediaStoreMismatch(
            f"the media store at {shown_location(location)} does not hold this database's videos (video "
            f"{listed.video_id} is not in it, at {listed.media_key}): set REELWORLD_MEDIA_URL (or "
            "REELWORLD_HOME) to the store that does, or mount it") from None


def shown_location(location: str) -> str:
    """`location` as it may be recorded and shown: a URL without its user, password and query
    (either may carry credentials)."""
    parts = urlsplit(str(location))
    if not parts.scheme or len(parts.scheme) == 1:  # a path (a Windows drive letter is no scheme)
        return str(location)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit(parts._replace(netloc=netloc, query="", fragment=""))
