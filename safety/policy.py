"""The content policy as data: categories, who they apply to, exemplar prompts and blocked terms.

Each category has exemplars (what a violating prompt reads like, for the embedding layer) and
terms (unambiguous words and phrases, for the lexical layer; a '*' at a word's end or start
makes it a stem: 'behead*', '*porn*'). Compounds block two lists' terms said together (a group
and a hostile phrase); MINOR_TERMS, MINOR_AGE and SOFT_SEXUAL make up the rule on sexual
content with a minor. The word lists that terms and compounds are built from are in
lexicon.py, cruelty.py (cruelty by fire, water and bare hands), implied.py (harm said by what is
done: a pillow over a face, fumes in a sealed garage, a hand up a skirt) and endangerment.py
(someone put in danger or left there: shut in with no air, pushed off a cliff, bleach swallowed;
cruelty to animals; dangerous challenges); what reads like harm and is not (everyday phrases,
accidents, the benign exemplars) is in everyday.py. Categories with `teen_only=True` are blocked for teen accounts
only. The evaluation prompts in tests/safety are written separately and never appear here.
"""

from __future__ import annotations

import msgspec

from safety.cruelty import (
    AT_THE_STAKE, BY_THE_HAIR, CONSUMED, CONSUMING, CUT_UP, CUT_UP_WHOM, DOUSED, DRAGGING, DROWNED, DROWNING,
    FIRES, HEAD_UNDER, HELD_UNDER, INTO_FIRE, NECKS, PUSHING_DOWN, PUT_TO_THE_SWORD, SET_ALIGHT, SHAKEN_FOR_FUN,
    SHAKING, SMOTHERED_WITH, SMOTHERING, SQUEEZING,
)
from safety.endangerment import (
    ANIMAL_HARM, ANIMAL_PARTS, ANIMALS, BINNED, CHALLENGES, CHOKING, CONFINING, CONTAINERS, DEPRIVED, DOGS_SET_ON,
    EXHAUSTS, EXPOSED, EXPOSED_WHOM, FALLERS, FALLS, FIREWORKS, FIRST_AID, GIVING_AWAY, GOING_DOWN_ON, GONE_DOWN_ON,
    HIDDEN_WOUNDS, HIDING, HOT_ROOMS, HOT_SURFACES, HOUSEHOLD_POISONS, HURT_PARTS, IN_OWN_MESS, INFANTS as BABIES,
    INGESTING, INSIDE, LAST_WALK, LOCKED_OUT, MOVING_VEHICLES, ON_THE_ROOF_OF, OUT_IN_THE_COLD,
    OUT_IN_THE_COLD_PEOPLE, PAIR_EUPHEMISMS, PASSING_OUT, PETS, PLEASURED, PLEASURING, POISONS_ADDED, PURGING, PUSHING,
    RESCUED, RIDDEN, SCALDING, SET_ON_WHOM, SEX_POSITIONS, SHUTTING, SLOTS, STAYING_THIN, TOUCHED_IN_SECRET, WARMED,
    WITHOUT_WATER, WOUNDS_HIDDEN, YOUNG_ANIMALS,
)
from safety.implied import (
    AT_PLAY, BETWEEN_LEGS, BLADE_ACROSS, BODIES_NAMED, BURNING_PERSONS, CARVED_INTO, CARVING, CLOTHES_WORN,
    DOING_THINGS, EDGES, EXHAUST_HOSE, FACES, FACES_NAMED, FIRE_TAKING, FLAMES_OVER, FOR_GOOD, FUMES, HANDS, HANDS_IN,
    HEADBOARD, HELD_BENEATH, HIPS_MOVING, HOT_LIQUIDS, HOT_TOOLS_ON, INFANTS, LOCKED_IN_BOOT, LYING, MET_ONLINE,
    ON_THE_TRACKS, OWN_BODY, OWN_SKIN, POCKETS, POISONED, POISONS, PRIVATE_PLACES, SEALED_ROOMS, SINKING,
    SMOTHERED_NEAR, SMOTHERING_HANDS, SMOTHERING_OVER, STOPPED, STRADDLING, TAKEN, THROWING, TO_DROWN, UNTIL_STILL,
    UNWATCHED, UNZIPPING, WEIGHTED, WEIGHTED_WHOM,
)
from safety.lexicon import (
    ALIVE, ALL_THE_WAY, BLADE_THROUGH, BODY_PARTS, BROKEN_OPEN, BURNING, CHILDREN, CHILD_HARM, CROWDS, CRUCIFYING,
    CUTTING, CUTTING_THROUGH, CUT_APART, CUT_OFF, DANCES, DEADLY_PLACES, DEHUMANISING, EATING, EVERYONE, FIRING,
    FONDNESS, FUCKING, FUEL_POURED, GAMES, GATHERING_PLACES, GET_FORMS, GROPING, GROUPS, HACKING_AT, HARM_VERBS,
    HATE_SPEECH, HOSTILE, HOSTILE_ACTS, HOT_CARS, HOT_PLACES, INNARDS, INTENT, INTIMATE_PARTS, KILLED, KILLING,
    KILL_VERBS, LEFT, LEFT_TO_DIE, LIMBS, LOVE_PLACES, NAILED_TO, NOOSES, ON_FIRE, ON_PLACES, PAIRS, PAIR_VERBS,
    PEOPLE, PERSONS, PERSONS_PARTS, PHOTOGRAPHY, POSSESSIVE, PUBLIC_FIGURES, PUBLIC_TITLES, REFLEXIVE, SENT_AWAY,
    SETTING_ALIGHT, SET_FIRE_TO, SHOOTERS, SHOOTING, SHOOT_VERBS, SHUT_IN, SKINNED, SKIN_PLACES, SKIN_VERBS,
    SKULL_BREAKING, SKULL_BROKEN, SPILT, TARGET_PRACTICE, TEARING, TEAR_VERBS, THE_ROCK_CONTEXT, THROATS,
    TOOLS_USED, TORN_OFF, TOUCHING, TO_PIECES, UNDER_CLOTHES, UNTIL_DEAD, VICTIMS, WEAPONS_HELD, WOUNDED,
    WOUND_PLACES, WRIST_VERBS,
)


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
    unless: tuple[str, ...] = ()
    """Terms that, anywhere in the prompt, say the words mean something else ('a photographer
    shooting a family')."""
    object_only: bool = False
    """A term of `second` counts only as what the first acts on, not as the owner of it: in
    'beating the boy's high score' the boy is not beaten."""
    adjective_between: bool = False
    """A lone word in -ing between the two terms describes the second rather than breaking the
    link ('slaying kneeling prisoners', 'hacking down fleeing villagers'): for rules whose first
    term is the verb, so that the word in -ing cannot be the verb of the sentence."""
    within: tuple[str, ...] = ()
    """Terms of which one must occur anywhere in the prompt too: the fire, for a person consumed
    ('the flames of the pyre consume him')."""
    unless_unarmed: bool = False
    """`unless` counts only when no weapon and no one armed is in the prompt (lexicon.WEAPONS_NAMED):
    'a gunman shooting two models' is no photo shoot."""
    minor_only: bool = False
    """Blocks only with a word or an age for a minor in the prompt, as sexual_minors: grooming that
    reads as nothing between adults ('a man sharing a hotel room with a woman he met online')."""


_THREATS = "threats of violence against people are not allowed"

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
         "striptease", "strip tease", "erotic*", "masturbat*", "jerking off", "jerk off", "jerks off",
         "jerked off", "jacking off", "wanking", "blowjob*", "blow job*", "handjob*", "hand job*", "intercourse",
         "fellatio", "cunnilingus", "orgy", "orgies", "threesome*", "erotisch*", "topless", "genitals", "orgasm*",
         "hentai",
         "xxx", "sexy", "x rated", "onlyfans", "nackt*", "desnud*", "birthday suit*", "nothing but a smile",
         # euphemisms that mean nothing else
         "bump* uglies", "knocking boots with", "knock boots with", "doing the deed", "do the deed",
         "does the deed", "did the deed", "done the deed", "having a quickie", "have a quickie", "has a quickie",
         "for a quickie", "rumpy pumpy", "nookie", "beast with two backs", "making love", "make love", "makes love",
         "made love", *(f"{pair} {verb} it on" for pair in PAIRS for verb in GET_FORMS),
         *(f"{verb} it on with" for verb in GET_FORMS), "making whoopee", "make whoopee", "makes whoopee",
         "made whoopee", "doing the nasty", "do the nasty", "does the nasty", "did the nasty", "shagging", "shagged",
         "a roll in the hay",
         # the body and the acts named plainly
         "penis", "penises", "vagina", "vaginas", "vulva*", "clitoris", "dildo*", "bare breast*", "bare breasted",
         "molest*", "paedophil*", "pedophil*", *HEADBOARD, *SEX_POSITIONS),
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
            # cruelty to a child
            "a man hurting a small child on purpose", "a baby thrown to its death from a window",
        ),
        ("behead*", "decapitat*", "dismember*", "massacre*", "mass shooting", "school shooting",
         "school shooter", "mass shooter", "active shooter", "gore", "gory", "tortur*", "disembowel*", "eviscerat*",
         "skinned alive", "flayed", "flaying", "mutilat*", *LEFT_TO_DIE, *UNTIL_DEAD, *UNTIL_STILL,
         *(f"{burned} at the stake" for burned in ("burn", "burns", "burning", "burned", "burnt")), *IN_OWN_MESS),
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
         "sewerslide", "unalive*", "thinspo", "pro ana", *NOOSES, *EXHAUST_HOSE,
         *(f"{verb} {who}" for verb in HARM_VERBS for who in REFLEXIVE),
         *(f"{verb} {whose} wrists" for verb in WRIST_VERBS for whose in POSSESSIVE),
         *(f"{verb} {whose} {part}" for verb in SKIN_VERBS for whose in POSSESSIVE for part in SKIN_PLACES),
         *HIDDEN_WOUNDS, *CHALLENGES),
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
_SELF_HARM = "content that shows or encourages self-harm is not allowed"
COMPOUNDS: tuple[Compound, ...] = (
    Compound("real_person_likeness", _LIKENESS, ("the rock",), THE_ROCK_CONTEXT, gap=None),
    Compound("hate", _HATE, GROUPS, HOSTILE),
    Compound("hate", _HATE, HOSTILE_ACTS, GROUPS, gap=2),
    Compound("hate", _HATE, GROUPS, DEHUMANISING, gap=None),
    Compound("violent_threats", _THREATS, KILL_VERBS, EVERYONE),
    Compound("violent_threats", _THREATS, ("shoot up", "shooting up", "shoots up"), GATHERING_PLACES, gap=2),
    Compound("violent_threats", _THREATS, ("open fire", "opens fire", "opening fire"),
             (*GATHERING_PLACES, "crowd"), gap=3),
    Compound("violent_threats", _THREATS, ("blow up", "bomb", "burn down"), tuple(
        f"{the} {place}" for the in ("this", "the", "my", "your", "our") for place in GATHERING_PLACES), gap=1),
    # shooting everyone is a photo shoot too (at a school dance, of a class): a threat with a weapon
    Compound("violent_threats", _THREATS, tuple(f"{v} {who}" for v in SHOOT_VERBS for who in EVERYONE),
             WEAPONS_HELD, gap=None),
    Compound("weapons_extremism", _WEAPONS, ("bleach",), ("ammonia",)),
    Compound("weapons_extremism", _WEAPONS, ("ammonia",), ("bleach",)),
    Compound("sexual", _SEXUAL, ("horizontal",), DANCES, gap=0),
    Compound("sexual", _SEXUAL, tuple(f"{pair} {verb}" for pair in PAIRS for verb in PAIR_VERBS), LOVE_PLACES,
             gap=1),
    Compound("sexual", _SEXUAL, tuple(f"{pair} {verb}" for pair in PAIRS for verb in ALL_THE_WAY), ON_PLACES,
             gap=1),
    Compound("sexual", _SEXUAL, tuple(f"{verb} it on" for verb in GET_FORMS), LOVE_PLACES, gap=1),
    Compound("sexual", _SEXUAL, tuple(pair for pair in PAIRS if pair != "they"), FUCKING, gap=2),
    Compound("sexual", _SEXUAL, TOUCHING, INTIMATE_PARTS, gap=3),
    Compound("sexual", _SEXUAL, TOUCHING, UNDER_CLOTHES, gap=2),
    Compound("sexual", _SEXUAL, GROPING, (*PERSONS, "each other"), gap=2, object_only=True),
    Compound("graphic_violence", _GORE, TEARING, BODY_PARTS),
    Compound("graphic_violence", _GORE, TEAR_VERBS, tuple(f"{part} {how}" for part in BODY_PARTS
                                                           for how in ("out", "off")), gap=3),
    Compound("graphic_violence", _GORE, LIMBS, TORN_OFF, gap=2),
    Compound("graphic_violence", _GORE, EATING, INNARDS, gap=4),  # 'feasting on a man's entrails'
    Compound("graphic_violence", _GORE, INNARDS, SPILT, gap=2),
    Compound("graphic_violence", _GORE, CUTTING_THROUGH, PEOPLE, gap=2),
    # violence against people: threatened, killed, stabbed, shot, wounded, or a child hurt
    Compound("violent_threats", _THREATS, tuple(f"{intent} {verb}" for intent in INTENT
                                                for verb in ("kill", "murder", "stab", "strangle", "slaughter")),
             VICTIMS, gap=2),
    Compound("violent_threats", _THREATS, tuple(f"{intent} shoot" for intent in INTENT), VICTIMS, gap=2,
             unless=PHOTOGRAPHY, unless_unarmed=True),
    Compound("graphic_violence", _GORE, KILLING, VICTIMS, gap=2, adjective_between=True),
    Compound("graphic_violence", _GORE, SHOOTING, VICTIMS, gap=2, unless=PHOTOGRAPHY, unless_unarmed=True,
             adjective_between=True),
    Compound("graphic_violence", _GORE, SHOOTERS, FIRING, gap=0, unless=TARGET_PRACTICE),
    Compound("graphic_violence", _GORE, WOUNDED, tuple(f"in {whose} {place}" for whose in ("the", "his", "her", "their")
                                                        for place in WOUND_PLACES), gap=2),
    Compound("graphic_violence", _GORE, CHILD_HARM, CHILDREN, gap=1, unless=(*GAMES, *SENT_AWAY, *FONDNESS),
             object_only=True),
    Compound("graphic_violence", _GORE, KILLED, ("to death",), gap=0),
    Compound("graphic_violence", _GORE, ("shot", "gunned"), ("dead",), gap=0),
    Compound("graphic_violence", _GORE, ("burned", "burnt", "burning", "buried"), ("alive",), gap=0),
    Compound("graphic_violence", _GORE, TO_PIECES, ("to pieces", "into pieces", "to bits", "limb from limb"), gap=0),
    # cruelty that the words of killing do not name: burned, crucified, cut apart, tortured, left to die
    Compound("graphic_violence", _GORE, BURNING, ALIVE, gap=3),
    Compound("graphic_violence", _GORE, SETTING_ALIGHT, ON_FIRE, gap=2),
    Compound("graphic_violence", _GORE, (*SET_FIRE_TO, *FUEL_POURED), (*PERSONS, "him", "her"), gap=2,
             object_only=True),
    Compound("graphic_violence", _GORE, PERSONS, ("crucified",), gap=1),
    Compound("graphic_violence", _GORE, CRUCIFYING, NAILED_TO, gap=2),
    Compound("graphic_violence", _GORE, PERSONS, LEFT, gap=3),
    Compound("graphic_violence", _GORE, CHILDREN, DEADLY_PLACES, gap=0),
    Compound("graphic_violence", _GORE, SHUT_IN, (*DEADLY_PLACES, *HOT_CARS), gap=1),
    Compound("graphic_violence", _GORE, SKULL_BREAKING, SKULL_BROKEN, gap=3),
    Compound("graphic_violence", _GORE, ("skull", "skulls", "head", "heads"), BROKEN_OPEN, gap=0),
    Compound("graphic_violence", _GORE, CUTTING, CUT_APART, gap=3),
    Compound("graphic_violence", _GORE, CUTTING, THROATS, gap=3),
    Compound("graphic_violence", _GORE, CUT_OFF, PERSONS_PARTS, gap=2),
    Compound("graphic_violence", _GORE, SKINNED, (*PERSONS, *PERSONS_PARTS), gap=2, object_only=True),
    Compound("graphic_violence", _GORE, PERSONS_PARTS, HOT_PLACES, gap=2),
    Compound("graphic_violence", _GORE, TOOLS_USED, PERSONS_PARTS, gap=5),
    Compound("graphic_violence", _GORE, HACKING_AT, PERSONS, gap=2, object_only=True),
    Compound("graphic_violence", _GORE, BLADE_THROUGH, CROWDS, gap=3, adjective_between=True),
    Compound("graphic_violence", _GORE, CUT_UP, CUT_UP_WHOM, gap=2, object_only=True, adjective_between=True),
    Compound("graphic_violence", _GORE, PUT_TO_THE_SWORD, ("to the sword",), gap=1),
    # cruelty by fire, water and bare hands: burned at the stake, drowned, smothered, strangled, shaken
    Compound("graphic_violence", _GORE, (*PERSONS, "him", "her"), AT_THE_STAKE, gap=2),
    Compound("graphic_violence", _GORE, PERSONS, DOUSED, gap=2),
    Compound("graphic_violence", _GORE, PERSONS, SET_ALIGHT, gap=1),
    Compound("graphic_violence", _GORE, (*PERSONS, "him", "her"), INTO_FIRE, gap=0),
    Compound("graphic_violence", _GORE, CONSUMING, (*PERSONS, "him"), gap=1, within=FIRES),
    Compound("graphic_violence", _GORE, PERSONS, CONSUMED, gap=1),
    Compound("graphic_violence", _GORE, DROWNING, VICTIMS, gap=1, object_only=True),
    Compound("graphic_violence", _GORE, PERSONS, DROWNED, gap=0, within=("by",), unless=FONDNESS),
    Compound("graphic_violence", _GORE, SMOTHERING, SMOTHERED_WITH, gap=None),
    Compound("graphic_violence", _GORE, PUSHING_DOWN, HEAD_UNDER, gap=3),
    Compound("graphic_violence", _GORE, PERSONS, HELD_UNDER, gap=1),
    Compound("graphic_violence", _GORE, SQUEEZING, NECKS, gap=5),
    Compound("graphic_violence", _GORE, SHAKING, CHILDREN, gap=2, unless=SHAKEN_FOR_FUN, object_only=True),
    Compound("graphic_violence", _GORE, DRAGGING, BY_THE_HAIR, gap=4),
    # harm said by what is done: a pillow over a face, held under until still, a bound man thrown in,
    # a baby alone slipping under, a hot iron on an arm, boiling water over a child, poison in a drink
    Compound("graphic_violence", _GORE, FIRE_TAKING, TAKEN, gap=0),
    Compound("graphic_violence", _GORE, SMOTHERING_OVER, FACES, gap=3, unless=AT_PLAY),
    Compound("graphic_violence", _GORE, SMOTHERING_HANDS, FACES_NAMED, gap=3, unless=AT_PLAY),
    Compound("graphic_violence", _GORE, PUSHING_DOWN, HELD_BENEATH, gap=2),
    Compound("graphic_violence", _GORE, STOPPED, SMOTHERED_NEAR, gap=None),
    Compound("graphic_violence", _GORE, THROWING, WEIGHTED_WHOM, gap=3, object_only=True, adjective_between=True,
             within=TO_DROWN),
    Compound("graphic_violence", _GORE, WEIGHTED_WHOM, WEIGHTED, gap=1),
    Compound("graphic_violence", _GORE, PERSONS, LOCKED_IN_BOOT, gap=1),
    Compound("graphic_violence", _GORE, INFANTS, SINKING, gap=None, within=UNWATCHED),
    Compound("graphic_violence", _GORE, HOT_TOOLS_ON, BODIES_NAMED, gap=4),
    Compound("graphic_violence", _GORE, BURNING_PERSONS, BODIES_NAMED, gap=3, object_only=True),
    Compound("graphic_violence", _GORE, BODIES_NAMED, FLAMES_OVER, gap=0),
    Compound("graphic_violence", _GORE, HOT_LIQUIDS, (*VICTIMS, *BODIES_NAMED), gap=2, object_only=True,
             adjective_between=True),
    Compound("graphic_violence", _GORE, POISONS, POISONED, gap=5),
    # harm to oneself said by what is done: fumes in a sealed room, a blade across one's thigh, a ledge
    Compound("self_harm", _SELF_HARM, HOT_TOOLS_ON, OWN_BODY, gap=1),
    Compound("self_harm", _SELF_HARM, SEALED_ROOMS, FUMES, gap=None),
    Compound("self_harm", _SELF_HARM, BLADE_ACROSS, OWN_SKIN, gap=1),
    Compound("self_harm", _SELF_HARM, CARVING, CARVED_INTO, gap=3),
    Compound("self_harm", _SELF_HARM, EDGES, FOR_GOOD, gap=None),
    Compound("self_harm", _SELF_HARM, LYING, ON_THE_TRACKS, gap=1),
    # sex said by what the hands do
    Compound("sexual", _SEXUAL, HANDS_IN, CLOTHES_WORN, gap=2, unless=POCKETS),
    Compound("sexual", _SEXUAL, (*HANDS, *TOUCHING), BETWEEN_LEGS, gap=3),
    Compound("sexual", _SEXUAL, STRADDLING, (*PERSONS, "him", "her"), gap=2, object_only=True, within=HIPS_MOVING),
    Compound("sexual", _SEXUAL, PRIVATE_PLACES, MET_ONLINE, gap=None, minor_only=True),
    # harm by putting someone in danger or leaving them there: shut in with no air or food, a baby in a
    # bin bag, a hand on a hot grill, locked out in the snow, pushed off a cliff, poison drunk or added
    Compound("graphic_violence", _GORE, CONFINING, CONTAINERS, gap=7, within=DEPRIVED),
    Compound("graphic_violence", _GORE, BABIES, BINNED, gap=1, unless=YOUNG_ANIMALS),
    Compound("graphic_violence", _GORE, HURT_PARTS, (*HOT_SURFACES, *SCALDING), gap=2),
    Compound("graphic_violence", _GORE, OUT_IN_THE_COLD_PEOPLE, OUT_IN_THE_COLD, gap=0, within=LOCKED_OUT,
             unless=WARMED),
    Compound("graphic_violence", _GORE, SHUTTING, HOT_ROOMS, gap=2, within=INSIDE),
    Compound("graphic_violence", _GORE, FALLERS, FALLS, gap=0, within=PUSHING, unless=RESCUED),
    Compound("graphic_violence", _GORE, POISONED, POISONS_ADDED, gap=1),
    Compound("graphic_violence", _GORE, EXHAUSTS, SLOTS, gap=None),
    Compound("self_harm", _SELF_HARM, INGESTING, HOUSEHOLD_POISONS, gap=2, adjective_between=True),
    # cruelty to animals
    Compound("graphic_violence", _GORE, ANIMAL_HARM, ANIMALS, gap=2, adjective_between=True,
             unless=(*RIDDEN, *FONDNESS)),
    Compound("graphic_violence", _GORE, PETS, DEADLY_PLACES, gap=0),
    Compound("graphic_violence", _GORE, FIREWORKS, ANIMAL_PARTS, gap=3),
    Compound("graphic_violence", _GORE, DOGS_SET_ON, SET_ON_WHOM, gap=2),
    Compound("graphic_violence", _GORE, EXPOSED_WHOM, EXPOSED, gap=1, within=WITHOUT_WATER),
    # dangerous challenges and suicide foretold
    Compound("self_harm", _SELF_HARM, CHOKING, PASSING_OUT, gap=None),
    Compound("self_harm", _SELF_HARM, ON_THE_ROOF_OF, MOVING_VEHICLES, gap=1),
    Compound("self_harm", _SELF_HARM, GIVING_AWAY, LAST_WALK, gap=None),
    Compound("self_harm", _SELF_HARM, PURGING, STAYING_THIN, gap=None),
    Compound("self_harm", _SELF_HARM, HIDING, WOUNDS_HIDDEN, gap=3, adjective_between=True,
             unless=FIRST_AID),
    # sex in other words
    Compound("sexual", _SEXUAL, GOING_DOWN_ON, GONE_DOWN_ON, gap=1, object_only=True),
    Compound("sexual", _SEXUAL, PLEASURING, PLEASURED, gap=1, object_only=True),
    Compound("sexual", _SEXUAL, tuple(f"{pair} {verb}" for pair in PAIRS for verb in PAIR_EUPHEMISMS), LOVE_PLACES,
             gap=1),
)

MINOR_TERMS = (
    "child", "children", "childs", "kid", "kids", "kiddie*", "minor", "minors", "underage*", "under age",
    "teen", "teens", "teenage*", "preteen*", "pre teen*", "tween", "tweens", "schoolgirl*", "schoolboy*",
    "school girl*", "school boy*", "schoolkid*", "little girl*", "little boy*", "young girl*", "young boy*",
    "young looking girl*", "young looking boy*", "middle school*", "elementary school*", "grade school*",
    "primary school*", "kindergarten*", "girl scout*", "boy scout*", "toddler*", "baby", "babies",
    "infant*", "young pupil*", "young student*", "altar boy*", "loli", "lolis", "lolita*", "shota*", "jailbait",
    "barely legal",
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
    "bare body", "nu", "nue", "nus", "nues", *GROPING, "private parts",
    *(f"{touch} {whose} {body}" for touch in ("touch", "touches", "touching", "touched") for whose in ("her", "his")
      for body in ("body", "bare body", "private parts", "privates")),
    *(f"{verb} {whose}{what}" for verb in ("take off", "takes off", "taking off", "removes", "remove",
                                            "removing", "pulls off", "pulls down")
      for whose in ("her ", "his ", "their ", "your ", "all her ", "all his ", "all ")
      for what in ("clothes", "swimsuit", "underwear")),
    *UNZIPPING, *DOING_THINGS, *TOUCHED_IN_SECRET,
)
"""Words that are not sexual on their own ("lingerie", "undressing"; French 'nu') but are next
to a minor."""

