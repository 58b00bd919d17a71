"""/v1/me: the signed-in member's own account: read it, rename, delete it (crypto-shredding);
their own quiet hours."""

from __future__ import annotations

import msgspec
from litestar import Controller, delete, get, patch, put
from litestar.status_codes import HTTP_204_NO_CONTENT

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import MeResponse, QuietHoursBody, QuietHoursResponse, UpdateMeRequest, present
from events import Context
from events.social import QuietHours
from social import Principal
from social.quiet import GUARDIAN, YOU, resting
from social.rules import utc_day


def _me(runtime: Runtime, user_id: str) -> MeResponse:
    return present(runtime.directory.own_account(user_id, utc_day(runtime.clock())), MeResponse)


def _quiet(runtime: Runtime, user_id: str) -> QuietHoursResponse:
    quiets = runtime.quiet_hours.applying(user_id)
    whose = {q.whose: present(q.hours, QuietHoursBody) for q in quiets}
    rest = resting(quiets, runtime.clock())
    return QuietHoursResponse(own=whose.get(YOU), guardian=whose.get(GUARDIAN),
                              resting_until=rest.until if rest is not None else None)


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

    @get("/quiet-hours", sync_to_thread=True, responses=problems(401))
    def quiet_hours(self, runtime: Runtime, principal: Principal) -> QuietHoursResponse:
        """Your quiet hours, your guardian's (a teen's), and whether they hold now."""
        return _quiet(runtime, principal.user_id)

    @put("/quiet-hours", sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401))
    def choose_quiet_hours(self, data: QuietHoursBody, runtime: Runtime, principal: Principal,
                           context: Context) -> QuietHoursResponse:
        """Choose quiet hours for yourself, every day (they replace your last): within them your
        feed rests and no notification is pushed to you (creating stays open). 400 for a time
        that is not HH:MM, an unknown time zone, or start = end."""
        runtime.quiet_hours.choose(principal.user_id, msgspec.convert(msgspec.to_builtins(data), QuietHours),
                                   context=context)
        return _quiet(runtime, principal.user_id)

    @delete("/quiet-hours", status_code=HTTP_204_NO_CONTENT, sync_to_thread=True, responses=problems(401))
    def clear_quiet_hours(self, runtime: Runtime, principal: Principal, context: Context) -> None:
        """Remove your own quiet hours (a guardian's stay)."""
        runtime.quiet_hours.choose(principal.user_id, None, context=context)
