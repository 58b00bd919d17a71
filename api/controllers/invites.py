"""/v1/invites: the signed-in member's invite codes; make one while the allowance lasts."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.status_codes import HTTP_201_CREATED

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import InviteListResponse, InviteResponse, present
from events import Context
from social import Principal


class InvitesController(Controller):
    path = "/v1/invites"
    tags = ["invites"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get(sync_to_thread=True, responses=problems(401))
    def mine(self, runtime: Runtime, principal: Principal) -> InviteListResponse:
        return present(runtime.invites.of_member(principal.user_id), InviteListResponse)

    @post(status_code=HTTP_201_CREATED, sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401, 403))
    def create(self, runtime: Runtime, principal: Principal, context: Context) -> InviteResponse:
        """One more code (403 when the allowance is used up)."""
        issued = runtime.invites.issue_for_member(principal.user_id, context=context)
        runtime.catch_up()
        return present(issued, InviteResponse)
