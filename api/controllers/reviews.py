"""Human review. /v1/generations/{id}/appeal and /v1/appeals: a member appeals their generation
that the prompt check blocked, and follows the answer; /v1/videos/{id}/report and /v1/reports:
a member reports a video they were shown, and follows what became of it; /v1/reviews: the
reviewers the operator appointed (`reelworld admin reviewer add`) read open appeals and reports
and decide them. The rules live in safety.review."""

from __future__ import annotations

from typing import Literal

import msgspec
from litestar import Controller, get, post
from litestar.exceptions import NotFoundException
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import MAX_OFFSET, present
from api.schemas_review import (
    AppealListResponse,
    AppealRequest,
    AppealResponse,
    DecisionRequest,
    RemovalAppealRequest,
    RemovalResponse,
    ReportCaseListResponse,
    ReportCaseResponse,
    ReportDecisionRequest,
    ReportListResponse,
    ReportRequest,
    ReportResponse,
    ReviewCaseResponse,
    ReviewListResponse,
)
from events import Context
from safety.review import ReportCase
from social import Principal


def present_case(case: ReportCase) -> ReportCaseResponse:
    return msgspec.convert({**msgspec.structs.asdict(case), "media_url": f"/v1/videos/{case.video_id}/media"},
                           ReportCaseResponse, from_attributes=True)


class AppealsController(Controller):
    path = "/v1"
    tags = ["appeals"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @post("/generations/{generation_id:str}/appeal", status_code=HTTP_201_CREATED, sync_to_thread=True,
          responses=problems(*BODY_PROBLEMS, 401, 403, 404, 409, 429))
    def appeal(self, generation_id: str, data: AppealRequest, runtime: Runtime, principal: Principal,
               context: Context) -> AppealResponse:
        """Ask a reviewer to look again at your generation that the prompt check blocked, with a
        note or `{}`, within 30 days of the block, once (409 with `appeal_id` when it was appealed
        already; 409 too when the prompt check did not block it). A block for sexual content
        involving minors is never reviewed (403). At most 10 appeals a day (429 with Retry-After).
        An overturned block lets the generation be made."""
        view = runtime.reviews.appeal(principal.user_id, generation_id, data.note, context=context)
        runtime.catch_up()
        return present(view, AppealResponse)

    @get("/appeals", sync_to_thread=True, responses=problems(400, 401))
    def list(
        self, runtime: Runtime, principal: Principal,
        limit: int = Parameter(ge=1, le=100, default=50), offset: int = Parameter(ge=0, le=MAX_OFFSET, default=0),
    ) -> AppealListResponse:
        """Your appeals, newest first, each with its answer once decided."""
        views = runtime.reviews.appeals(principal.user_id, limit=limit, offset=offset)
        return AppealListResponse(appeals=[present(v, AppealResponse) for v in views])

    @get("/appeals/{appeal_id:str}", sync_to_thread=True, responses=problems(401, 404))
    def read(self, appeal_id: str, runtime: Runtime, principal: Principal) -> AppealResponse:
        """One of your appeals (404 for one that is not yours, as for one that does not exist)."""
        return present(runtime.reviews.appeal_of(principal.user_id, appeal_id), AppealResponse)


class ReportsController(Controller):
    path = "/v1"
    tags = ["reports"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @post("/videos/{video_id:str}/report", status_code=HTTP_201_CREATED, sync_to_thread=True,
          responses=problems(*BODY_PROBLEMS, 401, 404, 409, 429))
    def report(self, video_id: str, data: ReportRequest, runtime: Runtime, principal: Principal,
               context: Context) -> ReportResponse:
        """Report a video you were shown (posted to you, or showing you) to the reviewers, once
        (409 with `report_id` after; 409 for your own). It leaves your feed. Reports from a few
        members, or one of `sexual_minors`, keep it out of others' sight until a reviewer
        decides. Neither the reviewer nor its owner learns who reported. At most 20 a day (429)."""
        view = runtime.reports.report(principal.user_id, video_id, data.reason, data.note, context=context)
        runtime.catch_up()
        return present(view, ReportResponse)

    @get("/videos/{video_id:str}/removal", sync_to_thread=True, responses=problems(401, 404))
    def removal(self, video_id: str, runtime: Runtime, principal: Principal) -> RemovalResponse:
        """Whether a reviewer removed your video from the feed, why, whether it is still in force,
        and where your appeal stands (404 when none did, as for a video that is not yours)."""
        view = runtime.reports.removal(principal.user_id, video_id)
        if view is None:
            raise NotFoundException(f"no reviewer removed video {video_id[:100]!r} from the feed")
        return present(view, RemovalResponse)

    @post("/videos/{video_id:str}/removal/appeal", status_code=HTTP_201_CREATED, sync_to_thread=True,
          responses=problems(*BODY_PROBLEMS, 401, 404, 409))
    def appeal_removal(self, video_id: str, data: RemovalAppealRequest, runtime: Runtime, principal: Principal,
                       context: Context) -> RemovalResponse:
        """Ask another reviewer to look again at the removal of your video, once, within 30 days
        (409 after, or when nothing was removed). If they restore it, you may post it again."""
        view = runtime.reports.appeal_removal(principal.user_id, video_id, data.note, context=context)
        runtime.catch_up()
        return present(view, RemovalResponse)

    @get("/reports", sync_to_thread=True, responses=problems(400, 401))
    def list(
        self, runtime: Runtime, principal: Principal,
        limit: int = Parameter(ge=1, le=100, default=50), offset: int = Parameter(ge=0, le=MAX_OFFSET, default=0),
    ) -> ReportListResponse:
        """Your reports, newest first, each with what became of it."""
        views = runtime.reports.reports(principal.user_id, limit=limit, offset=offset)
        return ReportListResponse(reports=[present(v, ReportResponse) for v in views])

    @get("/reports/{report_id:str}", sync_to_thread=True, responses=problems(401, 404))
    def read(self, report_id: str, runtime: Runtime, principal: Principal) -> ReportResponse:
        """One of your reports (404 for one that is not yours, as for one that does not exist)."""
        return present(runtime.reports.report_of(principal.user_id, report_id), ReportResponse)


class ReviewsController(Controller):
    path = "/v1/reviews"
    tags = ["reviews"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get(sync_to_thread=True, responses=problems(400, 401, 403))
    def queue(
        self, runtime: Runtime, principal: Principal,
        status: Literal["open", "decided"] = Parameter(default="open", description=(
            "open: the appeals waiting, the longest waiting first; decided: those decided, newest first")),
        limit: int = Parameter(ge=1, le=100, default=50), offset: int = Parameter(ge=0, le=MAX_OFFSET, default=0),
    ) -> ReviewListResponse:
        """Reviewers only (403 for anyone else): appeals to decide, or decided ones; never your own."""
        cases = runtime.reviews.queue(principal.user_id, status=status, limit=limit, offset=offset)
        return ReviewListResponse(cases=[present(c, ReviewCaseResponse) for c in cases])

    @get("/{appeal_id:str}", sync_to_thread=True, responses=problems(401, 403, 404))
    def read(self, appeal_id: str, runtime: Runtime, principal: Principal) -> ReviewCaseResponse:
        """Reviewers only: one appeal, with the blocked request and the check's verdict."""
        return present(runtime.reviews.case(principal.user_id, appeal_id), ReviewCaseResponse)

    @post("/{appeal_id:str}/decision", status_code=HTTP_200_OK, sync_to_thread=True,
          responses=problems(*BODY_PROBLEMS, 401, 403, 404, 409))
    def decide(self, appeal_id: str, data: DecisionRequest, runtime: Runtime, principal: Principal,
               context: Context) -> ReviewCaseResponse:
        """Reviewers only: decide an open appeal, once (409 after). `overturn` puts the generation
        back in line (it is made, and still passes the checks of the finished clip); `uphold`
        leaves it blocked. Not your own appeal (403)."""
        case = runtime.reviews.decide(principal.user_id, appeal_id, data.outcome, data.note, context=context)
        runtime.catch_up()
        return present(case, ReviewCaseResponse)

    @get("/reports", sync_to_thread=True, responses=problems(400, 401, 403))
    def reports(
        self, runtime: Runtime, principal: Principal,
        status: Literal["open", "decided"] = Parameter(default="open", description=(
            "open: videos with reports or an owner's appeal of a removal waiting, those held for a minor's "
            "safety first, then the longest waiting; decided: the newest decisions first")),
        limit: int = Parameter(ge=1, le=100, default=50), offset: int = Parameter(ge=0, le=MAX_OFFSET, default=0),
    ) -> ReportCaseListResponse:
        """Reviewers only (403 for anyone else): reported videos, each with its reports (never who
        filed them); never your own video, one showing you, or one you reported."""
        cases = runtime.reports.queue(principal.user_id, status=status, limit=limit, offset=offset)
        return ReportCaseListResponse(cases=[present_case(c) for c in cases])

    @get("/reports/{video_id:str}", sync_to_thread=True, responses=problems(401, 403, 404))
    def report_case(self, video_id: str, runtime: Runtime, principal: Principal) -> ReportCaseResponse:
        """Reviewers only: a video's reports, its prompt and caption; watch it at `media_url`."""
        return present_case(runtime.reports.case(principal.user_id, video_id))

    @post("/reports/{video_id:str}/decision", status_code=HTTP_200_OK, sync_to_thread=True,
          responses=problems(*BODY_PROBLEMS, 401, 403, 404, 409))
    def decide_reports(self, video_id: str, data: ReportDecisionRequest, runtime: Runtime, principal: Principal,
                       context: Context) -> ReportCaseResponse:
        """Reviewers only: decide a video's open reports, once (409 after): `remove` takes it out
        of every feed for good (its owner is told why, and may appeal once), `keep` leaves it. Or
        decide its owner's appeal of a removal you did not make: `restore` (they may post it
        again) or `uphold`. Not your own video, one showing you, or one you reported (404, as for
        a video nobody reported); not your own removal's appeal (403)."""
        case = runtime.reports.decide(principal.user_id, video_id, data.decision, data.category, data.note,
                                      context=context)
        runtime.catch_up()
        return present_case(case)
