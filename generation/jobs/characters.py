"""Characters: a member's likeness in a generation, only with its owner's permission.

A character is made from its owner's short video and voice capture; its owner says who may use
it, and may revoke that or remove the character (DESIGN: the request checks likeness
permissions before anything is recorded or paid for). `Characters` is the port the generation
service asks. Capture is not built yet, so the directory an installation has today,
`NoCharacters`, holds none: a request naming a character is refused, saying why, rather than
made with a likeness nobody consented to (the name alone once reached the rewriter as a figure).
"""

from __future__ import annotations

from typing import Protocol

from generation.jobs.errors import JobError


class CharacterUnavailable(JobError):
    """A named character does not exist, or its owner has not let this member use it."""

    kind = "not_found"
    title = "No such character"


class Characters(Protocol):
    def check_use(self, user_id: str, names: tuple[str, ...]) -> None:
        """Return when member `user_id` may put every character in `names` in a video; raise
        CharacterUnavailable naming the first that they may not."""
        ...


class NoCharacters:
    """The directory of an installation that takes no captures: it holds no character."""

    def check_use(self, user_id: str, names: tuple[str, ...]) -> None:
        if names:
            raise CharacterUnavailable(
                f"there is no character {names[0]!r} you may use: a character is made from its owner's "
                "video and voice capture and used with their permission, and this installation takes no "
                "captures yet; describe the figure in the prompt instead (e.g. 'a person in red')")
