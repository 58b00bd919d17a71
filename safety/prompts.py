"""The prompt classifier: does a prompt ask for something the policy does not allow?

Two layers, the cheaper first:
1. lexical: the terms of each category, matched as whole words or stems on the normalised
   prompt and its other readings (safety/text.py: Unicode tricks undone, leetspeak folded,
   letters spelled out, repeated or masked, words split in two put back unless they are an
   ordinary phrase), with everyday phrases that hold a term set aside (SAFE_PHRASES), and the
   harm an accident did ('falls off his bike and hurts himself': ACCIDENTS). A sexual term, or
   a suggestive one (SOFT_SEXUAL), or a sexual compound rule, with a word or an age for a minor
   blocks for every account as sexual_minors. A compound rule blocks when a term of one list
   closely follows a term of another (a group, then a hostile phrase; a verb of killing, then a
   person; the words for how many, 'a crowd of', read through), unless a word of its own says
   otherwise ('shooting a family' with a camera in the prompt). A real person's
   name written a little wrong blocks too (safety/names.py);
2. semantic: the MiniLM embedding of the cleaned prompt (`clean`; the blocked word of an
   everyday phrase left out, so 'a nude-coloured sofa' reads 'a coloured sofa'), and of each of
   its clauses, against the category exemplars (policy.py) and the benign ones (everyday.py); a
   category blocks when a part is close to it (`threshold`) and clearly closer to it than to
   anything benign (`margin`). The worst part decides, so a harmful clause is not diluted by
   harmless ones. It reads a photographer's or a film crew's shooting as a camera's, when
   nothing armed is in the prompt (CAMERA_PEOPLE). With a minor signal the sexual exemplars
   block from MINOR_THRESHOLD, with the teen margin, for everyone, in the parts that name the
   minor (the whole prompt, or a clause with the child in it).
A compound rule with `minor_only` (grooming: a stranger met online, and a bed) blocks only with a
minor signal, as sexual_minors.
Teen accounts use lower thresholds where a category has one, a smaller margin, and also get
the teen-only categories.

Its figures on the held-out evaluation prompts are asserted in tests/safety.
"""

from __future__ import annotations

import re

import msgspec
import numpy as np

from recsys.embeddings import Embedder
from safety.names import Names
from safety.ordinary_words import BOUND_PHRASES, NAME_LIKE_PHRASES, NEAR_NAME_WORDS, SPLIT_PHRASES
from safety.everyday import (
    ACCIDENT_GAP, ACCIDENTAL_HARM, ACCIDENTS, BENIGN, CAMERA_PEOPLE, CAMERA_SENSE, SAFE_PHRASES,
)
from safety.lexicon import ARMED, GAP_BREAKERS, PUBLIC_FIGURES, QUANTITIES, WEAPONS_NAMED
from safety.categories import Category, Compound
from safety.minors import MINOR_AGE, MINOR_TERMS, SOFT_SEXUAL
from safety.policy import CATEGORIES, COMPOUNDS
from safety.text import (
    Terms, clauses, clean, normalise, rejoined, split_words, variants, vocabulary, words_of,
)

__all__ = ["MARGIN", "MINOR_THRESHOLD", "TEEN_MARGIN", "PromptClassifier", "Verdict", "clean", "normalise"]


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
MINOR_THRESHOLD = 0.38
"""With a word or an age for a minor in the prompt: the similarity to the sexual exemplars from
which it blocks for every account, with the teen margin over the benign exemplars (adults get no
looser rule here)."""

_MINORS = "sexual_minors"
_LIKENESS = "real_person_likeness"
_MINORS_MESSAGE = "sexual content involving minors is never allowed"
_MINOR_AGE = re.compile(MINOR_AGE)
_ARTICLES = ("a", "an", "the")
_NOT_VERBS = ("being", "nothing", "something", "anything", "everything")
_CAMERA_SHOOTING = re.compile(r"\b((?:" + "|".join(sorted(CAMERA_PEOPLE, key=len, reverse=True))
                              + r")\W+(?:\w+\W+)?)(" + "|".join(CAMERA_SENSE) + r")\b")


class PromptClassifier:
    """Classifies prompts against the policy. Thread-safe; the embedder is the only state."""

    def __init__(
        self, embedder: Embedder, categories: tuple[Category, ...] = CATEGORIES,
        compounds: tuple[Compound, ...] = COMPOUNDS, figures: tuple[str, ...] = PUBLIC_FIGURES,
    ) -> None:
        self.embedder = embedder
        self.categories = categories
        self.compounds = compounds
        vectors = embedder.embed([e for c in categories for e in c.exemplars])
        self._owner = np.array([i for i, c in enumerate(categories) for _ in c.exemplars])
        self._exemplars = vectors
        self._benign = embedder.embed(list(BENIGN))
        self._terms = [Terms(c.terms) for c in categories]
        self._rules = [(rule, Terms(rule.first), Terms(rule.second), Terms(rule.unless),
                        [Terms(rule.within), Terms(rule.also_within)]) for rule in compounds]
        self._sexual = next((t for c, t in zip(categories, self._terms, strict=True) if c.name == "sexual"), None)
        self._minors, self._soft, self._safe = Terms(MINOR_TERMS), Terms(SOFT_SEXUAL), Terms(SAFE_PHRASES)
        self._quantities = Terms(QUANTITIES)
        self._accidents, self._accidental_harm = Terms(ACCIDENTS), Terms(ACCIDENTAL_HARM)
        self._armed, self._weapons = Terms(ARMED), Terms(WEAPONS_NAMED)
        self._vocabulary = vocabulary([*(c.terms for c in categories), *(r.first + r.second for r in compounds),
                                       MINOR_TERMS, SOFT_SEXUAL])
        # a split word is joined back when it makes a word of a category's terms ('po rn')
        self._splits = split_words(c.terms for c in categories)
        self._likeness = next((c for c in categories if c.name == _LIKENESS), None)
        self._names = Names(figures, NEAR_NAME_WORDS, NAME_LIKE_PHRASES)
        self._blocked_words = split_words([*(c.terms for c in categories), SOFT_SEXUAL])

    def _excused(self, rule: Compound, unless: Terms, text: str) -> bool:
        """Whether a rule's match is excused by its `unless` words ('a photographer shooting'),
        which a weapon or someone armed in the prompt overrules for an `unless_unarmed` rule."""
        return bool(unless.find(text)) and not (rule.unless_unarmed and self._weapons.find(text))

    def classify(self, prompt: str, *, teen: bool = False, waive: frozenset[str] = frozenset()) -> Verdict:
        """Verdict for one prompt (the empty prompt is allowed: other checks refuse it).
        Quoted dialogue is read as part of the prompt; a caller that speaks it classifies each
        line on its own too. `waive`: categories that do not block (a reviewer overturned a
        block of theirs on appeal); sexual content involving minors is never waived."""
        waive = frozenset(waive) - {_MINORS}
        active = [c for c in self.categories if (teen or not c.teen_only) and c.name not in waive]
        normal, cleaned = normalise(prompt), clean(prompt)
        readings = list(variants(self._everyday_removed(normal), self._vocabulary))
        joined = self._everyday_removed(rejoined(normal, self._splits, SPLIT_PHRASES, cleaned, BOUND_PHRASES))
        if joined not in readings:
            readings.append(joined)
        minor = self._minor_signal(prompt, readings)
        lexical = self._lexical(readings, active, minor, cleaned, waive)
        if lexical is not None:
            return lexical
        # the embedding layer does not read the blocked word of an everyday phrase either
        shown = self._safe.without_written(cleaned, self._blocked_words)
        folded = _folded(cleaned, readings, self._safe)
        if not any(self._armed.find(text) for text in readings):
            shown, folded = _camera_sense(shown), folded and _camera_sense(folded)
        return self._semantic(shown, folded, active, teen, minor)

    def _everyday_removed(self, text: str) -> str:
        """`text` (normalised) without its everyday phrases (SAFE_PHRASES), without the words for
        how many people ('a crowd of': QUANTITIES) and without the harm that an accident did
        ('falls off his bike and hurts himself')."""
        text = self._quantities.without(self._safe.without(text))
        spans = [(start, stop) for _, end, _ in self._accidents.spans(text)
                 for start, stop, _ in self._accidental_harm.spans(text) if 0 <= start - end <= ACCIDENT_GAP]
        if not spans:
            return text
        tokens = text.split()
        kept = [t for i, t in enumerate(tokens) if not any(start <= i < stop for start, stop in spans)]
        return " " + " ".join(kept) + " "

    def _minor_signal(self, prompt: str, readings: list[str]) -> bool:
        """Whether the prompt names a child or a young look, or an age under 18."""
        written = words_of(prompt)
        return bool(_MINOR_AGE.search(written) or self._minors.find(written)
                    or any(self._minors.find(text) for text in readings))

    def _lexical(self, readings: list[str], active: list[Category], minor: bool, cleaned: str,
                 waive: frozenset[str] = frozenset()) -> Verdict | None:
        if minor and any(self._soft.find(text) or (self._sexual and self._sexual.find(text)) for text in readings):
            return Verdict(allowed=False, category=_MINORS, message=_MINORS_MESSAGE, layer="lexical", score=1.0)
        for text in readings:
            for category, terms in zip(self.categories, self._terms, strict=True):
                if category in active and terms.find(text):
                    return Verdict(allowed=False, category=category.name, message=category.message,
                                   layer="lexical", score=1.0)
            for rule, first, second, unless, withins in self._rules:
                if rule.minor_only and not minor:
                    continue
                if _near(text, first, second, rule.gap, rule.object_only, rule.adjective_between) \
                        and all(not terms.terms or terms.find(text) for terms in withins) \
                        and not self._excused(rule, unless, text):
                    if minor and rule.category == "sexual":
                        return Verdict(allowed=False, category=_MINORS, message=_MINORS_MESSAGE, layer="lexical",
                                       score=1.0)
                    if rule.category in waive:
                        continue
                    return Verdict(allowed=False, category=rule.category, message=rule.message,
                                   layer="lexical", score=1.0)
            if _LIKENESS not in waive and self._likeness is not None and self._names.find(text, cleaned):
                return Verdict(allowed=False, category=_LIKENESS, message=self._likeness.message,
                               layer="lexical", score=1.0)
        return None

    def _semantic(self, prompt: str, folded: str | None, active: list[Category], teen: bool,
                  minor: bool) -> Verdict:
        split = clauses(prompt)
        parts = [clean(prompt), *split, *([folded] if folded else [])]
        vectors = self.embedder.embed(parts)
        similarity = vectors @ self._exemplars.T  # (parts, exemplars)
        benign = (vectors @ self._benign.T).max(axis=1)
        margin = TEEN_MARGIN if teen else MARGIN
        # the lower threshold reads the whole prompt, and of its clauses those that name the minor: in
        # 'a woman sitting beside a man on the bed and rocking their baby' the first has no child in it
        naming_minor = np.array([minor, *(minor and self._minor_signal(part, [normalise(part)]) for part in split),
                                 *([minor] if folded else [])], dtype=bool)
        best: tuple[float, Category] | None = None
        for index, category in enumerate(self.categories):
            scores = similarity[:, self._owner == index].max(axis=1)
            near = scores[(scores >= MINOR_THRESHOLD) & (scores - benign >= TEEN_MARGIN) & naming_minor]
            if category.name == "sexual" and near.size:  # the teen margin, for every account
                return Verdict(allowed=False, category=_MINORS, message=_MINORS_MESSAGE, layer="semantic",
                               score=float(near.max()))
            if category not in active:
                continue
            threshold = (category.teen_threshold or category.threshold) if teen else category.threshold
            blocking = scores[(scores >= threshold) & (scores - benign >= margin)]
            if blocking.size and (best is None or blocking.max() > best[0]):
                best = (float(blocking.max()), category)
        if best is None:
            return Verdict(allowed=True, score=float(similarity.max()))
        score, category = best
        return Verdict(allowed=False, category=category.name, message=category.message,
                       layer="semantic", score=score)


def _folded(cleaned: str, readings: list[str], safe: Terms) -> str | None:
    """The lexical layer's reading with disguises undone ('k1ll1ng', 'k i l l i n g' ->
    'killing'), for the embedding layer too; None when it reads the same as the cleaned
    prompt, `safe` phrases taken out of both."""
    joined = [r for r in readings if "#" in r]
    folded = " ".join((joined[0] if joined else readings[0]).replace("#", "").split())
    plain = safe.without(" " + " ".join(re.sub(r"[^a-z]+", " ", cleaned).split()) + " ")
    return None if folded == " ".join(plain.split()) else folded


def _camera_sense(text: str) -> str:
    """`text` with the shooting of a photographer or a film crew read as a camera's ('a
    photographer shooting people' -> 'a photographer photographing people')."""
    return _CAMERA_SHOOTING.sub(lambda match: match[1] + CAMERA_SENSE[match[2]], text)


def _near(text: str, first: Terms, second: Terms, gap: int | None, object_only: bool = False,
          adjective_between: bool = False) -> bool:
    """Whether a term of `first` is followed by one of `second` at most `gap` words later, with
    no word between that breaks the link (GAP_BREAKERS, or a verb in -ing: not a word in -ing
    right after an article, which says what the next word is: 'a screaming man', nor, with
    `adjective_between`, one alone between the two: 'slaying kneeling prisoners'), and, with
    `object_only`, not as an owner ('the boy's score'); for `gap=None`, whether both occur."""
    if gap is None:
        return bool(first.find(text) and second.find(text))
    tokens = text.split()
    for _, end, _ in first.spans(text):
        for start, stop, _ in second.spans(text):
            if object_only and stop < len(tokens) and tokens[stop] == "s":
                continue
            lone = adjective_between and start - end == 1
            if 0 <= start - end <= gap and not any(_breaks(tokens[k], tokens[k - 1], lone) for k in range(end, start)):
                return True
    return False


def _breaks(word: str, before: str, adjective: bool = False) -> bool:
    verb = word.endswith("ing") and word not in _NOT_VERBS and before not in _ARTICLES and not adjective
    return word in GAP_BREAKERS or verb
