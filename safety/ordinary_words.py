"""Ordinary English that a disguise check would otherwise take for a disguised term.

The lists were made by `python -m safety.make_ordinary_words` from an English dictionary
(Debian's wamerican word list) and a list of frequent English word pairs (SymSpell's bigrams of
Google Books), and are regenerated when the terms or the names in policy.py change:
- NEAR_NAME_WORDS: every dictionary word within the edit budget (names.edit_budget) of a word of
  a name in policy.PUBLIC_FIGURES ('hangs' of hanks, 'weekend' of weeknd, 'tailor' of taylor),
  or that sounds like one (names.sound: 'pit' of pitt, 'jolly' of jolie), and, for a one-word
  name ('ronaldo'), the given names and surnames near it ('ronald'). None is read as a misspelt
  name on its own.
- SPLIT_PHRASES: the ways to cut a word that the lexical layer would join back (text.split_words)
  into dictionary words that are ordinary English: two words that make a frequent pair ('be
  heading', 'put in') or a reviewed one ('only fans', 'be head'), and any three. None is joined
  ('top less' and 'mass acre' are not here, and are).
- BOUND_PHRASES: frequent pairs whose first word is no dictionary word and ends a cut of a
  term's word after a dictionary word ('tai chi', after the 'hen' of 'hen tai'): before the
  pair's second word, the cut is not joined ('hen tai chi': a hen doing tai chi). Some pairs are the
  web's ('pic gallery'); they only keep a cut apart that is no word anyone would hide.
- NAME_LIKE_PHRASES: the full names with the surname's last letter dropped that are ordinary
  phrases too ('tiger wood', the timber; not 'bill gate'), reviewed one by one: never read as
  the name.

Data only.
"""

NEAR_NAME_WORDS: frozenset[str] = frozenset((
    "addle", "adela", "agates", "angel", "angels", "anniston", "argot", "ark", "baden", "bales", "ball",
    "banks", "bard", "bark", "barrack", "barren", "bars", "bast", "bates", "bead", "beady", "beasts",
    "beat", "beats", "beeves", "bell", "belt", "beryl", "best", "bibles", "bidden", "bide", "bided",
    "bides", "bidet", "bike", "bikes", "bile", "bilges", "bilk", "bilks", "billies", "bills", "billy",
    "bites", "blast", "blot", "boast", "boat", "bobs", "bola", "bold", "bole", "boles", "boll", "bolts",
    "bong", "bonny", "book", "boot", "bores", "bot", "bout", "bozos", "bra", "brads", "brag", "braid",
    "brake", "bran", "brand", "brandy", "bras", "brat", "bray", "brayed", "bread", "breast", "bred",
    "broad", "bruise", "brunt", "buffet", "buffets", "bull", "can", "carry", "cars", "chad", "chain",
    "chant", "chap", "char", "charges", "chat", "chin", "clack", "clan", "clank", "clarke", "clerk", "cobs",
    "cock", "coke", "color", "colt", "condor", "conk", "coo", "cooke", "cooks", "cooky", "cool", "coon",
    "coop", "coos", "coot", "cope", "cork", "crook", "cruised", "cruiser", "cruises", "cruz", "curie",
    "curly", "curvy", "dacron", "dames", "dark", "dates", "deal", "deep", "dept", "dike", "dill", "ding",
    "dog", "doggy", "dogs", "dolt", "donor", "dope", "doug", "downed", "downer", "downy", "drakes", "drape",
    "durante", "dusk", "ears", "east", "eking", "emanuel", "eon", "erring", "est", "fates", "feast",
    "felon", "fest", "files", "fill", "fobs", "foods", "francs", "freedman", "freemen", "frump", "funny",
    "furry", "gag", "gage", "gages", "gags", "gala", "gales", "games", "gapes", "gases", "gate", "gated",
    "gazes", "genus", "gill", "gobs", "gong", "goods", "gook", "goslings", "grad", "grade", "grand",
    "grandee", "grander", "grands", "grange", "grates", "gunny", "hacks", "hairstyles", "hairy", "hands",
    "hang", "hangs", "hank", "hanky", "hardy", "hark", "harks", "harpy", "harries", "hates", "hawks",
    "heal", "heir", "helps", "henna", "hike", "hilary", "hill", "hing", "hobs", "honks", "honor", "hoods",
    "hook", "hope", "hung", "hunks", "hurry", "husk", "ill", "jabs", "jacky", "jades", "jambs", "jams",
    "japes", "jars", "jenifer", "jest", "jibs", "jinxing", "job", "jog", "jogs", "johnie", "johnnie",
    "jolly", "jolt", "jots", "joying", "joys", "justine", "kane", "kaye", "kerr", "khan", "kill", "kin",
    "kind", "kings", "kink", "kook", "lacy", "lad", "laddie", "lade", "ladonna", "lads", "lames", "lark",
    "lay", "lazy", "least", "lemma", "lest", "like", "lineal", "lip", "lips", "lira", "loaf", "lobe",
    "lobs", "long", "look", "lope", "macaron", "macarons", "macon", "macro", "macrons", "macros",
    "madonnas", "mads", "maggot", "make", "mans", "maps", "mar", "marble", "mare", "mares", "marks",
    "marmot", "marry", "marsh", "mart", "marts", "mas", "mask", "mass", "mates", "matron", "mats", "maws",
    "mayors", "meal", "melon", "menus", "merrill", "mess", "messy", "mice", "mick", "micron", "miked",
    "mikes", "mile", "miles", "mill", "mime", "mine", "mire", "mite", "mitt", "mobs", "mod", "mode", "mods",
    "molt", "moods", "moody", "mope", "muck", "murk", "muse", "mush", "musky", "muss", "must", "names",
    "nark", "nasal", "natal", "naval", "near", "neat", "neil", "nell", "nest", "nick", "nicks", "nikki",
    "nodal", "nook", "nope", "nova", "novae", "novas", "oaf", "oars", "organ", "park", "parry", "pars",
    "paschal", "pates", "peal", "peeves", "pest", "pike", "piles", "pill", "ping", "pint", "pipe", "pit",
    "pita", "pith", "pits", "pity", "poke", "pole", "pone", "poop", "pop", "popes", "pops", "pore", "pose",
    "prance", "price", "princes", "putt", "raga", "rake", "ran", "ranks", "raphael", "rascal", "rates",
    "real", "reeve", "reeved", "rest", "riles", "rill", "ring", "roan", "robby", "robe", "robs", "rogers",
    "ronald", "roods", "rook", "rope", "rover", "rower", "rump", "runny", "rusk", "saga", "saith", "sames",
    "sates", "scarlet", "schools", "scoop", "scoot", "scot", "scout", "scurry", "seal", "senna", "serene",
    "shanks", "shift", "sieve", "sift", "sill", "simon", "sing", "sloop", "smit", "smite", "smiths",
    "smithy", "snoops", "snoopy", "snoot", "sobs", "song", "stales", "stammer", "staph", "starker",
    "starter", "stave", "steep", "step", "steps", "stiles", "stoles", "stoop", "stove", "street", "strep",
    "styes", "style", "styled", "stylus", "sundae", "sunder", "sunk", "sunny", "swifts", "swill", "swoop",
    "tailor", "tames", "tanks", "tarry", "tars", "teal", "test", "than", "thanks", "thump", "tier",
    "tigers", "tike", "tiles", "till", "timer", "ting", "tollgates", "tong", "took", "tramp", "tromp",
    "trumps", "tunny", "tusk", "twill", "vars", "veal", "vector", "vends", "venous", "vents", "venue",
    "venues", "vest", "victors", "victory", "volt", "wall", "wanks", "warden", "warred", "warrens", "wars",
    "weal", "weekend", "weest", "weft", "weir", "well", "welt", "went", "wept", "wet", "wets", "whelps",
    "widen", "wild", "wile", "wiles", "wills", "wilt", "wily", "wing", "wist", "wood", "woodsy", "woody",
    "woofs", "woos", "words", "wrest", "yanks", "yeast", "yest", "zeal", "zest", "zing",
))

SPLIT_PHRASES: frozenset[str] = frozenset((
    "a live", "a round", "an gel a", "an is ton", "angel in a", "attack a", "attack as", "attack i on",
    "attack in gs", "bang i on", "bang in gs", "be he ad", "be he add", "be he ado", "be he ads", "be head",
    "be headed", "be heading", "be heads", "be heady", "behead i on", "behead in gs", "blow job",
    "blow jobs", "bomb i on", "bomb in gs", "breast i on", "breast in gs", "bum pi on", "bum pl ed",
    "bum pp ed", "bump i on", "bump in gs", "creak i on", "creak in gs", "deepfake i on", "deepfake in gs",
    "disembowel i on", "disembowel in gs", "dismember i on", "dismember in gs", "em in em", "erotic i on",
    "erotic in gs", "fa in ting", "fake i on", "fake in gs", "fl ay ed", "for ea rm", "fore a rm",
    "fr an cis", "free man", "girl friend", "ha a land", "hand job", "hand jobs", "harm i on", "harm in gs",
    "he ad board", "he ms worth", "he rs elf", "her self", "hi ms elf", "just in", "knock i on",
    "knock in gs", "ma ho mes", "massacre i on", "massacre in gs", "mess i", "mod i", "moles ti on",
    "molest i on", "molest in gs", "mu ti lat", "mu ti late", "mu ti later", "mu ti lats", "my self",
    "only fans", "orgasm i on", "orgasm in gs", "overdose i on", "overdose in gs", "pen is", "porn i on",
    "porn in gs", "posit i on", "put in", "ques ti on", "quest i on", "slam mi on", "slam ml ed",
    "so i led", "strip tease", "subhuman i on", "subhuman in gs", "suit a", "suit i on", "suit in gs",
    "swap i on", "swap in gs", "three so me", "threesome i on", "threesome in gs", "thump i on",
    "thump in gs", "ti mo thee", "us a in", "vulva i on", "vulva in gs", "we a pond", "we a pone",
    "we a pones", "we a pony", "weapon i on", "weapon in gs", "will i am", "your self",
))

BOUND_PHRASES: frozenset[str] = frozenset((
    "les details", "les plus", "les sims", "pic free", "pic galleries", "pic gallery", "pic gay",
    "pic picture", "pic post", "tai chi", "turing machine",
))

NAME_LIKE_PHRASES: frozenset[str] = frozenset((
    "tiger wood",
))
