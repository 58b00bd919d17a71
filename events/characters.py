"""Events of characters: a member's likeness, made from their capture and used with their leave.

Stream `characters-<owner_id>`, one per member, appended at the version read (and guarded at
the owner's account version where something is made), so two captures at once make one
character: CharacterCaptured, CharacterAudienceSet, CharacterRecaptured, CharacterRemoved; after
a removal a new capture starts a new character (a new id) in the same stream.

The features (appearance code, colour, voice) are `Sealed` under the character's own subject
`character-<character_id>` (events.vault): removing the character, or deleting its owner's
account, shreds that key, and every copy of them in the log becomes unreadable for good. The
name is the owner's handle, public already, and stays readable. What a generation made with
the character keeps is its own: its plan and captions (sealed under the requester's key) name
the palette colour its figure wore and the character's name, and its video shows them (the
person shown may take it down: generation.jobs.GenerationService.take_down).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from events.base import Event
from events.vault import Sealed

Audience = Literal["only_me", "mutuals", "approved", "everyone"]
"""Who besides its owner may put a character in a video."""


def character_subject(character_id: str) -> str:
    """The vault subject that seals one character's features."""
    return f"character-{character_id}"


def characters_stream(owner_id: str) -> str:
    return f"characters-{owner_id}"


class CharacterCaptured(Event, frozen=True, kw_only=True):
    """A member made their character from a capture (audience: only them, until a
    CharacterAudienceSet says otherwise)."""

    character_id: str
    owner_id: str
    name: str
    """The owner's handle, as they registered it."""
    features: Sealed
    """The features (generation.jobs.characters.CaptureFeatures as JSON), sealed under character_subject."""
    captured_at: datetime


class CharacterRecaptured(Event, frozen=True, kw_only=True):
    """The owner replaced their character's features with a new capture; its audience stays."""

    character_id: str
    owner_id: str
    features: Sealed
    captured_at: datetime


class CharacterAudienceSet(Event, frozen=True, kw_only=True):
    """Who may use the character from now on; a narrower audience revokes at once."""

    character_id: str
    owner_id: str
    audience: Audience
    approved: tuple[str, ...] = ()
    """User ids of the members approved by name (audience "approved")."""


class CharacterRemoved(Event, frozen=True, kw_only=True):
    """The character is gone: its key was shredded first, so its features are unreadable."""

    character_id: str
    owner_id: str
    reason: Literal["owner", "account_deleted"]
