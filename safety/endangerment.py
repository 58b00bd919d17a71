"""The words of harm done by putting someone in danger or leaving them there: a child shut in a
box or a cupboard with no air or food, a baby in a bin bag, a hand pressed onto a hot grill, a
person locked out in the snow or shut in a sauna, pushed off a cliff or a boat, bleach or drain
cleaner swallowed, poison stirred into a drink, exhaust fed through a letterbox; cruelty to
animals (the blows that hurt a child, a hamster in the microwave, firecrackers tied to a tail, a
dog set on another animal, a dog chained in the sun with no water); dangerous challenges that
teens copy (the blackout challenge, riding on a train's roof); sex or self-harm said in other
words ('going down on', scars hidden on one's wrists); and grooming said in other words (a
hush-hush game in bed, 'what they do is their secret', a bed 'in return for favours').

Data only, like lexicon.py, implied.py and cruelty.py: policy.py's compound rules are built from
these lists.
"""

from __future__ import annotations

from safety.lexicon import BODY, CHILD_HARM, OWNERS, PERSONS, PERSONS_PARTS, POSSESSIVE

# Shut in with no air or food: the way, and what is kept from them
CONFINING = ("lock", "locks", "locking", "locked", "padlock", "padlocks", "padlocking", "padlocked", "shut", "shuts",
             "shutting", "bolt", "bolts", "bolting", "bolted",
             "seal", "seals", "sealing", "sealed", "nail", "nails", "nailing", "nailed", "keep", "keeps", "keeping",
             "kept", "trap", "traps", "trapping", "trapped", "tape", "tapes", "taping", "taped", "chain", "chains",
             "chaining", "chained", "leave", "leaves", "leaving", "left")
CONTAINERS = ("cupboard", "cupboards", "wardrobe", "closet", "box", "crate", "cage", "dog cage", "kennel", "trunk",
              "chest", "suitcase", "cellar", "basement", "attic", "loft", "shed", "coal hole", "barrel", "drum",
              "storage box", "toy box", "cardboard box", "wooden crate", "plastic box", "cool box", "locker",
              "outbuilding", "outhouse", "coal shed", "pigsty", "stable")
DEPRIVED = (*(f"{no} {what}" for no in ("no", "without", "with no", "without any")
              for what in ("food", "food or water", "food and water", "air", "air holes", "holes for air")),
            "no holes for air", "not a single air hole", "to starve", "starving", "starved", "skin and bone",
            "half starved", "fed scraps", "given scraps", "leftovers through the door")
"""Someone shut in a cupboard or a box with no food or no air ('locking her five year old in a
dark cupboard for days without food', 'sealing a boy inside a box with no air holes'): the verb
of shutting, the container a few words on, what is kept from them anywhere in the prompt. Toys
sealed in a box for a move go without nothing, and wine kept in a cellar with no light, or plants
left in a shed without water, are things (no light nor water alone here)."""
IN_OWN_MESS = tuple(f"{left} in {whose} own {mess}" for left in ("left", "leave", "leaves", "leaving")
                    for whose in ("his", "her", "their") for mess in ("mess", "filth", "urine", "waste", "excrement",
                                                                      "dirt", "soiled sheets", "vomit"))
"""A dependant left in their own mess: neglect (a term: it blocks anywhere)."""

INFANTS = ("baby", "babies", "infant", "infants", "newborn", "newborns", "toddler", "toddlers")
_BINS = ("bin bag", "bin bags", "rubbish bag", "rubbish bags", "black bag", "black rubbish bag", "black bin bag",
         "plastic bag", "black plastic bag", "refuse sack", "rubbish sack", "bin liner", "garbage bag", "trash bag",
         "bin", "bins", "wheelie bin", "rubbish bin", "dustbin", "skip", "dumpster", "trash can", "garbage can")
BINNED = tuple(f"{into} {the}{bin}" for into in ("in", "into", "inside") for the in ("a ", "an ", "the ", "")
               for bin in _BINS)
YOUNG_ANIMALS = ("raccoon*", "fox", "foxes", "squirrel*", "hedgehog*", "bird*", "pigeon*", "kitten*", "puppy",
                 "puppies", "bear*", "possum*", "seal", "seals", "goat*", "rat", "rats", "mouse", "mice")
"""A baby or a toddler in a bin bag or a skip ('a man dumping a baby in a bin bag'), at most a
word between ('tying a newborn up in a black rubbish bag'); a baby raccoon in a dumpster is a
raccoon, and a toddler who throws his cup in the bin has his verb and the cup between."""

# Heat and cold: a hand on a grill, a person locked out in the snow or shut in a sauna
_HURT_OWNERS = ("toddler", "infant", "apprentice", "servant", "maid", "pupil", "student", "patient", "worker",
                "kitchen boy", "stable boy", "slave")
_HURT_PARTS = ("palm", "palms", "cheek", "cheeks")
HURT_PARTS = tuple(dict.fromkeys((*PERSONS_PARTS, *(f"{owner} s {part}" for owner in (*OWNERS, *_HURT_OWNERS)
                                                    for part in (*BODY, *_HURT_PARTS)))))
HOT_SURFACES = tuple(f"{onto} {the}{hot}{surface}" for onto in ("onto", "into", "against", "down on", "down onto")
                     for the in ("the ", "a ", "") for hot in ("", "hot ", "flaming ", "burning ", "red hot ",
                                                               "sizzling ", "scorching ")
                     for surface in ("grill", "griddle", "barbecue", "barbecue grill", "radiator", "embers"))
SCALDING = tuple(f"{into} {a} of {hot} {liquid}" for into in ("into", "in")
                 for a in ("a pan", "a pot", "a bath", "a bowl", "a bucket", "a sink", "a tub")
                 for hot in ("boiling", "scalding", "scalding hot", "boiling hot") for liquid in ("water", "oil"))
"""Someone's hand or face pressed onto a hot grill, a griddle or a radiator, or their feet into
a pan of scalding water ('a chef forcing an apprentice's palm down onto the hot griddle'): the
person's part named (lexicon.PERSONS_PARTS, and the parts of an apprentice, a patient or a
toddler), the hot thing a word or two after (a stove is lexicon.HOT_PLACES'). A
burger pressed onto the griddle is lunch, and a cook's hands on the grill are at work ('on' is no
preposition here)."""
OUT_IN_THE_COLD = tuple(f"{out} {on} the {cold}" for out in ("out", "outside") for on in ("in", "into", "on")
                        for cold in ("snow", "cold", "freezing cold", "frost", "ice", "sleet", "blizzard",
                                     "freezing night", "freezing rain"))
LOCKED_OUT = ("lock", "locks", "locking", "locked", "shut", "shuts", "shutting", "punish*")
OUT_IN_THE_COLD_PEOPLE = (*PERSONS, "him", "her", "them")
WARMED = ("camping", "tent", "sleeping bag", "igloo", "snowman", "sledg*", "snowball*", "ski*", "coat*", "blanket*")
"""A person locked out in the snow or the cold, or put there as a punishment ('a father locking
his son out in the snow overnight'); children out in the snow with a sledge, or a camp in a tent, are
a winter's day."""
SHUTTING = ("jam", "jams", "jamming", "jammed", "wedge", "wedges", "wedging", "wedged", "lock", "locks", "locking",
            "locked", "bolt", "bolts", "bolting", "bolted", "barricad*", "block", "blocks", "blocking", "blocked")
HOT_ROOMS = tuple(f"{the}{room}" for the in ("the ", "a ") for room in (
    "sauna", "sauna door", "steam room", "steam room door", "walk in freezer", "walk in freezer door", "freezer door",
    "cold store", "meat locker", "kiln", "kiln door"))
INSIDE = ("inside", "in there", "still in it", "still inside")
"""The door of a sauna or a walk-in freezer jammed or locked with someone inside."""

# Falls: a person pushed off a cliff, a boat or a balcony, or out of a moving car
FALLERS = (*PERSONS, "hitchhiker", "hitchhikers", "patient", "rival", "partner", "business partner", "commuter",
           "commuters", "him", "her")
FALLS = (*(f"off {the}{place}" for the in ("the ", "a ", "an ", "the top of the ", "the top of a ", "the edge of the ",
                                           "the edge of a ", "the side of the ", "the side of a ", "the back of the ",
                                           "the back of a ")
           for place in ("cliff", "cliffs", "cliff edge", "edge", "boat", "yacht", "ship", "ferry", "deck", "roof",
                         "rooftop", "balcony", "bridge", "tower", "building", "skyscraper", "crane", "ledge",
                         "platform", "overpass", "viaduct", "multi storey car park", "car park roof")),
         "overboard", "over the side", "over the railing", "over the edge", "over the cliff", "over the balcony",
         *(f"out of {the}{window}" for the in ("the ", "a ", "an ")
           for window in ("window", "upstairs window", "high window", "top floor window", "moving car",
                          "speeding car", "moving train", "moving van", "speeding van", "moving bus", "plane",
                          "helicopter")),
         *(f"out of {whose} {chair}" for whose in ("his", "her", "their", "a", "the") for chair in ("wheelchair",)),
         *(f"down {a}{stairs}" for a in ("the ", "a ", "a flight of ", "a flight of concrete ", "the concrete ")
           for stairs in ("stairs", "stairwell", "lift shaft", "well", "mine shaft")),
         *(f"onto the {rail}" for rail in ("tracks", "track", "railway tracks", "railway track", "railway line",
                                           "railway", "line", "rails", "train tracks")),
         "over the wall", "over the barrier", "over the railings", "in front of the train", "in front of a train",
         "in front of an oncoming train", "in front of the oncoming train",
         *(f"{onto} the {road}" for onto in ("onto", "into") for road in ("motorway", "highway", "oncoming traffic")))
PUSHING = ("push", "pushes", "pushing", "pushed", "shove", "shoves", "shoving", "shoved", "throw", "throws",
           "throwing", "threw", "thrown", "toss", "tosses", "tossing", "tossed", "fling", "flings", "flinging",
           "flung", "tip", "tips", "tipping", "tipped", "knock", "knocks", "knocking", "knocked", "kick", "kicks",
           "kicking", "kicked", "hurl", "hurls", "hurling", "hurled", "heave", "heaves", "heaving", "heaved", "drop",
           "drops", "dropping", "dropped", "send", "sends", "sending", "sent")
RESCUED = ("rescue*", "rope", "life ring", "lifebuoy", "life buoy", "lifeguard*", "harness*", "bungee", "zip line",
           "parachut*", "stunt*", "crash mat", "safety net", "drill", "stretcher")
"""A person pushed, thrown or tipped off a cliff, overboard, out of a moving car or down the
stairs ('a husband shoving his wife overboard', 'pushing his girlfriend off the edge of a cliff'),
the person right before where they fall, a verb of pushing anywhere; a rope thrown to a man
overboard, a bungee jump or a stunt onto a crash mat are no push."""

# Poison: swallowed, stirred into a drink, or fed through a letterbox
INGESTING = ("drink", "drinks", "drinking", "drank", "gulp", "gulps", "gulping", "gulped", "swallow", "swallows",
             "swallowing", "swallowed", "sip", "sips", "sipping", "sipped", "chug", "chugs", "chugging", "chugged",
             "guzzl*", "eat", "eats", "eating", "ate", "biting into", "bites into", "bit into", "chewing on",
             "chewing", "chews", "lick", "licks", "licking", "licked")
HOUSEHOLD_POISONS = ("bleach", "drain cleaner", "oven cleaner", "toilet cleaner", "toilet duck", "antifreeze",
                     "weedkiller", "weed killer", "rat poison", "paint thinner", "white spirit", "lighter fluid",
                     "detergent", "laundry detergent", "detergent pod*", "laundry pod*", "laundry detergent pod*",
                     "washing pod*", "washing capsule*", "tide pod*", "dishwasher tablet*", "dishwasher pod*",
                     "disinfectant", "paraffin", "lamp oil", "battery acid", "caustic soda", "lye", "pesticide",
                     "insecticide", "slug pellets", "mothballs", "window cleaner", "floor cleaner")
"""Bleach or drain cleaner drunk or swallowed, detergent pods bitten into ('a little boy drinking
bleach straight from the bottle', 'kids biting into laundry detergent pods'), at most two words
between ('a cup of bleach')."""
POISONS_ADDED = tuple(f"with {poison}" for poison in ("rat poison", "poison", "arsenic", "cyanide", "antifreeze",
                                                      "weedkiller", "weed killer", "bleach", "strychnine",
                                                      "crushed pills", "sleeping pills", "drain cleaner"))
"""Someone's drink laced with poison ('lacing his wife's smoothie with antifreeze': implied.POISONED
first), the reverse of poison stirred into a drink."""
EXHAUSTS = ("exhaust", "exhausts", "exhaust pipe", "exhaust fumes", "car exhaust")
SLOTS = ("letterbox", "letterboxes", "letter box", "mail slot", "cat flap", "air brick", "keyhole")
"""Car exhaust fed through someone's letterbox: gassing the people inside."""

# Cruelty to animals
PETS = ("dog", "dogs", "puppy", "puppies", "cat", "cats", "kitten", "kittens", "hamster", "hamsters", "gerbil*",
        "guinea pig*", "ferret*", "budgie*", "parrot*", "tortoise*", "pet", "pets")
"""Animals that no kitchen cooks (a hamster in the microwave is cruelty; a chicken in the oven is
dinner)."""
ANIMALS = (*PETS, "rabbit", "rabbits", "bunny", "bunnies", "horse", "horses", "pony", "ponies", "bird", "birds",
           "swan", "swans", "duckling*", "fox", "foxes", "fox cub*", "squirrel*", "hedgehog*", "piglet*", "animal",
           "animals", "frog", "frogs", "turtle*", "sack of kittens", "sack of puppies")
"""Animals, not food ('a chicken', 'a lamb', 'a duck' are as often dinner) nor a computer's mouse."""
ANIMAL_HARM = tuple(verb for verb in CHILD_HARM if not verb.startswith("whip"))
"""The blows that hurt a child hurt an animal ('kicking a puppy', 'drowning a sack of kittens');
not a whip, a jockey's on a racehorse."""
RIDDEN = ("gallop", "trot", "canter", "spur*", "saddle*", "ball", "fetch", "stable")
"""A horse kicked into a gallop, a ball kicked for the dog: riding and play."""
ANIMAL_PARTS = tuple(f"{animal} s {part}" for animal in ("dog", "puppy", "cat", "kitten", "horse", "pony", "goat",
                                                          "pig", "cow", "rabbit", "bird", "duck", "swan", "fox")
                     for part in ("tail", "collar", "leg", "legs", "back", "fur", "ears", "neck", "paw", "paws",
                                  "head", "harness"))
FIREWORKS = ("firecracker*", "firework*", "banger", "bangers", "rocket", "rockets")
"""Firecrackers tied to a cat's tail: cruelty by fire."""
DOGS_SET_ON = tuple(f"{set} {whose} {dogs} on" for set in ("set", "sets", "setting")
                    for whose in ("his", "her", "their", "the", "a")
                    for dogs in ("dog", "dogs", "terrier", "terriers", "pit bull", "pit bulls", "hound", "hounds"))
SET_ON_WHOM = (*ANIMALS, *PERSONS, "him", "her", "them")
"""A dog set on a fox cub, a cat or a person: an animal fight or an attack."""
EXPOSED = tuple(f"{tied} {in_} the {sun}" for tied in ("chained", "chained up", "tied", "tied up", "left", "shut",
                                                       "locked", "kept")
                for in_ in ("in", "out in", "under") for sun in ("sun", "blazing sun", "hot sun", "burning sun",
                                                                  "heat", "scorching sun", "snow", "cold", "rain"))
EXPOSED_WHOM = (*ANIMALS, *PERSONS)
WITHOUT_WATER = (*DEPRIVED, "no water", "without water", "empty bowl", "empty water bowl", "no bowl", "dry bowl")
"""A dog chained in the blazing sun with an empty bowl: cruelty by neglect."""

# Dangerous challenges
CHALLENGES = ("blackout challenge", "black out challenge", "choking challenge", "choking game", "fainting game",
              "fainting challenge", "pass out challenge", "passing out challenge", "skull breaker challenge",
              "skullbreaker challenge", "tide pod challenge", "benadryl challenge", "fire challenge",
              "outlet challenge", "penny challenge", "salt and ice challenge", "train surfing", "subway surfing",
              "tube surfing", "car surfing")
"""Challenges that have killed the teens who copied them (a term: they block anywhere)."""
CHOKING = ("choke", "chokes", "choking", "choked", "strangl*", "throttl*", "hyperventilat*", "squeez*")
PASSING_OUT = tuple(f"{until} {who} {end}" for until in ("until", "till")
                    for who in ("he", "she", "they", "i", "you", "we", "someone")
                    for end in ("pass out", "passes out", "passed out", "faint", "faints", "fainted", "black out",
                                "blacks out", "blacked out", "go limp", "goes limp"))
"""Choking until someone passes out: the blackout challenge by any name."""
ON_THE_ROOF_OF = tuple(f"{ride} {on} {the}" for ride in ("riding", "rides", "ride", "rode", "standing", "stands",
                                                         "surfing", "surfs", "clinging", "clings", "crouching",
                                                         "dancing", "lying")
                       for on in ("on the roof of", "on top of", "on the outside of", "to the roof of",
                                  "to the outside of", "on the back of")
                       for the in ("a", "the"))
MOVING_VEHICLES = tuple(f"{moving}{vehicle}" for moving in ("", "moving ", "speeding ", "fast ")
                        for vehicle in ("train", "underground train", "subway train", "tube train", "metro",
                                        "tram", "bus", "lorry", "truck", "car"))
"""Riding on the roof of a moving train or car: train surfing by any name. A model train and the
roof of a parked car are not moving; a moving vehicle named only by 'train' and 'car' alone is."""

# Sex and self-harm in other words
GOING_DOWN_ON = tuple(f"{go} down on" for go in ("go", "goes", "going", "went", "gone"))
GONE_DOWN_ON = (*PERSONS, "him", "each other")
"""Going down on a woman or on him: oral sex; going down on one knee, on her knees or on the
slide is not ('her' is as often an owner: object_only keeps 'a man's' out too)."""
PLEASURING = ("pleasuring", "pleasured")
PLEASURED = (*PERSONS, "him", "her", "himself", "herself", "themselves", "each other")
SEX_POSITIONS = ("sixty nining", "sixty nine position", "sixty nine positions", "doing a sixty nine",
                 "doing the sixty nine", "in a sixty nine")
"""'Sixty-nine' as what two people do; as a number it is no term."""
PAIR_EUPHEMISMS = tuple(f"{have} it off" for have in ("have", "has", "having", "had"))
"""'Having it off' where people have sex (lexicon.LOVE_PLACES): with a pair, sex."""
TOUCHED_IN_SECRET = tuple(f"{touch} {whom} {where}" for touch in ("touch", "touches", "touching", "touched")
                          for whom in ("him", "her", "them", "me")
                          for where in ("where no one can see", "where nobody can see", "down there",
                                        "under the table", "under the blanket"))
"""With a minor (policy.SOFT_SEXUAL): made to touch a grown-up in secret."""
HIDDEN_WOUNDS = tuple(f"{fresh}{wounds} on {whose} {place}" for fresh in ("", "fresh ", "new ", "raw ")
                      for wounds in ("cuts", "scars", "slashes", "burns", "cigarette burns")
                      for whose in POSSESSIVE for place in ("wrist", "wrists", "thigh", "thighs"))
"""Cuts or scars on one's wrists or thighs: self-harm, hidden or shown (a term)."""
HIDING = ("hide", "hides", "hiding", "hid", "hidden", "cover", "covers", "covering", "covered", "conceal*")
WOUNDS_HIDDEN = tuple(f"{wounds} on {whose} {place}" for wounds in ("cuts", "scars", "slashes", "burns")
                      for whose in POSSESSIVE for place in ("arm", "arms", "forearm", "forearms", "leg", "legs",
                                                            "stomach", "hips", "wrist", "wrists", "thigh", "thighs"))
"""Cuts or scars on one's arms, hidden ('hiding fresh cuts on her arms under long sleeves'):
self-harm kept secret; cuts or burns covered with a plaster or a dressing are first aid."""
FIRST_AID = ("plaster*", "bandag*", "dressing*", "nurse*", "paramedic*", "doctor*", "first aid", "ointment", "cream")
PURGING = (*(f"{make} {self} sick" for make in ("make", "makes", "making", "made")
              for self in ("himself", "herself", "themselves", "myself", "yourself")),
           *(f"{stick} {whose} fingers down {whose} throat" for stick in ("stick", "sticks", "sticking", "stuck")
             for whose in ("his", "her", "their", "my")),
           "purge", "purges", "purging", "purged", "throw up", "throws up", "throwing up", "threw up")
STAYING_THIN = (*(f"after {every} {meal}" for every in ("every", "each") for meal in ("meal", "lunch", "dinner",
                                                                                      "breakfast", "snack")),
                *(f"{stay} {thin}" for stay in ("stay", "stays", "staying", "to stay", "keep", "keeps")
                  for thin in ("thin", "tiny", "skinny", "small", "light")),
                "lose weight", "losing weight", "every calorie", "the calories")
"""Making oneself sick after every meal to stay thin: an eating disorder in other words; a child
sick after a fairground ride throws up once."""
GIVING_AWAY = tuple(f"{give} away all {whose} {things}" for give in ("give", "gives", "giving", "gave", "given")
                    for whose in ("his", "her", "their", "my") for things in ("things", "belongings", "possessions",
                                                                               "stuff", "treasures"))
LAST_WALK = ("bridge", "ledge", "cliff", "railway", "tracks", "rooftop", "roof", "rope", "pills", "for good",
             "goodbye note*", "goodbye letter*", "last time", "one last")
"""Giving away all one's things, then a bridge, a ledge or pills: a suicide foretold."""


# Grooming said in other words, with a child in the prompt (policy: Compound.minor_only)
SECRET_GAMES = tuple(f"{kind} {game}" for kind in ("secret", "special", "private", "hush hush", "naughty")
                     for game in ("game", "games", "tickling game", "tickling games", "tickling", "bath", "baths",
                                  "photos", "photo shoot", "lesson", "lessons", "sleepover"))
ALONE_WITH_A_CHILD = ("bed", "bedroom", "duvet", "under the covers", "under the blanket", "door shut",
                      "door locked", "locked door", *(f"when {whose}mum is out" for whose in ("", "his ", "her ",
                                                                                             "their ")),
                      "parents are out", "nobody home", "no one home", "must stay secret",
                      "don t tell", "not to tell", "keep quiet")
PLAIN_GAMES = ("hide and seek", "board game", "card game", "video game", "treasure hunt", "surprise", "birthday",
               "present", "presents")
"""A secret or a hush-hush game with a child, in bed or when mum is out ('a stepdad playing a
hush-hush tickling game with his eight year old stepdaughter under her duvet'): grooming. A
secret game of hide and seek, or a surprise, is play."""
WHAT_IS_DONE = ("what they do", "what we do", "what he does to", "what she does to", "what they did", "what we did",
                "what he did to", "what she did to")
KEPT_SECRET = ("secret", "secrets", "keep quiet", "stay quiet", "keep it quiet", "not to tell",
               "don t tell", "must not tell", "no one must know", "nobody must know")
"""'What they do in the minibus is their special secret', said to a child: grooming."""
FAVOURS = tuple(f"in {exchange} for {what}" for exchange in ("return", "exchange")
                for what in ("favours", "favors", "a favour", "a favor", "sexual favours"))
"""A bed or a phone for a runaway child 'in return for favours' (policy.SOFT_SEXUAL)."""
