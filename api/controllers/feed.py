"""/v1/feed: the member's feed, steered by their own words (`/v1/feed/instruction`), by what they
say of single videos (`/v1/feed/signals`) and by their answers to wellbeing polls
(`/v1/feed/wellbeing`). The rules live in recsys."""

from __future__ import annotations

from litestar import Controller, delete, get, post, put
from litestar.params import Parameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.controllers.videos import present_video
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas_feed import (
    FeedItemResponse,
    FeedResponse,
    InstructionRequest,
    InstructionResponse,
    PollResponse,
    SignalListResponse,
    SignalRequest,
    SignalResponse,
    UnderstoodResponse,
    WellbeingRequest,
    WhyResponse,
)
from events import Context
from recsys.errors import NoInstruction
from recsys.feed import InstructionView
from social import Principal


def present_instruction(view: InstructionView) -> InstructionResponse:
    u = view.understood
    return InstructionResponse(text=view.text, summary=view.summary, understood=UnderstoodResponse(
        more=list(u.more), less=list(u.less), exclude=list(u.exclude), only=list(u.only), calm=u.calm,
        like=list(u.like), unlike=list(u.unlike), not_understood=list(u.not_understood),
    ))


class FeedController(Controller):
    path = "/v1/feed"
    tags = ["feed"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get(sync_to_thread=True, responses=problems(400, 401, 409))
    def page(self, runtime: Runtime, principal: Principal, context: Context,
             limit: int = Parameter(ge=1, le=50, default=10)) -> FeedResponse:
        """Your next page: videos posted to you, ranked by your instruction, whom you follow,
        freshness, calm and variety (never by watch time or likes), each with its reasons. Each
        video is served once a day; `caught_up` says when there is nothing more. Now and then a
        wellbeing `poll`. Teen accounts have a daily limit of videos."""
        page = runtime.feed.page(principal.user_id, limit=limit, context=context)
        videos = runtime.generations.videos([item.video_id for item in page.items])
        handles = runtime.directory.handles(sorted({item.owner_id for item in page.items}))
        items = [FeedItemResponse(video=present_video(videos[item.video_id]), owner=handles[item.owner_id].handle,
                                  score=item.score, reasons=list(item.reasons), remixable=item.remixable,
                                  liked=item.liked)
                 for item in page.items if item.video_id in videos and item.owner_id in handles]
        poll = page.poll and PollResponse(poll_id=page.poll.poll_id, question=page.poll.question,
                                          answers=list(page.poll.answers))
        return FeedResponse(items=items, personalised=page.personalised, instruction=page.instruction, poll=poll,
                            notices=list(page.notices), served_today=page.served_today, daily_limit=page.daily_limit,
                            caught_up=page.caught_up)

    @get("/instruction", sync_to_thread=True, responses=problems(401, 404))
    def instruction(self, runtime: Runtime, principal: Principal) -> InstructionResponse:
        """Your instruction, and what the feed understands of it (404 when you have set none)."""
        view = runtime.feed.instruction(principal.user_id)
        if view is None:
            raise NoInstruction("you have not told your feed anything yet: PUT /v1/feed/instruction")
        return present_instruction(view)

    @put("/instruction", status_code=HTTP_200_OK, sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401))
    def instruct(self, data: InstructionRequest, runtime: Runtime, principal: Principal,
                 context: Context) -> InstructionResponse:
        """Tell your feed what you want, in your own words ("more anime, no sports, calmer
        please"); it replaces what you said before. The answer shows what was understood, and
        the parts that were not."""
        return present_instruction(runtime.feed.instruct(principal.user_id, data.text, context=context))

    @delete("/instruction", status_code=HTTP_204_NO_CONTENT, sync_to_thread=True, responses=problems(401))
    def clear(self, runtime: Runtime, principal: Principal, context: Context) -> None:
        """Forget your instruction: the feed goes back to whom you follow and what is new."""
        runtime.feed.clear_instruction(principal.user_id, context=context)

    @post("/wellbeing", status_code=HTTP_204_NO_CONTENT, sync_to_thread=True,
          responses=problems(*BODY_PROBLEMS, 401, 404, 409))
    def wellbeing(self, data: WellbeingRequest, runtime: Runtime, principal: Principal, context: Context) -> None:
        """Answer a wellbeing poll your feed offered today or yesterday (once each). "worse"
        makes your feed calmer and shorter for the next three days."""
        runtime.feed.answer(principal.user_id, data.poll_id, data.answer, context=context)

    @put("/signals/{video_id:str}", sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401, 404))
    def signal(self, video_id: str, data: SignalRequest, runtime: Runtime, principal: Principal,
               context: Context) -> SignalResponse:
        """Say what you think of a video posted to you: `like` brings more like it, `less` fewer
        like it (and never that one again), `none` takes it back. Said by you, never inferred from
        what you watch. 404 for a video that is not posted to you."""
        said = runtime.feed.signal(principal.user_id, video_id, data.signal, context=context)
        return SignalResponse(video_id=video_id, signal=said)

    @get("/signals", sync_to_thread=True, responses=problems(401))
    def signals(self, runtime: Runtime, principal: Principal) -> SignalListResponse:
        """What you said of single videos: the latest say of each, from your last 200."""
        return SignalListResponse(signals=[SignalResponse(video_id=vid, signal=signal)
                                           for vid, signal in runtime.feed.signals(principal.user_id).items()])

    @get("/why/{video_id:str}", sync_to_thread=True, responses=problems(401, 404))
    def why(self, video_id: str, runtime: Runtime, principal: Principal) -> WhyResponse:
        """Why a video was in your feed the last time it was served to you (in the last 30
        days), from the log: its reasons, its score, whether your instruction steered the page,
        and what you have said of it since. 404 when it was not in your feed then."""
        view = runtime.feed.why(principal.user_id, video_id)
        return WhyResponse(video_id=view.video_id, served_at=view.served_at, reasons=list(view.reasons),
                           score=view.score, personalised=view.personalised, signal=view.signal)
