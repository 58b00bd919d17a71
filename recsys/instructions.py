"""Reading a person's feed instruction ("more anime, no sports, calmer please") into facets.

The text is cut into sentences (. ! ? ; new line) and clauses (commas and "and", "but",
"then"...). In each clause, word tables give its polarity (more, less, exclude, only), its mood
(calmer or more energetic, and how much), a similarity marker ("things like ...") and its
targets: the facets of recsys.vocabulary, longest phrase first. A target no phrase names is
mapped by meaning onto the nearest facet when an embedder is given and the match is close and
clear; otherwise it becomes a phrase to seek (`like`) or avoid (`unlike`) by embedding
similarity. A clause with a target but no polarity takes the last polarity of its sentence
("no sports or basketball"), or "more" when there is none ("anime please"). What cannot be read
is echoed back in `not_understood`. The same text always reads the same way.

Pure domain code: must not import api/ or actors/.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from dataclasses import dataclass, field

import msgspec
import numpy as np

from recsys.embeddings import Embedder
from recsys.errors import InvalidInstruction
from recsys.vocabulary import SYNONYMS, descriptions, label

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

_MORE, _LESS, _EXCLUDE, _ONLY, _JUST = "more", "less", "exclude", "only", "just"
_CUES: dict[str, tuple[str, ...]] = {
    _MORE: ("more", "more of", "lots of", "plenty of", "tons of", "show", "give", "love", "i like", "would like",
            "want", "need", "extra", "bring on", "bring back", "keep", "add", "include", "increase", "boost",
            "prefer", "big fan of", "enjoy", "into", "yes to", "again"),
    _LESS: ("less", "less of", "fewer", "not so much", "not as much", "not too much", "not much", "not many",
            "reduce", "cut down on", "cut back on", "tone down", "dial down", "dislike", "not like", "not a fan of",
            "not really into", "not into", "rarely", "lower", "decrease", "tired of", "bored of", "bored with"),
    _EXCLUDE: ("no", "not", "none", "without", "avoid", "hide", "stop", "stop showing", "never", "enough of",
               "hate", "nothing", "nothing with", "nothing about", "no more", "ban", "block", "remove",
               "filter out", "get rid of", "skip", "zero", "sick of", "exclude", "nope"),
    _ONLY: ("only", "exclusively", "solely", "purely", "all"),
    _JUST: ("just",),
}
# "all anime" means only anime; "all" is a cue only at a clause's start (see _scan), or it
# would turn "no sports at all" into "only".
_CLAUSE_START_ONLY = frozenset({("all",), ("again",)})
_LIKE_MARKERS = ("like", "similar to", "resembling", "akin to", "such as", "the likes of", "reminiscent of")
_MOODS: dict[int, tuple[str, ...]] = {
    +1: ("calm", "calmer", "calmly", "calming", "quiet", "quieter", "relaxing", "relaxed", "slow", "slower",
         "gentle", "gentler", "peaceful", "soothing", "mellow", "soft", "softer", "chill", "chilled", "chiller",
         "cozy", "cosy", "serene", "tranquil", "restful", "laid back", "low key", "wholesome"),
    -1: ("exciting", "excitement", "energetic", "energy", "intense", "intensity", "fast", "faster", "action",
         "action packed", "thrilling", "thrill", "lively", "livelier", "dynamic", "hype", "hyped", "wild",
         "wilder", "crazy", "busy", "busier", "loud", "louder", "hectic", "adrenaline", "high energy",
         "fast paced", "upbeat", "epic", "chaotic", "chaos", "spicy", "spicier", "frantic"),
}
_DEGREES: dict[float, tuple[str, ...]] = {
    1.0: ("much", "way", "far", "a lot", "lot", "really", "very", "super", "so", "extremely", "lots", "tons",
          "loads", "totally", "completely", "a whole lot", "significantly"),
    0.25: ("a bit", "bit", "a little", "little", "slightly", "somewhat", "kinda", "kind of", "a tad", "tad",
           "a touch", "marginally"),
}
_FILLERS = frozenset("""
a an the some any of to for in on at with about from by this that these those it its it's there here
i me my mine we us our you your yours he she they them their is are was were be been being am do does did
doing will would could can should shall may might must have has had ca wo ok okay okey um uh hey hi hello
please pls plz thanks thank thx ty kindly maybe perhaps also too even still ever anymore whatsoever
feed videos video clips clip stuff things thing content posts post reels reel ones one scenes scene kind sort
type types kinds sorts see seeing watch watching showing shown get getting let lets put what which who
something anything everything all look looks style styles aesthetic make makes making vibe vibes mood
lately today now again time times recommendations recommend recommended
""".split())
"""Words that carry no target: what is left when they are gone is the thing asked about."""
_POLITE = frozenset({"please", "pls", "plz", "thanks", "thank", "you", "thx", "ty", "kindly"})
_CONTRACTIONS = {"don't": "do not", "dont": "do not", "doesn't": "does not", "doesnt": "does not",
                 "won't": "will not", "can't": "can not", "cant": "can not", "i'm": "i am", "im": "i am",
                 "i'd": "i would", "id": "i would", "i've": "i have", "wanna": "want to", "gimme": "give me",
                 "ain't": "not", "isn't": "is not", "aren't": "are not"}
_REPHRASED = {"nothing but": "only", "anything but": ", no ", "except for": ", no ", "except": ", no ",
              "other than": ", no ", "apart from": ", no "}
_SENTENCES = re.compile(r"[.!?;\n\r]+")
_CLAUSE_BREAKS = re.compile(r"[,:()\[\]/&+\-\u2013\u2014]+")
_CONJUNCTIONS = frozenset({"and", "but", "then", "or", "nor", "plus", "also", "however", "though",
                           "although", "while", "yet", "instead"})
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_GIBBERISH = re.compile(r"[^aeiouy\W\d_]{5,}|^[^aeiouy]*$")


def _phrase_table() -> dict[tuple[str, ...], tuple[str, object]]:
    """Every phrase the parser knows, as words, to (what it is, its value): a cue and its
    polarity, a mood and its sign, a degree and its size, a similarity marker, or a facet."""
    out: dict[tuple[str, ...], tuple[str, object]] = {}
    for kind, table in {"cue": _CUES, "mood": _MOODS, "degree": _DEGREES, "like": {True: _LIKE_MARKERS}}.items():
        for value, phrases in table.items():
            for phrase in phrases:
                out[tuple(phrase.split())] = (kind, value)
    return out | {words: ("facet", facet) for words, facet in SYNONYMS.items()}


_PHRASES = _phrase_table()
_LONGEST = max(len(k) for k in _PHRASES)


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
    """(phrase, facet) pairs mapped by meaning, not by the word table ("hollywood movies", "style:cinematic")."""

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

    @property
    def about(self) -> bool:
        """Whether the clause names anything yet: a facet, a mood or an unknown word."""
        return bool(self.facets or self.moods or self.leftover)

    @property
    def polarity(self) -> str | None:
        for cue in (_EXCLUDE, _LESS, _ONLY, _MORE, _JUST):
            if cue in self.cues:
                return _ONLY if cue == _JUST else cue
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
        by = {p: tuple(f for f, q in self.facets.items() if q == p) for p in (_MORE, _LESS, _EXCLUDE, _ONLY)}
        return FeedInstruction(
            text=text, more=by[_MORE], less=by[_LESS], exclude=by[_EXCLUDE], only=by[_ONLY],
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
    for sentence in _SENTENCES.split(_normalise(text)):
        carried: str | None = None
        clauses = [clause for words in _clauses(sentence) for clause in _scan(words)]
        for i, clause in enumerate(clauses):
            carried = _read_clause(clause, carried, reading, embedder, last=i == len(clauses) - 1)
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
    for phrase, plain in _REPHRASED.items():
        text = re.sub(rf"\b{phrase}\b", plain, text)
    return _WORD.sub(lambda m: _CONTRACTIONS.get(m.group(), m.group()), text)


def _clauses(sentence: str) -> list[list[str]]:
    """The words of each clause of `sentence`, cut at punctuation and at conjunctions."""
    out: list[list[str]] = []
    for part in _CLAUSE_BREAKS.split(sentence):
        current: list[str] = []
        for word in _WORD.findall(part):
            word = word.removesuffix("'s")
            if word in _CONJUNCTIONS:
                out.append(current)
                current = []
            else:
                current.append(word)
        out.append(current)
    return [c for c in out if c]


def _phrases(words: list[str]):  # noqa: ANN202 - yields (kind, value, words)
    """The phrases of `words`, the longest known one at each word: (kind, value, its words), kind
    one of _phrase_table's, "filler", or "word" for a word no table holds. After a similarity
    marker, all the rest comes as one ("like", [words], ...)."""
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            key = tuple(words[i:i + n])
            hit = _PHRASES.get(key)
            if hit is not None and not (key in _CLAUSE_START_ONLY and i > 0):
                break
        else:
            hit, n = ("filler" if words[i] in _FILLERS else "word", words[i]), 1
        if hit[0] == "like":
            yield "like", [w for w in words[i + n:] if w not in _POLITE], words[i:]
            return
        yield hit[0], hit[1], words[i:i + n]
        i += n


def _scan(words: list[str]) -> list[_Clause]:
    """Read the words of one clause as punctuated, cutting it again where a cue, mood or degree
    word follows something already asked about ("more anime no sports calmer" is three clauses);
    a cue that only fillers follow belongs to what came before ("anime only")."""
    phrases = list(_phrases(words))
    clauses = [_Clause([])]
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
        elif kind == "word":
            current.leftover.append(value)
    return clauses


def _read_clause(clause: _Clause, carried: str | None, reading: _Reading, embedder: Embedder | None, *,
                 last: bool) -> str | None:
    """Add what `clause` says to `reading`; return the polarity the next clause inherits (a
    clause of mood alone passes on what it was given: "calmer, and anime" is more anime)."""
    polarity = clause.polarity
    if clause.moods:
        sign = -1 if polarity in (_LESS, _EXCLUDE) else 1
        reading.calm += sum(clause.moods) * sign * clause.degree
    target_polarity = polarity or carried or _MORE
    said = " ".join(clause.words)
    if clause.after_like is not None:
        _read_similar(clause, target_polarity, reading)
        return polarity or carried
    reading.add(clause.facets, target_polarity)
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
            (reading.unlike if target_polarity in (_LESS, _EXCLUDE) else reading.like).append(phrase)
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
    negative = polarity in (_LESS, _EXCLUDE)
    if facets and not unknown:
        reading.add(facets, _LESS if negative else (_ONLY if polarity == _ONLY else _MORE))
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
