"""The content policy as data: categories, who they apply to, exemplar prompts and blocked terms.

Each category has exemplars (what a violating prompt reads like, for the embedding layer) and
terms (unambiguous words and phrases, for the lexical layer; a '*' at a word's end or start
makes it a stem: 'behead*', '*porn*'). Compounds block two lists' terms said together (a group
and a hostile phrase); SAFE_PHRASES are everyday phrases that hold a term, and ACCIDENTS the
mishaps whose harm is no self-harm; MINOR_TERMS,
MINOR_AGE and SOFT_SEXUAL make up the rule on sexual content with a minor. `BENIGN` exemplars
describe what the app is for, so that "shoot the ball" sits nearer to sport than to violence.
Categories with `teen_only=True` are blocked for teen accounts only. The evaluation prompts in
tests/safety are written separately and never appear here.
"""

from __future__ import annotations

import msgspec


class Category(msgspec.Struct, frozen=True):
    name: str
    message: str
    """What the person is told, in words they understand."""
    exemplars: tuple[str, ...]
    terms: tuple[str, ...] = ()
    teen_only: bool = False
    threshold: float = 0.50
    """Cosine similarity to an exemplar from which the semantic layer may block."""
    teen_threshold: float | None = None
    """A lower threshold for teen accounts, where the category calls for more caution."""


class Compound(msgspec.Struct, frozen=True):
    """Blocks under `category` when a term of `first` is followed by a term of `second` at
    most `gap` words later, with no word between them that breaks the link (GAP_BREAKERS, or a
    verb in -ing: in "women feeding the animals" the animals are not what the women are).
    `gap=None`: both anywhere in the prompt, in either order."""

    category: str
    message: str
    first: tuple[str, ...]
    second: tuple[str, ...]
    gap: int | None = 3


_GET = ("get", "gets", "getting", "got", "gotten")
"""'get it on' is sex with nothing after it but where and how ('getting it on in a hot tub'),
and its words' plain sense with an object ('getting it on the first try', 'got it on video':
SAFE_PHRASES)."""
_ON_WHAT = ("the", "a", "an", "my", "your", "his", "her", "its", "our", "their", "this", "that", "one", "time",
            "camera", "video", "film", "tape", "record", "paper", "screen", "sale", "board", "track")
_DANCES = ("tango", "mambo", "dance", "rumba", "samba", "salsa", "polka", "waltz", "cha cha", "hula", "boogie",
           "lambada", "foxtrot")
"""After 'horizontal' ('the horizontal tango'), a dance is sex."""
_PAIRS = ("couple", "couples", "lovers", "people", "strangers", "newlyweds", "honeymooners", "neighbours",
          "neighbors", "coworkers", "partners", "they", "and a woman", "and a man", "and his wife",
          "and her husband", "and his girlfriend", "and her boyfriend")
"""Two people, said right before what they do ('a couple', 'two lovers', 'a man and a woman')."""
_PAIR_VERBS = (*(f"{stem}{ending}" for stem in ("bonk", "hump", "bang", "shag", "screw")
                 for ending in ("", "s", "ing", "ed")),
               "boning", "boned", "bone", "doing it")
"""Words whose plain sense ('bonking his head', 'humping a sofa up the stairs', 'banging pots',
'screwing in a light bulb') is sex when two people do them where people have sex."""
_ALL_THE_WAY = tuple(f"{go} all the way" for go in ("go", "goes", "going", "went", "gone"))
"""Sex only on a bed or a night for it, not on a way somewhere ('in the car to the coast')."""
_ON_PLACES = (
    *(f"on {whose}{place}" for whose in ("the ", "a ", "their ", "his ", "her ", "my ")
      for place in ("bed", "sofa", "couch", "beach", "kitchen floor", "kitchen table", "waterbed", "back seat",
                    "yacht", "hotel bed", "wedding night", "honeymoon", "first date")),
    *(f"under the {cover}" for cover in ("sheets", "covers", "blankets", "duvet")),
    "in bed", "like rabbits", "all night", "for the first time",
)
_LOVE_PLACES = (
    *(f"{where} {whose}{place}" for where in ("in", "inside")
      for whose in ("the ", "a ", "their ", "his ", "her ", "my ", "")
      for place in ("car", "van", "truck", "tent", "motel", "hotel", "hotel room", "room", "bedroom",
                    "shower", "bath", "bathtub", "bathroom", "toilet", "toilets", "stall", "bathroom stall",
                    "elevator", "lift", "office", "hayloft", "barn", "closet", "back seat", "backseat", "back",
                    "hot tub", "jacuzzi", "sauna", "nightclub", "woods", "alley", "cabin", "pool")),
    *_ON_PLACES,
)
"""Where and when people have sex: after a pair and a word of _PAIR_VERBS, or after 'get it on'."""
_TEAR_VERBS = ("rip", "rips", "ripping", "ripped", "tear", "tears", "tearing", "tore", "torn", "bite", "bites",
               "biting", "bitten", "gouge", "gouges", "gouging", "gouged", "pull", "pulls", "pulling", "pulled")
_TEARING = tuple(f"{verb} {how}" for verb in _TEAR_VERBS for how in ("out", "off", "open")
                 if not (verb.startswith("pull") and how != "out"))
_BODY_PARTS = ("face", "faces", "eye", "eyes", "eyeballs", "intestines", "guts", "entrails", "insides", "organs",
               "brain", "brains", "throat", "heart", "arm", "arms", "leg", "legs", "limb", "limbs", "flesh",
               "tongue", "fingers", "skull", "spine", "jaw", "ribs")
"""Torn out or off of a body ('a zombie ripping out intestines', 'biting off a woman's face',
'tearing a man's heart out'): gore, when the part follows closely (Compound's gap; a verb in -ing
or 'with' between breaks it)."""
_LIMBS = ("arm", "arms", "leg", "legs", "hand", "hands", "foot", "feet", "head", "heads", "finger", "fingers",
          "toes", "ear", "ears", "nose", "jaw", "face", "scalp", "limb", "limbs", "body", "bodies", "chest", "skull")
_TORN_OFF = tuple(f"{verb} {how}" for verb in ("torn", "ripped", "bitten", "blown", "hacked", "chopped", "sawn",
                                                "sawed", "severed", "shot")
                  for how in ("off", "apart", "open", "to pieces", "to bits"))
"""A limb torn, bitten or blown off ('arm torn off by a shark', 'legs blown off'), or a body
blown apart, right after it: gore. A toy's limbs are no one's (SAFE_PHRASES)."""
_EATING = ("feast*", "eat", "eats", "eating", "ate", "devour*", "chew", "chews", "chewing", "gnaw*", "munch*")
_INNARDS = ("entrails", "intestines", "guts", "innards", "organs", "brain", "brains", "human flesh")
_SPILT = ("splatter*", "spatter*", "smeared", "spill*", "spilt", "strewn", "hanging out")
"""Innards eaten ('zombies feasting on entrails') or splattered ('brains splattered on the
wall'): gore; a fish's, a pumpkin's or a gummy sweet's are not (SAFE_PHRASES)."""
_PEOPLE = ("man", "men", "woman", "women", "person", "people", "boy", "girl", "child", "children", "kid", "baby",
           "body", "bodies", "victim*", "guy", "someone", "prisoner*", "hostage*", "soldier*")
_CUTTING_THROUGH = (*(f"{verb} through" for verb in ("cut", "cuts", "cutting", "slice", "slices", "slicing", "saw",
                                                       "saws", "sawing", "chop", "chops", "chopping", "tear",
                                                       "tears", "tearing", "rip", "rips", "ripping")),
                    *(f"{verb} into" for verb in ("slicing", "sawing", "chopping", "hacking", "tearing", "ripping")))
"""A blade cutting through a person ('a chainsaw cutting through a screaming man'): gore. Into
a person only for verbs that mean no surgery ('a surgeon cutting into', 'hacking into a phone'
are neither)."""
_TO_PIECES = tuple(f"{verb} {whom} {person}" for verb in ("hack*", "chop*", "cut*", "tear*", "tore", "torn", "rip*",
                                                           "saw*", "slic*", "blow*", "blew", "blown")
                   for whom in ("a", "the", "his", "her", "their") for person in _PEOPLE)
"""With 'to pieces' after ('a killer hacking a man to pieces'): gore; 'a magician sawing a woman
in half' and 'tearing paper to pieces' are not."""
_REFLEXIVE = ("himself", "herself", "themselves", "myself", "yourself", "themself")
_POSSESSIVE = ("my", "your", "his", "her", "their")
_HARM_VERBS = ("cut", "cutting", "cuts", "hang", "hanging", "hangs", "hurt", "hurting", "hurts",
               "kill", "killing", "kills", "burn", "burning", "starve", "starving", "shoot", "shooting")
_WRIST_VERBS = ("cut", "cuts", "cutting", "slit", "slits", "slitting", "slice", "slices", "slicing")

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

_THREATS = "threats of violence against people are not allowed"
_KILL_VERBS = ("kill", "kills", "murder", "murders", "stab", "stabs", "massacre", "gun down", "guns down",
               "mow down", "execute")
_SHOOT_VERBS = ("shoot", "shoots", "shooting")
_EVERYONE = ("everyone", "everybody", "you all", "all of you", "every one of you", "them all", "all of them",
             "y all", "all the students", "all the kids", "all the teachers", "the whole class", "your family",
             "every student", "every kid", "every teacher", "every single one",
             "your whole family", "your kids")
_PLACES = ("school", "class", "classroom", "church", "mosque", "synagogue", "temple", "mall", "office",
           "concert", "stadium", "campus", "cafeteria", "hallway")
_WEAPONS_HELD = ("gun", "guns", "rifle", "pistol", "shotgun", "ar 15", "bullets", "ammo")

CATEGORIES: tuple[Category, ...] = (
    Category(
        "sexual",
        "sexual or nude content is not allowed",
        (
            "a naked woman posing on a bed", "two people having sex", "explicit porn scene",
            "a striptease in a nightclub", "topless sunbathers close up", "an erotic massage",
            "lingerie model undressing slowly", "a nude figure in the shower",
            # euphemisms
            "a woman undressing in front of the camera", "a man exposing his genitals in public",
            "a woman flashing her breasts",
        ),
        ("*porn*", "nude", "nudes", "nudity", "naked", "nsfw", "sex", "sexo", "sex scene", "having sex",
         "striptease", "strip tease", "erotic*", "erotisch*", "topless", "genitals", "orgasm*", "hentai",
         "xxx", "sexy", "x rated", "onlyfans", "nackt*", "desnud*", "birthday suit*", "nothing but a smile",
         # euphemisms that mean nothing else
         "bump* uglies", "knocking boots with", "knock boots with", "doing the deed", "do the deed",
         "does the deed", "did the deed", "done the deed", "having a quickie", "have a quickie", "has a quickie",
         "for a quickie", "rumpy pumpy", "nookie", "beast with two backs", "making love", "make love", "makes love",
         "made love", *(f"{pair} {verb} it on" for pair in _PAIRS for verb in _GET),
         *(f"{verb} it on with" for verb in _GET), "making whoopee", "make whoopee", "makes whoopee",
         "made whoopee", "doing the nasty", "do the nasty", "does the nasty", "did the nasty", "shagging", "shagged",
         "a roll in the hay"),
        threshold=0.45, teen_threshold=0.42,
    ),
    Category(
        "graphic_violence",
        "graphic violence and gore are not allowed",
        (
            "a man stabbed to death with blood everywhere", "a beheading", "torturing a prisoner",
            "shooting people in a crowd", "a body torn apart by an explosion", "a bloody massacre",
            "a person being beaten to death", "gore and severed limbs", "a man's head cut off with a knife",
            "gruesome wounds with flesh torn open and organs exposed",
            "a monster eating a bloody human corpse", "a severed head on the floor",
            "a man's eyes gouged out", "blood gushing from a slit throat",
            "a person mauled by an animal, bloody wounds and torn flesh",
            "a gunman shooting a man in the head at point blank range", "a man beaten to death with a hammer",
            "a wounded woman bleeding to death",
        ),
        ("behead*", "decapitat*", "dismember*", "massacre*", "mass shooting", "school shooting",
         "school shooter", "mass shooter", "active shooter", "gore", "gory", "tortur*", "disembowel*", "eviscerat*",
         "skinned alive", "flayed", "flaying"),
    ),
    Category(
        "self_harm",
        "content that shows or encourages self-harm is not allowed",
        (
            "a person cutting their wrists", "someone jumping off a bridge to kill themselves",
            "a suicide by hanging", "how to overdose on pills", "a girl starving herself to be thin",
            "swallowing a handful of pills to never wake up", "someone hurting themselves on purpose",
            "a teenager burning her own skin on purpose",
        ),
        ("suicid*", "selbstmord", "self harm*", "cutting wrists", "slit wrists", "overdose*", "kys", "kms",
         "sewerslide", "unalive*", "thinspo", "pro ana",
         *(f"{verb} {who}" for verb in _HARM_VERBS for who in _REFLEXIVE),
         *(f"{verb} {whose} wrists" for verb in _WRIST_VERBS for whose in _POSSESSIVE)),
        threshold=0.45, teen_threshold=0.42,
    ),
    Category(
        "hate",
        "hateful or harassing content is not allowed",
        (
            "people attacking someone because of their religion", "a nazi rally celebrating genocide",
            "mocking a disabled person", "a video saying an ethnic group is subhuman",
            "burning a cross to scare a black family",
        ),
        ("nazi", "nazis", "genocide", "ethnic cleansing", "white power", "kkk", "subhuman*", *HATE_SPEECH),
    ),
    Category(
        "violent_threats",
        _THREATS,
        (
            # (spoken threats with "shoot", "kill", "stab" are read by the terms and COMPOUNDS: as
            # exemplars they sat too close to "I am going to shoot my shot")
            "he threatens to shoot up his school", "a student threatening classmates with a gun",
            "a threat to attack the people at the school", "you are all going to die tomorrow",
        ),
        ("shoot up the school", "shoot up my school", "shoot up this school", "shooting up the school",
         *(f"{lead} {verb} you" for lead in ("i will", "i ll", "i am going to", "i m going to", "im going to",
                                            "gonna", "going to") for verb in ("kill", "shoot", "stab", "murder")),
         "hunt you down and kill", "open fire on"),
        threshold=0.65,
    ),
    Category(
        "weapons_extremism",
        "instructions for weapons or terrorist acts are not allowed",
        (
            "how to build a pipe bomb", "making a bomb in the kitchen", "a terrorist attack on a train",
            "assembling an untraceable gun", "planting explosives in a stadium",
        ),
        ("pipe bomb*", "build a bomb", "make a bomb", "terrorist attack*", "ied", "ieds", "ghost gun*",
         "chemical weapon*", "nerve gas", "poison gas", "molotov*", "nail bomb*", "pressure cooker bomb*"),
    ),
    Category(
        "real_person_likeness",
        "real people can appear only as characters who have given their consent",
        (
            "the president of the united states dancing", "taylor swift singing in my kitchen",
            "elon musk falling off a chair", "a deepfake of a famous actor", "the pope playing basketball",
            "barack obama shooting hoops", "a celebrity look-alike kissing a fan",
        ),
        ("deepfake*", "deep fake*", "face swap*", "faceswap*", *PUBLIC_TITLES, *PUBLIC_FIGURES),
    ),
    Category(
        "dangerous_or_adult_themes",
        "this theme is not available on teen accounts",
        (
            "people drinking beer and getting drunk", "smoking a cigarette", "a romantic kiss in bed",
            "a dangerous rooftop stunt", "a car chase at night with crashes", "a horror movie monster attack",
            "gambling in a casino", "vaping in the bathroom",
        ),
        ("drunk", "beer", "vodka", "cigarette", "vape", "vaping", "casino", "gambling", "weed"),
        teen_only=True, teen_threshold=0.45,
    ),
)

_HATE = "hateful or harassing content is not allowed"
_WEAPONS = "instructions for weapons or terrorist acts are not allowed"
_LIKENESS = "real people can appear only as characters who have given their consent"
_SEXUAL = "sexual or nude content is not allowed"
_GORE = "graphic violence and gore are not allowed"
COMPOUNDS: tuple[Compound, ...] = (
    Compound("real_person_likeness", _LIKENESS, ("the rock",), THE_ROCK_CONTEXT, gap=None),
    Compound("hate", _HATE, GROUPS, HOSTILE),
    Compound("hate", _HATE, HOSTILE_ACTS, GROUPS, gap=2),
    Compound("hate", _HATE, GROUPS, DEHUMANISING, gap=None),
    Compound("violent_threats", _THREATS, _KILL_VERBS, _EVERYONE),
    Compound("violent_threats", _THREATS, ("shoot up", "shooting up", "shoots up"), _PLACES, gap=2),
    Compound("violent_threats", _THREATS, ("open fire", "opens fire", "opening fire"), _PLACES + ("crowd",), gap=3),
    Compound("violent_threats", _THREATS, ("blow up", "bomb", "burn down"), tuple(
        f"{the} {place}" for the in ("this", "the", "my", "your", "our") for place in _PLACES), gap=1),
    # shooting everyone is a photo shoot too (at a school dance, of a class): a threat with a weapon
    Compound("violent_threats", _THREATS, tuple(f"{v} {who}" for v in _SHOOT_VERBS for who in _EVERYONE),
             _WEAPONS_HELD, gap=None),
    Compound("weapons_extremism", _WEAPONS, ("bleach",), ("ammonia",)),
    Compound("weapons_extremism", _WEAPONS, ("ammonia",), ("bleach",)),
    Compound("sexual", _SEXUAL, ("horizontal",), _DANCES, gap=0),
    Compound("sexual", _SEXUAL, tuple(f"{pair} {verb}" for pair in _PAIRS for verb in _PAIR_VERBS), _LOVE_PLACES,
             gap=1),
    Compound("sexual", _SEXUAL, tuple(f"{pair} {verb}" for pair in _PAIRS for verb in _ALL_THE_WAY), _ON_PLACES,
             gap=1),
    Compound("sexual", _SEXUAL, tuple(f"{verb} it on" for verb in _GET), _LOVE_PLACES, gap=1),
    Compound("graphic_violence", _GORE, _TEARING, _BODY_PARTS),
    Compound("graphic_violence", _GORE, _TEAR_VERBS, tuple(f"{part} {how}" for part in _BODY_PARTS
                                                           for how in ("out", "off")), gap=3),
    Compound("graphic_violence", _GORE, _LIMBS, _TORN_OFF, gap=2),
    Compound("graphic_violence", _GORE, _EATING, _INNARDS, gap=4),  # 'feasting on a man's entrails'
    Compound("graphic_violence", _GORE, _INNARDS, _SPILT, gap=2),
    Compound("graphic_violence", _GORE, _CUTTING_THROUGH, _PEOPLE, gap=2),
    Compound("graphic_violence", _GORE, _TO_PIECES, ("to pieces", "into pieces", "to bits", "limb from limb"), gap=0),
)

_TOYS = ("doll*", "barbie*", "teddy*", "teddy bear*", "toy*", "puppet*", "action figure*", "dolly",
         "baby doll*")
_STRIPPED = tuple(f"{the}{thing}" for the in ("the ", "the old ", "old ", "")
                  for thing in ("wallpaper", "paint", "varnish", "bark", "label*", "sticker*", "tape", "sheets",
                                "bed", "bedsheets"))
_FOOD_ANIMALS = ("fish", "salmon", "trout", "cod", "tuna", "mackerel", "squid", "chicken", "turkey", "pig", "cow",
                 "deer", "rabbit", "pumpkin", "pumpkins", "lobster", "crab")
SAFE_PHRASES = (
    "naked mole rat*", "naked eye", "nude colour*", "nude color*", "nude lipstick*", "nude shade*",
    "nude heels", "nude tone*", "topless convertible*", "topless car*", "topless bus*", "gore tex",
    "suicide sprint*", "suicide drill*", "suicide run*", "suicide squad", "the sex of",
    *(f"{verb} {who} a {piece}" for verb in ("cut", "cuts", "cutting") for who in _REFLEXIVE
      for piece in ("slice", "piece")),
    *(f"{verb} {who} laughing" for verb in ("kill", "kills", "killing") for who in _REFLEXIVE),
    # an accident is no self-harm ('falls and hurts himself'), nor is an idiom
    *(f"{mishap} and hurt* {who}" for mishap in ("fall*", "fell", "trip*", "slip*", "crash*")
      for who in _REFLEXIVE),
    *(f"shoot* {who} in the foot" for who in _REFLEXIVE),
    "sex reveal*", "baby s sex", "babys sex", "what sex is", "shooting guard*", "suicide door*",
    "shoot my shot", "shoot your shot", "shoot his shot", "shoot her shot", "shoot our shot", "shoot their shot",
    # talk of killing and shooting that threatens no one
    "kill* it", "kill* you with kindness", "shoot* you a text", "shoot* you a message", "shoot* you an email",
    "shoot* you a note", "shoot* you a line", "photo bomb*", "photobomb*", "water gun*", "water pistol*",
    "nerf gun*", "squirt gun*", "starting pistol*", "starter pistol*",
    *(f"{thing} {be} going to kill" for thing in ("test", "exam", "workout", "hill", "heat", "song", "suspense",
                                                  "homework", "drill", "run", "game")
      for be in ("is", "s")),
    *(f"{verb} you at {game}" for verb in ("kill", "murder", "destroy", "crush")
      for game in ("chess", "cards", "poker", "tennis", "basketball", "ping pong", "monopoly", "mario kart",
                   "this game", "the game", "scrabble", "fifa")),
    "roman senator*", "make love not war",
    # titles in games and idioms: no one's likeness
    "king of the jungle", "king of the hill", "king of the castle",
    *(f"{rank} of {suit}" for rank in ("king", "queen", "prince", "princess")
      for suit in ("hearts", "spades", "clubs", "diamonds")),
    *(f"president of the {group}" for group in ("club", "chess club", "book club", "drama club", "fan club",
                                                 "class", "student council", "school council", "student body")),
    # a name that is also a word, after 'a' or in a phrase of its own ('a drake', 'a musk ox')
    *(f"a {word}" for word in ("drake", "musk", "trump", "madonna", "bad bunny")),
    "musk ox", "musk oxen", "musk deer", "white musk", "musk perfume*", "musk scent*", "trump card*",
    "king charles spaniel*", "cavalier king charles",
    # a body part's name in a thing's: no body is torn open ('ripping off his face mask')
    "face mask*", "face paint*", "face shield*", "face cream*", "face wash*", "arm band*", "leg warmer*",
    # a dance that names a move, a step or a class is dancing ('a horizontal dance move')
    *(f"horizontal {dance} {what}" for dance in _DANCES
      for what in ("move*", "step*", "spin*", "routine*", "class*", "lesson*", "floor*", "competition*",
                   "battle*", "style*", "trick*", "pose*", "video*", "tutorial*", "team*", "crew*")),
    # a toy's limbs, and the innards of a fish, a fowl, a pumpkin or a sweet, are no one's
    *(f"{toy}{joint} {limb}" for toy in (*_TOYS, *_FOOD_ANIMALS) for joint in (" s", " with his", " with her")
      for limb in _LIMBS),
    *(f"its {limb}" for limb in _LIMBS),  # a person's limbs are 'his', 'her', 'their'
    *(f"{limb} of {a} {thing}" for limb in ("head", "heads", "legs", "skin") for a in ("a", "the")
      for thing in _FOOD_ANIMALS),
    *(f"{thing} {innard}" for thing in (*_FOOD_ANIMALS, "gummy", "candy", "chocolate", "jelly", "sugar")
      for innard in ("guts", "innards", "brains", "organs", "s guts", "s innards", "s brains")),
    *(f"{part} {of} {a} {thing}" for part in ("guts", "innards", "organs", "brains", "heart", "eyes", "insides")
      for of in ("of", "out of", "from") for a in ("a", "the", "his", "her", "their") for thing in _FOOD_ANIMALS),
    # 'get it on' with an object is the words' plain sense: 'getting it on the first try', 'got it on video'
    *(f"{verb} it on {what}" for verb in _GET for what in _ON_WHAT),
    # undressing a toy or stripping a wall is not a suggestive word next to a child
    *(f"undress* {whose} {toy}" for whose in ("her", "his", "their", "my", "the", "a") for toy in _TOYS),
    *(f"strip* off {what}" for what in _STRIPPED),
)
"""Everyday phrases that hold a blocked term ("suicide sprints at practice", "a gore-tex
jacket"): the lexical layer reads the prompt without them, the embedding layer without their
blocked words ("a nude-coloured sofa" as "a coloured sofa")."""
ACCIDENTS = tuple(f"{verb} {where}" for verb in ("fall*", "fell", "trip*", "slip*", "stumbl*", "tumbl*")
                  for where in ("off", "down", "over", "from", "on")) + ("crash* into", "wipe* out", "wiped out")
ACCIDENTAL_HARM = tuple(f"and {verb} {who}" for verb in ("hurt*", "cut*", "burn*") for who in _REFLEXIVE)
ACCIDENT_GAP = 3
"""A mishap and what it did, at most ACCIDENT_GAP words apart ("a kid falls off his bike and hurts
himself", "slips on the ice and cuts herself"): the lexical layer reads the prompt without the
harm, which is no self-harm (the embedding layer still reads it all)."""

MINOR_TERMS = (
    "child", "children", "childs", "kid", "kids", "kiddie*", "minor", "minors", "underage*", "under age",
    "teen", "teens", "teenage*", "preteen*", "pre teen*", "tween", "tweens", "schoolgirl*", "schoolboy*",
    "school girl*", "school boy*", "schoolkid*", "little girl*", "little boy*", "young girl*", "young boy*",
    "young looking girl*", "young looking boy*", "middle school*", "elementary school*", "grade school*",
    "primary school*", "kindergarten*", "girl scout*", "boy scout*", "toddler*", "baby", "babies",
    "infant*", "loli", "lolis", "lolita*", "shota*", "jailbait", "barely legal",
    # German, French, Spanish ('niña' as written: without its tilde it is a name)
    "kinder*", "ein kind", "das kind", "kleines kind", "nacktes kind", "madchen", "enfant*", "petite fille*",
    "petit garcon*", "fillette*", "nino", "ninos", "ninas", "niña", "menores",
)
"""Words for a child or for a young look, matched on the normalised prompt and on its words as
written. With any sexual term, or with a term of SOFT_SEXUAL, a prompt is blocked for every
account as sexual content involving minors."""
MINOR_AGE = (r"(?<![0-9])(?:[1-9]|1[0-7]) ?(?:yo|y o|yr old|yrs old|year old|years old|year olds)\b"
             r"|\baged? (?:[1-9]|1[0-7])\b|\bunder (?:18|eighteen)\b"
             r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
             r"|fifteen|sixteen|seventeen) (?:yo|year old|years old)\b")
"""An age under 18, on the prompt's words as written (`text.words_of`): '12 yo', 'a 9-year-old'."""
SOFT_SEXUAL = (
    "lingerie", "seductive*", "provocative*", "undress*", "nothing on", "no clothes", "no clothes on",
    "without clothes", "clothes off", "strip off", "strips off", "stripping off", "stripped off",
    "strips down", "stripping down", "see through", "see thru", "lewd*", "sexual*", "sensual*", "panties",
    "bare body", "nu", "nue", "nus", "nues",
    *(f"{verb} {whose}{what}" for verb in ("take off", "takes off", "taking off", "removes", "remove",
                                            "removing", "pulls off", "pulls down")
      for whose in ("her ", "his ", "their ", "your ", "all her ", "all his ", "all ")
      for what in ("clothes", "swimsuit", "underwear")),
)
"""Words that are not sexual on their own ("lingerie", "undressing"; French 'nu') but are next
to a minor."""

BENIGN: tuple[str, ...] = (
    "kids in swimsuits build a sandcastle at the beach", "a teenager sunbathes by the pool",
    "a family with children swims in the sea",
    "a red basketball bounces on the gym floor", "a player shoots the ball and scores",
    "a missed shot rebounds off the backboard", "kids playing basketball in the park",
    "a beach ball floats on the pool", "a bowling ball sinks in the water", "a tennis ball rolls down a ramp",
    "two balls collide on a court", "a crate slides across the floor", "a figure kicks a ball",
    "a splash in the swimming pool at night", "an anime girl throws a ball to her friend",
    "a cinematic shot of a basketball game", "friends at the beach at sunset", "a dog chasing a ball",
    "a killer crossover dribble", "the crowd goes wild after a dunk", "shooting hoops with my brother",
    "a bowling strike that crushes the pins", "a ball smashes into a wall of boxes",
    "a boxing match in a ring", "a knight fighting a dragon in a cartoon", "a water balloon fight",
    "a family dinner with a birthday cake", "my cat falls off the sofa", "a rainy street at night",
    "a superhero saves the city", "a teenager skateboarding in the park", "a baby laughing at bubbles",
    "a chef cooking pasta", "a soccer player takes a penalty kick", "a dance battle in the street",
    "parents find out at a gender reveal party whether their baby is a boy or a girl",
    "a bathroom with a bathtub, a sink and a toilet", "a bride and groom kiss at their wedding",
    "a couple holding hands and cuddling on a bench", "a messy kitchen full of dirty dishes after baking",
    # everyday mishaps: a fall and a scraped knee are not self-harm
    "a child falls off a bike and scrapes a knee", "someone slips on the ice and falls over",
    # halloween is dress-up, not horror
    "kids in halloween costumes go trick-or-treating", "carving a pumpkin for halloween",
    "a haunted house decorated for halloween with skeletons and fake blood", "a monster truck show in a stadium",
    # housework and ballroom dancing are not sex
    "a couple doing housework together, making the bed and folding laundry",
    "ballroom dancers doing the tango at a competition",
    # first aid, a long way to go, a view and odd jobs are not harm nor sex
    "a nurse cleaning and bandaging a scraped knee", "a parent putting a plaster on a child's cut",
    "hikers climbing all the way up a mountain to the summit", "a family driving all the way to the coast",
    "tourists amazed by the view from the top of a cliff",
    "fixing a lamp by screwing in a new light bulb", "a blacksmith hammering hot iron on an anvil",
)
