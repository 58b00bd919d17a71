"""The words of dangerous challenges and dares described without their names: a belt pulled tight
round one's neck, a packet of pills downed for a trip, a run across the railway line just before
the train, lying down in a busy road, a friend's legs swept away as they jump, stepping out of a
car that is still going, deodorant sprayed on the skin until it burns.

Data only, like endangerment.py: policy.py's compound rules are built from these lists. Words
that first appeared only in the held-out half of round 9's probes are left out on purpose.
"""

from __future__ import annotations

from safety.lexicon import OWNERS, POSSESSIVE

# A ligature pulled tight round the neck
LIGATURES = ("belt", "belts", "rope", "ropes", "cord", "cords", "cable", "cables", "strap", "straps", "scarf",
             "scarves", "tie", "ties", "string", "lead", "skipping rope", "dressing gown cord", "plastic bag", "bag")
TIGHT_ROUND_NECKS = tuple(f"{pulled}tight {round_} {whose} {neck}"
                          for pulled in ("", "pulled ", "drawn ", "wound ", "twisted ", "wrapped ", "knotted ")
                          for round_ in ("round", "around", "about")
                          for whose in (*POSSESSIVE, "each other s", "the", "a") for neck in ("neck", "necks",
                                                                                            "throat", "throats"))
DRESSED = ("school", "uniform", "suit", "wedding", "interview", "office", "photo*", "cold", "wind", "winter", "warm",
           "knot", "collar", "prom")
"""A belt, a cord or a bag pulled tight round someone's neck ('seeing how long they can hold
their breath with a belt pulled tight round their neck'): the choking game by any name. A tie
pulled tight for school, or a scarf wrapped tight against the cold, is getting dressed."""

# Pills downed by the packet
TAKING = ("down", "downs", "downing", "downed", "take", "takes", "taking", "took", "pop", "pops", "popping", "popped",
          "swallow", "swallows", "swallowing", "swallowed", "gulp", "gulps", "gulping", "gulped", "neck", "necks",
          "necking", "necked", "chug", "chugs", "chugging", "chugged")
HEAPS = ("a whole packet of", "a packet of", "whole packets of", "packets of", "a whole box of", "a box of",
         "a handful of", "a fistful of", "a whole bottle of", "a bottle of", "a whole strip of", "a strip of",
         "a dozen", "dozens of", "ten", "twenty", "thirty", "forty", "fifty", "all of his", "all of her", "all his",
         "all her", "all the")
PILL_HEAPS = tuple(f"{verb} {heap}" for verb in TAKING for heap in HEAPS)
MEDICINES = ("pill", "pills", "tablet", "tablets", "capsule", "capsules", "antihistamine*", "painkiller*",
             "paracetamol", "ibuprofen", "aspirin", "sleeping pill*", "sleeping tablet*", "allergy pill*",
             "allergy tablet*", "cold tablet*", "diet pill*", "caffeine pill*", "caffeine tablet*", "cough syrup",
             "cough medicine", "cough mixture", "sedative*", "tranquilli*", "travel sickness tablet*")
DISPENSED = ("nurse*", "pharmac*", "chemist*", "doctor*", "vet", "vets", "deliver*", "shelf", "shelves", "recycl*",
             "shop", "shopping")
"""A whole packet of pills downed at once ('downing a whole packet of antihistamines to trip'): an
overdose, dared or not; pills on a shelf or taken back to the chemist are not swallowed."""

# A run across the railway line before the train, lying down in a busy road
_RUN = ("run", "runs", "running", "ran", "dash", "dashes", "dashing", "dashed", "sprint", "sprints", "sprinting",
        "sprinted", "dart", "darts", "darting", "darted", "race", "races", "racing", "raced", "jump", "jumps",
        "jumping", "jumped", "leap", "leaps", "leaping", "leapt", "walk", "walks", "walking", "walked", "step",
        "steps", "stepping", "stepped")
_CROSS = ("cross", "crosses", "crossing", "crossed")
CROSSING = (*(f"{run} {across}" for run in (*_RUN, *_CROSS) for across in ("across", "over", "onto", "on to")),
            *_CROSS)
RAILS = tuple(f"the {rail}" for rail in ("railway line", "railway lines", "railway track", "railway tracks",
                                         "railway", "tracks", "train tracks", "rails", "railway crossing"))
LAST_MOMENT = ("just before", "seconds before", "right before", "moments before", "at the last second",
               "at the last moment", "in front of", "as close as", "closest")
TRAINS = ("train", "trains", "express", "freight", "locomotive", "intercity")
"""Running across the railway line just before the express comes through: a dare that kills."""
BUSY_ROADS = (*(f"{in_} {the}{busy}{road}" for in_ in ("in", "on", "across", "in the middle of", "on the middle of")
                for the in ("the ", "a ") for busy in ("busy ", "main ")
                for road in ("road", "street", "motorway", "highway", "dual carriageway", "junction")),
              *(f"in front of {the}{traffic}" for the in ("", "the ", "oncoming ", "the oncoming ")
                for traffic in ("traffic", "cars", "lorries")), "in the fast lane", "on the motorway")
ROADKILL = ("fox", "foxes", "cat", "cats", "dog", "dogs", "deer", "badger*", "hedgehog*", "bike", "bikes",
            "roadkill", "leaves", "litter", "body", "bodies", "injured", "hurt")
"""Lying down in a busy road to see who gets up last; a fox or a fallen cyclist lying in the
road is an accident's aftermath (and the aftermath's own rules)."""

# A friend's legs swept away as they jump, a car left while it still moves, an aerosol on the skin
SWEEPING = ("kick", "kicks", "kicking", "kicked", "sweep", "sweeps", "sweeping", "swept", "knock", "knocks",
            "knocking", "knocked", "swipe", "swipes", "swiping", "swiped", "pull", "pulls", "pulling", "pulled",
            "yank", "yanks", "yanking", "yanked", "take", "takes", "taking", "took")
LEGS_AWAY = tuple(f"{whose} {legs} {away}"
                  for whose in (*(f"{owner} s" for owner in (*OWNERS, "mate", "classmate")), "his", "her",
                                "their")
                  for legs in ("legs", "feet", "leg", "foot")
                  for away in ("away", "out from under", "from under", "out from underneath",
                               "from underneath", "from beneath"))
MID_JUMP = ("jump", "jumps", "jumping", "jumped", "leap", "leaps", "leaping", "leapt", "mid jump")
"""Sweeping a friend's feet away as they jump, so they land on their head: the skull breaker
challenge by any name."""
OUT_OF_CARS = tuple(f"{step} {out} {the}{car}"
                    for step in ("step", "steps", "stepping", "stepped", "jump", "jumps", "jumping", "jumped", "leap",
                                 "leaps", "leaping", "leapt", "climb", "climbs", "climbing", "climbed", "get",
                                 "gets", "getting", "got", "hop", "hops", "hopping", "hopped")
                    for out in ("out of", "from")
                    for the in ("the ", "a ", "his ", "her ", "their ")
                    for car in ("car", "driver s seat", "driver s door", "van", "truck", "moving car"))
STILL_MOVING = ("still going", "still moving", "still rolling", "still in gear", "still in drive", "while it rolls",
                "as it rolls", "moving car", "speeding car", "at speed", "at full speed", "nobody at the wheel",
                "no one at the wheel", "no one driving", "nobody driving")
STUNTS = ("stunt*", "crash mat", "safety crew", "stunt driver*")
"""Stepping out of the driver's seat while the car is still going, to dance beside it: ghost
riding; a stuntman rolling from a moving car has a crew and a mat."""
AEROSOLS = ("deodorant", "deodorants", "aerosol", "aerosols", "body spray", "hairspray", "hair spray", "spray can",
            "compressed air", "air duster")
FROST_BURNS = (*(f"{until} {whose} skin" for until in ("until", "till") for whose in ("the", "his", "her", "their")),
               "skin freezes", "freezes and burns", "frostbite", "freeze burn", "freeze burns", "ice burn",
               "ice burns", "burns his skin", "burns her skin", "burns the skin")
"""Deodorant sprayed on one spot until the skin freezes and burns: the deodorant challenge."""
