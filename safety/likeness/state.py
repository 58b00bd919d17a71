"""A member's characters stream folded: the live character, if any, and the version read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import msgspec

from events import RecordedEvent
from events.characters import CharacterAudienceSet, CharacterCaptured, CharacterRecaptured, CharacterRemoved


class LiveCharacter(msgspec.Struct, kw_only=True):
    """What the commands decide by (the features and times are the read model's to show)."""

    character_id: str
    audience: str = "only_me"
    approved: tuple[str, ...] = ()


class CharactersState(msgspec.Struct, kw_only=True):
    version: int = 0
    """The stream's version: appends are made at it."""
    live: LiveCharacter | None = None
    captures: list[datetime] = msgspec.field(default_factory=list)
    """When each capture and re-capture was recorded, in order (how often the member uploads)."""


def fold(stream: Sequence[RecordedEvent]) -> CharactersState:
    """The state of a `characters-<owner_id>` stream (events of unknown types pass by)."""
    state = CharactersState()
    for recorded in stream:
        state.version = recorded.version
        match recorded.event:
            case CharacterCaptured() as e:
                state.captures.append(e.captured_at)
                state.live = LiveCharacter(character_id=e.character_id)
            case CharacterRecaptured() as e if state.live is not None:
                state.captures.append(e.captured_at)
            case CharacterAudienceSet() as e if state.live is not None:
                state.live.audience, state.live.approved = e.audience, e.approved
            case CharacterRemoved():
                state.live = None
    return state
