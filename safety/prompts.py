"""The prompt classifier: does a prompt ask for something the policy does not allow?

Two layers, the cheaper first:
1. lexical: unambiguous terms of a category, matched as whole words on a normalised prompt
   (Unicode tricks undone, lower case, leetspeak folded, punctuation spaced out); a sexual term
   next to a term for a minor blocks outright;
2. semantic: the MiniLM embedding of the cleaned prompt (`clean`) against the category exemplars
   and the benign exemplars of policy.py; a category blocks when the prompt is close to it
   (`threshold`) and clearly closer to it than to anything benign (`margin`).
Teen accounts use lower thresholds where a category has one, a smaller margin, and also get
the teen-only categories. A compound rule blocks when terms of two lists meet (a group and a
hostile phrase).

Its figures on the held-out evaluation prompts are asserted in tests/safety.
"""

from __future__ import annotations

import re
import unicodedata

import msgspec
import numpy as np

from recsys.embeddings import Embedder
from safety.policy import BENIGN, CATEGORIES, COMPOUNDS, MINOR_TERMS, Category, Compound

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
# Cyrillic and Greek letters that pass for Latin ones. Capitals whose small letter looks different
# (Greek 'Η' is an H, 'η' an n) are listed apart, since case folding would lose the look.
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x", "ω": "w", "Η": "h", "Μ": "m", "Ν": "n", "Υ": "y", "Ζ": "z",
})


class Verdict(msgspec.Struct, frozen=True, kw_only=True):
    """The classifier's answer: allowed, or blocked under `category` with a message."""

    allowed: bool
    category: str | None = None
    message: str | None = None
    layer: str | None = None
    """"lexical" or "semantic": which layer blocked."""
    score: float = 0.0
    """Highest similarity to a blocking category's exemplars."""


MARGIN = 0.06
"""How much closer to a category than to anything benign a prompt must be to block."""
TEEN_MARGIN = 0.03


def clean(prompt: str) -> str:
    """The prompt with Unicode tricks undone: compatibility forms folded ('ｎａｋｅｄ' -> 'naked'),
    accents and invisible characters (zero-width, soft hyphen) dropped, case folded, and Cyrillic
    or Greek look-alike letters mapped to Latin ('nаked' with a Cyrillic 'а' -> 'naked')."""
    decomposed = unicodedata.normalize("NFKD", prompt)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) not in ("Mn", "Cf"))
    return kept.translate(_LOOKALIKES).casefold().translate(_LOOKALIKES)


def normalise(prompt: str) -> str:
    """Cleaned, leetspeak folded, every run of non-letters one space: 'N.u.d-3' -> ' n u d e '."""
    folded = clean(prompt).translate(_LEET)
    return " " + re.sub(r"[^a-z]+", " ", folded).strip() + " "


def _has(text: str, terms: tuple[str, ...]) -> str | None:
    for term in terms:
        if f" {term.replace('-', ' ')} " in text:
            return term
    return None


def _collapsed(text: str) -> str:
    """'n u d e' -> ' nude ': catches words spelled out letter by letter."""
    return re.sub(r"\b(\w) (?=\w\b)", r"\1", text)


class PromptClassifier:
    """Classifies prompts against the policy. Thread-safe; the embedder is the only state."""

    def __init__(
        self, embedder: Embedder, categories: tuple[Category, ...] = CATEGORIES,
        compounds: tuple[Compound, ...] = COMPOUNDS,
    ) -> None:
        self.embedder = embedder
        self.categories = categories
        self.compounds = compounds
        vectors = embedder.embed([e for c in categories for e in c.exemplars])
        self._owner = np.array([i for i, c in enumerate(categories) for _ in c.exemplars])
        self._exemplars = vectors
        self._benign = embedder.embed(list(BENIGN))

    def classify(self, prompt: str, *, teen: bool = False) -> Verdict:
        """Verdict for one prompt (the empty prompt is allowed: other checks refuse it)."""
        active = [c for c in self.categories if teen or not c.teen_only]
        lexical = self._lexical(prompt, active)
        if lexical is not None:
            return lexical
        return self._semantic(prompt, active, teen)

    def _lexical(self, prompt: str, active: list[Category]) -> Verdict | None:
        text = normalise(prompt)
        for variant in (text, _collapsed(text)):
            for category in active:
                if _has(variant, category.terms):
                    if category.name == "sexual" and _has(variant, MINOR_TERMS):
                        return Verdict(allowed=False, category="sexual_minors", layer="lexical", score=1.0,
                                       message="sexual content involving minors is never allowed")
                    return Verdict(allowed=False, category=category.name, message=category.message,
                                   layer="lexical", score=1.0)
            for rule in self.compounds:
                if _has(variant, rule.first) and _has(variant, rule.second):
                    return Verdict(allowed=False, category=rule.category, message=rule.message,
                                   layer="lexical", score=1.0)
        return None

    def _semantic(self, prompt: str, active: list[Category], teen: bool) -> Verdict:
        vector = self.embedder.embed([clean(prompt)])[0]
        similarity = self._exemplars @ vector
        benign = float((self._benign @ vector).max())
        best: tuple[float, Category] | None = None
        for index, category in enumerate(self.categories):
            if category not in active:
                continue
            score = float(similarity[self._owner == index].max())
            threshold = (category.teen_threshold or category.threshold) if teen else category.threshold
            margin = TEEN_MARGIN if teen else MARGIN
            if score >= threshold and score - benign >= margin and (best is None or score > best[0]):
                best = (score, category)
        if best is None:
            return Verdict(allowed=True, score=float(similarity.max()))
        score, category = best
        return Verdict(allowed=False, category=category.name, message=category.message,
                       layer="semantic", score=score)
