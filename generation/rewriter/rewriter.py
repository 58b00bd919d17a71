"""The prompt rewriter: free text -> a ScenePlan the world can make, and the caption the model
was trained to read.

Exact synonyms first (parse.py); the remaining content words are mapped by MiniLM embeddings to
the nearest concept when they are close enough and clearly closer to it than to any other
("crimson sphere" -> a red ball; "a sandy coastline" -> the beach). A vague prompt ("surprise
me") is expanded into a concrete plan; a prompt nothing of which the world knows is refused with
what is possible instead.
"""

from __future__ import annotations

import random

import msgspec
import numpy as np

from generation.limits import MAX_SHOTS
from generation.rewriter.parse import FIELDS, Mapping, read, words
from generation.rewriter.plan_builder import build_plan, can_happen
from generation.world.plan import STYLES, ScenePlan, caption
from recsys.embeddings import Embedder

MAX_PROMPT_CHARS = 1000
# A request's text is what its person wrote (at most MAX_PROMPT_CHARS in all, checked where the
# request is taken) with a full stop and a space after each of its parts: the prompt and up to
# MAX_SHOTS shot prompts (generation.jobs.rewriting.order_text).
MAX_READ_CHARS = MAX_PROMPT_CHARS + 2 * (1 + MAX_SHOTS)
POSSIBLE = (
    "balls (basketball, tennis ball, beach ball, bowling ball), crates and people",
    "dropping, bouncing, rolling, shooting at a hoop, throwing, kicking, colliding, floating, sinking, "
    "splashing, sliding",
    "in a gym, on a court, at the beach, in a pool, on a street or in a park",
    "in realistic, cinematic or anime style, by day or at night",
)


class PromptError(ValueError):
    """The prompt or an option cannot be used as given (empty, too long, unknown style...)."""


class NothingToMake(ValueError):
    """Nothing in the prompt is something the world can show."""

    def __init__(self, unknown: tuple[str, ...]) -> None:
        self.unknown = unknown
        self.possible = POSSIBLE
        super().__init__(
            f"nothing in this prompt can be made ({', '.join(unknown)} are not in Reelworld's world); "
            "it can show " + "; ".join(POSSIBLE)
        )


class Rewrite(msgspec.Struct, frozen=True, kw_only=True):
    plan: ScenePlan
    caption: str
    """The plan in the words the model was trained on."""
    mappings: tuple[Mapping, ...]
    unmapped: tuple[str, ...]
    """Content words that were left out."""
    expanded: bool
    """True when the prompt was too vague and the plan was filled in."""
    rewritten_by: str = "built-in"
    """Which backend made the plan: "built-in", or "chat:<model>" (generation.rewriter.chat)."""


class PromptRewriter:
    """Rewrites prompts into ScenePlans. `embedder` maps phrases that no synonym covers."""

    def __init__(self, embedder: Embedder, *, threshold: float = 0.6, margin: float = 0.05) -> None:
        self.embedder = embedder
        self.threshold, self.margin = threshold, margin
        self._fields = {
            field: (np.array([c.value for c in concepts for _ in c.phrases]),
                    embedder.embed([p for c in concepts for p in c.phrases]))
            for field, concepts in FIELDS.items()
        }

    def rewrite(
        self, prompt: str, *, style: str | None = None, shots: int = 1,
        characters: tuple[str, ...] = (), seed: int = 0,
    ) -> Rewrite:
        """The plan for `prompt`. Raises PromptError for unusable input, NothingToMake when
        nothing asked for exists in the world."""
        style = canonical_style(style)
        prompt = _check(prompt, style, shots)
        reading = read(prompt)
        scene = " ".join(reading.segments)  # the words outside quoted dialogue
        if any(ch.isalpha() for ch in scene) and not words(scene):
            raise PromptError("prompts are read in English only (none of its words is English); "
                              "describe the scene in English, e.g. 'a red ball bounces in a gym'")
        mapped = _fitting(list(reading.mappings) + self._embed_leftovers(reading.leftovers))
        found = {m.position for m in mapped}
        unmapped = tuple(w for p, w in reading.leftovers if p not in found)
        concrete = any(m.field in ("kind", "verb", "setting") for m in mapped)
        if not concrete and unmapped:
            raise NothingToMake(unmapped)
        asked_style = style or next((m.value for m in mapped if m.field == "style"), "realistic")
        n_shots = max(shots, min(MAX_SHOTS, max(len(reading.segments), reading.shot_count)))
        rng = random.Random(seed)
        plan = build_plan(
            sorted(mapped, key=lambda m: m.position), segments=reading.segments, dialogue=reading.dialogue,
            dialogue_shots=reading.dialogue_shots, style=asked_style, n_shots=n_shots, characters=characters, rng=rng,
        )
        asked = next((m for m in mapped if m.field == "setting" and m.how == "exact"), None)
        if asked is not None and asked.value != plan.setting:  # "splashes in a park": the pool, said so
            unmapped += (asked.phrase,)
        return Rewrite(plan=plan, caption=caption(plan, rng), mappings=tuple(mapped), unmapped=unmapped,
                       expanded=not any(m.field in ("kind", "verb") for m in mapped))

    def _embed_leftovers(self, leftovers: tuple[tuple[int, str], ...]) -> list[Mapping]:
        if not leftovers:
            return []
        vectors = self.embedder.embed([w for _, w in leftovers])
        out = []
        for (position, word), vector in zip(leftovers, vectors, strict=True):
            best = self._nearest(vector)
            if best is not None:
                field, value, score = best
                out.append(Mapping(word, field, value, "embedding", round(score, 3), position))
        return out

    def _nearest(self, vector: np.ndarray) -> tuple[str, str, float] | None:
        best: tuple[str, str, float] | None = None
        for field, (values, matrix) in self._fields.items():
            scores = matrix @ vector
            order = np.argsort(scores)[::-1]
            top = float(scores[order[0]])
            rival = next((float(scores[j]) for j in order if values[j] != values[order[0]]), -1.0)
            if top >= self.threshold and top - rival >= self.margin and (best is None or top > best[2]):
                best = (field, str(values[order[0]]), top)
        return best


def _fitting(mapped: list[Mapping]) -> list[Mapping]:
    """`mapped` without the actions guessed from a word's meaning (embeddings) that cannot happen
    in the place the prompt names in so many words: "a box tumbles in a park" is not a splash in
    a pool. Such a word is left out, and reported with the other words left out."""
    named = {m.value for m in mapped if m.field == "setting" and m.how == "exact"}
    return [m for m in mapped if not (m.field == "verb" and m.how == "embedding" and named
                                      and not any(can_happen(m.value, place) for place in named))]


def canonical_style(style: str | None) -> str | None:
    """`style` as STYLES spells it: a style is read in any case and without the spaces around it
    ("  Anime " -> "anime"). A name of no style comes back as it was given, to be refused with
    the styles there are; None stays None."""
    if style is None:
        return None
    name = style.strip().lower()
    return name if name in STYLES else style


def _check(prompt: str, style: str | None, shots: int) -> str:
    if not isinstance(prompt, str) or not prompt.strip():
        raise PromptError("the prompt is empty: describe what should happen, e.g. 'a red ball bounces in a gym'")
    if len(prompt) > MAX_READ_CHARS:
        raise PromptError(f"the prompt is {len(prompt)} characters long; at most {MAX_READ_CHARS} are read")
    if not any(ch.isalpha() for ch in prompt):
        raise PromptError("the prompt has no words in it")
    if style is not None and canonical_style(style) not in STYLES:
        raise PromptError(f"unknown style {style!r}; choose one of {', '.join(STYLES)}")
    if not 1 <= shots <= MAX_SHOTS:
        raise PromptError(f"shots must be between 1 and {MAX_SHOTS}, got {shots}")
    return prompt.strip()
