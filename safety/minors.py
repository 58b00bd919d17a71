"""The words of the rule on sexual content with a minor: a word or an age for a minor, with a
sexual term or a suggestive one (SOFT_SEXUAL), blocks for every account (safety.prompts)."""

from __future__ import annotations

from safety.endangerment import FAVOURS, TOUCHED_IN_SECRET
from safety.implied import DOING_THINGS, UNZIPPING
from safety.lexicon import GROPING

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
    *UNZIPPING, *DOING_THINGS, *TOUCHED_IN_SECRET, *FAVOURS,
)
"""Words that are not sexual on their own ("lingerie", "undressing"; French 'nu') but are next
to a minor."""

