"""What the world knows, in words: the concepts a prompt is mapped onto, with their synonyms.

Exact synonyms are matched first; other phrases are mapped by MiniLM embeddings onto the
`phrases` of each concept (rewriter.py). Colours are mapped through the 148 CSS colour names to
the nearest colour of the world's palette.
"""

from __future__ import annotations

import msgspec
from PIL import ImageColor

from generation.world.catalog import PALETTE


class Concept(msgspec.Struct, frozen=True):
    value: str
    """The ScenePlan value (an object kind, a setting, a verb, a style, a time of day)."""
    phrases: tuple[str, ...]


BALL = "ball"
"""A ball of unspecified kind: the rest of the prompt decides which (rewriter.pick_ball)."""

KINDS = (
    Concept("basketball", ("basketball", "basket ball", "hoop ball")),
    Concept("tennis_ball", ("tennis ball", "small fuzzy ball", "tennis")),
    Concept("beach_ball", ("beach ball", "inflatable ball", "beachball", "big light ball", "balloon ball")),
    Concept("bowling_ball", ("bowling ball", "heavy ball", "bowling", "cannonball", "iron ball")),
    Concept("crate", ("crate", "box", "boxes", "crates", "wooden box", "cardboard box", "cube", "chest", "package")),
    Concept("figure", ("person", "man", "woman", "guy", "girl", "boy", "kid", "child", "player", "athlete",
                       "someone", "figure", "friend", "people", "character", "dad", "mom", "coach")),
    Concept(BALL, ("ball", "sphere", "orb", "globe", "balls", "soccer ball", "football", "volleyball")),
)

SETTINGS = (
    Concept("gym", ("gym", "gymnasium", "sports hall", "indoor court", "arena", "hall", "indoors")),
    Concept("court", ("court", "basketball court", "playground", "outdoor court", "stadium", "hoop")),
    Concept("beach", ("beach", "sea", "ocean", "shore", "seaside", "sand", "coast", "waves")),
    Concept("pool", ("pool", "swimming pool", "lake", "pond", "river", "water", "tank", "bathtub")),
    Concept("street", ("street", "road", "alley", "downtown", "city", "sidewalk", "parking lot")),
    Concept("park", ("park", "garden", "lawn", "field", "meadow", "grass", "backyard", "yard")),
)

VERBS = (
    Concept("shoot", ("shoot", "shoots", "shot", "dunk", "dunks", "layup", "free throw", "three pointer")),
    Concept("drop", ("drop", "drops", "dropped", "falls", "fall", "falling", "let go")),
    Concept("bounce", ("bounce", "bounces", "bouncing", "bounced", "hops")),
    Concept("roll", ("roll", "rolls", "rolling", "ramp")),
    Concept("collide", ("collide", "collides", "collision", "crash", "crashes", "hit", "hits", "smash", "bump")),
    Concept("throw", ("throw", "throws", "toss", "tosses", "pass", "passes", "hurl", "launch")),
    Concept("kick", ("kick", "kicks", "kicked", "punt", "boot")),
    Concept("float", ("float", "floats", "floating", "bob", "bobs", "bobbing", "drift")),
    Concept("sink", ("sink", "sinks", "sinking", "sank", "goes under", "submerge")),
    Concept("splash", ("splash", "splashes", "dive", "dives", "plunge", "plunges", "jumps into")),
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
    "score": ("scores", "score", "goes in", "swish", "makes it", "makes the shot", "nothing but net", "dunk"),
    "rebound_backboard": ("backboard", "off the board", "misses", "miss", "bricks", "clanks"),
    "rebound_rim": ("rim", "off the rim", "rims out"),
}
GENERIC_WORDS = frozenset("""
a an the of and or with in on at to into onto from by for some any my our your this that it its
video clip scene movie film shot something anything stuff thing things fun funny cool nice awesome
great amazing random surprise me make show create generate give please just like kind sort very
really good beautiful interesting epic short quick little long
""".split())
"""Words that make a prompt vague, not impossible: a prompt made only of them is expanded."""


def nearest_palette_colour(word: str) -> str | None:
    """The palette colour nearest (in RGB) to a CSS colour name, or None if `word` is none."""
    if word in PALETTE:
        return word
    rgb = ImageColor.colormap.get(word)
    if rgb is None:
        return None
    r, g, b = ImageColor.getrgb(word)[:3]
    return min(PALETTE, key=lambda name: sum((x - y) ** 2 for x, y in zip(PALETTE[name], (r, g, b), strict=True)))
