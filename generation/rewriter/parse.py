"""Reading a prompt: quoted dialogue, shot boundaries, and phrases matched to concepts.

Phrases are matched longest first against the exact synonyms of vocabulary.py; what is left
(content words that are neither matched nor generic) is mapped by embeddings in rewriter.py.
"""

from __future__ import annotations

import re

import msgspec

from generation.audio.speech import MAX_CHARS as MAX_LINE
from generation.rewriter.vocabulary import (
    GENERIC_WORDS,
    KINDS,
    NIGHT_WORDS,
    OUTCOME_WORDS,
    SETTINGS,
    STYLES,
    VERBS,
    Concept,
    nearest_palette_colour,
)

FIELDS: dict[str, tuple[Concept, ...]] = {"kind": KINDS, "setting": SETTINGS, "verb": VERBS, "style": STYLES}
_EXACT: dict[tuple[str, ...], tuple[str, str]] = {
    tuple(phrase.split()): (field, concept.value)
    for field, concepts in FIELDS.items() for concept in concepts for phrase in concept.phrases
}
for _word in NIGHT_WORDS:
    _EXACT[tuple(_word.split())] = ("time", "night")
for _outcome, _words in OUTCOME_WORDS.items():
    for _word in _words:
        _EXACT.setdefault(tuple(_word.split()), ("outcome", _outcome))
_LONGEST = max(len(k) for k in _EXACT)
_QUOTE = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
# A cut is asked for in so many words ("cut to", "next shot", "later": time skipped), by a new
# sentence or by ";". A bare "then" (", then", "after that") goes on in the same shot: the
# world's captions join the actions of one continuous clip with ", then" (plan.caption), and
# the model learned them as one clip.
_SHOT_BREAK = re.compile(
    r"(?:\b(?:and\s+)?then\s+)?\b(?:cut(?:s|ting)?\s+to|(?:in\s+)?the\s+next\s+(?:shot|scene)|next\s+(?:shot|scene)"
    r"|(?:a\s+)?new\s+(?:shot|scene)|later)\b|;|\.\s", re.IGNORECASE)
_LEADING_THEN = re.compile(r"^(?:and\s+)?(?:then|after that)\b[\s,]*", re.IGNORECASE)
"""A shot's words begin after its "Then" ("... in a gym. Then the ball rolls")."""
# "2 shots", "in three shots", "a 3-shot video": how many shots, not a shot at the hoop
# ("takes two shots at the hoop" is shooting, left to the vocabulary)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_SHOT_COUNT = re.compile(
    r"[,\s]*(?<!\btakes )(?<!\btake )(?<!\btook )(?<!\bmakes )(?<!\bmisses )"
    r"\b(?:in\s+)?(\d+|one|two|three|four|five|six)[\s-]+(?:shots?|scenes?)\b(?!\s+(?:at|on|in)\s+the\s+(?:hoop|basket))",
    re.IGNORECASE)


class Mapping(msgspec.Struct, frozen=True):
    """One phrase of the prompt read as one concept, and how: exact, colour or embedding."""

    phrase: str
    field: str
    value: str
    how: str
    score: float = 1.0
    position: int = 0
    """Index of the phrase's first word in the prompt, to keep objects in the asked order."""
    definite: bool = False
    """A thing named with "the" ("the ball", "the red ball"), or named again after "then" ("a red
    ball bounces, then a red ball rolls", as the world's captions go on about one thing): the one
    already there, if there is one."""
    count: int = 1
    """How many of a thing are asked for: a number before it ("two crates", "2 red balls", "a pair
    of balls"), else 2 for a plural ("boxes crash into each other"), else 1."""


class Reading(msgspec.Struct, frozen=True):
    mappings: tuple[Mapping, ...]
    leftovers: tuple[tuple[int, str], ...]
    """(position, word): content words nothing matched exactly."""
    dialogue: tuple[str, ...]
    segments: tuple[str, ...]
    """The prompt cut at shot boundaries ("cut to", "next shot", ";", a new sentence)."""
    dialogue_shots: tuple[int, ...] = ()
    """The shot each line of `dialogue` is spoken in (line_shots)."""
    shot_count: int = 0
    """The shots the prompt asks for in words ("in 2 shots"; shot_count), 0 where it says none."""


def quoted_lines(prompt: str) -> list[str]:
    """Dialogue written in the prompt between double quotes, in order."""
    return [m.strip() for m in _QUOTE.findall(prompt) if m.strip()]


def too_long_line(texts) -> str | None:
    """What is wrong with the first quoted line in `texts` too long to speak, or None."""
    for line in (line for text in texts for line in quoted_lines(text)):
        if len(line) > MAX_LINE:
            return f"a dialogue line is {len(line)} characters; keep each quoted line to {MAX_LINE}"
    return None


def line_segments(prompt: str) -> list[int]:
    """For each quoted line of `prompt` (quoted_lines' order), the index of the segment of
    read(prompt) it is written in: the words before it back to the last shot break are that
    segment's. A line with no words of its own between two breaks is the next segment's."""
    count = max(1, len(_segments(_QUOTE.sub(" ", prompt))))
    return [min(len(_segments(_QUOTE.sub(" ", prompt[:m.start()]) + " x")), count) - 1
            for m in _QUOTE.finditer(prompt) if m.group(1).strip()]


def line_shots(prompt: str) -> list[int]:
    """The shot each quoted line of `prompt` is spoken in: for a prompt cut into shots, the one
    whose words hold it ('..., then he says "hi"' speaks in the second, line_segments); for a
    prompt of one shot, line i in shot i, so that lines given more shots than the prompt cuts
    (the API's `shots`) get one each. A line given a shot past the clip's last is spoken in the
    last (film.dialogue_stems, plan_builder's plan)."""
    if len(_segments(_QUOTE.sub(" ", prompt))) < 2:
        return list(range(len(quoted_lines(prompt))))
    return line_segments(prompt)


def shot_count(prompt: str) -> int:
    """How many shots `prompt` asks for in words outside its quotes ("a ball bounces, 2 shots",
    "in three shots", as the world's captions count them), or 0 where it says no number."""
    counts = [m.group(1).lower() for m in _SHOT_COUNT.finditer(_QUOTE.sub(" ", prompt))]
    return max((int(c) if c.isdigit() else _NUMBERS[c] for c in counts), default=0)


def _segments(text: str) -> tuple[str, ...]:
    """`text` (quotes taken out) cut at shot boundaries, without its count of shots, empty
    parts left out."""
    text = _SHOT_COUNT.sub("", text)
    parts = (_LEADING_THEN.sub("", s.strip()) for s in _SHOT_BREAK.split(text) if s)
    return tuple(s for s in parts if s.strip(" .,;"))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


_DEFINITE = frozenset(("the", "that", "this"))
_DESCRIBING = frozenset(("big", "small", "large", "little", "heavy", "light", "same", "other"))
_COUNTS = {**_NUMBERS, "both": 2}
_IRREGULAR = {"people": "person", "men": "man", "women": "woman", "children": "child"}


def _before_describing(tokens: list[str], i: int) -> int:
    """The index of the word before the colour or size words (at most two) that precede tokens[i]."""
    j = i - 1
    while j >= 0 and i - j <= 3 and (tokens[j] in _DESCRIBING or nearest_palette_colour(tokens[j])):
        j -= 1
    return j


def _definite(tokens: list[str], i: int) -> bool:
    """Whether the thing named at tokens[i] is named with "the", or with "a" right after "then"
    (a colour or size between)."""
    j = _before_describing(tokens, i)
    return j >= 0 and (tokens[j] in _DEFINITE or tokens[j] in ("a", "an") and j > 0 and tokens[j - 1] == "then")


def _count(tokens: list[str], i: int, plural: bool) -> int:
    """How many of the thing named at tokens[i] are asked for (Mapping.count)."""
    j = _before_describing(tokens, i)
    if j >= 1 and tokens[j] == "of" and tokens[j - 1] in ("pair", "couple"):
        return 2
    word = tokens[j] if j >= 0 else ""
    if word.isdigit():
        return max(1, int(word))
    return _COUNTS.get(word, 2 if plural else 1)


def _singulars(word: str) -> list[str]:
    """What `word` may be the plural of ("boxes" -> "box" or "boxe"; "people" -> "person")."""
    if word in _IRREGULAR:
        return [_IRREGULAR[word]]
    if word.endswith("es"):
        return [word[:-2], word[:-1]]
    return [word[:-1]] if word.endswith("s") and not word.endswith("ss") else []


def _match(key: tuple[str, ...]) -> tuple[str, str, bool] | None:
    """(field, value, plural) of the concept `key` names exactly, or names in the plural of one of
    its things ("tennis balls", "basketballs", "crates"); None when it names none."""
    exact = _EXACT.get(key)
    plurals = (_EXACT.get((*key[:-1], s)) for s in _singulars(key[-1]))
    plural = next((found for found in plurals if found is not None and found[0] == "kind"), None)
    if exact is not None:
        return (*exact, plural == exact)
    return None if plural is None else (*plural, True)


def read(prompt: str) -> Reading:
    """Quoted lines, shot segments, exact matches and the leftover content words of `prompt`."""
    dialogue = tuple(quoted_lines(prompt))
    text = _QUOTE.sub(" ", prompt)
    segments = _segments(text)
    tokens = words(text)
    mappings, leftovers, i = [], [], 0
    while i < len(tokens):
        for n in range(min(_LONGEST, len(tokens) - i), 0, -1):
            key = tuple(tokens[i:i + n])
            if (found := _match(key)) is not None:
                field, value, plural = found
                is_kind = field == "kind"
                mappings.append(Mapping(" ".join(key), field, value, "exact", position=i,
                                        definite=is_kind and _definite(tokens, i),
                                        count=_count(tokens, i, plural) if is_kind else 1))
                i += n
                break
        else:
            colour = nearest_palette_colour(tokens[i])
            if colour is not None:
                mappings.append(Mapping(tokens[i], "colour", colour, "colour", position=i))
            elif tokens[i] not in GENERIC_WORDS and not tokens[i].isdigit() and len(tokens[i]) > 2:
                leftovers.append((i, tokens[i]))
            i += 1
    return Reading(tuple(mappings), tuple(leftovers), dialogue, segments or (text.strip(),),
                   tuple(line_shots(prompt)), shot_count(prompt))
