"""/v1/users/{handle}: public profiles."""

from __future__ import annotations

from litestar import Controller, get

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import problems
from api.runtime import Runtime
from api.schemas import ProfileResponse, present
from social import Principal
from social.rules import utc_day


class UsersController(Controller):
    path = "/v1/users"
    tags = ["users"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get("/{handle:str}", sync_to_thread=True, responses=problems(401, 404))
    def profile(self, handle: str, runtime: Runtime, principal: Principal) -> ProfileResponse:
        """Handle, display name and follow counts; teen status only for oneself and one's guardian."""
        profile = runtime.directory.profile(handle, principal.user_id, utc_day(runtime.clock()))
        return present(profile, ProfileResponse)
