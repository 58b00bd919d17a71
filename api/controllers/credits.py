"""/v1/credits: balance and today's quota; buy credits with a card token."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.status_codes import HTTP_201_CREATED

from api.auth import BEARER, IDEMPOTENCY_KEY_HEADER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import CreditsResponse, PurchaseRequest, PurchaseResponse, present
from events import Context
from social import Principal


class CreditsController(Controller):
    path = "/v1/credits"
    tags = ["credits"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get(sync_to_thread=True, responses=problems(401))
    def balance(self, runtime: Runtime, principal: Principal) -> CreditsResponse:
        return present(runtime.quota.quota(principal.user_id), CreditsResponse)

    @post(status_code=HTTP_201_CREATED, sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401, 402, 403, 409))
    def purchase(
        self, data: PurchaseRequest, runtime: Runtime, principal: Principal, context: Context,
        idempotency_key: str | None = IDEMPOTENCY_KEY_HEADER,
    ) -> PurchaseResponse:
        """Buy credits (402 when the payment is declined; nothing is credited then). A teen buys
        only when their guardian allows it in their parental controls (403 before any charge)."""
        bought = runtime.quota.purchase(
            principal.user_id, data.credits, data.card_token, idempotency_key=idempotency_key, context=context
        )
        runtime.catch_up()
        balance = runtime.quota.quota(principal.user_id).balance
        return PurchaseResponse(
            credits=bought.credits, amount_cents=bought.amount_cents, charge_id=bought.charge_id, balance=balance
        )
