"""/v1/notifications: what happened that concerns you (your video is ready, someone used your
character, followed you or remixed your video, a reviewer decided), newest first."""

from __future__ import annotations

from litestar import Controller, get, post, put
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
