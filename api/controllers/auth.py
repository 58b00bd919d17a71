"""/v1/auth: sign up with an invite, log in for a bearer token, log out (revoke it)."""

from __future__ import annotations

from litestar import Controller, Request, post
from litestar.di import Provide
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.auth import BEARER, MEMBER_DEPENDENCIES, provide_anonymous_context
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import LoginRequest, SignUpRequest, SignUpResponse, TokenResponse, present
from events import Context
from social import Principal


class AuthController(Controller):
    path = "/v1/auth"
    tags = ["auth"]
    dependencies = {"anonymous": Provide(provide_anonymous_context, sync_to_thread=False)}

    @post("/signup", status_code=HTTP_201_CREATED, sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 403, 409))
    def sign_up(self, data: SignUpRequest, runtime: Runtime, anonymous: Context) -> SignUpResponse:
        """Join with an invite code: 400 for a bad, used or expired invite, 403 for an age that
        may be under 13, 409 when the handle is taken."""
        signed = runtime.accounts.sign_up(
            invite_code=data.invite_code, handle=data.handle, password=data.password,
            birth_year=data.birth_year, display_name=data.display_name, context=anonymous,
        )
        runtime.catch_up()
        return present(signed, SignUpResponse)

    @post("/login", status_code=HTTP_200_OK, sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401, 429))
    def log_in(self, data: LoginRequest, runtime: Runtime, anonymous: Context, request: Request) -> TokenResponse:
        """A bearer token for handle and password (401 if they do not match; 429 with
        Retry-After after 10 failures for a handle from one address, 50 from an address or 100
        for a handle, in 15 minutes)."""
        client = request.client.host if request.client else None
        issued = runtime.accounts.log_in(data.handle, data.password, client=client, context=anonymous)
        runtime.catch_up()
        return present(issued, TokenResponse)

    @post(
        "/logout", status_code=HTTP_204_NO_CONTENT, dependencies=MEMBER_DEPENDENCIES, security=BEARER,
        sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401),
    )
    def log_out(self, runtime: Runtime, principal: Principal, context: Context) -> None:
        """Revoke the token this request was made with."""
        runtime.accounts.log_out(principal, context=context)
        runtime.catch_up()
