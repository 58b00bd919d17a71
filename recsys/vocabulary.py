"""The feed's vocabulary: the facets a video can carry and the words people use for each.

A facet is "kind:value". The values of style, object, setting, time and action are the
ScenePlan's own (generation.world.plan), colours are the world's palette, and topics are groups
defined here from the other facets (a video is about sports when it shows a basketball, a court
or a shot...). The same word table reads a caption (recsys.facets, for videos without a plan)
and a person's instruction (recsys.instructions), so a word means one facet wherever it is read.
Below them are the other words of an instruction: the cues of more, less, no and only, moods,
degrees, fillers, and the conjunctions that cut it into clauses (read by recsys.instructions).

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
                        "true to life", "live action", "real world", "footage", "real footage", "camera footage"),
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


# -- the words of an instruction (recsys.instructions): how people ask for more or less of a facet

MORE, LESS, EXCLUDE, ONLY, JUST = "more", "less", "exclude", "only", "just"
CUES: dict[str, tuple[str, ...]] = {
    MORE: ("more", "more of", "lots of", "plenty of", "tons of", "show", "give", "love", "i like", "would like",
           "want", "need", "extra", "bring on", "bring back", "keep", "add", "include", "increase", "boost",
           "prefer", "big fan of", "enjoy", "into", "yes to", "again", "yes", "yeah", "yep", "yup", "not mind",
           "sure", "moar", "coming", "great", "awesome", "amazing", "cool", "nice", "fun", "fine", "best", "rocks"),
    LESS: ("less", "less of", "fewer", "not so much", "not as much", "not too much", "not much", "not many",
           "reduce", "cut down on", "cut back on", "cut back", "cut down", "tone down", "dial down", "dislike",
           "not like", "not a fan of", "not a big fan of", "not really a fan of", "not a fan", "not a big fan",
           "not really into", "not into", "rarely", "lower", "decrease", "tired of", "bored of", "bored with",
           "too", "too much", "too many", "not too many", "boring", "dull", "meh", "tedious", "overrated",
           "getting old", "not great", "not that great", "not so", "not as", "not too", "not sure", "why so much",
           "why so many", "sad", "repetitive", "samey"),
    EXCLUDE: ("no", "not", "none", "without", "avoid", "hide", "stop", "stop showing", "never", "enough of",
              "hate", "nothing", "nothing with", "nothing about", "no more", "ban", "block", "remove",
              "filter out", "get rid of", "skip", "zero", "sick of", "exclude", "nope", "nah", "enough", "away",
              "away from", "keep away", "keep away from", "stay away from", "take away", "mute", "cut", "ditch",
              "annoying", "irritating", "awful", "terrible", "horrible", "gross", "suck", "sucks",
              "worst", "hateful", "cringe", "cringey", "cringy"),
    ONLY: ("only", "exclusively", "solely", "purely", "all"),
    JUST: ("just",),
}
# "all anime" means only anime; "all" is a cue only at a clause's start (see recsys.instructions), or it
# would turn "no sports at all" into "only".
CLAUSE_START_ONLY = frozenset({("all",), ("again",)})
# Judgements said after their target ("sports are boring", "anime rocks"); before one they
# describe it instead ("nothing boring" avoids what is boring, "more cool colours").
AFTER_TARGET_ONLY = frozenset(tuple(w.split()) for w in (
    "coming great awesome amazing cool nice fun fine best rocks boring sad repetitive samey dull meh tedious overrated "
    "annoying irritating awful terrible horrible gross suck sucks worst hateful cringe cringey cringy".split()))
# "too" is "less" before what it qualifies ("too dark", "sports are too much"); at a clause's end
# it means "as well" ("anime too"). "away" sends away only at the end ("keep sports away"), not
# in "far away beaches".
NOT_CLAUSE_END = frozenset({("too",)})
CLAUSE_END_ONLY = frozenset({("away",), ("away", "from")})
LIKE_MARKERS = ("like", "similar to", "resembling", "akin to", "such as", "the likes of", "reminiscent of")
MOODS: dict[int, tuple[str, ...]] = {
    +1: ("calm", "calmer", "calmly", "calming", "quiet", "quieter", "relaxing", "relaxed", "slow", "slower",
         "gentle", "gentler", "peaceful", "soothing", "mellow", "soft", "softer", "chill", "chilled", "chiller",
         "cozy", "cosy", "serene", "tranquil", "restful", "laid back", "low key", "wholesome", "tone it down",
         "dial it down", "turn it down", "calm it down", "slow it down"),
    -1: ("exciting", "excitement", "energetic", "energy", "intense", "intensity", "fast", "faster", "action",
         "action packed", "thrilling", "thrill", "lively", "livelier", "dynamic", "hype", "hyped", "wild",
         "wilder", "crazy", "busy", "busier", "loud", "louder", "hectic", "adrenaline", "high energy",
         "fast paced", "upbeat", "epic", "chaotic", "chaos", "spicy", "spicier", "frantic", "speed", "speedy", "turn it up",
         "crank it up", "amp it up", "speed it up"),
}
DEGREES: dict[float, tuple[str, ...]] = {
    1.0: ("much", "way", "far", "a lot", "lot", "really", "very", "super", "so", "extremely", "lots", "tons",
          "loads", "totally", "completely", "a whole lot", "significantly", "absolutely", "definitely"),
    0.25: ("a bit", "bit", "a little", "little", "slightly", "somewhat", "kinda", "kind of", "a tad", "tad",
           "a touch", "marginally"),
}
FILLERS = frozenset("""
a an the some any of to for in on at with about from by this that these those it its it's there here
i me my mine we us our you your yours he she they them their is are was were be been being am do does did
doing will would could can should shall may might must have has had ca wo ok okay okey um uh hey hi hello
please pls plz thanks thank thx ty kindly maybe perhaps also too even still ever anymore whatsoever
feed videos video clips clip stuff things thing content posts post reels reel ones one scenes scene kind sort
type types kinds sorts see seeing watch watching showing shown get getting let lets put what which who
something anything everything all look looks style styles aesthetic make makes making vibe vibes mood
lately today now again time times recommendations recommend recommended find actually honestly
u ur vid vids tbh hmm hm lol guess why where when how around already gets whatever up down every single
each mind""".split())
"""Words that carry no target: what is left when they are gone is the thing asked about."""
POLITE = frozenset({"please", "pls", "plz", "thanks", "thank", "you", "thx", "ty", "kindly"})
CONTRACTIONS = {"don't": "do not", "dont": "do not", "doesn't": "does not", "doesnt": "does not",
                "won't": "will not", "can't": "can not", "cant": "can not", "i'm": "i am", "im": "i am",
                "i'd": "i would", "id": "i would", "i've": "i have", "wanna": "want to", "gimme": "give me",
                "ain't": "not", "isn't": "is not", "aren't": "are not"}
REPHRASED = {"nothing but": "only", "anything but": ", no ", "except for": ", no ", "except": ", no ",
             "other than": ", no ", "apart from": ", no ", "instead of": "instead, less ", "unless": ", but ",
             "sick and tired of": "sick of", r"(for|after|in) a while": "", r"(every single|every|each|all) days?": "",
             r"rather\b(.+?)\bthan": r"rather\1, less ", r"(prefer\w*)\b(.+?)\bover": r"\1\2, less "}
"""Phrases (regular expressions) rewritten before reading: "nothing but anime" is only
anime; "X instead of Y", "rather X than Y" and "prefer X over Y" are more X and
less Y; "no sports unless it's tennis" is no sports but tennis; "every day" and "for a while"
say when, not what."""
CONJUNCTIONS = frozenset({"and", "but", "then", "or", "nor", "plus", "also", "however", "though",
                          "although", "while", "yet", "instead", "rather", "whereas"})
CONTRASTS = frozenset({"but", "however", "though", "although", "yet", "instead", "rather", "whereas"})
"""Conjunctions after which the polarity of before is not carried ("no sports but anime"); said
at a clause's end they free the clause before them ("no basketball, tennis instead")."""
