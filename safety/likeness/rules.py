"""The consent rules of characters, in one place: who may use whose likeness, which audiences
an owner may choose, what a character's name looks like.

No I/O here: each function takes the facts it needs (teen or not, mutual or not, approved or
not) and returns a decision, or raises the error that explains a refusal.

Teens: a teen's character is never open to `everyone`; a teen uses only their own character
and those of their mutuals (members they follow who follow them back) whose owners allow it,
even where an adult's audience is `everyone`; an adult uses a teen's character only as a
mutual the teen allows (`mutuals`, or `approved` naming them while they are mutuals).

Parental controls: while a teen's guardian forbids characters (`characters_allowed` false), the
teen's character is the teen's alone and the teen uses no one else's (their own still works),
whatever the audiences and follows say. The control binds only while its member is a teen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

import msgspec

from events.characters import Audience
from safety.likeness.errors import AudienceNotAllowed, InvalidAudience
from social.rules import is_handle

AUDIENCES: tuple[str, ...] = get_args(Audience)
MAX_APPROVED = 50
"""Most handles one character may approve by name."""


class Party(msgspec.Struct, frozen=True, kw_only=True):
    """A member as the rules see them: who, whether a teen today, and whether their guardian
    forbids characters in their parental controls."""

    user_id: str
    is_teen: bool
    guardian_forbids_characters: bool = False


def normalise_name(name: str) -> str | None:
    """The key a character is found by: its owner's handle, any case, with or without a leading
    '@' (surrounding spaces ignored); None where `name` cannot be a handle at all."""
    key = name.strip().removeprefix("@")
    return key.lower() if is_handle(key) else None


def check_audience(audience: str, approved: Sequence[str], *, owner_is_teen: bool) -> None:
    """Whether an owner may give their character this audience (`approved`: the handles named).

    Raises InvalidAudience (an unknown audience, handles without `approved`, `approved` without
    handles, more than MAX_APPROVED), AudienceNotAllowed (a teen and `everyone`).
    """
    if audience not in AUDIENCES:
        raise InvalidAudience(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    if approved and audience != "approved":
        raise InvalidAudience(f"handles are approved only with the audience 'approved', not {audience!r}")
    if audience == "approved" and not approved:
        raise InvalidAudience("name at least one handle to approve, or choose the audience 'only_me'")
    if len(approved) > MAX_APPROVED:
        raise InvalidAudience(f"at most {MAX_APPROVED} handles may be approved by name; "
                              f"{len(approved)} were given (choose 'mutuals' for a wider circle)")
    if owner_is_teen and audience == "everyone":
        raise AudienceNotAllowed("a teen's character cannot be open to everyone: choose only_me, mutuals, "
                                 "or approved handles (only those who are also your mutuals may use it)")


def may_use(user: Party, owner: Party, audience: str, *, approved: bool, mutual: bool) -> bool:
    """Whether `user` may put `owner`'s character in a video now.

    `audience`: the character's; `approved`: the owner named `user` (audience "approved");
    `mutual`: the two follow each other. The owner always may; no one else where either is a
    teen whose guardian forbids characters.
    """
    if user.user_id == owner.user_id:
        return True
    if _kept_to_themselves(user) or _kept_to_themselves(owner):
        return False
    allowed = (audience == "everyone" or (audience == "mutuals" and mutual)
               or (audience == "approved" and approved))
    if user.is_teen or owner.is_teen:  # between a teen and anyone else: mutuals only
        return allowed and mutual
    return allowed


def _kept_to_themselves(party: Party) -> bool:
    """A teen whose guardian forbids characters: no one else's likeness meets theirs in a video."""
    return party.is_teen and party.guardian_forbids_characters
