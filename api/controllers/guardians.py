"""/v1/guardians: link a guardian and a teen (both confirm a code), and parental controls."""

from __future__ import annotations

import msgspec
from litestar import Controller, delete, get, post, put
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import (
    ConfirmLinkRequest,
    ControlsBody,
    GuardianCodeResponse,
    GuardianLinkResponse,
    GuardianStatusResponse,
    present,
)
from events import Context
from social import Controls, Principal
from social.guardians import KEEPABLE


class GuardiansController(Controller):
    path = "/v1/guardians"
    tags = ["guardians"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get(sync_to_thread=True, responses=problems(401))
    def status(self, runtime: Runtime, principal: Principal) -> GuardianStatusResponse:
        """The member's links, as guardian or as teen, with the teen's controls."""
        links = runtime.guardians.links_of(principal.user_id)
        return GuardianStatusResponse(links=[present(link, GuardianLinkResponse) for link in links])

    @post("/links", status_code=HTTP_201_CREATED, sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401, 403))
    def start(self, runtime: Runtime, principal: Principal, context: Context) -> GuardianCodeResponse:
        """The guardian's side: a code to give the teen (adults only)."""
        code = runtime.guardians.start_link(principal.user_id, context=context)
        runtime.catch_up()
        return present(code, GuardianCodeResponse)

    @post("/confirm", status_code=HTTP_204_NO_CONTENT, sync_to_thread=True,
          responses=problems(*BODY_PROBLEMS, 401, 403, 409))
    def confirm(self, data: ConfirmLinkRequest, runtime: Runtime, principal: Principal, context: Context) -> None:
        """The teen's side: confirm the guardian's code."""
        runtime.guardians.confirm_link(principal.user_id, data.code, context=context)
        runtime.catch_up()

    @put("/{handle:str}/controls", sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401, 403, 404, 409))
    def set_controls(
        self, handle: str, data: ControlsBody, runtime: Runtime, principal: Principal, context: Context
    ) -> ControlsBody:
        """Set @handle's parental controls (their confirmed guardian only); answers the controls
        as recorded. `characters_allowed`, `feed_daily_items` and `quiet_hours` left out stay as
        they were; the other fields are as ControlsBody says."""
        controls = msgspec.convert(msgspec.to_builtins(data), Controls)  # a field left out: Controls' default
        kept = [name for name in KEEPABLE if getattr(data, name) is msgspec.UNSET]
        recorded = runtime.guardians.set_controls(principal.user_id, handle, controls, keep=kept, context=context)
        runtime.catch_up()
        return present(recorded, ControlsBody)

    @delete("/{handle:str}", status_code=HTTP_204_NO_CONTENT, sync_to_thread=True,
            responses=problems(*BODY_PROBLEMS, 401, 403, 404))
    def release(self, handle: str, runtime: Runtime, principal: Principal, context: Context) -> None:
        """End @handle's guardianship (their guardian only); their controls end with it."""
        runtime.guardians.release(handle, guardian_id=principal.user_id, context=context)
        runtime.catch_up()
