"""What the world knows, in words: the concepts a prompt is mapped onto, with their synonyms.

Exact synonyms are matched first; other phrases are mapped by MiniLM embeddings onto the
`phrases` of each concept (rewriter.py). Colours are mapped through the 148 CSS colour names to
the nearest colour of the world's palette.
"""

from __future__ import annotations

import colorsys

import msgspec
from PIL import ImageColor

from generation.world.catalog import PALETTE, lab


class Concept(msgspec.Struct, frozen=True):
    value: str
    """The ScenePlan value (an object kind, a setting, a verb, a style, a time of day)."""
    phrases: tuple[str, ...]


BALL = "ball"
"""A ball of unspecified kind: the rest of the prompt decides which (rewriter.pick_ball)."""

KINDS = (
    Concept("basketball", ("basketball", "basket ball", "hoop ball")),
    Concept("tennis_ball", ("tennis ball", "small fuzzy ball", "tennis")),
    Concept("beach_ball", ("beach ball", "inflatable ball", "inflatable beach ball", "beachball", "big light ball", "balloon ball")),
    Concept("bowling_ball", ("bowling ball", "heavy ball", "heavy bowling ball", "bowling", "cannonball", "iron ball")),
    Concept("crate", ("crate", "box", "boxes", "crates", "wooden box", "wooden crate", "cardboard box", "cube", "chest", "package")),
    Concept("figure", ("person", "man", "woman", "guy", "girl", "boy", "kid", "child", "player", "athlete",
                       "someone", "figure", "friend", "people", "character", "dad", "mom", "coach")),
    Concept(BALL, ("ball", "sphere", "orb", "globe", "balls", "soccer ball", "football", "volleyball")),
)

SETTINGS = (
    Concept("gym", ("gym", "gymnasium", "sports hall", "indoor court", "arena", "hall", "indoors")),
    Concept("court", ("court", "basketball court", "playground", "outdoor court", "stadium")),
    Concept("beach", ("beach", "sea", "ocean", "shore", "seaside", "sand", "coast", "waves")),
    Concept("pool", ("pool", "swimming pool", "lake", "pond", "river", "water", "tank", "bathtub")),
    Concept("street", ("street", "road", "alley", "downtown", "city", "sidewalk", "parking lot")),
    Concept("park", ("park", "garden", "lawn", "field", "meadow", "grass", "backyard", "yard")),
)

VERBS = (
    # "shot" alone is a camera's word as often ("a wide shot", "2 shots", "shot in slow motion"):
    # it is a basketball shot only in phrases; a hoop or a basket is there to be shot at (the
    # world stands one wherever a ball is shot, generation.world.scenarios.hoops)
    Concept("shoot", ("shoot", "shoots", "shooting", "takes a shot", "take a shot", "took a shot",
                      "taking a shot", "jump shot", "shot at the hoop", "shot at the basket",
                      "thrown at the basket", "thrown at the hoop", "flies toward the hoop", "hoop", "basket", "dunk", "dunks",
                      "layup", "free throw", "three pointer")),
    Concept("drop", ("drop", "drops", "dropped", "falls", "fall", "falling", "let go",
                     # the world's words for one drop: a ball that falls bounces
                     "is dropped and bounces", "falls and bounces", "drops to the floor")),
    Concept("fall", ("tumbles", "tumble", "tumbled", "tumbling", "tumbles down", "topples", "topple",
                     "toppled", "falls over", "tips over")),
    Concept("bounce", ("bounce", "bounces", "bouncing", "bounced", "hops")),
    Concept("roll", ("roll", "rolls", "rolling", "ramp")),
    Concept("collide", ("collide", "collides", "collision", "crash", "crashes", "hit", "hits", "smash", "bump",
                        "collides with", "crashes into", "knocks into", "knocks")),
    Concept("throw", ("throw", "throws", "toss", "tosses", "pass", "passes", "hurl", "launch")),
    Concept("kick", ("kick", "kicks", "kicked", "punt", "boot")),
    Concept("float", ("float", "floats", "floating", "bob", "bobs", "bobbing", "drift", "bobs on the water",
                      "floats on the water")),
    Concept("sink", ("sink", "sinks", "sinking", "sank", "goes under", "submerge")),
    Concept("splash", ("splash", "splashes", "dive", "dives", "plunge", "plunges", "jumps into",
                       "splashes into the water", "plunges into the water", "makes a splash")),
    Concept("slide", ("slide", "slides", "sliding", "skid", "skids", "glide", "push", "pushes", "shove")),
    Concept("lob", ("lob", "lobs", "arc", "high throw")),
)

STYLES = (
    Concept("anime", ("anime", "manga", "cartoon", "animated", "cel shaded", "ghibli", "toon")),
    Concept("cinematic", ("cinematic", "film", "movie", "filmic", "dramatic", "epic", "widescreen")),
    Concept("realistic", ("realistic", "photorealistic", "real", "lifelike", "photo", "documentary")),
)

NIGHT_WORDS = ("night", "midnight", "dark", "evening", "moonlight", "nighttime", "after dark")
OUTCOME_WORDS = {
    "score": ("scores", "score", "goes in", "swish", "makes it", "makes the shot", "nothing but net", "dunk",
              "sinks the shot", "sinks the basket"),
    "rebound_backboard": ("backboard", "off the board", "misses", "miss", "bricks", "clanks", "rebound",
                          "rebounds", "bounces off the backboard"),
    "rebound_rim": ("rim", "off the rim", "rims out"),
}
GENERIC_WORDS = frozenset("""
a an the of and or with in on at to into onto from by for some any my our your this that it its
is are was were be been then than next later after before while when where as so but not no
up down off out over under through across around about again also there here their they them he
she his her him we us you i who what which all each both one two three four five six seven eight
pair couple
says say said tells yells shouts asks cut style look looks vibe mood colour colours color colors
sunset sunrise day daytime today camera angle view close wide slow motion fast motion frame frames
shot shots scenes closeup medium zoom zooms pan pans tracking nearby toward towards rest
video clip scene something anything stuff thing things fun funny cool nice awesome
great amazing random surprise me make show create generate give please just like kind sort very
really good beautiful interesting epic short quick little long
""".split())
"""Words that make a prompt vague, not impossible: a prompt made only of them is expanded."""


def nearest_palette_colour(word: str) -> str | None:
    """The palette colour nearest to a CSS colour name ("crimson" -> "red", "navy" -> "blue"), or
    None if `word` names no colour: by hue for colourful colours, by CIELAB distance for the rest."""
    if word in PALETTE:
        return word
    if word not in ImageColor.colormap:
        return None
    rgb = ImageColor.getrgb(word)[:3]
    hue, saturation, value = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    if saturation >= 0.3 and value >= 0.2:  # a colourful colour: its hue decides ("navy" is blue)
        chromatic = [n for n, c in PALETTE.items() if colorsys.rgb_to_hsv(*(x / 255 for x in c))[1] >= 0.3]
        return min(chromatic, key=lambda n: _hue_distance(hue, colorsys.rgb_to_hsv(*(x / 255 for x in PALETTE[n]))[0]))
    seen = lab(rgb)
    return min(PALETTE, key=lambda name: float(((lab(PALETTE[name]) - seen) ** 2).sum()))


def _hue_distance(a: float, b: float) -> float:
    return min(abs(a - b), 1 - abs(a - b))
