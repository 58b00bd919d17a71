"""/v1/me: the signed-in member's own account: read it, rename, delete it (crypto-shredding)."""

from __future__ import annotations

from litestar import Controller, delete, get, patch
from litestar.status_codes import HTTP_204_NO_CONTENT

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import MeResponse, UpdateMeRequest, present
from events import Context
from social import Principal
from social.rules import utc_day


def _me(runtime: Runtime, user_id: str) -> MeResponse:
    return present(runtime.directory.own_account(user_id, utc_day(runtime.clock())), MeResponse)


class MeController(Controller):
    path = "/v1/me"
    tags = ["me"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get(sync_to_thread=True, responses=problems(401))
    def read(self, runtime: Runtime, principal: Principal) -> MeResponse:
        return _me(runtime, principal.user_id)

    @patch(sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401))
    def update(self, data: UpdateMeRequest, runtime: Runtime, principal: Principal, context: Context) -> MeResponse:
        """Change the display name."""
        runtime.accounts.rename(principal.user_id, data.display_name, context=context)
        runtime.catch_up()
        return _me(runtime, principal.user_id)

    @delete(status_code=HTTP_204_NO_CONTENT, sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401))
    def remove(self, runtime: Runtime, principal: Principal, context: Context) -> None:
        """Delete the account: personal data is erased for good; the handle stays reserved."""
        runtime.accounts.delete_account(principal.user_id, context=context)
        runtime.catch_up()
