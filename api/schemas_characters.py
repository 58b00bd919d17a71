"""Request and response bodies of characters (frozen msgspec Structs), and the capture upload
forms (Structs that refuse fields they do not know).

Shape limits live here (the audiences there are, handles' shape, at most 50 approved); the
directory (safety.likeness) checks the rest: unknown handles, teens' limits, the capture itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from litestar.datastructures import UploadFile

from api.schemas import Body

ApprovedHandle = Annotated[str, msgspec.Meta(
    min_length=3, max_length=31, pattern=r"^@?[A-Za-z0-9_]{3,30}$",
    description="a member's handle, with or without a leading '@'")]
"""As the upload form takes them."""
AudienceName = Literal["only_me", "mutuals", "approved", "everyone"]
AUDIENCE_TEXT = (
    "who besides you may put your character in a video: only_me (the default), mutuals (members you follow "
    "who follow you back), approved (the handles in `approved`), everyone. A teen's character cannot be "
    "open to everyone, and between a teen and anyone else only mutuals ever may")


class CaptureUpload(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """multipart/form-data: `capture`, the video file (MP4, MOV or WebM, a few seconds of you
    speaking), `audience` and, with audience `approved`, one `approved` field per handle. Other
    fields are refused (a misspelt `audience` would otherwise leave the character only yours
    without a word)."""

    capture: UploadFile | None = None
    audience: AudienceName = "only_me"
    approved: list[str] = msgspec.field(default_factory=list)


class RecaptureUpload(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """multipart/form-data: `capture`, the new video file; the audience stays (change it with
    PUT /v1/characters/me/audience), so no other field is taken."""

    capture: UploadFile | None = None


class AudienceRequest(Body, frozen=True, kw_only=True):
    audience: Annotated[AudienceName, msgspec.Meta(description=AUDIENCE_TEXT)]
    approved: Annotated[list[ApprovedHandle], msgspec.Meta(max_length=50, description=(
        "with audience `approved`: up to 50 handles of members who may use it, with or without '@' (unknown "
        "ones are a 422 naming them)"))] = []


class CharacterResponse(Body, frozen=True, kw_only=True):
    """The signed-in member's own character."""

    character_id: str
    """A new id for each character made: a new capture after a removal is a new character."""
    name: str
    """Your handle: what a generation's `characters` names it by."""
    colour: str
    """The world colour nearest you in the capture (the figure wears it)."""
    voice_pitch: int
    voice_speed: int
    audience: AudienceName
    approved: list[str]
    """Handles approved by name (audience `approved`)."""
    created_at: datetime
    captured_at: datetime
    """When the features in use were captured (creation or the latest re-capture)."""


class UsableCharacterResponse(Body, frozen=True, kw_only=True):
    """A character the signed-in member may put in a video now."""

    name: str
    owner: str
    """The owner's handle."""
    colour: str
    own: bool


class CharacterListResponse(Body, frozen=True, kw_only=True):
    own: CharacterResponse | None
    """Your character; null when you have none."""
    usable: list[UsableCharacterResponse]
    """Every character you may use now, yours included, by name (one page)."""
