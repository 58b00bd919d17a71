"""Regenerate safety/ordinary_words.py from an English dictionary (a developer's tool).

    python -m safety.make_ordinary_words /usr/share/dict/american-english > safety/ordinary_words.py

Run it when the terms (policy.CATEGORIES) or the names (policy.PUBLIC_FIGURES) change; the
dictionary is Debian's wamerican word list. The product never reads the dictionary itself.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from safety.names import Names, edit_budget, edit_distance
from safety.policy import CATEGORIES, PUBLIC_FIGURES
from safety.text import SPLIT_ENDINGS, rejoined, split_words

STILL_JOINED = {"sewer slide", "stript ease"}
"""Splits into dictionary words that are themselves disguises: joined back all the same."""
NOT_IN_THE_DICTIONARY = {"macaron", "macarons"}


def near_name_words(raw: list[str]) -> set[str]:
    """Dictionary words within the edit budget of a word of a public figure's name."""
    lower = {w for w in raw if w.islower()}
    proper = {w.lower() for w in raw if w[0].isupper()} - lower
    names = Names(PUBLIC_FIGURES)  # the words it measures misspellings against
    near = set(NOT_IN_THE_DICTIONARY)
    for word in names.targets:
        budget = edit_budget(word)
        if not budget:
            continue
        pool = lower | (proper if word in names.aliases else set())
        near |= {w for w in pool if len(w) >= 3 and abs(len(w) - len(word)) <= budget and w != word
                 and edit_distance(w, word) <= budget}
    return near - names.words


def split_phrases(raw: list[str]) -> set[str]:
    """Cuts of a term into two or three dictionary words that the lexical layer would join back."""
    words = ({w for w in raw if w.islower()} | {"a", "i"}) - set("bcdefghjklmnopqrstuvwxyz")
    pattern = split_words(c.terms for c in CATEGORIES)
    forms: set[str] = set()
    for category in CATEGORIES:
        for term in category.terms:
            parts = term.replace("-", " ").split()
            for word in parts:
                if len(parts) > 1 and len(word.strip("*")) < 4:
                    continue
                core = word.strip("*")
                forms |= {core + e for e in SPLIT_ENDINGS} if word.endswith("*") else {core}
    kept = set()
    for form in forms:
        for i in range(1, len(form)):
            if form[:i] in words and form[i:] in words:
                kept.add(f"{form[:i]} {form[i:]}")
            for j in range(i + 1, len(form)):
                cut = (form[:i], form[i:j], form[j:])
                if all(p in words for p in cut):
                    kept.add(" ".join(cut))
    joined = {k for k in kept if rejoined(f" {k} ", pattern, frozenset()).split() != k.split()}
    return joined - STILL_JOINED


def _block(items: Iterable[str]) -> str:
    lines, line = [], "   "
    for item in sorted(items):
        piece = f' "{item}",'
        if len(line) + len(piece) > 108:
            lines.append(line)
            line = "   "
        line += piece
    lines.append(line)
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    raw = [w.strip() for w in open(sys.argv[1], encoding="utf-8") if w.strip().isalpha()]
    head = open(__file__.replace("make_ordinary_words", "ordinary_words"), encoding="utf-8").read()
    docstring = head[:head.index('"""', 3) + 3]
    print(f"""{docstring}

NEAR_NAME_WORDS: frozenset[str] = frozenset((
{_block(near_name_words(raw))}
))

SPLIT_PHRASES: frozenset[str] = frozenset((
{_block(split_phrases(raw))}
))""")


if __name__ == "__main__":
    main()
