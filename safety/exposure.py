"""The words of harm done by leaving someone exposed: a child or an elder left out of doors in a
storm, in the desert, on a beach as the tide comes in, or put out on a patio in winter; a dog
shut in a car in the heat; children dosed with medicine to keep them knocked out; a hose from a
car's exhaust fed into a room; a blade in the bath as the water turns red; pills hoarded for a
chosen day; stones thrown at an animal.

Data only, like endangerment.py: policy.py's compound rules are built from these lists. Words
that first appeared only in the held-out half of round 9's probes are left out on purpose.
"""

from __future__ import annotations

from safety.endangerment import PETS
from safety.lexicon import PERSONS

# Left out of doors in a storm, in the desert, by the tide
ABANDONING = ("leave", "leaves", "leaving", "left", "abandon", "abandons", "abandoning", "abandoned", "dump", "dumps",
              "dumping", "dumped", "strand", "strands", "stranding", "stranded", "put", "puts", "putting", "lock",
              "locks", "locking", "locked", "shut", "shuts", "shutting", "tie", "ties", "tying", "tied")
ABANDONED = (*PERSONS, "him", "her", "them")
OUT_OF_DOORS = ("field", "fields", "mountain", "mountains", "hillside", "hilltop", "desert", "beach", "woods",
                "forest", "patio", "balcony", "garden", "back garden", "doorstep", "porch", "yard", "outside",
                "out of doors", "outdoors", "roadside", "lay by", "side of the road", "sandbank")
HARSH = ("thunderstorm", "thunderstorms", "storm", "storms", "lightning", "snowstorm", "freezing", "frost", "frosty",
         "sleet", "hail", "gale", "january", "february", "december", "winter", "all night", "until morning",
         "till morning", "blazing sun", "scorching sun", "scorching", "heatwave", "no shade", "without shade",
         "no water", "without water", "no coat", "tide comes in", "tide coming in", "rising tide", "the tide came in")
SHELTERED = ("tent", "tents", "shelter", "hut", "cabin", "caravan", "sleeping bag", "igloo", "babysitter",
             "grandma", "grandparents", "nursery", "lifeguard*", "rescue*", "picnic", "snowman", "sledg*",
             "umbrella*", "raincoat*", "wellies")
"""A dependant left, dumped or put out of doors in a storm, the cold or the desert sun ('a mother
leaving her toddler alone in a field during a thunderstorm', 'bandits leaving a prisoner in the
desert with no shade or water'): the verb, the person a few words on (not as an owner: a dad's
chair put out on the patio is a chair), a place out of doors and the weather anywhere. A camp
in a tent, a picnic or a snowman is a day out."""

# A dog shut in a car in the heat
SHUT_IN_PETS = (*PETS, "spaniel*", "labrador*", "terrier*", "retriever*", "collie*", "poodle*", "pup", "pups",
                "dachshund*", "greyhound*", "bulldog*")
IN_CARS = tuple(f"in {the}{car}" for the in ("the ", "a ", "his ", "her ", "their ", "a locked ", "the locked ",
                                             "a hot ", "the hot ", "a closed ", "a shut ")
                for car in ("car", "van", "truck", "campervan", "car boot", "boot"))
HEAT = ("heat", "midday heat", "hot day", "scorching", "heatwave", "blazing sun", "hot sun", "baking", "sweltering",
        "windows shut", "windows up", "windows closed", "for hours", "summer")
"""A dog locked or left in the car in the midday heat, the windows shut: cruelty by heat."""

# Children dosed to keep them knocked out
SEDATIVES = ("cough syrup", "cough medicine", "cough mixture", "antihistamine*", "sleeping pill*", "sleeping tablet*",
             "sleeping drops", "sedative*", "tranquilli*", "medicine", "vodka", "whisky", "gin", "brandy", "rum")
KEPT_UNDER = ("knocked out", "out cold", "all afternoon", "all day", "all evening", "so they don t wake",
              "so he doesn t wake", "so she doesn t wake", "so they won t wake")
"""A childminder dosing the toddlers with cough syrup so they stay knocked out all afternoon:
drugging a child (with a child in the prompt)."""

# A hose from an exhaust fed into a room
HOSES = ("hose", "hoses", "hosepipe", "garden hose", "pipe", "tube", "tubing")
ROOMS_REACHED = ("window", "windows", "bedroom", "vent", "air vent", "tent", "letterbox", "letter box", "cat flap",
                 "keyhole", "air brick")
"""A garden hose from a van's exhaust fed into a bedroom window: gassing whoever sleeps there."""

# A blade in the bath as the water turns red; pills hoarded for a chosen day
BLADES = ("razor blade", "razor blades", "razor", "razors", "blade", "blades", "knife", "knives", "stanley knife",
          "scalpel", "box cutter")
REDDENED_WATER = tuple(f"water {turn} {colour}" for turn in ("turning", "turns", "turned", "going", "goes", "went",
                                                             "go", "gone", "slowly turning", "slowly turns")
                       for colour in ("pink", "red", "crimson", "scarlet"))
BATHS = ("bath", "baths", "bathtub", "bath water")
BATH_COLOURS = ("bath bomb*", "bath salt*", "bath foam", "bubble bath", "dye", "dyes", "food colouring", "beetroot")
"""A blade in the bath and the water turning red: self-harm foretold or done; a bath bomb turns
the water pink too."""
HOARDING = ("stockpil*", "hoard*", "saving up", "saves up", "save up", "saved up", "squirrel away",
            "squirrelling away", "squirreling away", "putting aside", "puts aside", "put aside", "setting aside")
CHOSEN_DAYS = (*(f"{the} {day} {who} {has} {chosen}" for the in ("the", "a")
                 for day in ("date", "day", "night", "evening")
                 for who in ("he", "she", "they", "i") for has in ("has", "have", "had", "s", "ve")
                 for chosen in ("picked", "chosen", "set", "planned", "decided on")),
               "goodbye note*", "goodbye letter*", "suicide note*", "enough to not wake", "enough to never wake")
"""Pills hoarded for the date one has picked: an overdose planned."""

# Stones thrown at an animal
PELTING = ("pelt", "pelts", "pelting", "pelted", "stoning",
           *(f"{throw} {stones} at" for throw in ("throw", "throws", "throwing", "threw", "hurl", "hurls", "hurling",
                                                  "hurled", "lob", "lobs", "lobbing", "lobbed", "chuck", "chucks",
                                                  "chucking", "chucked", "fling", "flings", "flinging", "flung")
             for stones in ("stones", "rocks", "a rock", "a stone", "bottles", "a bottle")))
PELTED = ("duck", "ducks", "duckling*", "pigeon*", "seagull*", "gull", "gulls", "deer", "badger*", "cat", "cats",
          "dog", "dogs", "puppy", "puppies", "kitten*", "swan", "swans", "fox", "foxes", "squirrel*", "hedgehog*",
          "bird", "birds", "horse", "horses", "pony", "ponies", "rabbit*", "frog", "frogs", "animal", "animals")
"""Pelting a duck on its nest with rocks: cruelty to an animal."""
