"""Characters: a member's likeness in a generation, only with its owner's permission.

A character is made from its owner's short video and voice capture (generation.capture); its
owner says who may use it, and may revoke that or remove the character (safety.likeness, the
directory an installation runs). `Characters` is the port the generation service and the
chain ask: the request checks likeness permissions before anything is recorded or paid for,
and the chain asks again before each step, so a revocation or a removal stops a generation
that has not been published yet. `NoCharacters` is the directory that holds none (a request
naming a character is refused, saying why, never made with a likeness nobody consented to).
"""

from __future__ import annotations

from typing import Protocol

import msgspec

from generation.jobs.errors import JobError


class CharacterUnavailable(JobError):
    """A named character does not exist, or its owner has not let this member use it."""

    kind = "not_found"
    title = "No such character"


class CaptureFeatures(msgspec.Struct, frozen=True, kw_only=True):
    """What a capture gives a character, its look and its voice (generation.capture reads it;
    the directory keeps it sealed)."""

    colour: str
    """The name of the generation.world.catalog.PALETTE colour nearest the captured subject:
    the plan's figure wears it, and the model's appearance slot reads it from the caption
    (conditioning.prompt_appearance). Features sealed before 2026-11-27 23:10 also hold that
    code (`appearance`); a decode passes it by."""
    voice_pitch: int
    """eSpeak NG pitch, 0-99: a higher voice gives a higher pitch."""
    voice_speed: int
    """eSpeak NG words per minute, generation.capture.VOICE_SPEEDS."""
    seconds: float
    """The capture's length, as decoded (not as its container says)."""
    speech_seconds: float
    """Seconds of voiced speech found."""


class Likeness(msgspec.Struct, frozen=True, kw_only=True):
    """What a character puts into a video: whose it is, how it looks and how it sounds."""

    character_id: str
    name: str
    """The name a prompt and a request use for it (its owner's handle)."""
    owner_id: str
    colour: str
    """The world palette colour nearest the captured subject (the plan's figure wears it, and
    the model's appearance slot reads it from the caption)."""
    voice_pitch: int
    """eSpeak NG pitch, 0-99, from the capture's voice."""
    voice_speed: int
    """eSpeak NG words per minute, from the capture's speaking rate."""
    owner_is_teen: bool = False
    """Its owner is a teen: a video with it is held to the teen rules, whoever asks for it."""


class Characters(Protocol):
    def check_use(self, user_id: str, names: tuple[str, ...]) -> tuple[Likeness, ...]:
        """The likeness of each character in `names`, in order, when member `user_id` may put
        every one of them in a video now; raise CharacterUnavailable naming the first that they
        may not (none such, removed, or its owner has not let them). Asked when a generation
        is requested and again when a step uses the likeness, so a revocation or removal in
        between stops the generation."""
        ...


def voices(likeness: tuple[Likeness, ...]) -> tuple[tuple[int, int], ...]:
    """The characters' eSpeak voices, (pitch, words a minute) in order: who says the lines."""
    return tuple((who.voice_pitch, who.voice_speed) for who in likeness)


def cast_names(characters: tuple[str, ...], remix=None) -> tuple[str, ...]:  # noqa: ANN001 - a RemixSource
    """The characters a generation shows, each once: those it names, then those of the video it
    remixes (`remix`, its RemixSource: the remix starts from that video's frames, so it shows
    them too, and needs their owners' leave as much as a new video does)."""
    inherited = tuple((remix.plan or {}).get("characters") or ()) if remix is not None else ()
    return tuple(dict.fromkeys((*characters, *inherited)))


class NoCharacters:
    """The directory of an installation that takes no captures: it holds no character."""

    def check_use(self, user_id: str, names: tuple[str, ...]) -> tuple[Likeness, ...]:
        if not names:
            return ()
        raise CharacterUnavailable(
            f"there is no character {names[0]!r} you may use: a character is made from its owner's "
            "video and voice capture and used with their permission, and this installation takes no "
            "captures yet; describe the figure in the prompt instead (e.g. 'a person in red')")
