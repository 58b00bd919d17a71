"""Prompt text as the safety checks read it: Unicode tricks undone, disguised spellings folded,
and lists of terms matched against the result.

`clean` is what the embedding layer reads; `normalise` is the lexical layer's form (letters
only, one space between words), and `variants` are its other readings of the same prompt
(letters squeezed, spelled-out letters joined, masked letters filled in); `rejoined` puts back
together a word split in two or three ('po rn', 'n a ked'). `Terms` matches a list of terms,
with stems ('behead*', '*porn*'), on any of them.

Standard library only: the words are in policy.py and lexicon.py, the decisions in prompts.py.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
                       "€": "e"})
# Several characters for one letter, and symbols that stand for a letter only next to letters
# ('p!pe', '+opless', '8eheading'), so that '12 + 3' or '9 am' keep their meaning.
_LEET_SEQUENCES = (
    (re.compile(r"\|<"), "k"), (re.compile(r"\(\)"), "o"), (re.compile(r"/\\"), "a"),
    (re.compile(r"!(?=[a-z])"), "i"), (re.compile(r"\|(?=[a-z])|(?<=[a-z])\|"), "l"),
    (re.compile(r"\+(?=[a-z])"), "t"), (re.compile(r"8(?=[a-z])|(?<=[a-z])8"), "b"),
    (re.compile(r"9(?=[a-z])|(?<=[a-z])9"), "g"),
)
# Cyrillic, Greek, Armenian and other letters that pass for Latin ones, small capitals among
# them. Capitals whose small letter looks different (Greek 'Η' is an H, 'η' an n) are listed
# apart, since case folding would lose the look.
_LOOKALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ј": "j", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h",
    "ӏ": "l", "ҽ": "e", "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϳ": "j", "Η": "h", "Μ": "m", "Ν": "n",
    "Υ": "y", "Ζ": "z", "օ": "o", "ս": "u", "ո": "n", "ց": "g", "ɑ": "a", "ı": "i", "ȷ": "j", "ɡ": "g",
    "ɩ": "i", "ĸ": "k", "ƅ": "b", "ꭇ": "r", "ꓒ": "d", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e",
    "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p",
    "ʀ": "r", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
})
# Characters that show as nothing but are letters or symbols, not format characters: Hangul
# fillers (U+3164 decomposes to U+1160), the blank Braille pattern, Khmer inherent vowels, the
# Mongolian vowel separator.
_INVISIBLE = dict.fromkeys(map(ord, "\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e"), None)
# 'kms' after a number is kilometres, not the self-harm slang.
_DISTANCE = re.compile(r"(?<=[0-9]) ?kms\b")
# After an apostrophe, letters ('s', 't', 're') end a word, they do not start one: "his wife's
# ex" holds no split 'sex'.
_APOSTROPHES = "'\u2019\u02bc`\u00b4"
# Punctuation ends a clause where a space follows it, so 'v.o.d.k.a' stays one word.
_CLAUSE_BREAK = re.compile(r"[,;.!?:]+(?=\s|$)|\n|\b(?:and then|then|cut to|after that|and|but|while)\b")
MIN_CLAUSE_WORDS = 3
"""Words in a clause, two of three letters or more ('a at a party' is no clause)."""


def clean(prompt: str) -> str:
    """The prompt with Unicode tricks undone: compatibility forms folded ('ｎａｋｅｄ' -> 'naked'),
    accents and invisible characters (zero-width, soft hyphen, Hangul fillers) dropped, case
    folded, and look-alike letters mapped to Latin ('nаked' with a Cyrillic 'а' -> 'naked')."""
    decomposed = unicodedata.normalize("NFKD", prompt).translate(_INVISIBLE)
    kept = "".join(ch for ch in decomposed if unicodedata.category(ch) not in ("Mn", "Cf"))
    return kept.translate(_LOOKALIKES).casefold().translate(_LOOKALIKES)


def words_of(prompt: str) -> str:
    """The prompt's words as written (case folded, invisible characters dropped, accents kept,
    digits kept), one space apart: for terms whose accent or number matters ('niña', '12 yo')."""
    text = unicodedata.normalize("NFKC", prompt).translate(_INVISIBLE).casefold()
    return " " + re.sub(r"[\W_]+", " ", text).strip() + " "


def normalise(prompt: str) -> str:
    """Cleaned, leetspeak folded, every run of non-letters one space: 'N.u.d-3' -> ' n u d e '.
    A '*' between letters stays, as a masked letter ('p*rn'); 'kms' after a number is the
    distance ('10 kms' -> ' km ')."""
    folded = _DISTANCE.sub(" km ", clean(prompt))
    for pattern, letter in _LEET_SEQUENCES:
        folded = pattern.sub(letter, folded)
    folded = folded.translate(_LEET)
    folded = re.sub(r"\*+", lambda m: m.group() if _between_letters(folded, m) else " ", folded)
    return " " + re.sub(r"[^a-z*]+", " ", folded).strip() + " "


def _between_letters(text: str, match: re.Match) -> bool:
    start, end = match.span()
    return 0 < start and end < len(text) and text[start - 1].isalpha() and text[end].isalpha()


def variants(text: str, vocabulary: re.Pattern | None = None) -> Iterator[str]:
    """`text` (normalised) and its other readings: letters repeated three times or more squeezed
    to one and to two ('nuuude' -> 'nude', 'deeeepfake' -> 'deepfake'); runs of three or more
    single letters joined into one token marked '#' ('a n u d e' -> '#anude', where `Terms`
    looks for a term inside); masked letters filled where that makes a word of `vocabulary`."""
    seen = {text}
    yield text
    for other in (re.sub(r"([a-z])\1{2,}", r"\1", text), re.sub(r"([a-z])\1{2,}", r"\1\1", text),
                  re.sub(r"(?<= )(?:[a-z] ){2,}[a-z](?= )", lambda m: "#" + m.group().replace(" ", ""), text),
                  _unmasked(text, vocabulary)):
        if other not in seen:
            seen.add(other)
            yield other


def rejoined(text: str, targets: re.Pattern, kept: frozenset[str], written: str = "",
             bound: frozenset[str] = frozenset()) -> str:
    """`text` (normalised) with each run of two words, or three of which two are a letter or
    two, that makes one word of `targets` put back together ('po rn' -> 'porn', 'mass acre' ->
    'massacre', 'n a ked' -> 'naked'), unless the run is an ordinary phrase: one of `kept`
    ('be heading', 'put in') but for 'be' where no bare 'be' can stand (`_BEFORE_BE`: 'a
    public be heading', not 'we will be heading') and another form of 'be' right after an
    article; a run whose last word opens a phrase of `bound` with the next word ('hen tai chi':
    'tai' is no word but in 'tai chi'), a comparison ('a top less than an inch tall', 'a top
    less heavy than'), letters offered as a choice ('p or n'), an abbreviation's last letter
    ('u s ex'), or, in `written` (the cleaned prompt), a word's ending after an apostrophe
    ("wife's ex"), words in two clauses ('a top, less shiny') or a prefix hyphened to the next
    word ('go re-paint')."""
    tokens = text.split()
    out: list[str] = []
    index = 0
    while index < len(tokens):
        for size in (2, 3):
            parts = tokens[index:index + size]
            before = tokens[index - 1] if index else ""
            after = tokens[index + size:index + size + 2]
            if len(parts) == size and _joins(parts, before, targets, kept, written) \
                    and not _continued(parts[-1], after, bound):
                out.append("".join(parts))
                index += size
                break
        else:
            out.append(tokens[index])
            index += 1
    return " " + " ".join(out) + " "


_ARTICLES = frozenset({"a", "an", "the"})
_FORMS_OF_BE = frozenset({"is", "are", "was", "were", "am"})
"""Verbs that never follow an article: 'a was heading' is no phrase of 'was', but a split word."""
_BEFORE_BE = frozenset({
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "ll", "d", "t", "s", "to", "not",
    "never", "ever", "also", "always", "soon", "still", "then", "just", "all", "both", "now", "even", "and", "or",
    "please", "gonna", "wanna", "gotta", "let", "i", "you", "we", "they",
})
"""The words after which a bare 'be' stands (a modal, 'to', 'not', an adverb, as do words in
-ly): 'we will be heading', 'wants to be head of'. After any other word ('a public be heading',
'the killer be headed') 'be' is no verb but half of a split word; at the start of a prompt it
is read as a verb."""
_COMPARATIVES = ("less", "more")


def _continued(last: str, after: list[str], bound: frozenset[str]) -> bool:
    """Whether the last part of a split belongs with the words after it: a phrase of `bound`
    ('tai chi'), or a comparison ('less than', 'less heavy than')."""
    return bool(after) and (f"{last} {after[0]}" in bound or (last in _COMPARATIVES and "than" in after))


def _ordinary_be(parts: list[str], before: str) -> bool:
    """Whether a split that opens with a form of 'be' reads as that verb after `before`."""
    if parts[0] == "be":
        return not before or before in _BEFORE_BE or before.endswith("ly")
    return parts[0] not in _FORMS_OF_BE or before not in _ARTICLES


def _joins(parts: list[str], before: str, targets: re.Pattern, kept: frozenset[str], written: str) -> bool:
    word = "".join(parts)
    if len(word) < 3 or "*" in word or not targets.fullmatch(word):
        return False
    if " ".join(parts) in kept and _ordinary_be(parts, before):
        return False
    if len(parts) == 3 and sorted(map(len, parts))[1] > 2:
        return False  # of three parts, two are a letter or two ('n a ked')
    if "or" in parts or "and" in parts:
        return False  # 'p or n' offers a choice of letters
    if len(parts[0]) == 1 and len(before) == 1 and before not in ("a", "i"):
        return False  # 'u s ex': the last letter of an abbreviation
    if not written:
        return True
    after_apostrophe = f"[{_APOSTROPHES}]{parts[0]}[^a-z]+{parts[1]}(?![a-z])"
    across_clauses = f"(?<![a-z]){'[^a-z]*[,;.!?:] [^a-z]*'.join(parts)}(?![a-z])"
    prefix = f"(?<![a-z]){' +'.join(parts)}-[a-z]"
    return not any(re.search(p, written) for p in (after_apostrophe, across_clauses, prefix))


def _unmasked(text: str, vocabulary: re.Pattern | None) -> str:
    """Each word with one or two '*' replaced by the first filling that `vocabulary` knows."""
    if vocabulary is None or "*" not in text:
        return text

    def fill(match: re.Match) -> str:
        word = match.group()
        if word.count("*") > 2:
            return word
        candidates = [word]
        while "*" in candidates[0]:
            candidates = [c.replace("*", letter, 1) for c in candidates for letter in "abcdefghijklmnopqrstuvwxyz"]
        return next((c for c in candidates if vocabulary.fullmatch(c)), word)

    return re.sub(r"[a-z*]*\*[a-z*]*", fill, text)


def clauses(prompt: str) -> list[str]:
    """The cleaned prompt's clauses (split at punctuation and at 'and', 'then', 'but', 'while',
    and where a prompt cuts to another shot: 'cut to', 'after that')
    of at least MIN_CLAUSE_WORDS words; [] when there is only one."""
    parts = [" ".join(p.split()) for p in _CLAUSE_BREAK.split(clean(prompt))]
    parts = [p for p in parts if len(p.split()) >= MIN_CLAUSE_WORDS and len(re.findall(r"\w{3,}", p)) >= 2]
    return parts if len(parts) > 1 else []


def _term_pattern(term: str, space: str = " ") -> str:
    """Regex for one term on normalised text: words one space apart, '*' a stem's open end."""
    words = term.replace("-", " ").split()
    return space.join(re.escape(w).replace(r"\*", "[a-z]*") for w in words)


@functools.lru_cache(maxsize=None)
def _compiled(kind: str, terms: tuple[str, ...]) -> re.Pattern | None:
    """`terms`' pattern to find them (kind 'find'), to remove them ('remove') or to remove them
    as written ('written'), compiled once per process and list: the same list serves several
    rules and every classifier built, a rule's list may hold thousands of terms, and compiling
    them is most of building a classifier. None for no terms."""
    if not terms:
        return None
    ordered = sorted(terms, key=len, reverse=True)
    if kind == "written":
        written = "|".join(_term_pattern(t, "[^a-z]+") for t in ordered)
        return re.compile(f"(?<![a-z])(?:{written})(?![a-z])")
    alternatives = "|".join(_term_pattern(t) for t in ordered)
    return re.compile(f"(?= ({alternatives}) )" if kind == "find" else f" (?:{alternatives})(?= )")


class Terms:
    """A list of terms, matched as whole words on normalised text (or its `variants`). A term
    may open or close with '*' to match any word that ends or starts with it ('behead*' matches
    'beheading'). Inside a '#' token (spelled-out letters joined) a term matches as a part of
    it, if it has four letters or more; a shorter one must make up the token, but for a
    leading 'a' or 'i' (the article that was spelled out with it)."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = tuple(terms)
        self._pattern = _compiled("find", self.terms)
        self._cores = [(t, re.sub(r"[^a-z]", "", t)) for t in self.terms]

    @functools.cached_property
    def _removal(self) -> re.Pattern | None:  # compiled where used: a few lists are ever removed
        return _compiled("remove", self.terms)

    @functools.cached_property
    def _written_removal(self) -> re.Pattern | None:
        return _compiled("written", self.terms)

    def find(self, text: str) -> str | None:
        """The first term in `text` (as written there), or None."""
        spans = self.spans(text, first=True)
        return spans[0][2] if spans else None

    def without(self, text: str) -> str:
        """`text` with every term taken out."""
        return self._removal.sub("", text) if self._removal is not None else text

    def without_written(self, text: str, words: re.Pattern) -> str:
        """`text` as cleaned (`clean`), with the words that `words` fully matches taken out of
        every term found, wherever non-letters, not just one space, part a term's words
        ('a nude-coloured sofa' -> 'a coloured sofa', for a pattern that matches 'nude')."""
        if self._written_removal is None or not self._written_removal.search(text):
            return text

        def unsaid(match: re.Match) -> str:
            return " ".join(w for w in re.findall(r"[a-z]+", match.group()) if not words.fullmatch(w))

        return re.sub(r" {2,}", " ", self._written_removal.sub(unsaid, text)).strip()

    def spans(self, text: str, *, first: bool = False) -> list[tuple[int, int, str]]:
        """(first token, token after the last, the words) of each term found in `text`."""
        if self._pattern is None:
            return []
        found = []
        for match in self._pattern.finditer(text):
            start = text.count(" ", 0, match.start() + 1) - 1
            found.append((start, start + len(match.group(1).split()), match.group(1)))
            if first:
                return found
        for index, token in enumerate(text.split()):
            if token.startswith("#"):
                for term, core in self._cores:
                    if _inside(core, token[1:]):
                        found.append((index, index + 1, term))
                        if first:
                            return found
        return found


def _inside(core: str, joined: str) -> bool:
    if len(core) >= 4:
        return core in joined
    return joined in (core, "a" + core, "i" + core)


def vocabulary(lists: Iterable[Iterable[str]]) -> re.Pattern:
    """A pattern that fully matches any single word of the terms in `lists` (for `variants`)."""
    words = {w for terms in lists for t in terms for w in t.replace("-", " ").split()}
    return re.compile("|".join(re.escape(w).replace(r"\*", "[a-z]*") for w in sorted(words, key=len, reverse=True)))


SPLIT_ENDINGS = ("", "s", "es", "e", "d", "ed", "ing", "ings", "er", "ers", "o", "a", "os", "as", "y", "ic", "al",
                 "ally", "ion", "ions", "ography", "ographic", "ment", "led", "ling", "ped", "ping", "en")
"""The endings a stem ('behead*') takes in a word that `split_words` joins back ('be headed')."""


def split_words(lists: Iterable[Iterable[str]], *, min_letters: int = 4) -> re.Pattern:
    """A pattern that fully matches the words a split may be joined back into (for `rejoined`):
    the terms of one word, and the words of `min_letters` or more of longer terms; a stem
    only with one of SPLIT_ENDINGS, and a term's open start closed ('*porn*' as 'porn*', so
    'top ornament' is no split 'topornament')."""
    words = {w.lstrip("*") for terms in lists for t in terms for w in t.replace("-", " ").split()
             if " " not in t.replace("-", " ") or len(w.strip("*")) >= min_letters}
    endings = "(?:" + "|".join(sorted(SPLIT_ENDINGS, key=len, reverse=True)) + ")"
    return re.compile("|".join(re.escape(w).replace(r"\*", endings) for w in sorted(words, key=len, reverse=True)))
