"""/v1/characters: make one's character from a capture upload, re-capture it, say who may use
it, remove it; list and look up the characters one may use (a character one may not use is a
404, as one that does not exist)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, delete, get, post, put
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import ValidationException
from litestar.params import Body as FormBody
from litestar.params import Parameter
from litestar.status_codes import HTTP_201_CREATED, HTTP_204_NO_CONTENT

from api.auth import BEARER, MEMBER_DEPENDENCIES
from api.openapi import BODY_PROBLEMS, problems
from api.controllers.videos import present_video
from api.runtime import Runtime
from api.schemas import MAX_OFFSET, present
from api.schemas_generation import VideoListResponse
from api.schemas_characters import (
    AudienceRequest,
    CaptureUpload,
    RecaptureUpload,
    CharacterListResponse,
    CharacterResponse,
    UsableCharacterResponse,
)
from events import Context
from generation.capture import MAX_CAPTURE_BYTES
from safety.likeness import CharacterView
from social import Principal

UPLOAD_LIMIT = MAX_CAPTURE_BYTES + 64 * 1024
"""The body limit of a capture upload: the largest capture and its form's framing."""
UPLOAD = {"upload": "capture",
          "too_large": f"a capture is at most {MAX_CAPTURE_BYTES / 1e6:g} MB: a few seconds of video is enough"}
"""`opt` of the upload routes: api.bodies lets multipart/form-data through, and a 413 says this."""
Upload = Annotated[CaptureUpload, FormBody(media_type=RequestEncodingType.MULTI_PART)]
Recapture = Annotated[RecaptureUpload, FormBody(media_type=RequestEncodingType.MULTI_PART)]


def _present(view: CharacterView) -> CharacterResponse:
    return present(view, CharacterResponse)


def _capture(data: CaptureUpload | RecaptureUpload) -> bytes:
    """The uploaded file's bytes. Raises a 400 (ValidationException) when no file came."""
    if not isinstance(data.capture, UploadFile):
        raise ValidationException(detail="send the capture as a file field named 'capture' (an MP4, MOV or WebM "
                                         "video of you speaking, a few seconds long)")
    try:
        return data.capture.file.read()
    finally:
        data.capture.file.close()  # its spooled copy on disk goes now, not when it is collected


class CharactersController(Controller):
    path = "/v1/characters"
    tags = ["characters"]
    dependencies = MEMBER_DEPENDENCIES
    security = BEARER

    @post(status_code=HTTP_201_CREATED, sync_to_thread=True, request_max_body_size=UPLOAD_LIMIT, opt=UPLOAD,
          responses=problems(*BODY_PROBLEMS, 401, 403, 409, 422, 429, 503))
    def create(self, data: Upload, runtime: Runtime, principal: Principal, context: Context) -> CharacterResponse:
        """Make your character from a capture: a few seconds of video of you speaking (multipart
        field `capture`; optional `audience`, and `approved` handles). One per member: 409 when
        you have one."""
        view = runtime.characters.capture(principal.user_id, _capture(data), audience=data.audience,
                                          approved=data.approved, context=context)
        runtime.catch_up()
        return _present(view)

    @put("/me/capture", sync_to_thread=True, request_max_body_size=UPLOAD_LIMIT, opt=UPLOAD,
         responses=problems(*BODY_PROBLEMS, 401, 404, 409, 422, 429, 503))
    def recapture(self, data: Recapture, runtime: Runtime, principal: Principal, context: Context) -> CharacterResponse:
        """Replace your character's look and voice with a new capture (field `capture`); its
        audience stays."""
        view = runtime.characters.recapture(principal.user_id, _capture(data), context=context)
        runtime.catch_up()
        return _present(view)

    @put("/me/audience", sync_to_thread=True, responses=problems(*BODY_PROBLEMS, 401, 403, 404, 409, 422))
    def set_audience(self, data: AudienceRequest, runtime: Runtime, principal: Principal,
                     context: Context) -> CharacterResponse:
        """Say who may use your character. A narrower audience takes effect at once, for
        generations already asked for too (they check again before they use it)."""
        view = runtime.characters.set_audience(principal.user_id, data.audience, data.approved, context=context)
        runtime.catch_up()
        return _present(view)

    @delete("/me", status_code=HTTP_204_NO_CONTENT, sync_to_thread=True,
            responses=problems(*BODY_PROBLEMS, 401, 404, 409))
    def remove(self, runtime: Runtime, principal: Principal, context: Context) -> None:
        """Remove your character: its look and voice are erased for good; a later capture makes
        a new one."""
        runtime.characters.remove(principal.user_id, context=context)
        runtime.catch_up()

    @get("/me/videos", sync_to_thread=True, responses=problems(400, 401))
    def videos(
        self, runtime: Runtime, principal: Principal,
        limit: int = Parameter(ge=1, le=200, default=50), offset: int = Parameter(ge=0, le=MAX_OFFSET, default=0),
    ) -> VideoListResponse:
        """Published videos that show your likeness (made with your character, by anyone),
        newest first: each one you may watch (`GET /v1/videos/{id}`, `/media`) and take down."""
        videos = runtime.generations.cast_videos(principal.user_id, limit=limit, offset=offset)
        return VideoListResponse(videos=[present_video(v) for v in videos])

    @delete("/me/videos/{video_id:str}", status_code=HTTP_204_NO_CONTENT, sync_to_thread=True,
            responses=problems(*BODY_PROBLEMS, 401, 404))
    def take_down(self, video_id: str, runtime: Runtime, principal: Principal, context: Context) -> None:
        """Take down a video that shows your likeness, whoever made it: it is deleted with its
        media, and its owner sees it as deleted."""
        runtime.generations.take_down(principal.user_id, video_id, context=context)
        runtime.catch_up()

    @get(sync_to_thread=True, responses=problems(400, 401))
    def list(
        self, runtime: Runtime, principal: Principal,
        limit: int = Parameter(ge=1, le=500, default=100),
        offset: int = Parameter(ge=0, le=MAX_OFFSET, default=0),
    ) -> CharacterListResponse:
        """Your character (or null) and the characters you may use now (one page of `usable`)."""
        own = runtime.characters.own(principal.user_id)
        usable = runtime.characters.usable(principal.user_id, limit=limit, offset=offset)
        return CharacterListResponse(own=_present(own) if own is not None else None,
                                     usable=[present(c, UsableCharacterResponse) for c in usable])

    @get("/me", sync_to_thread=True, responses=problems(401, 404))
    def mine(self, runtime: Runtime, principal: Principal) -> CharacterResponse:
        """Your own character (404 when you have none)."""
        return _present(runtime.characters.mine(principal.user_id))

    @get("/{name:str}", sync_to_thread=True, responses=problems(401, 404))
    def read(self, name: str, runtime: Runtime, principal: Principal) -> UsableCharacterResponse:
        """A character you may use now (a 404 for one you may not, as for one that does not exist)."""
        return present(runtime.characters.find(principal.user_id, name), UsableCharacterResponse)
