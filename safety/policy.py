"""The content policy as data: categories, who they apply to, exemplar prompts and blocked terms.

Each category has exemplars (what a violating prompt reads like, for the embedding layer) and
terms (unambiguous words and phrases, for the lexical layer; a '*' at a word's end or start
makes it a stem: 'behead*', '*porn*'). Compounds block two lists' terms said together (a group
and a hostile phrase; the shapes of both are in categories.py); minors.py holds the words that
make up the rule on sexual content with a minor. The word lists that terms and compounds are built from are in
lexicon.py, cruelty.py (cruelty by fire, water and bare hands), implied.py (harm said by what is
done: a pillow over a face, fumes in a sealed garage, a hand up a skirt) and endangerment.py
(someone put in danger or left there: shut in with no air, pushed off a cliff, bleach swallowed;
cruelty to animals; dangerous challenges; grooming in other words), exposure.py (left out in a
storm or the desert, a dog in a hot car, a child dosed to sleep, a blade in the bath) and dares.py
(dangerous challenges described without their names); what reads like harm and is not (everyday phrases,
accidents, the benign exemplars) is in everyday.py. Categories with `teen_only=True` are blocked for teen accounts
only. The evaluation prompts in tests/safety are written separately and never appear here.
"""

from __future__ import annotations

from safety.categories import Category, Compound
from safety.cruelty import (
    AT_THE_STAKE, BY_THE_HAIR, CONSUMED, CONSUMING, CUT_UP, CUT_UP_WHOM, DOUSED, DRAGGING, DROWNED, DROWNING,
    FIRES, HEAD_UNDER, HELD_UNDER, INTO_FIRE, NECKS, PUSHING_DOWN, PUT_TO_THE_SWORD, SET_ALIGHT, SHAKEN_FOR_FUN,
    SHAKING, SMOTHERED_WITH, SMOTHERING, SQUEEZING,
)
from safety.dares import (
    AEROSOLS, BUSY_ROADS, CROSSING, DISPENSED, DRESSED, FROST_BURNS, LAST_MOMENT, LEGS_AWAY, LIGATURES, MEDICINES,
    MID_JUMP, OUT_OF_CARS, PILL_HEAPS, RAILS, ROADKILL, STILL_MOVING, STUNTS, SWEEPING, TIGHT_ROUND_NECKS, TRAINS,
)
from safety.endangerment import (
    ALONE_WITH_A_CHILD, ANIMAL_HARM, ANIMAL_PARTS, ANIMALS, BINNED, CHALLENGES, CHOKING, CONFINING, CONTAINERS,
    DEPRIVED, DOGS_SET_ON, EXHAUSTS, EXPOSED, EXPOSED_WHOM, FALLERS, FALLS, FIREWORKS, FIRST_AID,
    GIVING_AWAY, GOING_DOWN_ON, GONE_DOWN_ON, HIDDEN_WOUNDS, HIDING, HOT_ROOMS, HOT_SURFACES, HOUSEHOLD_POISONS,
    HURT_PARTS, IN_OWN_MESS, INFANTS as BABIES, INGESTING, INSIDE, KEPT_SECRET, LAST_WALK, LOCKED_OUT,
    MOVING_VEHICLES, ON_THE_ROOF_OF, OUT_IN_THE_COLD, OUT_IN_THE_COLD_PEOPLE, PAIR_EUPHEMISMS, PASSING_OUT, PETS,
    PLAIN_GAMES, PLEASURED, PLEASURING, POISONS_ADDED, PURGING, PUSHING, RESCUED, RIDDEN, SCALDING, SECRET_GAMES,
    SET_ON_WHOM, SEX_POSITIONS, SHUTTING, SLOTS, STAYING_THIN, WARMED, WHAT_IS_DONE,
    WITHOUT_WATER, WOUNDS_HIDDEN, YOUNG_ANIMALS,
)
from safety.exposure import (
    ABANDONED, ABANDONING, BATH_COLOURS, BATHS, BLADES, CHOSEN_DAYS, HARSH, HEAT, HOARDING, HOSES, IN_CARS,
    KEPT_UNDER, OUT_OF_DOORS, PELTED, PELTING, REDDENED_WATER, ROOMS_REACHED, SEDATIVES, SHELTERED, SHUT_IN_PETS,
)
from safety.implied import (
    AT_PLAY, BETWEEN_LEGS, BLADE_ACROSS, BODIES_NAMED, BURNING_PERSONS, CARVED_INTO, CARVING, CLOTHES_WORN,
    EDGES, EXHAUST_HOSE, FACES, FACES_NAMED, FIRE_TAKING, FLAMES_OVER, FOR_GOOD, FUMES, HANDS, HANDS_IN,
    HEADBOARD, HELD_BENEATH, HIPS_MOVING, HOT_LIQUIDS, HOT_TOOLS_ON, INFANTS, LOCKED_IN_BOOT, LYING, MET_ONLINE,
    ON_THE_TRACKS, OWN_BODY, OWN_SKIN, POCKETS, POISONED, POISONS, PRIVATE_PLACES, SEALED_ROOMS, SINKING,
    SMOTHERED_NEAR, SMOTHERING_HANDS, SMOTHERING_OVER, STOPPED, STRADDLING, TAKEN, THROWING, TO_DROWN, UNTIL_STILL,
    UNWATCHED, WEIGHTED, WEIGHTED_WHOM,
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
         "a roll in the hay", "a bit of how s your father", "bit of how s your father", "bit of hows your father",
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
    Compound("sexual", _SEXUAL, tuple(f"{verb} it {on}" for verb in GET_FORMS for on in ("on", "together")),
             LOVE_PLACES, gap=1),
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
    Compound("sexual", _SEXUAL, SECRET_GAMES, ALONE_WITH_A_CHILD, gap=None, unless=PLAIN_GAMES, minor_only=True),
    Compound("sexual", _SEXUAL, WHAT_IS_DONE, KEPT_SECRET, gap=7, minor_only=True),
    # dangerous challenges without their names
    Compound("self_harm", _SELF_HARM, LIGATURES, TIGHT_ROUND_NECKS, gap=2, unless=DRESSED),
    Compound("self_harm", _SELF_HARM, PILL_HEAPS, MEDICINES, gap=2, unless=DISPENSED),
    Compound("self_harm", _SELF_HARM, CROSSING, RAILS, gap=1, within=LAST_MOMENT, also_within=TRAINS),
    Compound("self_harm", _SELF_HARM, LYING, BUSY_ROADS, gap=2, unless=ROADKILL),
    Compound("self_harm", _SELF_HARM, SWEEPING, LEGS_AWAY, gap=2, within=MID_JUMP),
    Compound("self_harm", _SELF_HARM, OUT_OF_CARS, STILL_MOVING, gap=None, unless=STUNTS),
    Compound("self_harm", _SELF_HARM, AEROSOLS, FROST_BURNS, gap=None),
    # exposure, a dog in a hot car, a child dosed to sleep, exhaust into a room
    Compound("graphic_violence", _GORE, ABANDONING, ABANDONED, gap=3, object_only=True, within=OUT_OF_DOORS,
             also_within=HARSH, unless=SHELTERED),
    Compound("graphic_violence", _GORE, CONFINING, SHUT_IN_PETS, gap=2, object_only=True, within=IN_CARS,
             also_within=HEAT),
    Compound("graphic_violence", _GORE, SEDATIVES, KEPT_UNDER, gap=6, within=CHILDREN),
    Compound("graphic_violence", _GORE, HOSES, EXHAUSTS, gap=None, within=ROOMS_REACHED),
    Compound("graphic_violence", _GORE, PELTING, PELTED, gap=2),
    # a blade in the bath as the water reddens, pills hoarded for a chosen day
    Compound("self_harm", _SELF_HARM, BLADES, REDDENED_WATER, gap=None, within=BATHS, unless=BATH_COLOURS),
    Compound("self_harm", _SELF_HARM, HOARDING, MEDICINES, gap=3, within=CHOSEN_DAYS),
)
