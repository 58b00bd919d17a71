"""The words of cruelty by fire, water and bare hands, and of cutting people down: the lists that
policy.py's compound rules for them are built from (a person bound to a stake, doused in fuel
or thrown into a fire; held under the water, drowned, smothered with a pillow or strangled; a
baby shaken; people cut up with a blade or put to the sword).

Data only, like lexicon.py, whose people (PERSONS, OWNERS) and blades (CUTTING) it reuses.
"""

from __future__ import annotations

from safety.lexicon import CUTTING, OWNERS, PERSONS, THIRD_PERSON

_ARTICLES = ("a", "an", "the", "his", "her", "their", "my", "your")
FIRES = ("fire", "fires", "flame", "flames", "blaze", "inferno", "pyre", "pyres", "bonfire")

AT_THE_STAKE = tuple(f"{to} {the}{wooden}stake" for to in ("to", "at") for the in ("a ", "the ")
                     for wooden in ("", "wooden ", "tall "))
"""A person bound, tied or burned at a stake ('a man bound to a wooden stake', 'tied him to the
stake'), a word or two after the person: burning at the stake. A scarecrow, a tomato plant or a
dog tied to a stake is no one."""
FUELS = ("petrol", "gasoline", "gas", "kerosene", "lighter fluid", "paraffin", "fuel", "diesel")
DOUSED = tuple(f"{verb} {with_} {fuel}" for verb in ("doused", "dowsed", "soaked", "drenched", "splashed")
               for with_ in ("in", "with") for fuel in FUELS)
"""A person doused in fuel ('a man soaked in gasoline and set alight'); a barbecue soaked in
lighter fluid is no one."""
SET_ALIGHT = ("set alight", "set on fire", "set ablaze", "set afire", "lit on fire", "torched")
"""A person set alight, said of the person, at most a word after ('a woman is set on fire');
further off, what is set alight is as often the bonfire that the person watches."""
INTO_FIRE = tuple(f"{into} {the}{fire}" for into in ("into", "onto") for the in ("the ", "a ", "")
                  for fire in FIRES if fire != "fires")
"""A person thrown or dragged into a fire, right before it ('dragging a woman onto a bonfire');
'a man staring into the fire' has his verb between."""
CONSUMING = ("consume", "consumes", "consuming", "consumed", "engulf", "engulfs", "engulfing", "engulfed", "devour",
             "devours", "devouring")
CONSUMED = tuple(f"{verb} {by} {the}{fire}" for verb in ("consumed", "engulfed", "devoured", "swallowed")
                 for by in ("by", "in") for the in ("the ", "")
                 for fire in FIRES)
"""Fire consuming a person, with the fire anywhere in the prompt ('the flames of the pyre consume
him'), or a person engulfed in flames; not 'her', a possessive as often ('flames engulfing her
house'), nor a house or a forest."""

DROWNING = tuple(f"{verb} {whom}" for verb in ("drown", "drowns", "drowning", "drowned", "choke", "chokes", "choking",
                                                "choked", "throttle", "throttles", "throttling", "throttled")
                 for whom in _ARTICLES)
"""Drowning or choking someone, with the object's article ('thugs drowning a man'), so that 'a
lifeguard saving a drowning man' and 'drowning his sorrows' are not read as it."""
DROWNED = ("drowned", "smothered", "suffocated", "strangled", "throttled")
"""A person drowned or smothered, with 'by' in the prompt ('a boy drowned in a river by his
stepfather'); 'drowned out by the crowd' is set aside (everyday.SAFE_PHRASES), and a child
smothered in kisses by her grandmother is loved (lexicon.FONDNESS)."""
SMOTHERING = ("smother", "smothers", "smothering", "smothered", "suffocate", "suffocates", "suffocating",
              "suffocated")
SMOTHERED_WITH = ("pillow", "pillows", "cushion", "cushions", "plastic bag", "plastic bags", "bin bag", "bin bags")
"""Smothering with a pillow or a bag anywhere in the prompt ('smothering his sleeping wife with a
pillow'); a baby smothered in kisses has neither."""
_WATER = ("the water", "water", "the waves", "the surface", "the bathwater", "the bath water")
PUSHING_DOWN = ("push", "pushes", "pushing", "pushed", "hold", "holds", "holding", "held", "force", "forces",
                "forcing", "forced", "shove", "shoves", "shoving", "shoved", "press", "presses", "pressing",
                "pressed", "pin", "pins", "pinning", "pinned", "keep", "keeps", "keeping", "kept")
HEAD_UNDER = tuple(f"{who} {under} {water}" for who in ("head", "heads", "him", "her", "them")
                   for under in ("under", "beneath", "below") for water in _WATER)
HELD_UNDER = tuple(f"{verb} {under} {water}" for verb in ("held", "pushed", "forced", "shoved", "pinned", "kept")
                   for under in ("under", "beneath", "below") for water in _WATER)
"""Someone's head pushed or held under the water ('pushing a swimmer's head under the water'), or
a person held under; a diver holding his breath under the water has no one under it."""
SQUEEZING = ("tighten", "tightens", "tightening", "tightened", "squeeze", "squeezes", "squeezing", "squeezed",
             "throttle", "throttles", "throttling", "throttled", "choke", "chokes", "choking", "choked", "strangle",
             "strangles", "strangling", "strangled", "crush", "crushes", "crushing", "crushed")
NECKS = (*(f"{owner} s {neck}" for owner in OWNERS for neck in ("neck", "throat", "windpipe")),
         *(f"{whose} {throat}" for whose in THIRD_PERSON for throat in ("throat", "throats", "windpipe")))
"""Tightening or squeezing around someone else's neck ('tightening a wire around a woman's
neck'), or a throat; 'tightening her scarf around her neck' is her own."""

SHAKING = ("shake", "shakes", "shaking", "shook", "shaken")
SHAKEN_FOR_FUN = ("rattle", "rattles", "bottle", "bottles", "hand", "hands", "maraca*", "tambourine*", "toy", "toys",
                  "snow globe*", "awake", "gently", "dry", "off")
"""A child shaken ('a babysitter shaking a newborn'), unless what is shaken is a rattle, a bottle
or a hand, or the child is shaken awake or gently."""
BY_THE_HAIR = tuple(f"by {whose} hair" for whose in ("the", "his", "her", "their"))
DRAGGING = ("drag", "drags", "dragging", "dragged", "pull", "pulls", "pulling", "pulled", "yank", "yanks",
            "yanking", "yanked")
"""Someone dragged by the hair ('a teacher dragging a kindergartner by the hair')."""

CUT_UP = tuple(f"{verb} up" for verb in CUTTING)
CUT_UP_WHOM = (*PERSONS, "guests", "wedding party", "wedding guests", "crowd", "crowds")
"""People cut up ('ninjas slicing up the guests at a wedding'); a cake sliced up for the guests
has 'for' between."""
PUT_TO_THE_SWORD = (*PERSONS, "village", "villages", "town", "towns", "city", "population", "garrison",
                    "inhabitants", "townsfolk", "them", "everyone", "all")
"""Put to the sword: a village or people, right before it ('putting a whole village to the
sword'); 'the finishing touches to the sword' are no one."""
