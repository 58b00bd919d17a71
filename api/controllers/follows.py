"""/v1/follows: follow and unfollow by handle; list followers, following or mutuals."""

from __future__ import annotations

from typing import Literal

from litestar import Controller, delete, get, post
from litestar.params import Parameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import MAX_OFFSET, FollowRequest, MemberListResponse, MemberResponse, present
from events import Context
from social import Principal


class FollowsController(Controller):
    path = "/v1/follows"
    tags = ["follows"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @post(status_code=HTTP_201_CREATED, sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401, 404))
    def follow(self, data: FollowRequest, runtime: Runtime, principal: Principal, context: Context) -> MemberResponse:
        member = runtime.follows.follow(principal.user_id, data.handle, context=context)
        runtime.catch_up()
        return present(member, MemberResponse)

    @delete("/{handle:str}", status_code=HTTP_204_NO_CONTENT, sync_to_thread=True,
            responses=problems(*BODY_PROBLEMS, 401, 404))
    def unfollow(self, handle: str, runtime: Runtime, principal: Principal, context: Context) -> None:
        runtime.follows.unfollow(principal.user_id, handle, context=context)
        runtime.catch_up()

    @get(sync_to_thread=True, responses=problems(400, 401))
    def list(
        self, runtime: Runtime, principal: Principal,
        relation: Literal["followers", "following", "mutuals"] = "following",
        limit: int = Parameter(ge=1, le=500, default=100),
        offset: int = Parameter(ge=0, le=MAX_OFFSET, default=0),
    ) -> MemberListResponse:
        """The signed-in member's followers, following or mutuals (?relation=...), by handle."""
        members = runtime.follows.list(principal.user_id, relation, limit=limit, offset=offset)
        return MemberListResponse(relation=relation, members=[present(m, MemberResponse) for m in members])
