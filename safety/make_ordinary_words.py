"""Regenerate safety/ordinary_words.py from an English dictionary and a list of frequent English
word pairs (a developer's tool).

    python -m safety.make_ordinary_words /usr/share/dict/american-english BIGRAMS > safety/ordinary_words.py

Run it when the terms (policy.CATEGORIES) or the names (policy.PUBLIC_FIGURES) change. The
dictionary is Debian's wamerican word list; BIGRAMS is SymSpell's English bigram list
(frequency_bigramdictionary_en_243_342.txt in the symspellpy package: the 243,342 most frequent
word pairs of Google Books, one 'word word count' a line). The product never reads either.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable

from safety.names import MAX_NAME_EDITS, Names, deletions, edit_budget, edit_distance, sound
from safety.minors import MINOR_TERMS, SOFT_SEXUAL
from safety.policy import CATEGORIES, PUBLIC_FIGURES
from safety.text import SPLIT_ENDINGS, rejoined, split_words, vocabulary

NOT_IN_THE_DICTIONARY = {"macaron", "macarons"}
ORDINARY_SPLITS = {
    "be head": "she will be head chef one day", "be heads": "they will be heads of their departments",
    "be heady": "the first night can be heady", "mess i": "what a mess i made in the kitchen",
    "mod i": "the mod i made for the game", "only fans": "only fans with tickets can enter the stadium",
}
"""Cuts into two dictionary words that are ordinary phrases too rare for the bigram list: found
by reading every cut the tool makes that the list lacks, each with a sentence that uses it."""
NAME_LIKE = {"tiger wood": "a table made of tiger wood"}
"""Ordinary phrases that a full name makes with its surname's last letter dropped (`name_cuts`),
each with a sentence that uses it: found by reading every such phrase the tool lists."""


def name_cuts(raw: list[str]) -> set[str]:
    """A full name of PUBLIC_FIGURES with its surname's last letter dropped where that leaves a
    dictionary word ('tiger wood', 'bill gate', 'steve job', 'will smit'): what is read as the
    name (names.last_letter_dropped) unless it is reviewed as an ordinary phrase (NAME_LIKE)."""
    words = _dictionary_words(raw)
    names = [f.split() for f in PUBLIC_FIGURES if len(f.split()) > 1]
    return {" ".join([*n[:-1], n[-1][:-1]]) for n in names if len(n[-1]) >= 4 and n[-1][:-1] in words}


def name_like_phrases(raw: list[str]) -> set[str]:
    """The reviewed ordinary phrases (NAME_LIKE) among the name cuts (`name_cuts`)."""
    return name_cuts(raw) & set(NAME_LIKE)


def near_name_words(raw: list[str]) -> set[str]:
    """Dictionary words within the edit budget of a word of a public figure's name, or that
    sound like one (names.sound: 'pit' of pitt, 'billy' of billie)."""
    lower = {w for w in raw if w.islower()}
    proper = {w.lower() for w in raw if w[0].isupper()} - lower
    names = Names(PUBLIC_FIGURES)  # the words it measures misspellings against
    index: dict[str, set[str]] = defaultdict(set)  # a word's deletions -> the name words they come from
    for word in names.targets:
        for variant in deletions(word, edit_budget(word)):
            index[variant].add(word)
    near = set(NOT_IN_THE_DICTIONARY)
    sounds = {(sound(w), w[0]) for w in names.words if len(w) >= 4}
    for candidate in lower | proper:
        if len(candidate) < 3:
            continue
        if (sound(candidate), candidate[0]) in sounds:
            near.add(candidate)
        for word in {w for v in deletions(candidate, MAX_NAME_EDITS) for w in index.get(v, ())}:
            budget = edit_budget(word)
            if (candidate in lower or word in names.aliases) and candidate != word \
                    and abs(len(candidate) - len(word)) <= budget and edit_distance(candidate, word) <= budget:
                near.add(candidate)
    return near - names.words


def _dictionary_words(raw: list[str]) -> set[str]:
    return ({w for w in raw if w.islower()} | {"a", "i"}) - set("bcdefghjklmnopqrstuvwxyz")


def _split_forms() -> set[str]:
    """The words that `text.rejoined` joins a split back into."""
    forms: set[str] = set()
    for category in CATEGORIES:
        for term in category.terms:
            parts = term.replace("-", " ").split()
            for word in parts:
                if len(parts) > 1 and len(word.strip("*")) < 4:
                    continue
                core = word.strip("*")
                forms |= {core + e for e in SPLIT_ENDINGS} if word.endswith("*") else {core}
    return forms


def split_cuts(raw: list[str]) -> set[str]:
    """Cuts of a term's word into two or three dictionary words that `text.rejoined` would join
    back into one word with nothing kept."""
    words = _dictionary_words(raw)
    pattern = split_words(c.terms for c in CATEGORIES)
    forms = _split_forms()
    cuts = set()
    for form in forms:
        for i in range(1, len(form)):
            if form[:i] in words and form[i:] in words:
                cuts.add(f"{form[:i]} {form[i:]}")
            for j in range(i + 1, len(form)):
                cut = (form[:i], form[i:j], form[j:])
                if all(p in words for p in cut):
                    cuts.add(" ".join(cut))
    return {c for c in cuts if rejoined(f" {c} ", pattern, frozenset()).split() == [c.replace(" ", "")]}


def split_phrases(raw: list[str], bigrams: set[str]) -> set[str]:
    """The cuts (`split_cuts`) that are ordinary English, never joined: a pair of words that is
    one of the frequent `bigrams` or of ORDINARY_SPLITS ('be heading', 'put in', 'only fans'),
    and every cut in three (whose two short parts `rejoined` joins only as letters: 'n a ked').
    Any other pair of words that makes a term's word is a disguise ('top less', 'mass acre')."""
    return {c for c in split_cuts(raw) if len(c.split()) == 3 or c in bigrams or c in ORDINARY_SPLITS}


FUNCTION_WORDS = {"and", "for", "from", "the", "with", "that", "this", "was", "are", "but", "not", "his", "her"}


def bound_phrases(raw: list[str], bigrams: set[str]) -> set[str]:
    """Frequent pairs (`bigrams`) whose first word is no dictionary word but ends a cut of a
    term's word after one ('hen tai' of hentai, in 'tai chi'; 'tor turing' of torturing, in
    'turing machine'), and whose second is a dictionary word of three letters or more, neither
    a function word nor a word of the policy's terms: before that second word the cut is the
    phrase, not a split word ('hen tai chi': a hen doing tai chi)."""
    words = _dictionary_words(raw)
    pattern = split_words(c.terms for c in CATEGORIES)
    blocked = vocabulary([*(c.terms for c in CATEGORIES), SOFT_SEXUAL, MINOR_TERMS])
    ends = set()
    for form in _split_forms():
        for i in range(2, len(form) - 2):
            first, last = form[:i], form[i:]
            if first in words and last not in words \
                    and rejoined(f" {first} {last} ", pattern, frozenset()).split() == [form]:
                ends.add(last)
    found = set()
    for pair in bigrams:
        first, _, second = pair.partition(" ")
        if first in ends and second in words and len(second) >= 3 and second not in FUNCTION_WORDS \
                and not blocked.fullmatch(second):
            found.add(pair)
    return found


def read_bigrams(path: str) -> set[str]:
    """The word pairs of a 'word word count' list, lower case."""
    with open(path, encoding="utf-8") as lines:
        return {" ".join(line.split()[:2]).lower() for line in lines if len(line.split()) == 3}


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
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as dictionary:
        raw = [w.strip() for w in dictionary if w.strip().isalpha()]
    bigrams = read_bigrams(sys.argv[2])
    with open(__file__.replace("make_ordinary_words", "ordinary_words"), encoding="utf-8") as current:
        head = current.read()
    docstring = head[:head.index('"""', 3) + 3]
    print(f"""{docstring}

NEAR_NAME_WORDS: frozenset[str] = frozenset((
{_block(near_name_words(raw))}
))

SPLIT_PHRASES: frozenset[str] = frozenset((
{_block(split_phrases(raw, bigrams))}
))

BOUND_PHRASES: frozenset[str] = frozenset((
{_block(bound_phrases(raw, bigrams))}
))

NAME_LIKE_PHRASES: frozenset[str] = frozenset((
{_block(name_like_phrases(raw))}
))""")


if __name__ == "__main__":
    main()
