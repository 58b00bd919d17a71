"""What the directory of characters hands out: views of characters (the features are
generation.jobs.characters.CaptureFeatures)."""

from __future__ import annotations

from datetime import datetime

import msgspec


class CharacterView(msgspec.Struct, frozen=True, kw_only=True):
    """A member's own character, as its owner sees it."""

    character_id: str
    name: str
    colour: str
    voice_pitch: int
    voice_speed: int
    audience: str
    approved: tuple[str, ...]
    """Handles approved by name (audience "approved"), of members who still have an account."""
    created_at: datetime
    captured_at: datetime


class UsableCharacter(msgspec.Struct, frozen=True, kw_only=True):
    """A character a member may put in a video now."""

    name: str
    owner: str
    """The owner's handle (a character's name is its owner's handle)."""
    colour: str
    own: bool
