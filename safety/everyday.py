"""What reads like harm and is not: everyday phrases that hold a blocked term (SAFE_PHRASES),
the mishaps whose harm is no self-harm (ACCIDENTS), a photographer's shooting (CAMERA_PEOPLE),
and the benign exemplars (BENIGN) that describe what the app is for, so that "shoot the ball"
sits nearer to sport than to violence.

Data only; the classifier (prompts.py) sets these phrases aside before it reads a prompt.
"""

from __future__ import annotations

from safety.lexicon import DANCES, DISASTERS, GET_FORMS, LIMBS, ON_WHAT, REFLEXIVE, WOUND_PLACES

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
    *(f"{verb} {who} a {piece}" for verb in ("cut", "cuts", "cutting") for who in REFLEXIVE
      for piece in ("slice", "piece")),
    *(f"{verb} {who} laughing" for verb in ("kill", "kills", "killing") for who in REFLEXIVE),
    # an accident is no self-harm ('falls and hurts himself'), nor is an idiom
    *(f"{mishap} and hurt* {who}" for mishap in ("fall*", "fell", "trip*", "slip*", "crash*")
      for who in REFLEXIVE),
    *(f"shoot* {who} in the foot" for who in REFLEXIVE),
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
    # a few of something, a family's ancestry: no couple, no family harmed ('killing a couple of hours')
    "a couple of", "couple of", "family tree*",
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
    *(f"horizontal {dance} {what}" for dance in DANCES
      for what in ("move*", "step*", "spin*", "routine*", "class*", "lesson*", "floor*", "competition*",
                   "battle*", "style*", "trick*", "pose*", "video*", "tutorial*", "team*", "crew*")),
    # a toy's limbs, and the innards of a fish, a fowl, a pumpkin or a sweet, are no one's
    *(f"{toy}{joint} {limb}" for toy in (*_TOYS, *_FOOD_ANIMALS) for joint in (" s", " with his", " with her")
      for limb in LIMBS),
    *(f"its {limb}" for limb in LIMBS),  # a person's limbs are 'his', 'her', 'their'
    *(f"{limb} of {a} {thing}" for limb in ("head", "heads", "legs", "skin") for a in ("a", "the")
      for thing in _FOOD_ANIMALS),
    *(f"{thing} {innard}" for thing in (*_FOOD_ANIMALS, "gummy", "candy", "chocolate", "jelly", "sugar")
      for innard in ("guts", "innards", "brains", "organs", "s guts", "s innards", "s brains")),
    *(f"{part} {of} {a} {thing}" for part in ("guts", "innards", "organs", "brains", "heart", "eyes", "insides")
      for of in ("of", "out of", "from") for a in ("a", "the", "his", "her", "their") for thing in _FOOD_ANIMALS),
    # a place named after a part of the body is no wound ('in the heart of paris', 'in the back of the net')
    *(f"in the {place} of" for place in WOUND_PLACES if place != "back"), "in the back of the net",
    "in the back of the goal",
    # a look, a message or kindness is what is shot or killed with ('she shot him a dirty look')
    *(f"{verb} {whom} a {what}" for verb in ("shoot", "shoots", "shooting", "shot")
      for whom in ("him", "them", "me", "us", "her")
      for what in ("look", "glance", "glare", "smile", "grin", "wink", "text", "message", "note", "line", "email",
                   "dirty look", "quick look", "quick text", "quick message")),
    *(f"kill* {whom} with kindness" for whom in ("him", "them", "her", "me", "us", "everyone")),
    # 'get it on' with an object is the words' plain sense: 'getting it on the first try', 'got it on video'
    *(f"{verb} it on {what}" for verb in GET_FORMS for what in ON_WHAT),
    # undressing a toy or stripping a wall is not a suggestive word next to a child
    *(f"undress* {whose} {toy}" for whose in ("her", "his", "their", "my", "the", "a") for toy in _TOYS),
    *(f"strip* off {what}" for what in _STRIPPED),
    # a voice drowned out, the breast of a bird and a swimming stroke are no one drowned nor touched
    *(f"{drown} out" for drown in ("drown", "drowns", "drowning", "drowned")),
    *(f"{bird} breast*" for bird in ("chicken", "turkey", "duck", "goose", "pheasant", "quail", "pigeon", "robin")),
    *(f"breast {what}" for what in ("feed*", "fed", "milk", "cancer", "pump*", "stroke", "pocket*", "plate*", "bone",
                                    "exam*")),
    # a storm, a quake or a disease that killed people is news, not an attack
    *(f"{disaster} {link}{verb}" for disaster in DISASTERS
      for link in ("", "that ", "which ", "has ", "that has ", "which has ", "had ", "that had ")
      for verb in ("kill", "kills", "killed", "killing")),
    *(f"killed {by} {the}{disaster}" for by in ("by", "in") for the in ("the ", "a ", "")
      for disaster in DISASTERS),
)
"""Everyday phrases that hold a blocked term ("suicide sprints at practice", "a gore-tex
jacket"): the lexical layer reads the prompt without them, the embedding layer without their
blocked words ("a nude-coloured sofa" as "a coloured sofa")."""
CAMERA_SENSE = {"shoot": "photograph", "shoots": "photographs", "shooting": "photographing"}
CAMERA_PEOPLE = (
    "photographer", "photographers", "photog", "photogs", "cameraman", "cameramen", "camerawoman", "camerawomen",
    "camera operator", "camera operators", "videographer", "videographers", "cinematographer", "cinematographers",
    "filmmaker", "filmmakers", "film maker", "film makers", "paparazzi", "paparazzo",
    *(f"{kind} {crew}" for kind in ("film", "camera", "tv", "television", "news", "documentary", "video")
      for crew in ("crew", "crews", "team", "teams")),
)
"""Shooting right after one of these, at most a word between ('a photographer shooting people on
the street', 'a film crew busy shooting a crowd scene'), is a camera's: the embedding layer reads
it so ('a photographer photographing people'), as the lexical layer already does, unless
something armed or the harm itself is in the prompt (lexicon.ARMED). A camera elsewhere in the
prompt ('shooting people in a crowd, documentary footage') changes nothing."""
ACCIDENTS = tuple(f"{verb} {where}" for verb in ("fall*", "fell", "trip*", "slip*", "stumbl*", "tumbl*")
                  for where in ("off", "down", "over", "from", "on")) + ("crash* into", "wipe* out", "wiped out")
ACCIDENTAL_HARM = tuple(f"and {verb} {who}" for verb in ("hurt*", "cut*", "burn*") for who in REFLEXIVE)
ACCIDENT_GAP = 3
"""A mishap and what it did, at most ACCIDENT_GAP words apart ("a kid falls off his bike and hurts
himself", "slips on the ice and cuts herself"): the lexical layer reads the prompt without the
harm, which is no self-harm (the embedding layer still reads it all)."""

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
    # work with blades and saws, storms and wild animals: no one is hurt
    "a woodcutter splitting logs with an axe in the forest", "a surgeon operating on a patient in a hospital",
    "slicing bread with a serrated knife on a wooden board", "a strong wind blowing umbrellas and hats away",
    "a storm tearing the shingles off houses along the coast",
    "a wildlife documentary of a predator feeding on its prey",
    # parents and children at play and in comfort
    "a parent hugging and comforting a crying toddler", "a dad playfully lifting his laughing baby into the air",
    "a parent giving first aid to a choking baby",
    # a candle in a quiet room and a sleeping baby are a calm home
    "a lit candle flickering on a table in a cosy room", "a baby asleep in a cot in a quiet nursery",
    # video games and their players: the enemies, zombies and deaths are make-believe
    "friends playing a first-person shooter video game online", "a video game hero fighting a horde of zombies",
    "a streamer laughing and screaming at a jump scare in a horror game",
    # cooking with a knife and taking a vitamin are no self-harm
    "a teenager chopping vegetables with a kitchen knife for dinner",
    "taking a daily vitamin pill with a glass of juice at breakfast",
    # a film set: the crowd is extras; a photo shoot on a roof is no stunt
    "a film crew filming extras in a crowd scene for a movie",
    "a photo shoot for a fashion magazine on a city rooftop",
    # a rescue from the water and a dive off a jetty are no self-harm; a treat for oneself is no sex
    "a lifeguard swimming out to save a swimmer in trouble in the sea",
    "friends jumping off a wooden jetty into a lake on a summer day",
    "a woman treating herself to a new dress and a coffee in town",
    "breakfast in bed on a tray on a lazy sunday morning",
    # a parent at bath time, and a stunt performer burning under a safety crew's eye
    "a parent wrapping a child in a towel and drying her hair after a bath",
    "a stuntman in a fireproof suit set on fire for a film stunt while the safety crew stands by",
    # getting ready: a spot covered before school, legs shaved in the bath, sunscreen at the beach
    "dabbing concealer on a spot before school", "a woman shaving her legs in the bath",
    "a boy rubbing sunscreen on his chest at the beach",
    # a couple at a film or at yoga is no sex
    "a couple watching a film on the sofa", "a couple doing yoga together on a balcony",
    # hikers sharing a bunk, a shelter's bed for a runaway, dancing by the car on the drive
    "hikers sleeping top to tail in a bunk at a youth hostel",
    "a shelter worker giving a homeless teenager a hot dinner and a bed for the night",
    "a teen dancing next to the family car on the driveway to music",
)
