"""The words the content policy is made of: the lists that its categories' terms and its compound
rules (policy.py) are built from, grouped by what they say (sex in other words, bodies torn
open, harm to oneself, hatred of a group, threats, real people's names).

Data only: which list blocks what, and for whom, is policy.py's to say.
"""

from __future__ import annotations

GET_FORMS = ("get", "gets", "getting", "got", "gotten")
"""'get it on' is sex with nothing after it but where and how ('getting it on in a hot tub'),
and its words' plain sense with an object ('getting it on the first try', 'got it on video':
SAFE_PHRASES)."""
ON_WHAT = ("the", "a", "an", "my", "your", "his", "her", "its", "our", "their", "this", "that", "one", "time",
           "camera", "video", "film", "tape", "record", "paper", "screen", "sale", "board", "track")
DANCES = ("tango", "mambo", "dance", "rumba", "samba", "salsa", "polka", "waltz", "cha cha", "hula", "boogie",
          "lambada", "foxtrot")
"""After 'horizontal' ('the horizontal tango'), a dance is sex."""
PAIRS = ("couple", "couples", "lovers", "people", "strangers", "newlyweds", "honeymooners", "neighbours",
         "neighbors", "coworkers", "partners", "they", "and a woman", "and a man", "and his wife",
         "and her husband", "and his girlfriend", "and her boyfriend")
"""Two people, said right before what they do ('a couple', 'two lovers', 'a man and a woman')."""
PAIR_VERBS = (*(f"{stem}{ending}" for stem in ("bonk", "hump", "bang", "shag", "screw")
                for ending in ("", "s", "ing", "ed")),
              "boning", "boned", "bone", "doing it")
"""Words whose plain sense ('bonking his head', 'humping a sofa up the stairs', 'banging pots',
'screwing in a light bulb') is sex when two people do them where people have sex."""
ALL_THE_WAY = tuple(f"{go} all the way" for go in ("go", "goes", "going", "went", "gone"))
"""Sex only on a bed or a night for it, not on a way somewhere ('in the car to the coast')."""
ON_PLACES = (
    *(f"on {whose}{place}" for whose in ("the ", "a ", "their ", "his ", "her ", "my ")
      for place in ("bed", "sofa", "couch", "beach", "kitchen floor", "kitchen table", "waterbed", "back seat",
                    "yacht", "hotel bed", "motel bed", "mattress", "wedding night", "honeymoon", "first date",
                    "bunk", "bunk bed", "hostel bunk")),
    *(f"under the {cover}" for cover in ("sheets", "covers", "blankets", "duvet")),
    "in bed", "like rabbits", "all night", "for the first time", "in the back seat", "in the backseat",
)
LOVE_PLACES = (
    *(f"{where} {whose}{place}" for where in ("in", "inside")
      for whose in ("the ", "a ", "their ", "his ", "her ", "my ", "")
      for place in ("car", "van", "truck", "tent", "motel", "hotel", "hotel room", "room", "bedroom",
                    "shower", "bath", "bathtub", "bathroom", "toilet", "toilets", "stall", "bathroom stall",
                    "elevator", "lift", "office", "hayloft", "barn", "closet", "back seat", "backseat", "back",
                    "hot tub", "jacuzzi", "sauna", "nightclub", "woods", "alley", "cabin", "pool")),
    *ON_PLACES,
)
"""Where and when people have sex: after a pair and a word of PAIR_VERBS, or after 'get it on'."""
FUCKING = ("fuck", "fucks", "fucking", "fucked")
"""Said of a pair ('a couple caught fucking in a library'), sex; as a curse ('this fucking rain')
it is no one's act."""
GROPING = tuple(f"{verb} {whom}" for verb in ("fondle", "fondles", "fondling", "fondled", "grope", "gropes", "groping",
                                              "groped") for whom in ("a", "an", "the", "her", "his", "him", "their"))
"""Groping or fondling someone ('a coach groping a twelve-year-old gymnast'): sex, with a minor
sexual_minors (policy.SOFT_SEXUAL); not 'groping for the light switch', nor 'fondly'."""
TOUCHING = ("fondle", "fondles", "fondling", "fondled", "grope", "gropes", "groping", "groped", "caress*", "lick*",
            "suck*", "rub", "rubs", "rubbing", "rubbed", "touch*", "squeez*",
            "strok*", "kiss*", "fingering", "fingered")
INTIMATE_PARTS = ("breast", "breasts", "boobs", "nipples", "crotch", "crotches", "genitals", "penis", "penises",
                  "buttocks", "private parts", "privates")
"""Touching someone's intimate parts ('fondling each other's bare breasts'): sex; the breast of a
chicken is food (SAFE_PHRASES)."""
UNDER_CLOTHES = tuple(f"{where} {whose} {clothes}" for where in ("under", "up", "inside", "into", "down")
                      for whose in ("her", "his", "their")
                      for clothes in ("dress", "skirt", "shorts", "underwear", "panties", "knickers", "pants",
                                      "clothes", "top", "blouse", "nightie", "nightgown", "pyjamas", "pajamas"))
"""Touching under someone's clothes ('touching her under her dress'): sex."""
TEAR_VERBS = ("rip", "rips", "ripping", "ripped", "tear", "tears", "tearing", "tore", "torn", "bite", "bites",
              "biting", "bitten", "gouge", "gouges", "gouging", "gouged", "pull", "pulls", "pulling", "pulled")
TEARING = tuple(f"{verb} {how}" for verb in TEAR_VERBS for how in ("out", "off", "open")
                if not (verb.startswith("pull") and how != "out"))
BODY_PARTS = ("face", "faces", "eye", "eyes", "eyeballs", "intestines", "guts", "entrails", "insides", "organs",
              "brain", "brains", "throat", "heart", "arm", "arms", "leg", "legs", "limb", "limbs", "flesh",
              "tongue", "fingers", "fingernails", "toenails", "skull", "spine", "jaw", "ribs")
"""Torn out or off of a body ('a zombie ripping out intestines', 'biting off a woman's face',
'tearing a man's heart out'): gore, when the part follows closely (Compound's gap; a verb in -ing
or 'with' between breaks it)."""
LIMBS = ("arm", "arms", "leg", "legs", "hand", "hands", "foot", "feet", "head", "heads", "finger", "fingers",
         "toes", "ear", "ears", "nose", "jaw", "face", "scalp", "limb", "limbs", "body", "bodies", "chest", "skull")
TORN_OFF = tuple(f"{verb} {how}" for verb in ("torn", "ripped", "bitten", "blown", "hacked", "chopped", "sawn",
                                               "sawed", "severed", "shot")
                 for how in ("off", "apart", "open", "to pieces", "to bits"))
"""A limb torn, bitten or blown off ('arm torn off by a shark', 'legs blown off'), or a body
blown apart, right after it: gore. A toy's limbs are no one's (SAFE_PHRASES)."""
EATING = ("feast*", "eat", "eats", "eating", "ate", "devour*", "chew", "chews", "chewing", "gnaw*", "munch*")
INNARDS = ("entrails", "intestines", "guts", "innards", "organs", "brain", "brains", "human flesh")
SPILT = ("splatter*", "spatter*", "smeared", "spill*", "spilt", "strewn", "hanging out")
"""Innards eaten ('zombies feasting on entrails') or splattered ('brains splattered on the
wall'): gore; a fish's, a pumpkin's or a gummy sweet's are not (SAFE_PHRASES)."""
PEOPLE = ("man", "men", "woman", "women", "person", "people", "boy", "girl", "child", "children", "kid", "baby",
          "body", "bodies", "victim*", "guy", "someone", "prisoner*", "hostage*", "soldier*")
CUTTING_THROUGH = (*(f"{verb} through" for verb in ("cut", "cuts", "cutting", "slice", "slices", "slicing", "saw",
                                                      "saws", "sawing", "chop", "chops", "chopping", "tear",
                                                      "tears", "tearing", "rip", "rips", "ripping")),
                   *(f"{verb} into" for verb in ("slicing", "sawing", "chopping", "hacking", "tearing", "ripping")))
"""A blade cutting through a person ('a chainsaw cutting through a screaming man'): gore. Into
a person only for verbs that mean no surgery ('a surgeon cutting into', 'hacking into a phone'
are neither)."""
TO_PIECES = tuple(f"{verb} {whom} {person}" for verb in ("hack*", "chop*", "cut*", "tear*", "tore", "torn", "rip*",
                                                          "saw*", "slic*", "blow*", "blew", "blown")
                  for whom in ("a", "the", "his", "her", "their") for person in PEOPLE)
"""With 'to pieces' after ('a killer hacking a man to pieces'): gore; 'a magician sawing a woman
in half' and 'tearing paper to pieces' are not."""
KILLING = (*(f"{stem}{ending}" for stem in ("kill", "murder", "slaughter", "strangle", "execute")
              for ending in ("", "s", "d", "ed", "ing") if not (stem.endswith("e") and ending in ("ed", "ing"))
              and not (not stem.endswith("e") and ending == "d")),
           "stab", "stabs", "stabbing", "stabbed", "strangling", "executing", "knifes", "knifed", "knifing",
           "slitting", "bludgeon", "bludgeons", "bludgeoning", "slay", "slays", "slaying", "slew", "slain",
           "butchering", "butchered",
           *(f"{gun} down" for gun in ("gun", "guns", "gunning", "gunned", "mow", "mows", "mowing", "mowed", "cut",
                                       "cuts", "cutting", "hack", "hacks", "hacking", "hacked", "hew", "hews",
                                       "hewing", "hewed", "hewn")),
           *(f"{pick} off" for pick in ("pick", "picks", "picking", "picked")))
"""Verbs of killing a person: with a person right after them ('killing a child', 'a man stabbing his
wife'), violence; with anything else ('killing time', 'a killer serve', 'stabbing a potato',
'killing weeds', 'these shoes are killing me', 'slaying the dragon', 'cutting down a tree', 'picking off
the dead leaves') they are everyday talk. Not the noun 'knife', nor
'slit' ('a knife, a man runs'; 'a dress with a slit, a woman walks': the lexical layer reads no
commas)."""
KILLED = ("stabbed", "knifed", "shot", "strangled", "hacked", "bludgeoned", "stoned", "beaten", "burned", "burnt",
          "clubbed", "kicked", "slashed", "choked", "whipped", "tortured", "starved", "battered")
"""Done to death ('a teenager stabbed to death', 'stoned to death'); not 'bored', 'scared' or
'tickled' to death, nor 'loved to death'."""
INTENT = ("threaten to", "threatens to", "threatening to", "threatened to", "going to", "gonna", "will", "ll",
          "wants to", "plans to", "planning to", "about to")
"""Said before a verb of killing or shooting with a person after it ('a man threatens to shoot the
teachers'): a threat, not yet the violence itself."""
SHOOTING = ("shoot", "shoots", "shooting")
"""Shooting a person is violence, but for a camera's (PHOTOGRAPHY) and for a ball's ('shooting
hoops with my brother': 'with' breaks the link). The noun is no verb: 'a close-up shot of a child'."""
PHOTOGRAPHY = ("photo*", "photograph*", "camera*", "portrait*", "headshot*", "selfie*", "film", "films",
               "filming", "video*", "magazine*", "yearbook*", "fashion", "model", "models", "wedding*", "lens*",
               "studio*", "commercial*", "documentary", "photoshoot*", "drone*", "footage", "phone", "phones",
               "iphone*", "gopro*", "timelapse*", "time lapse*", "paparazz*")
WEAPONS_NAMED = ("gun", "guns", "rifle*", "pistol*", "shotgun*", "ar 15", "bullet*", "ammo", "revolver*", "sniper*",
                 "gunman", "gunmen", "gunfire", "hitman", "hitmen", "assassin*", "crossbow*", "terrorist*")
"""A weapon, or someone who carries one to kill: then shooting a person is no photo shoot, whatever
camera or model is in the prompt too ('a gunman shooting two models', 'a photographer shooting a
family with a rifle')."""
ARMED = (*WEAPONS_NAMED, "soldier*", "troops", "militia*", "gang*", "killer*", "police", "arrow*", "dead", "death",
         "dying", "kill*", "murder*", "blood*", "bleed*", "wound*", "execut*")
"""A photographer's shooting is a camera's (everyday.CAMERA_PEOPLE) unless one of these says that
a weapon, someone armed or the harm itself is in the prompt too ('a photographer shooting a family
with a rifle', 'a cameraman shooting a man dead')."""
DISASTERS = ("hurricane", "hurricanes", "tsunami", "tsunamis", "earthquake", "earthquakes", "quake", "quakes",
             "flood", "floods", "flooding", "storm", "storms", "tornado", "tornadoes", "typhoon", "typhoons",
             "cyclone", "cyclones", "wildfire", "wildfires", "bushfire", "bushfires", "forest fire", "volcano",
             "eruption", "avalanche", "avalanches", "landslide", "landslides", "mudslide", "mudslides", "famine",
             "famines", "drought", "droughts", "pandemic", "pandemics", "epidemic", "epidemics", "plague",
             "plagues", "heatwave", "heat wave", "blizzard", "blizzards", "disaster", "disasters", "virus",
             "disease", "diseases", "flu", "cholera", "outbreak")
"""Nature and disease kill people in the news and in documentaries ('a hurricane that killed hundreds
of people'): no one is attacked."""
VICTIMS = (
    *PEOPLE, "classmate*", "student*", "pupil*", "teacher*", "schoolchildren", "kids", "babies", "toddler*",
    "infant*", "newborn*", "teenager*", "wife", "husband", "girlfriend", "boyfriend", "mother", "father", "mom",
    "dad", "parents", "brother", "sister", "son", "daughter", "family", "families", "friend", "friends",
    "neighbour*", "neighbor*", "civilian*", "villager*", "protester*", "pedestrian*", "passerby", "passersby",
    "shopper*", "worshipper*", "stranger*", "witness*", "journalist*", "cop", "cops", "police officer*",
    "officer*", "guard", "guards", "cashier*", "shopkeeper*", "follower*", "patients", "captive*", "grandmother*",
    "grandfather*", "grandma*", "grandpa*", "granny", "grandparent*", "grandson*", "granddaughter*", "grandchild*",
    "uncle*", "aunt", "aunts", "auntie*", "nephew*", "niece*", "cousin*", "stepfather*", "stepmother*", "stepson*",
    "stepdaughter*", "stepdad*", "stepmom*", "peasant*", "tourist*", "cyclist*", "jogger*", "couple", "couples",
    "bride", "groom", "survivor*", "model", "models", "guest", "guests", "teller*", "clerk*", "bystander*",
    "passenger*", "customer*", "him", "them",
)
"""Who is killed, stabbed or shot, a word or two after the verb ('shoots his classmates', 'killing
an unarmed man'). Not 'her', which is as often a possessive ('stabbing her fork into a cake'),
nor 'me' ('these shoes are killing me'). 'a couple of' is no couple (SAFE_PHRASES)."""
QUANTITIES = ("a crowd of", "crowds of", "a group of", "groups of", "a line of", "a row of", "a band of",
              "a handful of", "a bunch of", "dozens of", "hundreds of", "thousands of", "scores of")
"""How many people ('slaying a crowd of unarmed villagers'): the lexical layer reads a prompt
without them, so that the verb is next to whom it is done to ('slaying unarmed villagers')."""
PERSONS = tuple(v for v in VICTIMS if v not in ("him", "them"))
"""VICTIMS named, not said as a pronoun ('setting them on fire' is as often the leaves)."""
WOUNDED = ("shot", "shoot", "shoots", "shooting", "stab", "stabs", "stabbed", "stabbing")
WOUND_PLACES = ("head", "chest", "stomach", "belly", "gut", "neck", "throat", "heart", "face", "eye", "eyes", "leg",
                "legs", "knee", "knees", "kneecap*", "groin", "spine", "skull", "temple", "mouth", "back")
"""Shot or stabbed in a part of the body ('after being shot in the stomach'): not the arm, where a
flu shot goes, and not a place named after a part ('in the back of the net', 'in the heart of the
city', 'in the face of two defenders': SAFE_PHRASES)."""
CHILDREN = ("child", "children", "kid", "kids", "baby", "babies", "toddler*", "infant*", "newborn*", "little boy*",
            "little girl*", "boy", "boys", "girl", "girls", "son", "sons", "daughter*", "schoolchildren", "grandson*",
            "granddaughter*", "grandchild*", "stepson*", "stepdaughter*", "kindergartner*", "kindergartener*",
            "preschooler*", "schoolboy*", "schoolgirl*", "pupil", "pupils", "altar boy*")
CHILD_HARM = tuple(f"{verb} {whom}" for verb in (
    "beat", "beats", "beating", "punch", "punches", "punching", "punched", "slap", "slaps", "slapping", "slapped",
    "choke", "chokes", "choking", "choked", "smother*", "suffocat*",
    "drown", "drowns", "drowning", "drowned", "abuse", "abuses", "abusing", "abused", "kick", "kicks", "kicking",
    "kicked", "hit", "hits", "hitting", "whip", "whips", "whipping", "whipped", "scald*")
    for whom in ("a", "an", "the", "his", "her", "their", "my", "your", "its"))
"""Hurting a child: a blow that a grown-up's fight or a sport could explain ('a boxer punching his
opponent') is violence when a child takes it ('a father beating his toddler', 'a mother drowning
her baby'). The verb is followed by its object's article, so 'a lifeguard saving a drowning child'
and 'drums beating, kids dancing' are not read as it; a game the child loses is no blow (GAMES),
nor is what belongs to the child ('beating the boy's high score': Compound.object_only), nor a child
sent away (SENT_AWAY: 'kicking a boy out of the club')."""
FONDNESS = ("with kisses", "in kisses", "with hugs", "in hugs", "with love", "with affection", "with attention")
"""A child smothered with kisses or hugs is loved, not hurt."""
SENT_AWAY = (*(f"out of {whose}" for whose in ("the", "a", "his", "her", "their", "my", "our", "your")), "out the door",
             "off the team", "off the bus", "off the field", "off the court")
GAMES = (*(f"at {game}" for game in ("chess", "cards", "checkers", "poker", "tennis", "ping pong", "arm wrestling",
                                     "thumb wrestling", "monopoly", "scrabble", "mario kart", "video games", "fifa",
                                     "basketball", "football", "soccer", "tag", "hide and seek", "the game",
                                     "this game", "a game", "board games", "rock paper scissors", "trivia")),
         "in a race", "in the race", "in a game", "to the finish", "at his own game", "at her own game")
# Cruelty that the words of killing do not name: burned, crucified, cut apart, tortured, left to die.
BODY = tuple(dict.fromkeys((*BODY_PARTS, *LIMBS, *WOUND_PLACES, "hand", "finger", "toe", "lips", "teeth", "tooth",
                            "skin", "wrist", "wrists", "ankle", "ankles", "ribs")))
OWNERS = (*PEOPLE, "wife", "husband", "girlfriend", "boyfriend", "mother", "father", "brother", "sister", "son",
          "daughter", "neighbour", "neighbor", "hostage", "prisoner", "captive", "victim", "stranger", "friend")
PERSONS_PARTS = tuple(f"{owner} s {part}" for owner in OWNERS for part in BODY)
"""Someone's body ('a hostage's finger', 'a man's back'): what is cut off, peeled, pressed on a
stove or drilled there is a person's, not a carrot's or a plank's."""
BURNING = ("burn", "burns", "burning", "burned", "burnt", "bury", "buries", "burying", "skin", "skins", "skinning")
ALIVE = tuple(f"{who} alive" for who in (*VICTIMS, "her"))
"""Burned, buried or skinned alive with the person between ('burning a screaming woman alive')."""
SETTING_ALIGHT = ("set", "sets", "setting", "light", "lights", "lighting", "lit")
ON_FIRE = tuple(f"{who} {how}" for who in (*PERSONS, "him", "her") for how in ("on fire", "alight", "ablaze"))
"""A person set on fire ('setting him on fire'); not 'setting them on fire', the leaves as often."""
SET_FIRE_TO = tuple(f"{verb} {what} to" for verb in ("set", "sets", "setting") for what in ("fire", "light"))
FUEL_POURED = tuple(f"{fuel} {on}" for fuel in ("petrol", "gasoline", "kerosene", "lighter fluid", "paraffin")
                    for on in ("on", "over", "onto", "all over"))
CRUCIFYING = ("crucify", "crucifies", "crucifying", "nail", "nails", "nailing", "nailed")
NAILED_TO = (*(f"{who} to" for who in PERSONS), *PERSONS_PARTS)
"""Crucified or nailed ('nailing a prisoner to a cross', 'nailing a man's hands'), not 'nailing a
picture to the wall' nor 'nailed it'. A crucifix on a wall is no one crucified."""
LEFT_TO_DIE_FATES = ("to die", "for dead", "to drown", "to burn", "to bleed out", "to starve", "to suffocate")
LEFT_TO_DIE = tuple(f"{leave} {who} {fate}" for leave in ("leave", "leaves", "leaving", "left")
                    for who in ("him", "her", "them") for fate in LEFT_TO_DIE_FATES)
LEFT = tuple(f"left {fate}" for fate in LEFT_TO_DIE_FATES)
"""A person left to die ('a man crucified and left to die'); 'flowers left to die' are no one."""
UNTIL_DEAD = (*(f"until {who} {end}" for who in ("he", "she", "they")
                for end in ("dies", "die", "drowns", "drown", "suffocates", "suffocate", "stops breathing",
                            "stop breathing", "stops moving", "stop moving", "goes limp", "go limp", "bleeds out",
                            "bleed out", "is dead", "are dead", "s dead", "re dead")),
              *(f"until it {end}" for end in ("drowns", "suffocates", "stops breathing")))
"""Something done to a person until they die ('held under the water until he drowns'); not 'until
it dies', a phone's battery or a fire as often."""
DEADLY_PLACES = tuple(f"{into} {the}{hot}{place}" for into in ("in", "into", "inside")
                      for the in ("the ", "a ", "an ", "")
                      for hot in ("", "hot ", "burning ", "boiling ")
                      for place in ("oven", "furnace", "freezer", "microwave", "kiln", "fireplace", "bonfire",
                                    "washing machine", "tumble dryer", "boiling water"))
HOT_CARS = tuple(f"in {the}{hot} {car}" for the in ("the ", "a ", "an ", "their ", "his ", "her ", "")
                 for hot in ("hot", "baking", "sweltering", "boiling", "scorching", "roasting", "stifling", "burning")
                 for car in ("car", "cars", "van", "truck"))
SHUT_IN = tuple(f"{child} {verb}" for child in CHILDREN
                for verb in ("put", "placed", "locked", "shut", "trapped", "thrown", "shoved", "pushed", "stuffed",
                             "left", "forgotten", "abandoned", "strapped"))
"""A child put in an oven or a freezer (right after the child, with at most the verb between: 'a
boy puts a pizza in the oven' is baking), or left in a hot car."""
SKULL_BREAKING = ("split", "splits", "splitting", "cleave", "cleaves", "cleaving", "cleaved", "smash", "smashes",
                  "smashing", "smashed", "crush", "crushes", "crushing", "crushed", "shatter", "shatters",
                  "shattering", "shattered", "cave", "caves", "caving", "caved", "bash", "bashes", "bashing", "bashed")
SKULL_BROKEN = ("skull", "skulls", *(f"{head} {how}" for head in ("head", "heads", "skull", "skulls", "face")
                                     for how in ("open", "in two", "in half", "apart", "to pulp")))
BROKEN_OPEN = ("split open", "split in two", "cleaved in two", "smashed in", "caved in", "bashed in", "cracked open",
               "smashed open", "crushed in")
"""A skull or a head split, smashed or caved in ('splitting his wife's skull', 'her skull split
open'); a log split with an axe is firewood."""
CUTTING = tuple(f"{stem}{ending}" for stem, endings in (("cut", ("", "s", "ting")), ("slic", ("e", "es", "ing", "ed")),
                                                         ("chop", ("", "s", "ping", "ped")),
                                                         ("hack", ("", "s", "ing", "ed")),
                                                         ("cleav", ("e", "es", "ing", "ed")),
                                                         ("slash", ("", "es", "ing", "ed")),
                                                         ("carv", ("e", "es", "ing", "ed")))
                for ending in endings)
CUT_APART = (*(f"{who} {how}" for who in PERSONS for how in ("in half", "in two", "apart", "open", "to ribbons",
                                                                "to shreds")),
             *(f"{part} open" for part in PERSONS_PARTS))
"""A person cut in half, apart or open ('a ninja cutting a family in half', 'cleaving a man's ribs
open'), not a melon; a magician saws a woman in half (so no 'saw' here)."""
THROATS = ("throat", "throats")
CUT_OFF = tuple(f"{verb} {how}" for verb in CUTTING for how in ("off", "up"))
"""Cut off or carved up with someone's body after ('cutting off a hostage's finger', 'carving up a
woman's face'); not the tip of a carrot."""
SKINNED = tuple(f"{verb} {the}{what} {off}" for verb in ("peel", "peels", "peeling", "peeled", "strip", "strips",
                                                          "stripping", "stripped", "flay", "flays", "flaying",
                                                          "tear", "tears", "tearing", "tore", "rip", "rips", "ripping",
                                                          "ripped", *CUTTING)
                for the in ("the ", "") for what in ("skin", "flesh", "face") for off in ("off", "from"))
HOT_PLACES = tuple(f"{onto} {the}{hot}" for onto in ("onto", "into", "in", "on", "against")
                   for the in ("the ", "a ", "an ", "")
                   for hot in ("hot stove", "stove", "fire", "flames", "boiling water", "boiling oil", "hot oil",
                               "hob", "hot iron", "hot coals", "coals", "burner", "hot plate", "hotplate"))
"""Someone's hand or feet held in a fire or on a hot stove, by another ('a woman's hand onto a hot
stove'); a hiker warms his own feet by the fire."""
TOOLS_USED = ("drill*", "chisel*", "nail", "nails", "nailing", "nailed", "hammer", "hammers", "hammering",
              "hammered", "staple*", "branding", "branded", "pliers")
HACKING_AT = tuple(f"{verb} at" for verb in ("hack", "hacks", "hacking", "hacked", "slash", "slashes", "slashing",
                                             "slashed", "stab", "stabs", "stabbing", "stabbed", "chop", "chops",
                                             "chopping", "chopped"))
BLADE_THROUGH = tuple(f"{verb} through" for verb in ("slash", "slashes", "slashing", "slashed", "hack", "hacks",
                                                     "hacking", "hacked", "slice", "slices", "slicing", "sliced"))
CROWDS = ("crowd", "crowds", *PERSONS)
"""A blade slashing through a crowd ('slashing through a crowd of people'); a character slashing
through zombies in a game is no one."""
SHOOTERS = ("gunman", "gunmen", "sniper", "snipers", "hitman", "hitmen", "assassin", "assassins", "killer", "killers",
            "terrorist", "terrorists", "militant", "militants")
FIRING = ("shooting", "shoots", "picking off", "picks off", "guns down", "gunning down", "fires at", "firing at",
          "fires into", "firing into", "fires on", "firing on", "opens fire", "opening fire", "takes aim at",
          "taking aim at", "aims at", "aiming at",
          *(f"{take} {shot} at" for take in ("take", "takes", "taking", "took", "fire", "fires", "firing", "fired")
            for shot in ("a shot", "shots", "a bullet", "bullets")))
TARGET_PRACTICE = ("target", "targets", "range", "practice", "training", "paintball", "laser tag", "video game",
                   "arcade", "tin cans", "bottles", "clay pigeons")
"""Someone armed who shoots ('a sniper picking off a couple', 'a gunman fires into a crowd', 'a
gunman taking a shot at a bride'): violence whoever is shot, but at a range or in a game ('a sniper
shooting targets')."""

REFLEXIVE = ("himself", "herself", "themselves", "myself", "yourself", "themself")
POSSESSIVE = ("my", "your", "his", "her", "their")
THIRD_PERSON = ("his", "her", "their")
"""Whose, when it is someone else's body or clothes ('her throat', 'his face')."""
HARM_VERBS = ("cut", "cutting", "cuts", "hang", "hanging", "hangs", "hurt", "hurting", "hurts",
              "kill", "killing", "kills", "burn", "burning", "starve", "starving", "shoot", "shooting")
WRIST_VERBS = ("cut", "cuts", "cutting", "slit", "slits", "slitting", "slice", "slices", "slicing")
SKIN_VERBS = ("slit", "slits", "slitting", "slice", "slices", "slicing", "sliced", "slash", "slashes", "slashing",
              "slashed")
NOOSES = ("noose", "nooses", *(f"{rope} {around} {whose} neck" for rope in ("rope", "cord", "belt", "cable")
                               for around in ("around", "round") for whose in ("his", "her", "their", "my")))
"""A noose, or a rope around one's neck ('stepping off a chair with a rope around his neck')."""
SKIN_PLACES = ("wrist", "wrists", "forearm", "forearms", "arm", "arms", "thigh", "thighs", "skin", "leg", "legs")
"""A blade on one's own arm or thigh ('slicing her forearm with a razor'); a cut (not a slice) on
one's arm is as often an accident ('cut his arm on a nail'), so 'cut' goes with the wrists only."""

GROUPS = (
    "jews", "jew", "jewish people", "muslims", "muslim", "christians", "hindus", "sikhs", "black people",
    "black person", "blacks", "white people", "asians", "arabs", "mexicans", "latinos", "immigrants",
    "immigrant", "refugees", "migrants", "gays", "gay people", "gay man", "lesbians", "trans people",
    "transgender people", "women", "disabled people", "roma", "gypsies", "africans", "chinese people", "indians",
)
HOSTILE = (
    "must die", "should die", "deserve to die", "should be killed", "must be killed", "exterminat*",
    "vermin", "rats", "cockroaches", "subhuman*", "animals", "apes", "monkeys", "parasites", "inferior",
    "disease", "plague", "terrorists", "scum", "filth", "stupid", "should go back", "must go back",
    "go back where", "go back to where", "wiped out", "gassed",
)
"""What is said of a group: blocks when it follows the group's name closely."""
HOSTILE_ACTS = (
    "kill all", "kill every", "kill the", "kill those", "gas the", "gas all", "gas every", "exterminat*",
    "wipe out", "get rid of", "deport all", "deport every", "death to", "lynch*", "burn all", "burn the",
)
"""What is done to a group: blocks when the group's name follows closely."""
DEHUMANISING = ("vermin", "cockroaches", "subhuman*", "parasites", "exterminat*", "gassed")
"""Words that no ordinary prompt uses near a group's name: they block anywhere in the prompt
with it ("muslims at prayer. a voice says they are vermin")."""
HATE_SPEECH = (
    "heil hitler", "sieg heil", "gas the jews", "great replacement", "jewish question",
    *(f"holocaust {claim}" for claim in ("never happened", "didn t happen", "did not happen", "is a lie",
                                         "was a lie", "is a hoax", "was a hoax", "hoax", "is a myth", "was fake")),
)
"""Hateful slogans, whether shown or spoken in a quoted line."""
GAP_BREAKERS = ("from", "by", "with", "for", "against", "at", "near")
"""Words that, between a group and a hostile term, show that one is not said of the other
("refugees hiding from rats"). A verb in -ing breaks the link too, but for 'being'."""

PUBLIC_TITLES = (
    "the president", "president of", "prime minister", "the king of", "the queen of", "the pope",
    "the chancellor", "the prince of", "princess of", "senator", "governor of", "the dalai lama",
)
PUBLIC_FIGURES = (
    # Heads of state and politicians
    "donald trump", "trump", "joe biden", "biden", "barack obama", "obama", "kamala harris",
    "hillary clinton", "bill clinton", "vladimir putin", "putin", "xi jinping", "emmanuel macron",
    "macron", "rishi sunak", "keir starmer", "boris johnson", "angela merkel", "olaf scholz",
    "narendra modi", "modi", "volodymyr zelensky", "zelensky", "benjamin netanyahu", "kim jong un",
    "justin trudeau", "king charles", "prince william", "prince harry", "meghan markle", "pope francis",
    # Business and tech
    "elon musk", "musk", "jeff bezos", "bill gates", "mark zuckerberg", "zuckerberg", "sam altman",
    "tim cook", "warren buffett", "steve jobs", "jensen huang", "sundar pichai",
    # Music
    "taylor swift", "beyonce", "rihanna", "drake", "kanye west", "kanye", "eminem", "lady gaga",
    "ariana grande", "billie eilish", "ed sheeran", "justin bieber", "bad bunny", "shakira",
    "harry styles", "dua lipa", "selena gomez", "snoop dogg", "jay z", "madonna", "adele", "bts",
    "olivia rodrigo", "travis scott", "nicki minaj", "doja cat", "the weeknd", "bruno mars",
    # Film and television
    "tom cruise", "tom hanks", "brad pitt", "angelina jolie", "leonardo dicaprio", "scarlett johansson",
    "dwayne johnson", "will smith", "keanu reeves", "zendaya", "timothee chalamet",
    "margot robbie", "ryan reynolds", "ryan gosling", "jennifer aniston", "jennifer lawrence",
    "morgan freeman", "oprah", "oprah winfrey", "kim kardashian", "kylie jenner", "mr beast",
    "mrbeast", "pewdiepie", "emma watson", "robert downey jr", "chris hemsworth", "johnny depp",
    "meryl streep", "denzel washington", "jackie chan", "pedro pascal", "jenna ortega",
    # Sport
    "lebron james", "lebron", "stephen curry", "steph curry", "michael jordan", "kobe bryant",
    "shaquille o neal", "shaq", "kevin durant", "giannis", "victor wembanyama", "caitlin clark",
    "lionel messi", "messi", "cristiano ronaldo", "ronaldo", "neymar", "kylian mbappe", "mbappe",
    "erling haaland", "serena williams", "venus williams", "roger federer", "rafael nadal",
    "novak djokovic", "tiger woods", "usain bolt", "simone biles", "michael phelps", "tom brady",
    "patrick mahomes", "travis kelce", "muhammad ali", "mike tyson", "conor mcgregor",
)
"""A small gazetteer: the lexical layer's list of real people who are not characters on the app.
A deployment extends it (or replaces it with an entity recogniser behind the same interface).
Names written a little wrong are found too (safety/names.py). A name that is also an everyday
word is read as the word after 'a' ('a drake', 'a trump card': SAFE_PHRASES)."""
THE_ROCK_CONTEXT = (
    "dwayne", "johnson", "wrestler*", "wrestling", "wwe", "actor", "movie star", "film star", "hollywood",
    "jumanji", "moana", "fast and furious", "eyebrow*",
)
"""'the rock' is a person's name only with one of these in the prompt; alone it is a rock."""

KILL_VERBS = ("kill", "kills", "murder", "murders", "stab", "stabs", "massacre", "gun down", "guns down",
              "mow down", "execute")
SHOOT_VERBS = ("shoot", "shoots", "shooting")
EVERYONE = ("everyone", "everybody", "you all", "all of you", "every one of you", "them all", "all of them",
            "y all", "all the students", "all the kids", "all the teachers", "the whole class", "your family",
            "every student", "every kid", "every teacher", "every single one",
            "your whole family", "your kids")
GATHERING_PLACES = ("school", "class", "classroom", "church", "mosque", "synagogue", "temple", "mall", "office",
                    "concert", "stadium", "campus", "cafeteria", "hallway")
WEAPONS_HELD = ("gun", "guns", "rifle", "pistol", "shotgun", "ar 15", "bullets", "ammo")
