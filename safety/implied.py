"""The words of harm said by implication: what is done rather than what it is called (a pillow
or a bag over someone's face, a person held under the water until the bubbles stop, a bound man
thrown off a pier, a baby alone in the bath slipping under, a hot iron on someone's arm, boiling
water poured over a child, poison in someone's tea, an engine running in a sealed garage, a blade
across one's own thigh), and sex in other words (the headboard banging, a hand up a skirt).

Data only, like lexicon.py and cruelty.py: policy.py's compound rules are built from these lists.
"""

from __future__ import annotations

from safety.lexicon import CHILDREN, OWNERS, PERSONS, POSSESSIVE, THIRD_PERSON

_OWNED_BY = (*OWNERS, *PERSONS, "patient", "pupil", "student")
"""Whose body or clothes ('a woman's', 'his grandfather's'): named, not said as a pronoun."""

FIRE_TAKING = tuple(f"{fire} {take}" for fire in ("fire", "flames", "blaze", "pyre", "inferno")
                    for take in ("take", "takes", "taking", "took", "claim", "claims", "claiming", "claimed"))
TAKEN = ("him", "her", *PERSONS)
"""Fire taking a person ('as the fire takes her'): burning a person in other words; the fire takes
hold, or takes a house, as often ('the fire takes hold of his sleeve' has 'hold' between)."""

_FACE = ("face", "head", "mouth", "nose", "mouth and nose", "nose and mouth")
FACES = (*(f"{owner} s {part}" for owner in _OWNED_BY for part in _FACE),
         *(f"{whose} {part}" for whose in THIRD_PERSON for part in _FACE))
SMOTHERING_OVER = tuple(f"{thing} {down}{over}" for thing in ("pillow", "pillows", "cushion", "cushions", "plastic bag",
                                                               "plastic bags", "bin bag", "shopping bag", "bag", "sack",
                                                               "duct tape")
                        for down in ("", "down ", "hard ", "firmly ") for over in ("over", "onto", "against", "on"))
SMOTHERING_HANDS = tuple(f"{hand} {over}" for hand in ("hand", "hands", "palm") for over in ("over", "against"))
FACES_NAMED = tuple(f"{owner} s {part}" for owner in _OWNED_BY for part in ("mouth", "nose", "mouth and nose", "face"))
AT_PLAY = ("fight", "fights", "fighting", "play", "playing", "game", "games", "trick", "magic", "costume*", "rain",
           "sun", "shade", "laugh*", "giggl*", "fort", "nap", "napping", "sleepover")
"""A pillow, a cushion or a bag pressed over someone's face or head ('pressing a cushion down over
his grandfather's face', 'a plastic bag over a girl's head'), or a hand over someone else's mouth
and nose: smothering, unless the prompt is at play or in the rain (a pillow fight, a bag held
over a child's head against the rain); one's own hand over one's mouth is a laugh held in."""

_WATERS = ("water", "the water", "the waves", "the surface", "the bathwater", "the bath water", "the river",
           "the lake", "the sea", "the creek", "the stream", "the pond", "the pool", "the pool water", "the bath",
           "the tub", "the river s surface", "the lake s surface")
HELD_BENEATH = tuple(f"{who} {under} {water}" for who in (*PERSONS, "him", "her", "them")
                     for under in ("under", "beneath", "below") for water in _WATERS)
"""A person held or pushed under the water ('holding a child under the pool water'): a diver
holding his breath under the water holds no one."""
UNTIL_STILL = tuple(f"until {end}" for end in (
    "the bubbles stop", "the bubbles stopped", "the bubbles stop rising", "the bubbles stopped rising",
    "the bubbles stop coming", "no more bubbles"))
"""Until the bubbles stop: someone drowned, whatever did it (a term: it blocks anywhere)."""
STOPPED = tuple(f"until {who} {end}" for who in ("he", "she", "they")
                for end in ("stops struggling", "stop struggling", "stops kicking", "stop kicking", "goes still",
                            "go still", "lies still", "lie still", "stops fighting", "stop fighting"))
"""Until he stops struggling or goes still: with a pillow, a bag, the water or hands held down
(SMOTHERED_NEAR), someone killed; a baby swaddled until she stops kicking is not."""
SMOTHERED_NEAR = ("pillow", "pillows", "cushion", "cushions", "bag", "tape", "water", "river", "lake", "creek",
                  "pool", "bath", "bathwater", "tub", "sea", "pond", "holding", "holds", "held", "pressing",
                  "presses", "pressed", "pinning", "pinned", "kneeling on", "kneels on", "sitting on")

THROWING = ("toss", "tosses", "tossing", "tossed", "throw", "throws", "throwing", "threw", "thrown", "push", "pushes",
            "pushing", "pushed", "roll", "rolls", "rolling", "rolled", "dump", "dumps", "dumping", "dumped", "drop",
            "drops", "dropping", "dropped", "shove", "shoves", "shoving", "shoved", "heave*")
TO_DROWN = ("to drown", "to sink", "to his death", "to her death", "to their deaths", "into the depths")
"""Someone thrown off a dock or a boat to drown or sink ('tossing a man off the dock to sink')."""
WEIGHTED = tuple(f"{tied} to {a} {weight}" for tied in ("tied", "chained", "bound", "strapped", "roped")
                 for a in ("a", "an", "the") for weight in ("cinder block", "concrete block", "anchor", "weight",
                                                            "weights", "rock", "boulder", "breeze block"))
WEIGHTED_WHOM = (*PERSONS, "him", "her")
"""A person tied to a cinder block or an anchor (a boat is tied to its anchor, no one)."""
LOCKED_IN_BOOT = tuple(f"{locked} in {the} {boot}" for locked in ("locked", "stuffed", "tied up", "bound", "trapped",
                                                                  "gagged", "shoved", "bundled")
                       for the in ("the", "a", "his", "her", "their") for boot in ("boot", "trunk", "car boot"))
"""A person locked in a car's boot: a kidnapping or worse."""

INFANTS = ("baby", "babies", "infant*", "newborn*", "toddler*")
SINKING = (*(f"{slip} {under} {water}" for slip in ("slipping", "slips", "slipped", "sliding", "slides", "slid",
                                                      "sinking", "sinks", "sank", "going", "goes", "went")
             for under in ("under", "beneath", "below") for water in ("", "the water", "the bathwater", "the surface")),
           *(f"{face} down in {the}{water}" for face in ("face", "floating face", "lying face")
             for the in ("the ", "a ") for water in ("water", "pool", "bath", "bathtub", "tub", "pond", "bathwater")),
           "falling in face down", "falls in face down", "fell in face down")
UNWATCHED = ("alone", "by herself", "by himself", "by itself", "unattended", "unsupervised", "no one", "nobody",
             "left")
"""A baby or a toddler slipping under the water or face down in a pool, with no one there ('a baby
left alone in the bath, slipping under'): a child drowning. A baby in the bath with her dad is
bath time."""

HOT_TOOLS = ("hot iron", "iron", "irons", "hot poker", "red hot poker", "poker", "cigarette", "lit cigarette",
             "cigarettes", "lighter", "branding iron", "hot knife", "hot spoon", "curling iron", "hair straighteners",
             "soldering iron", "blowtorch", "hot coal", "hot pan", "candle")
HANDS = ("hand", "hands", "finger", "fingers")
HOT_TOOLS_ON = tuple(f"{tool} {on}" for tool in HOT_TOOLS for on in ("onto", "into", "against", "on", "to", "across"))
BODIES = ("arm", "arms", "forearm", "forearms", "hand", "hands", "wrist", "wrists", "thigh", "thighs", "leg", "legs",
          "chest", "back", "neck", "face", "cheek", "stomach", "skin", "foot", "feet", "tongue")
BODIES_NAMED = tuple(f"{owner} s {part}" for owner in _OWNED_BY for part in BODIES)
OWN_BODY = tuple(f"{whose} own {part}" for whose in POSSESSIVE for part in BODIES)
BURNING_PERSONS = ("burn", "burns", "burning", "burned", "burnt", "brand", "brands", "branding", "branded", "scald*",
                   "scorch*", "sear", "sears", "searing", "seared")
"""A hot iron, a poker or a cigarette pressed onto a person's arm ('a hot iron onto a small
girl's arm'), or a person's arm burned: cruelty; on one's own arm, self-harm. An iron on a
girl's blouse is ironing."""
HOT_LIQUIDS = tuple(f"{liquid} {over}" for liquid in ("boiling water", "boiling oil", "hot oil", "scalding water",
                                                     "scalding hot water", "boiling hot water", "acid",
                                                     "boiling kettle")
                    for over in ("over", "onto", "at"))
"""Boiling water or acid over or at a person ('pouring boiling water over a crying toddler');
warm water over a toddler's hair is bath time."""
FLAMES_OVER = tuple(f"over {the}{flame}" for the in ("the ", "a ", "an ")
                    for flame in ("gas flame", "flame", "candle flame", "candle", "open flame", "burner", "gas ring",
                                  "hob", "hot plate", "stove", "lighter"))
"""Someone's hand held over a gas flame or a candle ('holding his son's hand over the gas flame');
hands held over a campfire are warmed."""

POISONS = ("rat poison", "poison", "arsenic", "cyanide", "antifreeze", "weedkiller", "weed killer", "strychnine",
           "lethal dose", "a lethal dose", "overdose of", "bleach", "crushed pills", "sleeping pills")
_DRINKS = ("tea", "coffee", "drink", "drinks", "wine", "soup", "food", "meal", "dinner", "juice", "milk", "glass",
           "cup", "mug", "drip", "iv", "medicine", "porridge", "cereal", "smoothie", "water bottle", "lunch")
POISONED = (*(f"{owner} s {drink}" for owner in _OWNED_BY for drink in _DRINKS),
            *(f"{whose} {drink}" for whose in THIRD_PERSON for drink in _DRINKS))
"""Poison put into someone's tea or drip ('stirring rat poison into her husband's tea')."""

_SEALED = ("closed", "shut", "sealed", "locked", "airtight", "taped up", "taped", "windowless")
SEALED_ROOMS = (*(f"{sealed} {room}" for sealed in _SEALED
                  for room in ("garage", "garages", "workshop", "shed", "room", "bedroom", "bathroom", "car", "tent",
                               "kitchen", "flat", "cabin", "van")),
                *(f"{seal} {the}{what}" for seal in ("sealing", "seals", "sealed", "taping", "tapes", "taped",
                                                       "blocking", "blocks", "blocked")
                  for the in ("the ", "every ", "all the ") for what in ("door", "doors", "windows", "kitchen door",
                                                                           "gaps", "vents", "door frame")),
                *(f"garage door {shut}" for shut in ("shut", "closed", "sealed", "down", "locked")))
FUMES = ("engine running", "engines running", "motor running", "engine idling", "motor idling", "engine on",
         "exhaust", "exhaust fumes", "charcoal", "charcoal grill", "charcoal burner", "brazier",
         "gas tap", "gas taps", "gas on", "generator", "fumes", "carbon monoxide")
"""An engine running, charcoal burning or the gas on in a sealed room ('in the shut garage, engine
running', 'a charcoal grill inside a taped-up bedroom'): poisoning by fumes, of oneself as
often as of another. A garage with its door open, or a grill on the patio, is no sealed room."""
EXHAUST_HOSE = tuple(f"{hose} {from_} {the}exhaust" for hose in ("hose", "hosepipe", "tube", "pipe")
                     for from_ in ("from", "on", "to") for the in ("the ", "his ", "her ", "their "))

BLADES = ("razor", "razor blade", "blade", "knife", "craft knife", "box cutter", "scalpel", "shard of glass",
          "broken glass", "pin", "compass", "scissors")
BLADE_ACROSS = tuple(f"{blade} {across}" for blade in BLADES for across in ("across", "along", "over", "into", "down"))
CARVING = ("carv*", "etch*", "scratch*", "gouge*", "cutting")
CARVED_INTO = tuple(f"into {whose} {own}{part}" for whose in POSSESSIVE for own in ("", "own ")
                    for part in ("arm", "arms", "forearm", "forearms", "thigh", "thighs", "leg", "legs", "wrist",
                                 "wrists", "skin", "stomach", "hip", "hips"))
OWN_SKIN = tuple(f"{whose} {own}{part}" for whose in POSSESSIVE for own in ("", "own ")
                 for part in ("wrist", "wrists", "forearm", "forearms", "arm", "arms", "thigh", "thighs", "skin",
                              "stomach", "hip", "hips"))
"""A blade drawn across one's own thigh or words carved into one's arm: self-harm. Not the legs,
which a razor shaves, nor a tree that initials are carved into."""
EDGES = ("ledge", "edge of the roof", "edge of the building", "rooftop", "railing", "rail of the bridge", "bridge",
         "cliff edge", "edge of the cliff", "parapet", "platform edge")
FOR_GOOD = ("for good", "to end it", "end it all", "to end it all", "never to come back", "goodbye forever")
"""On a ledge or a bridge, ready to step off for good: a suicide in other words."""
LYING = ("lying", "lies", "lay", "laying", "lie", "lying down", "lies down", "lay down", "lie down")
ON_THE_TRACKS = tuple(f"{on} the {rail}tracks" for on in ("on", "across", "between") for rail in ("", "railway ",
                                                                                               "train ", "rail "))
"""Lying down on the railway tracks: a suicide, or a victim tied there."""

HEADBOARD = ("headboard bang*", "headboard knock*", "headboard thump*", "headboard slamm*", "banging headboard",
             "bed springs creak*", "bedsprings creak*", "the bed creaking as", "bed rocking as")
"""The headboard banging or the bed creaking (as someone moans): sex in other words."""
HANDS_IN = tuple(f"{hand} {into}" for hand in HANDS
                 for into in ("into", "inside", "up", "under"))
_CLOTHES = ("dress", "skirt", "shorts", "underwear", "panties", "knickers", "blouse", "bra", "nightie", "nightgown",
            "bikini bottoms", "swimsuit", "leotard")
CLOTHES_WORN = (*(f"{owner} s {clothes}" for owner in _OWNED_BY for clothes in _CLOTHES),
                *(f"{whose} {clothes}" for whose in THIRD_PERSON for clothes in _CLOTHES))
POCKETS = ("pocket", "pockets", "sleeve", "sleeves")
"""A hand slipped into a woman's blouse or up a skirt: sex (with a minor, sexual_minors); a hand
in a pocket or a sleeve is not, nor one run down one's own dress to smooth it ('down' is no
preposition here)."""
_LEGS = ("legs", "thighs")
BETWEEN_LEGS = (*(f"between {whose} {legs}" for whose in THIRD_PERSON for legs in _LEGS),
                *(f"between {a} {young}{owner} s {legs}" for a in ("a", "the", "his", "her", "their")
                  for young in ("", "little ", "young ", "small ") for owner in (*_OWNED_BY, *CHILDREN)
                  for legs in _LEGS))
"""Hands between someone's legs ('a man's fingers between a little girl's legs'): sex."""
UNZIPPING = tuple(f"{unzip} {whose} {fly}" for unzip in ("unzip", "unzips", "unzipping", "unzipped", "undo", "undoes",
                                                           "undoing", "pulls down", "pulling down", "pulled down")
                  for whose in ("his", "their") for fly in ("trousers", "fly", "flies", "jeans", "pants"))
DOING_THINGS = tuple(f"{do} things to" for do in ("do", "does", "doing", "did", "done"))
"""Unzipping his trousers, or 'doing things to' someone: with a minor, sexual abuse (policy.SOFT_SEXUAL);
alone, a man changing or a house done up."""
STRADDLING = ("straddling", "straddles", "straddled", "straddle", "grinding on", "grinds on", "grinding against",
              "riding", "rides")
HIPS_MOVING = ("hips", "grinding", "grinds", "moan*", "panting", "pants", "thrust*", "writhing")
"""Straddling or riding a person with hips moving or moaning ('straddling a man on the bed and
rocking her hips on him'): sex; a toddler straddling her dad's shoulders moves no hips."""
PRIVATE_PLACES = ("bed", "bedroom", "hotel room", "motel room", "motel", "his flat", "his apartment", "his house",
                  "his car", "his van", "alone")
MET_ONLINE = tuple(f"{who}met {where}" for who in ("", "he ", "she ")
                   for where in ("online", "on the internet", "in a chat room", "on an app", "on a game", "in a game"))
"""With a minor (Compound.minor_only), a stranger met online and a bed or a room alone: grooming."""
