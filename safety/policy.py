"""The content policy as data: categories, who they apply to, exemplar prompts and blocked terms.

Each category has exemplars (what a violating prompt reads like, for the embedding layer) and
terms (unambiguous words and phrases, for the lexical layer). `BENIGN` exemplars describe what
the app is for, so that "shoot the ball" sits nearer to sport than to violence. Categories with
`teen_only=True` are blocked for teen accounts only. The evaluation prompts in
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
    """Blocks under `category` when a term of `first` and a term of `second` both occur."""

    category: str
    message: str
    first: tuple[str, ...]
    second: tuple[str, ...]


_REFLEXIVE = ("himself", "herself", "themselves", "myself", "yourself", "themself")
_HARM_VERBS = ("cut", "cutting", "cuts", "hang", "hanging", "hangs", "hurt", "hurting", "hurts",
               "kill", "killing", "kills", "burn", "burning", "starve", "starving", "shoot", "shooting")


GROUPS = (
    "jews", "jewish people", "muslims", "christians", "hindus", "sikhs", "black people", "blacks",
    "white people", "asians", "arabs", "mexicans", "latinos", "immigrants", "refugees", "migrants",
    "gays", "gay people", "lesbians", "trans people", "transgender people", "women", "disabled people",
    "roma", "gypsies", "africans", "chinese people", "indians",
)
HOSTILE = (
    "must die", "should die", "deserve to die", "exterminate", "exterminated", "extermination",
    "vermin", "rats", "cockroaches", "subhuman", "animals", "parasites", "inferior", "kill all",
    "gas them", "wipe out", "get rid of", "go back", "disease",
)

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
    "dwayne johnson", "the rock", "will smith", "keanu reeves", "zendaya", "timothee chalamet",
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
A deployment extends it (or replaces it with an entity recogniser behind the same interface)."""

CATEGORIES: tuple[Category, ...] = (
    Category(
        "sexual",
        "sexual or nude content is not allowed",
        (
            "a naked woman posing on a bed", "two people having sex", "explicit porn scene",
            "a striptease in a nightclub", "topless sunbathers close up", "an erotic massage",
            "lingerie model undressing slowly", "a nude figure in the shower",
        ),
        ("porn", "porno", "pornographic", "nude", "nudes", "naked", "nsfw", "sex scene", "having sex",
         "striptease", "strip tease", "erotic", "topless", "genitals", "orgasm", "hentai", "xxx", "sexy",
         "x rated"),
        threshold=0.45, teen_threshold=0.42,
    ),
    Category(
        "graphic_violence",
        "graphic violence and gore are not allowed",
        (
            "a man stabbed to death with blood everywhere", "a beheading", "torturing a prisoner",
            "shooting people in a crowd", "a body torn apart by an explosion", "a bloody massacre",
            "a person being beaten to death", "gore and severed limbs",
        ),
        ("beheading", "beheaded", "decapitated", "dismembered", "massacre", "mass shooting",
         "school shooting", "gore", "gory", "torture", "tortured", "disembowel"),
    ),
    Category(
        "self_harm",
        "content that shows or encourages self-harm is not allowed",
        (
            "a person cutting their wrists", "someone jumping off a bridge to kill themselves",
            "a suicide by hanging", "how to overdose on pills", "a girl starving herself to be thin",
        ),
        ("suicide", "self harm", "self-harm", "cutting wrists", "slit wrists", "overdose",
         *(f"{verb} {who}" for verb in _HARM_VERBS for who in _REFLEXIVE)),
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
        ("nazi", "genocide", "ethnic cleansing", "white power", "kkk", "subhuman"),
    ),
    Category(
        "weapons_extremism",
        "instructions for weapons or terrorist acts are not allowed",
        (
            "how to build a pipe bomb", "making a bomb in the kitchen", "a terrorist attack on a train",
            "assembling an untraceable gun", "planting explosives in a stadium",
        ),
        ("pipe bomb", "build a bomb", "make a bomb", "terrorist attack", "ied", "ghost gun",
         "chemical weapon", "nerve gas"),
    ),
    Category(
        "real_person_likeness",
        "real people can appear only as characters who have given their consent",
        (
            "the president of the united states dancing", "taylor swift singing in my kitchen",
            "elon musk falling off a chair", "a deepfake of a famous actor", "the pope playing basketball",
            "barack obama shooting hoops", "a celebrity look-alike kissing a fan",
        ),
        ("deepfake", "deep fake", "face swap", "faceswap", *PUBLIC_TITLES, *PUBLIC_FIGURES),
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

COMPOUNDS: tuple[Compound, ...] = (
    Compound("hate", "hateful or harassing content is not allowed", GROUPS, HOSTILE),
)

MINOR_TERMS = ("child", "children", "kid", "kids", "minor", "minors", "underage", "teen", "teens",
               "teenager", "schoolgirl", "schoolboy", "little girl", "little boy", "toddler", "baby")
"""Any sexual signal next to one of these is blocked outright, at any threshold."""

BENIGN: tuple[str, ...] = (
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
)
