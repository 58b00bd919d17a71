"""/v1/videos: one's own videos, their media with HTTP range requests (players seek), delete;
/v1/me/videos: the signed-in member's library, newest first."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from litestar import Controller, Request, Response, delete, get, head, post
from litestar.exceptions import HTTPException
from litestar.openapi import ResponseSpec
from litestar.params import Parameter
from litestar.response import Stream
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.runtime import Runtime
from api.schemas import MAX_OFFSET
from api.schemas_feed import PostRequest, PostResponse
from api.schemas_generation import VideoListResponse, VideoResponse
from events import Context
from generation.jobs import MediaNotFound, VideoView
from social import Principal

CHUNK = 64 * 1024
MEDIA_RESPONSES = {
    206: ResponseSpec(data_container=bytes, media_type="video/mp4", generate_examples=False,
                      description="The part of the MP4 that `Range: bytes=first-last` asked for"),
    **problems(401, 404, 410, 416),
}
_RANGE = re.compile(r"^bytes=(\d{0,18})-(\d{0,18})$")  # more digits than any file has bytes: not a range


def present_video(video: VideoView) -> VideoResponse:
    return VideoResponse(
        video_id=video.video_id, generation_id=video.generation_id, duration_s=video.duration_s,
        width=video.width, height=video.height, size_bytes=video.size_bytes, caption=video.caption,
        model=video.model, seed=video.seed, steps=video.steps, content_sha256=video.content_sha256,
        remix_of=video.remix_of, published_at=video.published_at, media_url=f"/v1/videos/{video.video_id}/media",
    )


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) byte a Range header asks for; None for the whole file (no
    header, or one this server does not serve partially, such as several ranges). Raises a
    416 HTTPException when the range lies outside the file."""
    if not header:
        return None
    match = _RANGE.fullmatch(header.strip().replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":  # the last N bytes
        length = int(last)
        start, end = max(0, size - length), size - 1
        if length == 0 or size == 0:
            raise _unsatisfiable(size)
        return start, end
    if last and int(last) < int(first):
        return None  # not a valid range (RFC 9110 14.2): serve the whole file
    start, end = int(first), min(int(last), size - 1) if last else size - 1
    if start >= size:
        raise _unsatisfiable(size)
    return start, end


def _unsatisfiable(size: int) -> HTTPException:
    return HTTPException(
        status_code=416, detail=f"the range asked for lies outside the video's {size} bytes",
        headers={"Content-Range": f"bytes */{size}"},
    )


def _media_part(video_id: str, request: Request, runtime: Runtime, principal: Principal
                ) -> tuple[str, int, int, int, dict[str, str]]:
    """(media key, first byte, last byte, status, headers) of what a request for a video's MP4
    gets. Raises VideoNotFound (no such video of theirs, or its media are lost), SourceGone (they
    deleted it, its file already gone), 416."""
    video = runtime.generations.video(principal.user_id, video_id)
    try:
        size = runtime.media.size(video.media_key)
    except MediaNotFound:
        raise runtime.generations.media_gone(principal.user_id, video_id) from None
    asked = byte_range(request.headers.get("range"), size)  # a 416 before anything is opened
    start, end = asked or (0, size - 1)
    headers = {"Accept-Ranges": "bytes", "Content-Length": str(end - start + 1)}
    if asked is not None:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    return video.media_key, start, end, 206 if asked else 200, headers


def _chunks(stream: BinaryIO, start: int, length: int) -> Iterator[bytes]:
    try:
        stream.seek(start)
        while length > 0:
            data = stream.read(min(CHUNK, length))
            if not data:
                break
            length -= len(data)
            yield data
    finally:
        stream.close()


class VideosController(Controller):
    path = "/v1/videos"
    tags = ["videos"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get("/{video_id:str}", sync_to_thread=True, responses=problems(401, 404, 410))
    def read(self, video_id: str, runtime: Runtime, principal: Principal) -> VideoResponse:
        """A video's facts and provenance."""
        return present_video(runtime.generations.video(principal.user_id, video_id))

    @get("/{video_id:str}/remixes", sync_to_thread=True, responses=problems(400, 401, 404, 410))
    def remixes(
        self, video_id: str, runtime: Runtime, principal: Principal,
        limit: int = Parameter(default=50, ge=1, le=200), offset: int = Parameter(default=0, ge=0, le=MAX_OFFSET),
    ) -> VideoListResponse:
        """Published remixes of a video you can watch, those you can watch too (yours, and others'
        posted to you), newest first."""
        videos = runtime.generations.remixes(principal.user_id, video_id, limit=limit, offset=offset)
        return VideoListResponse(videos=[present_video(v) for v in videos])

    @get("/{video_id:str}/media", sync_to_thread=True, media_type="video/mp4", responses=MEDIA_RESPONSES)
    def media(self, video_id: str, request: Request, runtime: Runtime, principal: Principal) -> Stream:
        """The MP4. Send `Range: bytes=first-last` for a part (206); 416 when it lies outside."""
        key, start, end, status, headers = _media_part(video_id, request, runtime, principal)
        try:
            stream = runtime.media.open(key)
        except MediaNotFound:  # removed since it was sized
            raise runtime.generations.media_gone(principal.user_id, video_id) from None
        return Stream(_chunks(stream, start, end - start + 1), status_code=status, media_type="video/mp4",
                      headers=headers)

    @head("/{video_id:str}/media", sync_to_thread=True, media_type="video/mp4", responses=MEDIA_RESPONSES)
    def media_head(self, video_id: str, request: Request, runtime: Runtime, principal: Principal) -> Response[None]:
        """What GET would answer (status, size, ranges), without the bytes (players and caches ask)."""
        *_, status, headers = _media_part(video_id, request, runtime, principal)
        return Response(b"", status_code=status, media_type="video/mp4", headers=headers)

    @post("/{video_id:str}/post", status_code=HTTP_201_CREATED, sync_to_thread=True,
          responses=problems(*BODY_PROBLEMS, 401, 404, 409))
    def post(self, video_id: str, data: PostRequest, runtime: Runtime, principal: Principal,
             context: Context) -> PostResponse:
        """Post your video to the feed of an audience (everyone by default; a video by a teen,
        or showing one, to mutuals only: 409 for more), and say whether those it reaches may
        remix it (yes by default; never a teen's). Posting again changes either. Anyone it
        shows may take it down."""
        view = runtime.posts.post(principal.user_id, video_id, data.audience, remixable=data.remixable,
                                  context=context)
        runtime.catch_up()
        return PostResponse(video_id=view.video_id, audience=view.audience, posted_at=view.posted_at, teen=view.teen,
                            remixable=view.remixable)

    @delete("/{video_id:str}/post", status_code=HTTP_204_NO_CONTENT, sync_to_thread=True,
            responses=problems(401, 403, 404, 409))
    def unpost(self, video_id: str, runtime: Runtime, principal: Principal, context: Context) -> None:
        """Take a posted video out of the feed: yours, or one that shows your likeness."""
        runtime.posts.unpost(principal.user_id, video_id, context=context)
        runtime.catch_up()

    @delete("/{video_id:str}", status_code=HTTP_204_NO_CONTENT, sync_to_thread=True,
            responses=problems(*BODY_PROBLEMS, 401, 404, 410))
    def remove(self, video_id: str, runtime: Runtime, principal: Principal, context: Context) -> None:
        """Delete one of your videos and its media."""
        runtime.generations.delete_video(principal.user_id, video_id, context=context)
        runtime.catch_up()


class LibraryController(Controller):
    path = "/v1/me/videos"
    tags = ["videos"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @get(sync_to_thread=True, responses=problems(400, 401))
    def library(
        self, runtime: Runtime, principal: Principal,
        limit: int = Parameter(default=50, ge=1, le=200), offset: int = Parameter(default=0, ge=0, le=MAX_OFFSET),
    ) -> VideoListResponse:
        """Your videos, newest first."""
        videos = runtime.generations.library(principal.user_id, limit=limit, offset=offset)
        return VideoListResponse(videos=[present_video(v) for v in videos])
