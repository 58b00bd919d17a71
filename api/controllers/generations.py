"""/v1/generations: ask for a video (202, idempotent with Idempotency-Key), follow its steps,
cancel it. The chain worker does the generating; these handlers only record and read."""

from __future__ import annotations

import msgspec
from litestar import Controller, get, post
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from api.auth import BEARER, IDEMPOTENCY_KEY_HEADER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import present
from api.schemas_generation import AppealStandingResponse, GenerationRequest, GenerationResponse
from events import Context
from generation.jobs import GenerationOrder
from generation.jobs.config import canonical_tier
from social import Principal


def _view(runtime: Runtime, user_id: str, generation_id: str) -> GenerationResponse:
    view = runtime.generations.generation(user_id, generation_id)
    response = present(view, GenerationResponse)
    if view.status == "blocked" or any(step.event == "BlockOverturned" for step in view.steps):  # else none
        standing = runtime.reviews.standing(user_id, generation_id)
        if standing is not None:
            response = msgspec.structs.replace(response, appeal=present(standing, AppealStandingResponse))
    return response


class GenerationsController(Controller):
    path = "/v1/generations"
    tags = ["generations"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @post(status_code=HTTP_202_ACCEPTED, sync_to_thread=True,
          responses=problems(*BODY_PROBLEMS, 401, 403, 404, 409, 410, 422, 429, 503))
    def create(
        self, data: GenerationRequest, runtime: Runtime, principal: Principal, context: Context,
        idempotency_key: str | None = IDEMPOTENCY_KEY_HEADER,
    ) -> GenerationResponse:
        """Queue a generation; a retry with the same Idempotency-Key returns the same one.
        422 when nothing in the prompt can be made (with what can) or the model is unknown (with
        the known ones); 404 / 410 for a remix of a video you cannot see / deleted; 403 (with
        Retry-After) for a teen within the quiet hours their guardian set; 429 when today's quota
        is used, or when the queue is full and the request is not paid by a credit."""
        shot_prompts = tuple(data.shots) if isinstance(data.shots, list) else ()
        order = GenerationOrder(
            prompt=data.prompt or "", style=data.style, characters=tuple(data.characters), remix_of=data.remix_of,
            shots=len(shot_prompts) or data.shots, tier=canonical_tier(data.tier), model=data.model,
            shot_prompts=shot_prompts,
        )
        generation_id = runtime.generations.request(
            principal.user_id, order, idempotency_key=idempotency_key, context=context
        )
        runtime.catch_up()
        return _view(runtime, principal.user_id, generation_id)

    @get("/{generation_id:str}", sync_to_thread=True, responses=problems(401, 404))
    def read(self, generation_id: str, runtime: Runtime, principal: Principal) -> GenerationResponse:
        """The generation with every step recorded so far."""
        return _view(runtime, principal.user_id, generation_id)

    @post("/{generation_id:str}/cancel", status_code=HTTP_200_OK, sync_to_thread=True,
          responses=problems(*BODY_PROBLEMS, 401, 404, 409))
    def cancel(self, generation_id: str, runtime: Runtime, principal: Principal, context: Context) -> GenerationResponse:
        """Stop a generation that has not finished (409 once it has); its quota comes back."""
        runtime.generations.cancel(principal.user_id, generation_id, context=context)
        runtime.catch_up()
        return _view(runtime, principal.user_id, generation_id)
