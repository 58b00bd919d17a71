"""The shapes of the content policy's rules (policy.py holds the rules themselves): a category
with its exemplars and terms, and a compound rule that blocks two lists' terms said together."""

from __future__ import annotations

import msgspec


class Category(msgspec.Struct, frozen=True):
    name: str
    message: str
    """What the person is told, in words they understand."""
    exemplars: tuple[str, ...]
    terms: tuple[str, ...] = ()
    teen_only: bool = False
    threshold: float = 0.50
    """Cosine similarity to an exemplar from which the semantic layer may block."""
    teen_threshold: float | None = None
    """A lower threshold for teen accounts, where the category calls for more caution."""


class Compound(msgspec.Struct, frozen=True):
    """Blocks under `category` when a term of `first` is followed by a term of `second` at
    most `gap` words later, with no word between them that breaks the link (GAP_BREAKERS, or a
    verb in -ing: in "women feeding the animals" the animals are not what the women are).
    `gap=None`: both anywhere in the prompt, in either order."""

    category: str
    message: str
    first: tuple[str, ...]
    second: tuple[str, ...]
    gap: int | None = 3
    unless: tuple[str, ...] = ()
    """Terms that, anywhere in the prompt, say the words mean something else ('a photographer
    shooting a family')."""
    object_only: bool = False
    """A term of `second` counts only as what the first acts on, not as the owner of it: in
    'beating the boy's high score' the boy is not beaten."""
    adjective_between: bool = False
    """A lone word in -ing between the two terms describes the second rather than breaking the
    link ('slaying kneeling prisoners', 'hacking down fleeing villagers'): for rules whose first
    term is the verb, so that the word in -ing cannot be the verb of the sentence."""
    within: tuple[str, ...] = ()
    """Terms of which one must occur anywhere in the prompt too: the fire, for a person consumed
    ('the flames of the pyre consume him')."""
    unless_unarmed: bool = False
    """`unless` counts only when no weapon and no one armed is in the prompt (lexicon.WEAPONS_NAMED):
    'a gunman shooting two models' is no photo shoot."""
    also_within: tuple[str, ...] = ()
    """A second list of which one term must occur anywhere in the prompt as well: a dependant left
    in a field blocks only with a storm or the cold too."""
    minor_only: bool = False
    """Blocks only with a word or an age for a minor in the prompt, as sexual_minors: grooming that
    reads as nothing between adults ('a man sharing a hotel room with a woman he met online')."""
