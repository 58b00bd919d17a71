"""Ordinary English that a disguise check would otherwise take for a disguised term.

Both lists were made from an English dictionary (Debian's wamerican word list) by
`python -m safety.make_ordinary_words`, and are
regenerated when the terms or the names in policy.py change:
- NEAR_NAME_WORDS: every dictionary word within the edit budget (names.edit_budget) of a word of
  a name in policy.PUBLIC_FIGURES ('hangs' of hanks, 'weekend' of weeknd, 'tailor' of taylor),
  and, for a one-word name ('ronaldo'), the given names and surnames near it ('ronald'). None is
  read as a misspelt name.
- SPLIT_PHRASES: every way to cut a word that the lexical layer would join back (text.split_words)
  into two or three dictionary words ('be heading', 'top less', 'put in'). None is joined.

Data only.
"""

NEAR_NAME_WORDS: frozenset[str] = frozenset((
    "addle", "adela", "agates", "angel", "angels", "argot", "ark", "baden", "bales", "ball", "banks",
    "bard", "bark", "barrack", "barren", "bars", "bast", "bates", "bead", "beady", "beasts", "beat",
    "beats", "beeves", "bell", "belt", "beryl", "best", "bibles", "bidden", "bide", "bided", "bides",
    "bidet", "bike", "bikes", "bile", "bilges", "bilk", "bilks", "billies", "bills", "billy", "bites",
    "blast", "blot", "boast", "boat", "bobs", "bola", "bold", "bole", "boles", "boll", "bolts", "bong",
    "bonny", "book", "boot", "bores", "bot", "bout", "bozos", "bra", "brads", "brag", "braid", "brake",
    "bran", "brand", "brandy", "bras", "brat", "bray", "bread", "breast", "bred", "broad", "bruise",
    "brunt", "buffet", "buffets", "bull", "can", "carry", "cars", "chad", "chain", "chant", "chap", "char",
    "charges", "chat", "chin", "clack", "clan", "clank", "clerk", "cobs", "cock", "color", "colt", "condor",
    "conk", "coo", "cooks", "cooky", "cool", "coon", "coop", "coos", "coot", "cope", "cork", "crook",
    "cruised", "cruiser", "cruises", "curly", "curvy", "dacron", "dames", "dark", "dates", "deal", "deep",
    "dept", "dike", "dill", "ding", "dog", "doggy", "dogs", "dolt", "donor", "dope", "downed", "downer",
    "downy", "drakes", "drape", "dusk", "ears", "east", "eking", "eon", "erring", "est", "fates", "feast",
    "felon", "fest", "files", "fill", "fobs", "foods", "francs", "freedman", "freemen", "frump", "funny",
    "furry", "gag", "gage", "gages", "gags", "gala", "gales", "games", "gapes", "gases", "gate", "gated",
    "gazes", "genus", "gill", "gobs", "gong", "goods", "gook", "goslings", "grad", "grade", "grand",
    "grandee", "grander", "grands", "grange", "grates", "gunny", "hacks", "hairstyles", "hairy", "hands",
    "hang", "hangs", "hank", "hanky", "hardy", "hark", "harks", "harpy", "harries", "hates", "hawks",
    "heal", "heir", "helps", "henna", "hike", "hill", "hing", "hobs", "honks", "honor", "hoods", "hook",
    "hope", "hung", "hunks", "hurry", "husk", "ill", "jabs", "jades", "jambs", "jams", "japes", "jars",
    "jest", "jibs", "jinxing", "job", "jog", "jogs", "jolt", "jots", "joys", "kane", "kaye", "khan", "kill",
    "kin", "kind", "kings", "kink", "kook", "lacy", "lad", "lade", "ladonna", "lads", "lames", "lark",
    "lay", "lazy", "least", "lemma", "lest", "like", "lip", "lips", "lira", "loaf", "lobe", "lobs", "long",
    "look", "lope", "macaron", "macarons", "macon", "macro", "macrons", "macros", "madonnas", "mads",
    "maggot", "make", "mans", "maps", "mar", "marble", "mare", "mares", "marks", "marmot", "marry", "marsh",
    "mart", "marts", "mas", "mask", "mass", "mates", "matron", "mats", "maws", "meal", "melon", "menus",
    "mess", "messy", "mice", "micron", "miked", "mikes", "mile", "miles", "mill", "mime", "mine", "mire",
    "mite", "mitt", "mobs", "mod", "mode", "mods", "molt", "moods", "mope", "muck", "murk", "muse", "mush",
    "musky", "muss", "must", "names", "nark", "nasal", "natal", "naval", "near", "neat", "nest", "nick",
    "nicks", "nodal", "nook", "nope", "nova", "novae", "novas", "oaf", "oars", "organ", "park", "parry",
    "pars", "paschal", "pates", "peal", "peeves", "pest", "pike", "piles", "pill", "ping", "pint", "pipe",
    "pit", "pita", "pith", "pits", "pity", "poke", "pole", "pone", "pop", "popes", "pops", "pore", "pose",
    "prance", "price", "princes", "putt", "raga", "rake", "ran", "ranks", "rascal", "rates", "real",
    "reeve", "reeved", "rest", "riles", "rill", "ring", "roan", "robe", "robs", "rogers", "ronald", "roods",
    "rook", "rope", "rover", "rower", "rump", "runny", "rusk", "saga", "saith", "sames", "sates", "scarlet",
    "scoop", "scoot", "scout", "scurry", "seal", "senna", "serene", "shanks", "shift", "sieve", "sift",
    "sill", "sing", "sloop", "smit", "smite", "smiths", "smithy", "snoops", "snoopy", "snoot", "sobs",
    "song", "stales", "stammer", "staph", "starker", "starter", "stave", "steep", "step", "steps", "stiles",
    "stoles", "stoop", "stove", "street", "strep", "styes", "style", "styled", "stylus", "sundae", "sunder",
    "sunk", "sunny", "swifts", "swill", "swoop", "tailor", "tames", "tanks", "tarry", "tars", "teal",
    "test", "than", "thanks", "thump", "tier", "tigers", "tike", "tiles", "till", "timer", "ting",
    "tollgates", "tong", "took", "tramp", "tromp", "trumps", "tunny", "tusk", "twill", "vars", "veal",
    "vector", "vends", "venous", "vents", "venue", "venues", "vest", "victors", "victory", "volt", "wall",
    "wanks", "warden", "warred", "warrens", "wars", "weal", "weekend", "weest", "weft", "weir", "well",
    "welt", "went", "wept", "wet", "wets", "whelps", "widen", "wild", "wile", "wiles", "wills", "wilt",
    "wily", "wing", "wist", "wood", "woodsy", "woody", "woofs", "woos", "words", "wrest", "yanks", "yeast",
    "yest", "zeal", "zest", "zing",
))

SPLIT_PHRASES: frozenset[str] = frozenset((
    "alt man", "an gel a", "an is ton", "angel a", "angel in a", "at tack", "at tack a", "at tack ally",
    "at tack as", "at tack ed", "at tack es", "at tack ion", "at tack ions", "at tack led", "at tack ping",
    "at tacked", "at tacking", "at tackled", "at tackling", "at tacks", "at tacky", "be he ad", "be he add",
    "be he ado", "be he ads", "be head", "be head a", "be head ally", "be head as", "be head ed",
    "be head es", "be head ion", "be head ions", "be head led", "be head ping", "be headed", "be header",
    "be headers", "be heading", "be headings", "be heads", "be heady", "birth day", "ch an", "clean sing",
    "cu ts", "cut ting", "deep fa keen", "deep fa key", "dis member", "dis member a", "dis member ally",
    "dis member as", "dis member ed", "dis member es", "dis member ion", "dis member ions",
    "dis member led", "dis member ping", "dis members", "em in em", "em ma", "fa keen", "fa key",
    "fr an cis", "franc is", "free man", "gag a", "go re", "go sling", "gr eat", "ha a land", "ha rm",
    "ha rm a", "ha rm ally", "ha rm as", "ha rm ed", "ha rm es", "ha rm ion", "ha rm ions", "ha rm led",
    "ha rm ping", "he ms worth", "he rs elf", "hems worth", "hers elf", "hi ms elf", "hims elf", "ho ax",
    "i ed", "i eds", "jam es", "john son", "johns on", "just in", "la ma", "lam a", "lip a", "ma ho mes",
    "ma homes", "ma rs", "mar got", "mas sacred", "mess i", "mod i", "nick i", "no thing", "not hing",
    "only fans", "over dose", "over dose a", "over dose ally", "over dose as", "over dose ed",
    "over dose es", "over dose ion", "over dose ions", "over dose led", "over dose ping", "over dosed",
    "over doses", "overdo sea", "overdo seal", "overdo seas", "overdo see", "overdo see rs", "overdo seed",
    "overdo seen", "overdo seer", "overdo seers", "overdo sees", "pa trick", "pas cal", "pat rick",
    "poi son", "pres sure", "put in", "ques ti on", "quest i on", "quest ion", "rat ed", "re eves",
    "re placement", "sheer an", "shoo ting", "sim one", "step hen", "sub human", "sub human a",
    "sub human ally", "sub human as", "sub human ed", "sub human es", "sub human ion", "sub human ions",
    "sub human led", "sub human ping", "sub humane", "sub humane rs", "sub humaner", "sub humans",
    "them selves", "ti mo thee", "top less", "tor turd", "tort uric", "us a in", "washing ton", "we a pond",
    "we a pone", "we a pones", "we a pony", "we ed", "yours elf",
))
