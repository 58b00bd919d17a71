"""The remix tree of a video, read for moderation: the videos it remixes (its lineage, up to an
original) and the remixes of it and of those in turn (its descendants), with what each one's
holds and moderation streams say.

The lineage is read from the log (each request names its source's video and generation). The
descendants are read from the source's moderation stream (RemixPosted: the remixes posted) and
from the generations' read model (the remixes made, posted or not: a remix of one never posted
is found through it). The SYSTEM reports of a remix (by the service, holding it because a
reviewer removed a video it derives from) are on its own stream, `holds-<remix>`.

Domain code: must not import api/, actors/ or Ray.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple

from sqlalchemy import select
from sqlmodel import Session

from events import RecordedEvent, SqlEventStore
from events.feed import SYSTEM, VideoPosted, post_stream
from events.review import (
    RemixPosted,
    VideoReported,
    holds_stream,
    moderation_of,
    moderation_stream,
    reason_said,
)
from generation.jobs.service import generation_stream
from generation.jobs.state import fold
from generation.jobs.tables import VideoRow


class Remix(NamedTuple):
    video_id: str
    generation_id: str
    owner_id: str


class Holds(NamedTuple):
    """A remix's SYSTEM reports (its holds stream), its moderation stream, and the ids of those
    reports that no decision there has decided yet."""

    holds: list[RecordedEvent]
    moderation: list[RecordedEvent]
    waiting: tuple[str, ...]


class Descendant(NamedTuple):
    remix: Remix
    holds: Holds
    path: tuple[tuple[str, int], ...]
    """The remixes between the root and this one (the root's remixes have none), each with the
    version of its moderation stream read: what a change below the root is checked against."""


def system_note(category: str) -> str:
    """The note of a SYSTEM report (what a reviewer reads; made again from its reason, so that
    a case never reads the service's whole stream of them)."""
    return (f"A reviewer removed the video this remixes, or one that video remixes in turn ({reason_said(category)}): "
            "held until a reviewer looks at it.")


def system_report(remix: Remix, category: str, new_id: Callable[[], uuid.UUID]) -> VideoReported:
    """A report by SYSTEM of `remix`: it holds the remix at once, until a reviewer decides."""
    return VideoReported(
        report_id=str(new_id()), video_id=remix.video_id, generation_id=remix.generation_id,
        owner_id=remix.owner_id, reporter_id=SYSTEM, reason=category, note=system_note(category))


def holds_of(store: SqlEventStore, remix_id: str) -> Holds:
    """The remix's SYSTEM reports, its moderation stream, and which of those reports wait."""
    holds = store.read_stream(holds_stream(remix_id))
    events = store.read_stream(moderation_stream(remix_id))
    decided = moderation_of(events).decided
    return Holds(holds, events, tuple(h.event.report_id for h in holds if h.event.report_id not in decided))


def remixes(store: SqlEventStore, video_id: str, moderation: Sequence[RecordedEvent]) -> dict[str, Remix]:
    """The remixes of the video: those its moderation stream says were posted (RemixPosted),
    and those the read model knows of (made, posted or not)."""
    found = {r.event.remix_id: Remix(r.event.remix_id, r.event.generation_id, r.event.owner_id)
             for r in moderation if isinstance(r.event, RemixPosted)}
    with Session(store.engine) as session:
        for row in session.execute(select(VideoRow).where(VideoRow.remix_of == video_id)).scalars():
            found.setdefault(row.video_id, Remix(row.video_id, row.generation_id, row.owner_id))
    return dict(sorted(found.items()))


def descendants(store: SqlEventStore, video_id: str, moderation: Sequence[RecordedEvent], *,
                into_removed: bool) -> Iterator[Descendant]:
    """Each remix of the video, and each remix of those in turn (breadth first, each once),
    with its holds. Without `into_removed`, the remixes of a remix whose own removal is in
    force are left out (that removal holds them)."""
    todo: list[tuple[str, Sequence[RecordedEvent], tuple[tuple[str, int], ...]]] = [(video_id, moderation, ())]
    seen = {video_id}
    while todo:
        source, events, path = todo.pop(0)
        for remix in remixes(store, source, events).values():
            if remix.video_id in seen:
                continue
            seen.add(remix.video_id)
            holds = holds_of(store, remix.video_id)
            yield Descendant(remix, holds, path)
            if into_removed or not moderation_of(holds.moderation).in_force:
                todo.append((remix.video_id, holds.moderation,
                             (*path, (remix.video_id, len(holds.moderation)))))


def lineage(store: SqlEventStore, generation_id: str) -> list[tuple[str, list[RecordedEvent]]]:
    """The video the generation remixes, and each video that one remixes in turn up to an
    original, with their moderation streams; from the log (each request names its source's
    video and generation: a source never posted, or deleted since, is followed too)."""
    found: list[tuple[str, list[RecordedEvent]]] = []
    while (state := fold(store.read_stream(generation_stream(generation_id)))) is not None:
        source = state.request.remix_of
        if source is None or any(source == known for known, _ in found):
            break
        found.append((source, store.read_stream(moderation_stream(source))))
        if state.request.remix is not None:
            generation_id = state.request.remix.generation_id
        else:  # asked for before requests named the source's generation: its post does
            posted = next((r.event for r in store.read_stream(post_stream(source))
                           if isinstance(r.event, VideoPosted)), None)
            if posted is None:
                break
            generation_id = posted.generation_id
    return found
