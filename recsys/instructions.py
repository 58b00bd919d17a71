"""Reading a person's feed instruction ("more anime, no sports, calmer please") into facets.

The text is cut into sentences (. ! ? ; new line) and clauses (commas and "and", "but",
"then"...). In each clause, word tables give its polarity (more, less, exclude, only), its mood
(calmer or more energetic, and how much), a similarity marker ("things like ...") and its
targets: the facets of recsys.vocabulary (whose word tables these are), longest phrase first, a
word one slip from a facet read as that facet ("anmie"). A target no phrase names is
mapped by meaning onto the nearest facet when an embedder is given and the match is close and
clear; otherwise it becomes a phrase to seek (`like`) or avoid (`unlike`) by embedding
similarity. A clause with a target but no polarity takes the last polarity of its sentence
("no sports or basketball"), or "more" when there is none ("anime please") or when a contrast
comes between ("no sports but anime"). A cue said of nothing after a target is said of it
("sports? no", "less sports, none at all"). What cannot be read is echoed back in
`not_understood`. The same text always reads the same way.

Pure domain code: must not import api/ or actors/.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import weakref
from dataclasses import dataclass, field

import msgspec
import numpy as np

from recsys.embeddings import Embedder
from recsys.errors import InvalidInstruction
from recsys.vocabulary import (
    AFTER_TARGET_ONLY, CLAUSE_END_ONLY, CLAUSE_START_ONLY, CONJUNCTIONS, CONTRACTIONS, CONTRASTS, CUES,
    DEGREES, EXCLUDE, FILLERS, JUST, LESS, LIKE_MARKERS, MOODS, MORE, NOT_CLAUSE_END, ONLY, POLITE, REPHRASED,
    SYNONYMS, descriptions, label,
)

MAX_INSTRUCTION_CHARS = 500
EXAMPLE = "'more anime, no sports, calmer please'"

# Mapping a phrase by meaning: all-MiniLM-L6-v2 cosine similarity between the phrase and the
# nearest word of a facet (recsys.vocabulary.descriptions), which must also beat the nearest word
# of any other facet by MAPPING_MARGIN. Measured on this vocabulary: phrases of the world score
# 0.65-0.97 ("hollywood blockbusters" 0.72 cinematic, "coastline" 0.74 beach, "soccer" 0.80
# sports, "conversations" 0.92 talk), while 36 phrases of nothing in it stay below 0.60 (highest:
# "weather" 0.59 daytime, "food" 0.59 brown, "flowers" 0.57 park, "horror" 0.55 cinematic). Below
# 0.65 the near misses begin ("golf" 0.64, "lakeside" 0.63, but also "outdoors" 0.62 as a court);
# a phrase left unmapped still steers the feed as a `like` phrase, so a miss costs less than a
# wrong facet. The margin drops ties between two facets ("water slides": slide 0.65, splash 0.63).
MAPPING_THRESHOLD = 0.65
MAPPING_MARGIN = 0.04

_SENTENCES = re.compile(r"[.!?;\n\r]+")
_CLAUSE_BREAKS = re.compile(r"[,:()\[\]/&+\-\u2013\u2014]+")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_GIBBERISH = re.compile(r"[^aeiouy\W\d_]{5,}|^[^aeiouy]*$")


def _phrase_table() -> dict[tuple[str, ...], tuple[str, object]]:
    """Every phrase the parser knows, as words, to (what it is, its value): a cue and its
    polarity, a mood and its sign, a degree and its size, a similarity marker, or a facet."""
    out: dict[tuple[str, ...], tuple[str, object]] = {}
    for kind, table in {"cue": CUES, "mood": MOODS, "degree": DEGREES, "like": {True: LIKE_MARKERS}}.items():
        for value, phrases in table.items():
            for phrase in phrases:
                out[tuple(phrase.split())] = (kind, value)
    return out | {words: ("facet", facet) for words, facet in SYNONYMS.items()}


_PHRASES = _phrase_table()
_LONGEST = max(len(k) for k in _PHRASES)
_SPELLED = {words[0]: hit for words, hit in _PHRASES.items()
            if len(words) == 1 and hit[0] in ("facet", "mood") and len(words[0]) >= 5}
"""The words a misspelling is read as: facets and moods of five letters or more (a slip in a
shorter word, or in a cue, too often makes another word: "dolls" is not "rolls")."""


class FeedInstruction(msgspec.Struct, frozen=True, kw_only=True):
    text: str
    """The person's words, stripped."""
    more: tuple[str, ...] = ()
    """Facets to boost."""
    less: tuple[str, ...] = ()
    """Facets to demote."""
    exclude: tuple[str, ...] = ()
    """Facets never to show ("no sports")."""
    only: tuple[str, ...] = ()
    """A video must carry at least one of these ("only anime")."""
    calm: float = 0.0
    """In [-1, 1]: > 0 calmer, < 0 more energetic."""
    like: tuple[str, ...] = ()
    """Free phrases to seek by embedding similarity ("a dog chasing a frisbee")."""
    unlike: tuple[str, ...] = ()
    """Free phrases to avoid by embedding similarity."""
    not_understood: tuple[str, ...] = ()
    """Clauses (or words of them) that could not be read, to echo back to the person."""
    guessed: tuple[tuple[str, str], ...] = ()
    """(phrase, facet) pairs not in the word table, mapped by meaning ("hollywood movies", "style:cinematic")
    or read as a misspelling ("baskteball", "object:basketball")."""

    def summary(self) -> str:
        """What was understood, in plain words: "more anime; no sports; calmer", or "nothing
        understood" when `empty`."""
        parts = [f"{word} {_join(label(f) for f in facets)}" for word, facets in
                 (("only", self.only), ("more", self.more), ("less", self.less), ("no", self.exclude)) if facets]
        if self.calm:
            size = abs(self.calm)
            degree = "much " if size >= 0.75 else "a bit " if size <= 0.25 else ""
            parts.append(degree + ("calmer" if self.calm > 0 else "more energetic"))
        parts += [f'more like "{p}"' for p in self.like] + [f'less like "{p}"' for p in self.unlike]
        return "; ".join(parts) or "nothing understood"

    @property
    def empty(self) -> bool:
        """True when nothing at all was understood (only `not_understood` may hold anything)."""
        return not (self.more or self.less or self.exclude or self.only or self.calm or self.like or self.unlike)


def _join(labels) -> str:  # noqa: ANN001 - any iterable of str
    items = list(labels)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


@dataclass
class _Clause:
    """One clause as read: its words and what the tables found in them."""

    words: list[str]
    cues: list[str] = field(default_factory=list)
    moods: list[int] = field(default_factory=list)
    degree: float = 0.5
    facets: list[str] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)
    after_like: list[str] | None = None
    misspelt: list[tuple[str, str]] = field(default_factory=list)
    fresh: bool = False
    """Said after a contrast ("but anime"): it does not inherit the polarity before it."""

    @property
    def about(self) -> bool:
        """Whether the clause names anything yet: a facet, a mood or an unknown word."""
        return bool(self.facets or self.moods or self.leftover)

    @property
    def judged(self) -> bool:
        """Whether a cue can be said of the clause: it names something or what it is like."""
        return self.about or self.after_like is not None

    @property
    def bare(self) -> bool:
        """A cue of nothing: "no", "none at all", "not for me"."""
        return bool(self.cues) and not self.judged

    @property
    def polarity(self) -> str | None:
        for cue in (EXCLUDE, LESS, ONLY, MORE, JUST):
            if cue in self.cues:
                return ONLY if cue == JUST else cue
        return None


@dataclass
class _Reading:
    """What the clauses add up to, in the order they were said (a later mention of a facet wins)."""

    facets: dict[str, str] = field(default_factory=dict)
    calm: float = 0.0
    like: list[str] = field(default_factory=list)
    unlike: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    guessed: list[tuple[str, str]] = field(default_factory=list)

    def add(self, facets: list[str], polarity: str) -> None:
        for facet in facets:
            self.facets.pop(facet, None)
            self.facets[facet] = polarity

    def instruction(self, text: str) -> FeedInstruction:
        by = {p: tuple(f for f, q in self.facets.items() if q == p) for p in (MORE, LESS, EXCLUDE, ONLY)}
        return FeedInstruction(
            text=text, more=by[MORE], less=by[LESS], exclude=by[EXCLUDE], only=by[ONLY],
            calm=round(max(-1.0, min(1.0, self.calm)), 3), like=tuple(dict.fromkeys(self.like)),
            unlike=tuple(dict.fromkeys(self.unlike)), not_understood=tuple(dict.fromkeys(self.not_understood)),
            guessed=tuple(dict.fromkeys(self.guessed)))


def parse_instruction(text: str, *, embedder: Embedder | None = None) -> FeedInstruction:
    """Read `text` into a FeedInstruction; `embedder` (optional) maps phrases the word table does
    not know onto facets by meaning.

    Raises InvalidInstruction when `text` is empty, longer than MAX_INSTRUCTION_CHARS, or holds
    control or text-direction characters. Anything else is read as far as it can be; the rest
    comes back in `not_understood`.
    """
    text = check_instruction(text)
    reading = _Reading()
    sentences = [[clause for words, fresh in _clauses(sentence) for clause in _scan(words, fresh=fresh)]
                 for sentence in _SENTENCES.split(_normalise(text))]
    for clauses in _attach_refusals(sentences):
        carried: str | None = None
        for i, clause in enumerate(clauses):
            carried = _read_clause(clause, None if clause.fresh else carried, reading, embedder,
                                   last=i == len(clauses) - 1)
    understood = reading.instruction(text)
    if understood.empty and not understood.not_understood:  # "?!", "thanks": nothing to echo but all of it
        return msgspec.structs.replace(understood, not_understood=(text,))
    return understood


def check_instruction(text: str) -> str:
    """`text` stripped, or InvalidInstruction saying what to change."""
    if not isinstance(text, str):
        raise InvalidInstruction(f"the instruction must be text; say how to change your feed, e.g. {EXAMPLE}")
    text = text.strip()
    if not text:
        raise InvalidInstruction(f"the instruction is empty; say how to change your feed, e.g. {EXAMPLE}")
    if len(text) > MAX_INSTRUCTION_CHARS:
        raise InvalidInstruction(f"the instruction is {len(text)} characters long; "
                                 f"keep it to {MAX_INSTRUCTION_CHARS} at most")
    for ch in text:
        if ch in _BIDI:
            raise InvalidInstruction(f"the instruction holds an invisible text-direction character "
                                     f"(U+{ord(ch):04X}); type it again as plain text")
        if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r":
            raise InvalidInstruction(f"the instruction holds a control character (U+{ord(ch):04X}); "
                                     "type it again as plain text")
    return text


def _normalise(text: str) -> str:
    """Lower case, plain apostrophes, no hyphens, contractions spelt out, and the phrases that
    hold a conjunction said without it ("nothing but anime" is only anime)."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    text = re.sub(r"(?<=\w)-(?=\w)", " ", text)  # "cel-shaded"; a dash between words cuts a clause
    for phrase, plain in REPHRASED.items():
        text = re.sub(rf"\b{phrase}\b", plain, text)
    return _WORD.sub(lambda m: CONTRACTIONS.get(m.group(), m.group()), text)


def _clauses(sentence: str) -> list[tuple[list[str], bool]]:
    """The words of each clause of `sentence`, cut at punctuation and at conjunctions, each with
    whether it is said afresh: after a contrast ("but anime"), or before one that ends its part
    ("tennis instead")."""
    out: list[tuple[list[str], bool]] = []
    fresh = False
    for part in _CLAUSE_BREAKS.split(sentence):
        current: list[str] = []
        words = [w.removesuffix("'s") for w in _WORD.findall(part)]
        for k, word in enumerate(words):
            if word not in CONJUNCTIONS:
                current.append(word)
                continue
            ends_part = all(w in FILLERS for w in words[k + 1:])
            if current:
                out.append((current, fresh or (word in CONTRASTS and ends_part)))
                fresh = False
            current = []
            fresh = fresh or (word in CONTRASTS and not ends_part)
        if current:
            out.append((current, fresh))
            fresh = False
    return out


def _phrases(words: list[str]):  # noqa: ANN202 - yields (kind, value, words)
    """The phrases of `words`, the longest known one at each word: (kind, value, its words), kind
    one of _phrase_table's, "filler", or "word" for a word no table holds. After a similarity
    marker, all the rest comes as one ("like", [words], ...)."""
    i, seen_target = 0, False
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            key = tuple(words[i:i + n])
            hit = _PHRASES.get(key)
            if hit is not None and _fits(key, i, words, seen_target):
                break
        else:
            hit, n = ("filler", words[i]) if words[i] in FILLERS else _misspelt(words[i]) or ("word", words[i]), 1
        if hit[0] == "like":
            yield "like", [w for w in words[i + n:] if w not in POLITE], words[i:]
            return
        seen_target = seen_target or hit[0] in ("facet", "word")
        yield hit[0], hit[1], words[i:i + n]
        i += n


@functools.lru_cache(maxsize=4096)
def _misspelt(word: str) -> tuple[str, object] | None:
    """The facet or mood (kind, value) that `word` is one slip away from (see _one_slip), or None
    when no known word, or more than one facet or mood, is that near."""
    if len(word) < 5:
        return None
    found = {hit for known, hit in _SPELLED.items() if _one_slip(word, known)}
    return found.pop() if len(found) == 1 else None


def _one_slip(typed: str, known: str) -> bool:
    """Whether `typed` is `known` with two neighbouring letters swapped ("anmie", "baskteball"),
    or with one letter missed or added in a long word ("basketbal", "cinematc"). Slips that
    often make another real word are not read as slips: a replaced letter ("gliding"), the first
    letter ("trolling"), the last two letters of a short word ("coats"), a missed letter in a
    short word ("driving")."""
    if len(typed) == len(known):
        diff = [k for k, (a, b) in enumerate(zip(typed, known)) if a != b]
        return (len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == known[diff[1]]
                and typed[diff[1]] == known[diff[0]] and diff[0] > 0 and (diff[1] < len(typed) - 1 or len(typed) > 5))
    short, longer = sorted((typed, known), key=len)
    if len(short) < 7 or len(longer) - len(short) != 1:
        return False
    return any(longer[:k] + longer[k + 1:] == short for k in range(1, len(longer)))


def _fits(key: tuple[str, ...], i: int, words: list[str], seen_target: bool) -> bool:
    """Whether the phrase `key`, found at word `i` of `words`, is said where it means what the
    tables say (see CLAUSE_START_ONLY, AFTER_TARGET_ONLY, NOT_CLAUSE_END, CLAUSE_END_ONLY)."""
    if key in CLAUSE_START_ONLY:
        return i == 0
    if key in AFTER_TARGET_ONLY:
        return seen_target
    if key in NOT_CLAUSE_END or key in CLAUSE_END_ONLY:
        return (key in CLAUSE_END_ONLY) == all(w in FILLERS for w in words[i + len(key):])
    return True


def _attach_refusals(sentences: list[list[_Clause]]) -> list[list[_Clause]]:
    """The clauses of each sentence, with each bare cue that follows what it judges moved onto
    it: "sports, no thanks", "sports? no.", "less sports, none at all" (its cue replaces the one
    said before). The cue reaches back over the clauses just before it that have no polarity of
    their own ("sports or basketball? nope"), or onto the one clause before it that has one. A bare
    cue with nothing before it is left to lead the clauses after it ("no: sports, anime")."""
    out: list[list[_Clause]] = []
    for clauses in sentences:
        kept: list[_Clause] = []
        for clause in clauses:
            before = kept if kept else out[-1] if out else []
            if not (clause.bare and before and before[-1].judged):
                kept.append(clause)
                continue
            for k, target in enumerate(reversed(before)):
                own = target.polarity
                if not target.judged or k and own:
                    break
                target.cues = list(clause.cues)
                if own:
                    break
        if kept:
            out.append(kept)
    return out


def _scan(words: list[str], *, fresh: bool = False) -> list[_Clause]:
    """Read the words of one clause as punctuated, cutting it again where a cue, mood or degree
    word follows something already asked about ("more anime no sports calmer" is three clauses);
    a cue that only fillers follow belongs to what came before ("anime only")."""
    phrases = list(_phrases(words))
    clauses = [_Clause([], fresh=fresh)]
    for k, (kind, value, said) in enumerate(phrases):
        current = clauses[-1]
        trailing = all(p[0] == "filler" for p in phrases[k + 1:])
        if kind in ("mood", "degree") and current.about or kind == "cue" and current.about and not trailing:
            current = _Clause([])
            clauses.append(current)
        current.words += said
        if kind == "like":
            current.after_like = value
        elif kind == "cue":
            current.cues.append(value)
        elif kind == "mood":
            current.moods.append(value)
        elif kind == "degree":
            current.degree = value
        elif kind == "facet":
            current.facets.append(value)
            if tuple(said) not in _PHRASES:  # read as a misspelling
                current.misspelt.append((said[0], value))
        elif kind == "word":
            current.leftover.append(value)
    return clauses


def _read_clause(clause: _Clause, carried: str | None, reading: _Reading, embedder: Embedder | None, *,
                 last: bool) -> str | None:
    """Add what `clause` says to `reading`; return the polarity the next clause inherits (a
    clause of mood alone passes on what it was given: "calmer, and anime" is more anime)."""
    polarity = clause.polarity
    if clause.moods:
        sign = -1 if polarity in (LESS, EXCLUDE) else 1
        reading.calm += sum(clause.moods) * sign * clause.degree
    target_polarity = polarity or carried or MORE
    said = " ".join(clause.words)
    if clause.after_like is not None:
        _read_similar(clause, target_polarity, reading)
        return polarity or carried
    reading.add(clause.facets, target_polarity)
    reading.guessed += clause.misspelt
    phrase = " ".join(clause.leftover)
    partly = bool(clause.facets or clause.moods)
    if phrase and not _gibberish(clause.leftover):
        facet = _nearest_facet(phrase, embedder) if embedder is not None else None
        if facet is not None:
            reading.add([facet], target_polarity)
            reading.guessed.append((phrase, facet))
        elif partly:  # the words of it that no table knows
            reading.not_understood.append(phrase)
        elif polarity or carried:  # a wish about something the vocabulary does not hold
            (reading.unlike if target_polarity in (LESS, EXCLUDE) else reading.like).append(phrase)
        else:
            reading.not_understood.append(said)
    elif phrase:
        reading.not_understood.append(phrase if partly else said)
    elif polarity and not partly and last:  # "more" of nothing
        reading.not_understood.append(said)
    if clause.moods and not clause.facets and not clause.leftover:
        return carried
    return polarity or carried


def _read_similar(clause: _Clause, polarity: str, reading: _Reading) -> None:
    """"things like X": X read as facets when the table names all of it, else kept as a phrase
    to seek (or, said with less or no, to avoid) by embedding similarity."""
    words = clause.after_like or []
    phrases = list(_phrases(words))
    facets = [value for kind, value, _ in phrases if kind == "facet"]
    unknown = [value for kind, value, _ in phrases if kind == "word"]
    negative = polarity in (LESS, EXCLUDE)
    if facets and not unknown:
        reading.add(facets, LESS if negative else (ONLY if polarity == ONLY else MORE))
    elif unknown and not _gibberish(unknown):
        (reading.unlike if negative else reading.like).append(" ".join(words))
    else:
        reading.not_understood.append(" ".join(clause.words))


def _gibberish(words: list[str]) -> bool:
    """True when no word looks like one: no vowel, or five consonants in a row ("sdfgh")."""
    return all(_GIBBERISH.search(w) for w in words)


_MATRICES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _facet_matrix(embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
    """(facet of each description phrase, their embeddings), built once per embedder."""
    try:
        return _MATRICES[embedder]
    except (KeyError, TypeError):
        pass
    described = descriptions()
    facets = np.array([f for f, phrases in described.items() for _ in phrases])
    matrix = embedder.embed([p for phrases in described.values() for p in phrases])
    try:
        _MATRICES[embedder] = (facets, matrix)
    except TypeError:  # an embedder that cannot be weakly referenced is not cached
        pass
    return facets, matrix


def _nearest_facet(phrase: str, embedder: Embedder) -> str | None:
    """The facet whose words are nearest to `phrase` in meaning, if it is near enough
    (MAPPING_THRESHOLD) and clearly nearer than any other facet (MAPPING_MARGIN)."""
    facets, matrix = _facet_matrix(embedder)
    scores = matrix @ embedder.embed([phrase])[0]
    order = np.argsort(-scores, kind="stable")
    best = order[0]
    rival = next((scores[j] for j in order if facets[j] != facets[best]), -1.0)
    if scores[best] >= MAPPING_THRESHOLD and scores[best] - rival >= MAPPING_MARGIN:
        return str(facets[best])
    return None
