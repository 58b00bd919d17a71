"""The feed's vocabulary: the facets a video can carry and the words people use for each.

A facet is "kind:value". The values of style, object, setting, time and action are the
ScenePlan's own (generation.world.plan), colours are the world's palette, and topics are groups
defined here from the other facets (a video is about sports when it shows a basketball, a court
or a shot...). The same word table reads a caption (recsys.facets, for videos without a plan)
and a person's instruction (recsys.instructions), so a word means one facet wherever it is read.

Pure data and lookups: must not import api/, actors/ or anything that serves.
"""

from __future__ import annotations

from collections.abc import Iterable

from generation.world.catalog import PALETTE
from generation.world.plan import BALL_KINDS, OBJECT_KINDS, SETTINGS, STYLES, TIMES_OF_DAY, VERBS

FACET_KINDS = ("style", "object", "colour", "setting", "time", "action", "topic")
COLOURS = tuple(PALETTE)
TOPICS = ("sports", "water", "people", "talk", "balls")

# Which plan facets put a video in a topic. "people" also holds for any spoken line or cast
# character, and "talk" for spoken lines only (recsys.facets), which no facet says by itself.
TOPIC_MEMBERS: dict[str, frozenset[str]] = {
    "sports": frozenset({"object:basketball", "object:tennis_ball", "setting:court", "setting:gym",
                         "action:shoot", "action:kick", "action:throw", "action:lob"}),
    "water": frozenset({"setting:pool", "setting:beach", "action:float", "action:sink", "action:splash"}),
    "people": frozenset({"object:figure"}),
    "talk": frozenset(),
    "balls": frozenset(f"object:{kind}" for kind in BALL_KINDS),
}

# The words for each facet, singular: `_with_plurals` adds the plurals of things, places and topics.
# Multi-word phrases win over their parts ("beach ball" is a ball, "beach" a place).
_WORDS: dict[str, tuple[str, ...]] = {
    "style:anime": ("anime", "cartoon", "cartoony", "animated", "animation", "manga", "toon", "cel shaded",
                    "anime style"),
    "style:cinematic": ("cinematic", "movie", "film", "filmic", "movie like", "film like", "cinema"),
    "style:realistic": ("realistic", "real life", "photoreal", "photorealistic", "photo realistic", "lifelike",
                        "true to life", "live action", "real world"),
    "object:basketball": ("basketball", "basket ball", "hoop", "hoop ball", "hoops"),
    "object:tennis_ball": ("tennis ball", "tennis"),
    "object:beach_ball": ("beach ball", "beachball", "inflatable ball", "inflatable beach ball"),
    "object:bowling_ball": ("bowling ball", "bowling", "heavy bowling ball"),
    "object:crate": ("crate", "box", "wooden crate", "wooden box", "cardboard box"),
    "object:figure": ("figure", "player", "stick figure", "athlete"),
    "setting:gym": ("gym", "gymnasium", "sports hall", "indoor court", "school gym", "indoors"),
    "setting:court": ("court", "basketball court", "outdoor court", "tennis court"),
    "setting:beach": ("beach", "seaside", "sea", "ocean", "shore", "coast", "by the sea", "sunny beach"),
    "setting:pool": ("pool", "swimming pool"),
    "setting:street": ("street", "road", "city", "city street", "urban", "downtown", "empty road"),
    "setting:park": ("park", "garden", "lawn", "park lawn", "green park"),
    "time:night": ("night", "nighttime", "night time", "dark", "darkness", "evening", "after dark", "midnight",
                   "moonlight", "moonlit", "nocturnal", "at night", "dusk", "twilight"),
    "time:day": ("day", "daytime", "day time", "daylight", "sunny", "morning", "afternoon", "by day",
                 "in daylight", "sunshine"),
    "action:drop": ("drop", "drops", "dropping", "dropped", "is dropped and bounces", "falls and bounces",
                    "drops to the floor"),
    "action:bounce": ("bounce", "bounces", "bouncing", "bounced", "bouncy", "bounces along", "bounces to rest"),
    "action:roll": ("roll", "rolls", "rolling", "rolled", "rolls down a ramp", "rolls along"),
    "action:shoot": ("shoot", "shoots", "shooting", "shot at the hoop", "jump shot", "jump shots", "dunk", "dunks",
                     "dunking", "slam dunk", "layup", "layups", "free throw", "free throws", "three pointer",
                     "is shot at the hoop", "flies toward the hoop", "is thrown at the basket", "scoring",
                     "sinks the shot", "trick shot", "trick shots"),
    "action:collide": ("collide", "collides", "colliding", "collided", "collision", "collisions", "crash", "crashes",
                       "crashing", "crashes into", "knocks into", "smash", "smashes", "smashing", "impact", "impacts"),
    "action:throw": ("throw", "throws", "throwing", "threw", "thrown", "toss", "tosses", "tossing", "tossed",
                     "passing", "launches"),
    "action:kick": ("kick", "kicks", "kicking", "kicked", "boots", "punt", "punts"),
    "action:float": ("float", "floats", "floating", "bob", "bobs", "bobbing", "drift", "drifting",
                     "floats and bobs", "bobs on the water"),
    "action:sink": ("sink", "sinks", "sinking", "sank", "sunk", "goes under", "sinks to the bottom"),
    "action:splash": ("splash", "splashes", "splashing", "splashed", "plunge", "plunges", "dive", "dives", "diving",
                      "makes a splash", "splashes into the water", "plunges into the water"),
    "action:slide": ("slide", "slides", "sliding", "slid", "skid", "skids", "skidding", "slides to a stop",
                     "skids to a halt"),
    "action:push": ("push", "pushes", "pushing", "pushed", "shove", "shoves", "shoving", "nudge", "nudges"),
    "action:stack": ("stack", "stacks", "stacking", "stacked", "sits on a stack", "topples off a stack"),
    "action:fall": ("fall", "falls", "falling", "fell", "tumble", "tumbles", "tumbling", "topple", "topples",
                    "toppling", "tumbles down"),
    "action:lob": ("lob", "lobs", "lobbing", "lobbed", "is lobbed high and lands", "arcs high and comes down"),
    "topic:sports": ("sport", "sports", "ball game", "game", "athletics", "match", "team sport", "sporty"),
    "topic:water": ("water", "swimming", "swim", "swimmer", "aquatic", "wet", "underwater", "lake", "river"),
    "topic:people": ("people", "person", "persons", "character", "human", "folks", "someone", "guy", "kid",
                     "man", "men", "woman", "women"),
    "topic:talk": ("talk", "talking", "dialogue", "dialog", "conversation", "speech", "speaking", "chatting",
                   "chatter", "voice", "spoken line", "chat"),
    "topic:balls": ("ball", "sphere"),
}
_COLOUR_ALIASES = {
    "crimson": "red", "scarlet": "red", "ruby": "red", "navy": "blue", "azure": "blue", "cobalt": "blue",
    "violet": "purple", "lavender": "purple", "lilac": "purple", "magenta": "pink", "fuchsia": "pink",
    "gold": "yellow", "golden": "yellow", "lemon": "yellow", "lime": "green", "emerald": "green",
    "tan": "brown", "chocolate": "brown", "amber": "orange", "tangerine": "orange", "ebony": "black",
    "ivory": "white", "snowy": "white",
}
for _colour in COLOURS:
    _WORDS[f"colour:{_colour}"] = (_colour, *(alias for alias, c in _COLOUR_ALIASES.items() if c == _colour))

LABELS: dict[str, str] = {
    "object:basketball": "basketball", "object:tennis_ball": "tennis balls", "object:beach_ball": "beach balls",
    "object:bowling_ball": "bowling balls", "object:crate": "crates", "object:figure": "figures",
    "time:night": "night", "time:day": "daytime", "topic:talk": "talking", "topic:balls": "balls",
    "action:drop": "dropping", "action:bounce": "bouncing", "action:roll": "rolling", "action:shoot": "shooting",
    "action:collide": "collisions", "action:throw": "throwing", "action:kick": "kicking", "action:float": "floating",
    "action:sink": "sinking", "action:splash": "splashing", "action:slide": "sliding", "action:push": "pushing",
    "action:stack": "stacking", "action:fall": "falling", "action:lob": "lobs",
}
"""How a facet is said in a summary ("no tennis balls"); the value itself where not listed."""


def _facet_values() -> dict[str, tuple[str, ...]]:
    return {"style": STYLES, "object": OBJECT_KINDS, "colour": COLOURS, "setting": SETTINGS,
            "time": TIMES_OF_DAY, "action": VERBS, "topic": TOPICS}


FACETS: tuple[str, ...] = tuple(f"{kind}:{value}" for kind, values in _facet_values().items() for value in values)
"""Every facet there is, kind by kind."""


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _with_plurals(facet: str, phrases: Iterable[str]) -> tuple[str, ...]:
    """`phrases` and, for things, places, looks, times and topics, the plural of each that ends
    in a countable word ("tennis ball" -> "tennis balls", "cartoon" -> "cartoons")."""
    out: list[str] = []
    for phrase in phrases:
        out.append(phrase)
        *head, last = phrase.split()
        if facet.partition(":")[0] in _COUNTED_KINDS and not last.endswith("s") and last not in _UNCOUNTED:
            out.append(" ".join([*head, _plural(last)]))
    return tuple(dict.fromkeys(out))


_COUNTED_KINDS = frozenset({"style", "object", "setting", "time", "topic"})
_UNCOUNTED = frozenset(
    """anime manga animated cinematic filmic realistic photoreal photorealistic lifelike life like action world
    cartoony gym indoors sea urban downtown city night nighttime time dark darkness midnight moonlight moonlit
    nocturnal day daytime daylight sunny sunshine water aquatic wet underwater people men women man woman folks
    dialogue dialog speech chatter sporty athletics swim sport cinema bowling tennis hoop talking speaking
    chatting swimming style someone""".split()
)
"""Words whose plural no one says ("animes", "waters"), or that have none."""

SYNONYMS: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): facet for facet, phrases in _WORDS.items() for phrase in _with_plurals(facet, phrases)
}
"""Each phrase, as a tuple of lower-case words, to the facet it names."""
LONGEST_PHRASE = max(len(words) for words in SYNONYMS)


def label(facet: str) -> str:
    """Plain words for `facet` ("object:tennis_ball" -> "tennis balls", "style:anime" -> "anime")."""
    return LABELS.get(facet, facet.partition(":")[2].replace("_", " "))


def descriptions() -> dict[str, tuple[str, ...]]:
    """Per facet, the phrases that describe it (its label and its words), for mapping other
    phrases onto facets by meaning (recsys.instructions)."""
    return {facet: tuple(dict.fromkeys((label(facet), *_WORDS[facet]))) for facet in FACETS}


def match_phrases(tokens: list[str]) -> tuple[list[tuple[int, int, str]], list[int]]:
    """The facets named in `tokens` (lower-case words), longest phrase first, left to right.

    Returns (matches, leftover): each match is (start, end, facet) over token positions, and
    leftover lists the positions no phrase covered.
    """
    matches: list[tuple[int, int, str]] = []
    leftover: list[int] = []
    i = 0
    while i < len(tokens):
        for n in range(min(LONGEST_PHRASE, len(tokens) - i), 0, -1):
            facet = SYNONYMS.get(tuple(tokens[i:i + n]))
            if facet is not None:
                matches.append((i, i + n, facet))
                i += n
                break
        else:
            leftover.append(i)
            i += 1
    return matches, leftover


def topics_of(facets: Iterable[str]) -> set[str]:
    """The topic facets that `facets` (of one video) put it in, from TOPIC_MEMBERS."""
    present = set(facets)
    return {f"topic:{topic}" for topic, members in TOPIC_MEMBERS.items() if members & present}
