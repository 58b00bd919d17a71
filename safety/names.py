"""Names of real people written a little wrong: 'tayor swift', 'barak obama', 'elon muks',
'zuckerburg', 'taylorswift'.

The lexical layer matches the gazetteer's names exactly (policy.PUBLIC_FIGURES); `Names` finds
the near misses: a full name whose words are each within a few edits of the name's words, or
spelt as they sound (`sound`: 'billy eilish', 'jacky chan'), one alias of five letters or more
within an edit, or a full name written as one word; a word that starts with another letter is
another name ('jill smith' is not 'will smith'). Ordinary words close to a name ('tom hangs a
picture', 'the weekend', 'a messy room') are not read as a misspelt name
(ordinary_words.NEAR_NAME_WORDS), but for one that stands for a given name right before the
surname ('tailor swift', 'serene williams', 'stove jobs'): the surname says whose name it is;
and for one that sounds just like the surname after the given name written right ('brad pit',
'snoop dog', 'lionel messy'), or is the surname without its last letter ('bill gate', 'steve
job'): the two together say it, unless they are an ordinary phrase too ('tiger wood', the
timber: ordinary_words.NAME_LIKE_PHRASES). 'tom hangs' and 'will smite' sound
otherwise, and stay words.

'stove jobs' is blocked on purpose, wherever it stands ('plumbers doing sink and stove jobs'
too): it is how one would write Steve Jobs to get past the name, and the person whose prompt
is refused can say 'stove repairs'.

Standard library only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from collections.abc import Iterable

MAX_NAME_EDITS = 2
"""Edits allowed over all the words of a full name."""


def edit_budget(word: str) -> int:
    """Edits a word of a name may be off by: none under four letters ('tom', 'jay'), one up to
    eight, two from nine ('zuckerberg')."""
    return 0 if len(word) < 4 else 1 if len(word) < 9 else 2


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def sound(word: str) -> str:
    """`word` as it sounds, roughly: a doubled letter as one ('pitt', 'dogg'), a closing 'ie',
    'ey' or 'i' as 'y' ('billie', 'jackie'), 'y' inside a word as 'i' ('styles'), 'ph' as 'f',
    'ck' as 'k', 'z' as 's', a silent 'e' after the last consonant dropped and two vowels
    together read as the first ('cruise', 'cruze', 'cruz': 'crus'). Two spellings with one
    sound ('brad pit', 'billy eilish', 'tom cruz') misspell a name however many letters they
    differ by."""
    word = re.sub(r"(?:ie|ey|i)$", "y", word)
    word = word[:-1].replace("y", "i") + word[-1:] if word else word
    word = word.replace("ph", "f").replace("ck", "k").replace("z", "s")
    if len(word) >= 4:
        word = re.sub(r"(?<=[^aeiouy])e$", "", word)
    word = re.sub(r"([aeiou])[aeiou]+", r"\1", word)
    return re.sub(r"(.)\1+", r"\1", word)


def last_letter_dropped(spelt: str, word: str) -> bool:
    """Whether `spelt` is the surname `word` without its last letter ('gate' of gates, 'job' of
    jobs, 'smit' of smith): a slip one makes writing a name from memory."""
    return len(word) >= 4 and spelt == word[:-1]


def deletions(word: str, depth: int) -> set[str]:
    """`word` and every string made from it by deleting up to `depth` letters: two words within
    d edits of each other share one, made with at most d deletions from each."""
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


class Names:
    """Finds a real person's name written with a few letters wrong in normalised text.

    `figures` are the names as the gazetteer lists them ('taylor swift', 'musk'); `ordinary`
    the words that are not a misspelt name however close they come to one, unless they stand
    for a given name before its surname; `phrases` the ordinary phrases that read like a name
    with a surname's last letter dropped ('tiger wood')."""

    def __init__(self, figures: Iterable[str], ordinary: Iterable[str] = (),
                 phrases: Iterable[str] = ()) -> None:
        names = [tuple(f.replace("-", " ").split()) for f in figures]
        self._ordinary = frozenset(ordinary)
        self._phrases = frozenset(phrases)
        """Ordinary phrases written like a name ('tiger wood', the timber): never a name."""
        self._full = [n for n in names if len(n) > 1]
        self.words = frozenset(w for n in names for w in n)
        """Every word of every name."""
        self.aliases = frozenset(n[0] for n in names if len(n) == 1 and len(n[0]) >= 5)
        """One-word names long enough to be misspelt on their own ('ronaldo')."""
        self._joined = {"".join(n): " ".join(n) for n in self._full if len("".join(n)) >= 8}
        self.targets = frozenset({w for n in self._full for w in n} | self.aliases | set(self._joined))
        """What a misspelling is measured against: words of full names, aliases, names run together."""
        self._at: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for name in self._full:
            for position, word in enumerate(name):
                self._at[word].append((name, position))
        self._near = lru_cache(maxsize=65_536)(self._close_words)  # prompts repeat their words
        self._index: dict[str, set[str]] = defaultdict(set)
        for word in self.targets:
            for variant in deletions(word, edit_budget(word)):
                self._index[variant].add(word)
        self._sounds: dict[str, set[str]] = defaultdict(set)
        """The words of full names by their sound (`sound`), of four letters or more."""
        for name in self._full:
            for word in name:
                if len(word) >= 4:
                    self._sounds[sound(word)].add(word)

    def find(self, text: str, written: str = "") -> str | None:
        """The name that a word or run of words of `text` misspells ('elon muks' -> 'elon
        musk', 'tailor swift' -> 'taylor swift'), or None. A name written right is not reported:
        the lexical terms match it. `written`, the prompt as cleaned, where given, must hold a
        name with an ordinary word in it with nothing but spaces between its words ('tigers,
        woods' is no name)."""
        tokens = text.split()
        near = [self._near(token) for token in tokens]
        for index, (token, close) in enumerate(zip(tokens, near, strict=True)):
            if token in self._joined:
                return self._joined[token]
            for word, edits in close.items():
                if edits and token not in self._ordinary and (word in self.aliases or word in self._joined):
                    return self._joined.get(word, word)
                for name, position in self._at.get(word, ()):
                    if self._spelt_near(name, tokens[index - position:index - position + len(name)],
                                        near, index - position, written):
                        return " ".join(name)
        return None

    def _spelt_near(self, name: tuple[str, ...], spelt: list[str], near: list[dict[str, int]], start: int,
                    written: str) -> bool:
        """Whether `spelt`, the words of the text from `start` on, misspell `name`. One
        ordinary word may stand for a given name ('tailor swift'), and for the surname only when
        it sounds the same and the rest is written right ('brad pit', not 'tom hangs' nor
        'will smite')."""
        if start < 0 or start + len(name) > len(near):
            return False
        edits = [near[start + k].get(word) for k, word in enumerate(name)]
        if None in edits or not 0 < sum(edits) <= MAX_NAME_EDITS:  # type: ignore[arg-type]
            return False
        ordinary = [k for k, word in enumerate(spelt) if word in self._ordinary]
        if not ordinary:
            return True
        last = len(name) - 1
        surname_heard = ordinary[-1] == last and sum(edits) == edits[last] \
            and (sound(spelt[last]) == sound(name[last]) or last_letter_dropped(spelt[last], name[last])) \
            and " ".join(spelt) not in self._phrases
        as_written = r"\s+".join(spelt)
        return len(ordinary) == 1 and (ordinary[-1] < last or surname_heard) \
            and (not written or re.search(f"(?<![a-z]){as_written}(?![a-z])", written) is not None)

    def _close_words(self, token: str) -> dict[str, int]:
        """The words of names within their edit budget of `token`, with the edits."""
        if token in self.words:
            return {token: 0}
        if len(token) < 3:
            return {}
        candidates = {w for v in deletions(token, MAX_NAME_EDITS) for w in self._index.get(v, ())}
        close = {}
        for word in candidates:  # a slip of the keys rarely changes the first letter ('jill smith')
            if word[0] == token[0] and abs(len(word) - len(token)) <= edit_budget(word):
                edits = edit_distance(token, word)
                if edits <= edit_budget(word):
                    close[word] = edits
        for word in self._sounds.get(sound(token), ()):  # spelt as it sounds: one edit, however many letters
            if word[0] == token[0]:
                close[word] = min(close.get(word, 1), 1)
        return close
