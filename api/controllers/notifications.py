"""/v1/notifications: what happened that concerns you (your video is ready, someone used your
character, followed you or remixed your video, a reviewer decided), newest first."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator

import anyio
import msgspec
from litestar import Controller, get, post, put
from litestar.response import ServerSentEvent, ServerSentEventMessage
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import present
from api.schemas_inbox import (
    NotificationListResponse,
    NotificationResponse,
    NotificationSettingsRequest,
    NotificationSettingsResponse,
    SeenRequest,
    UnreadResponse,
)
from events import Context
from social import Principal
from social.inbox import MAX_ID, MAX_PAGE
from social.quiet import next_quiet, refuse_while_resting, resting

STREAM_SECONDS, MAX_STREAM_SECONDS = 300, 3600
"""How long a stream of the unread count lasts by default, and at most (then the client opens
another: a token revoked meanwhile ends it there)."""
KEEP_ALIVE_SECONDS = 15.0
"""A comment line at least this often, so that proxies keep a quiet stream open."""
RETRY_MS = 3000
"""How long a client waits before it opens the stream again (the SSE `retry` field)."""


class NotificationsController(Controller):
    path = "/v1/notifications"
    tags = ["notifications"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get(sync_to_thread=True, responses=problems(400, 401))
    def list(
        self, runtime: Runtime, principal: Principal,
        before: int | None = Parameter(ge=1, le=MAX_ID, default=None,
                                       description="only notifications older than this id"),
        limit: int = Parameter(ge=1, le=MAX_PAGE, default=50),
    ) -> NotificationListResponse:
        """Your notifications, newest first, with how many are unread. Reading them does not
        mark them read: `POST /v1/notifications/seen` does."""
        page = runtime.inbox.page(principal.user_id, before=before, limit=limit)
        return NotificationListResponse(
            notifications=[present(n, NotificationResponse) for n in page.notifications],
            unread=page.unread, next_before=page.next_before)

    @get("/unread", sync_to_thread=True, responses=problems(401))
    def unread(self, runtime: Runtime, principal: Principal) -> UnreadResponse:
        """How many of your notifications are unread (cheap enough to poll)."""
        return UnreadResponse(unread=runtime.inbox.unread(principal.user_id))

    @get("/stream", responses=problems(400, 401, 403), media_type="text/event-stream")
    async def stream(
        self, runtime: Runtime, principal: Principal,
        seconds: int = Parameter(ge=1, le=MAX_STREAM_SECONDS, default=STREAM_SECONDS,
                                 description="how long to keep the stream open"),
    ) -> ServerSentEvent:
        """Your unread count, pushed as server-sent events (`event: unread`, `data:
        {"unread": N}`): once at once, then whenever it changes (a notification arrives, you
        read some elsewhere, you mute a kind), for `seconds`; a comment line keeps a quiet
        stream open. Open it again when it ends (after `retry`). The stream ends when quiet
        hours begin (your own, or those a teen's guardian set), and opens no more within them
        (403, Retry-After: until they end)."""
        quiets = await anyio.to_thread.run_sync(runtime.quiet_hours.applying, principal.user_id)
        if quiets:
            now = runtime.clock()
            refuse_while_resting(quiets, now, "your notification stream")
            seconds = min(seconds, math.ceil((next_quiet(quiets, now) - now).total_seconds()))
        return ServerSentEvent(_unread_events(runtime, principal.user_id, seconds))

    @post("/seen", status_code=HTTP_200_OK, sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401))
    def seen(self, data: SeenRequest, runtime: Runtime, principal: Principal, context: Context) -> UnreadResponse:
        """Mark your notifications read up to `up_to` (all of them without it); answers how
        many stay unread. Never goes backwards."""
        runtime.inbox.mark_seen(principal.user_id, data.up_to, context=context)
        runtime.catch_up()
        return UnreadResponse(unread=runtime.inbox.unread(principal.user_id))

    @get("/settings", sync_to_thread=True, responses=problems(401))
    def settings(self, runtime: Runtime, principal: Principal) -> NotificationSettingsResponse:
        """The kinds of notification you muted, and those you may mute."""
        return present(runtime.inbox.settings(principal.user_id), NotificationSettingsResponse)

    @put("/settings", sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401))
    def mute(self, data: NotificationSettingsRequest, runtime: Runtime, principal: Principal,
             context: Context) -> NotificationSettingsResponse:
        """Mute these kinds of notification (all of them, each time): they are neither shown
        nor counted, and unmuting shows them again."""
        runtime.inbox.mute(principal.user_id, data.muted, context=context)
        runtime.catch_up()
        return present(runtime.inbox.settings(principal.user_id), NotificationSettingsResponse)


async def _quiet_now(runtime: Runtime, user_id: str) -> bool:
    """Whether the member is within quiet hours, theirs or their guardian's (read on a worker thread)."""
    quiets = await anyio.to_thread.run_sync(runtime.quiet_hours.applying, user_id)
    return resting(quiets, runtime.clock()) is not None


async def _unread_events(runtime: Runtime, user_id: str, seconds: int) -> AsyncIterator[ServerSentEventMessage]:
    """The member's unread count each time it changes, asked again (on a worker thread) whenever
    their inbox may have changed (runtime.inbox_watch); a comment after KEEP_ALIVE_SECONDS of
    quiet. Ends when quiet hours are found in force (checked as the inbox moves and before each
    comment)."""
    watch, told, seen = runtime.inbox_watch, None, None
    end = quiet_since = time.monotonic()
    end += seconds
    with watch.watching(user_id):
        while True:
            if (key := watch.key(user_id)) != seen:
                opened, seen = seen is None, key  # at opening, stream() has just checked
                if not opened and await _quiet_now(runtime, user_id):  # a guardian set quiet hours
                    return  # now in force (the controls set come as a notification: the inbox moved)
                unread = await anyio.to_thread.run_sync(runtime.inbox.unread, user_id)
                if unread != told:
                    told, quiet_since = unread, time.monotonic()
                    yield ServerSentEventMessage(event="unread", data=msgspec.json.encode({"unread": unread}).decode(),
                                                 retry=RETRY_MS)
            now = time.monotonic()
            if now - quiet_since >= KEEP_ALIVE_SECONDS:
                quiet_since = now
                if await _quiet_now(runtime, user_id):  # however they came into force
                    return
                yield ServerSentEventMessage(data=None, comment="keep-alive")  # no empty event
            if now >= end:
                return
            await asyncio.sleep(min(watch.interval, end - now))
