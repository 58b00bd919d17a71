"""The rewriter as the jobs see it: a port, and one call that turns its errors into job errors.

The API calls it before accepting a request (a bad prompt is a 4xx at once, and costs no
quota); the chain's first step calls it again with the request's seed to record the plan.
"""

from __future__ import annotations

from typing import Protocol

from generation.jobs.errors import InvalidGeneration, NothingToGenerate
from generation.rewriter import NothingToMake, PromptError, Rewrite


class Rewriter(Protocol):
    def rewrite(self, prompt: str, *, style: str | None = None, shots: int = 1,
                characters: tuple[str, ...] = (), seed: int = 0) -> Rewrite:
        ...


def rewrite(rewriter: Rewriter, prompt: str, style: str | None, shots: int,
            characters: tuple[str, ...], *, seed: int) -> Rewrite:
    """The plan for a prompt. Raises InvalidGeneration (unusable input) or NothingToGenerate
    (nothing asked for exists in the world; says what does)."""
    try:
        return rewriter.rewrite(prompt, style=style, shots=shots, characters=characters, seed=seed)
    except NothingToMake as error:
        raise NothingToGenerate(str(error), possible=tuple(error.possible)) from None
    except PromptError as error:
        raise InvalidGeneration(str(error)) from None


def order_text(prompt: str, shot_prompts: tuple[str, ...]) -> str:
    """The words the rewriter reads for a request: the prompt, then each shot's."""
    return " ".join(p.strip().rstrip(".") + "." for p in (prompt, *shot_prompts) if p.strip())
