"""Likeness consent: members' characters, made from their own capture and used only with their
leave (who may use it, revocation, removal), and the teen rules that bound it.

Domain code: must not import api/, actors/ or Ray. The generation service asks
`CharacterDirectory.check_use(user_id, names)` (the generation.jobs.Characters port) when a
generation is requested, and the chain again when a step uses a likeness.
"""

from safety.likeness.directory import CharacterDirectory
from safety.likeness.errors import (
    AccountGone,
    AudienceNotAllowed,
    CaptureBusy,
    CaptureTooLarge,
    CaptureUnusable,
    CharacterBusy,
    CharacterExists,
    CharacterNotFound,
    InvalidAudience,
    LikenessError,
    NoCharacter,
    TooManyCaptures,
    UnknownHandles,
)
from safety.likeness.projections import CharacterErasure, CharactersProjection, likeness_projections
from safety.likeness.rules import AUDIENCES, MAX_APPROVED, Party, check_audience, may_use, normalise_name
from safety.likeness.views import CharacterView, UsableCharacter

__all__ = [
    "AUDIENCES", "MAX_APPROVED", "AccountGone", "AudienceNotAllowed", "CaptureBusy", "CaptureTooLarge", "CaptureUnusable",
    "CharacterBusy", "CharacterDirectory", "CharacterErasure", "CharacterExists", "CharacterNotFound",
    "CharacterView", "CharactersProjection", "InvalidAudience", "LikenessError", "NoCharacter",
    "Party", "TooManyCaptures", "UnknownHandles", "UsableCharacter", "check_audience", "likeness_projections", "may_use",
    "normalise_name",
]
