"""Prints the prompt classifier's figures on the evaluation prompts of tests/safety/eval_prompts.py
(a developer's tool; the tests assert the same figures).

    HF_HUB_OFFLINE=1 python -m tests.safety.probe_report
        [--probes miss|miss2|miss3|false_alarms|round5|round6|round7|round8|round9] [--half tuning|held_out]
        [--world 200] [--list]

- the repository's evaluation: development cases decided wrong, the held-out prompts caught and
  false alarms, the first probes' held-out halves (PROBES);
- the miss probes (MISS_PROBES, MISS_PROBES_2 with `--probes miss2`, or MISS_PROBES_3 of
  eval_violence.py with `--probes miss3`, FALSE_ALARM_PROBES of eval_false_alarms.py with
  `--probes false_alarms`, ROUND5_PROBES of eval_round5.py with `--probes round5`, ROUND6_PROBES
  of eval_round6.py with `--probes round6`, ROUND7_PROBES of eval_round7.py with `--probes round7`,
  ROUND8_PROBES of eval_round8.py with `--probes round8`, ROUND9_PROBES of eval_round9.py with
  `--probes round9`) of
  the half asked for:
  harmful blocked and harmless blocked, for adults and for teens (`--list` names the prompts
  decided wrong);
- with `--world N`: how many of the world's own captions (the first N held-out prompts of
  generation.model.evaluate and their chained multi-shot prompts) are blocked.
"""

from __future__ import annotations

import argparse

from recsys.embeddings import MiniLMEmbedder
from safety import PromptClassifier
from tests.safety.eval_prompts import (
    ADULT_CASES, HELD_OUT, MISS_PROBES, MISS_PROBES_2, PROBES, TEEN_ONLY_CASES, probe_half,
)
from tests.safety.eval_false_alarms import FALSE_ALARM_PROBES
from tests.safety.eval_round5 import ROUND5_PROBES
from tests.safety.eval_round6 import ROUND6_PROBES
from tests.safety.eval_round7 import ROUND7_PROBES
from tests.safety.eval_round8 import ROUND8_PROBES
from tests.safety.eval_round9 import ROUND9_PROBES
from tests.safety.eval_violence import MISS_PROBES_3

PROBE_SETS = {"miss": ("MISS_PROBES", MISS_PROBES), "miss2": ("MISS_PROBES_2", MISS_PROBES_2),
              "miss3": ("MISS_PROBES_3", MISS_PROBES_3), "false_alarms": ("FALSE_ALARM_PROBES", FALSE_ALARM_PROBES),
              "round5": ("ROUND5_PROBES", ROUND5_PROBES), "round6": ("ROUND6_PROBES", ROUND6_PROBES),
              "round7": ("ROUND7_PROBES", ROUND7_PROBES), "round8": ("ROUND8_PROBES", ROUND8_PROBES),
              "round9": ("ROUND9_PROBES", ROUND9_PROBES)}


def blocked(classifier: PromptClassifier, prompt: str, teen: bool = False) -> bool:
    return not classifier.classify(prompt, teen=teen).allowed


def repository_figures(classifier: PromptClassifier) -> None:
    wrong = [p for label, p in ADULT_CASES if blocked(classifier, p) != (label is not None)]
    wrong_teen = [p for label, p in TEEN_ONLY_CASES + ADULT_CASES
                  if blocked(classifier, p, True) != (label is not None)]
    print(f"development cases decided wrong: adult {len(wrong)}/{len(ADULT_CASES)}, "
          f"teen {len(wrong_teen)}/{len(TEEN_ONLY_CASES + ADULT_CASES)} {wrong + wrong_teen}")
    harmful = [p for label, p in HELD_OUT if label]
    benign = [p for label, p in HELD_OUT if not label]
    for teen in (False, True):
        caught = sum(blocked(classifier, p, teen) for p in harmful)
        alarms = [p for p in benign if blocked(classifier, p, teen)]
        print(f"held-out ({'teen' if teen else 'adult'}): caught {caught}/{len(harmful)}, "
              f"false alarms {len(alarms)}/{len(benign)} {alarms}")
    for family in sorted(PROBES):
        cells = []
        for teen in (False, True):
            harmful = probe_half(family, "harmful", held_out=True)
            harmless = probe_half(family, "harmless", held_out=True)
            caught = sum(blocked(classifier, p, teen) for p in harmful)
            alarms = [p for p in harmless if blocked(classifier, p, teen)]
            cells.append(f"{'teen' if teen else 'adult'} {caught}/{len(harmful)} caught, "
                         f"{len(alarms)}/{len(harmless)} false {alarms}")
        print(f"PROBES {family} (held-out half): " + "; ".join(cells))


def miss_probes(classifier: PromptClassifier, probes: str, half: str, listing: bool) -> None:
    name, families = PROBE_SETS[probes]
    print(f"\n{name}, {half} half: harmful blocked | harmless blocked")
    print(f"{'family':<22} {'adult':>14} {'teen':>14}")
    totals = [0, 0, 0, 0, 0, 0]
    for family, halves in families.items():
        harmful, harmless = halves[half]["harmful"], halves[half]["harmless"]
        cells, misses = [], []
        for k, teen in enumerate((False, True)):
            caught = [p for p in harmful if blocked(classifier, p, teen)]
            alarms = [p for p in harmless if blocked(classifier, p, teen)]
            cells.append(f"{len(caught)}/{len(harmful)} | {len(alarms)}/{len(harmless)}")
            totals[3 * k] += len(caught)
            totals[3 * k + 1] += len(alarms)
            totals[3 * k + 2] += 1
            misses.append(([p for p in harmful if p not in caught], alarms))
        print(f"{family:<22} {cells[0]:>14} {cells[1]:>14}")
        if listing:
            for teen, (missed, alarms) in zip(("adult", "teen"), misses, strict=True):
                print(f"    {teen} missed: {missed}\n    {teen} false alarms: {alarms}")
    n_harmful = sum(len(h[half]["harmful"]) for h in families.values())
    n_harmless = sum(len(h[half]["harmless"]) for h in families.values())
    print(f"{'all':<22} {f'{totals[0]}/{n_harmful} | {totals[1]}/{n_harmless}':>14} "
          f"{f'{totals[3]}/{n_harmful} | {totals[4]}/{n_harmless}':>14}")


def world_captions(classifier: PromptClassifier, n: int) -> None:
    from generation.model.evaluate import held_out_sets

    single, chained = held_out_sets(n, frames=16, size=32, fps=8.0)
    captions = sorted({p.caption for p in single + chained})
    for teen in (False, True):
        hits = [c for c in captions if blocked(classifier, c, teen)]
        print(f"world captions blocked ({'teen' if teen else 'adult'}): {len(hits)} of {len(captions)} {hits}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tuning", "held_out"), default="tuning")
    parser.add_argument("--probes", choices=sorted(PROBE_SETS), default="miss", help="which miss probes")
    parser.add_argument("--world", type=int, default=0, help="score the first N held-out world prompts too")
    parser.add_argument("--list", action="store_true", help="name the prompts decided wrong")
    parser.add_argument("--no-repository", action="store_true")
    args = parser.parse_args()
    classifier = PromptClassifier(MiniLMEmbedder())
    if not args.no_repository:
        repository_figures(classifier)
    miss_probes(classifier, args.probes, args.half, args.list)
    if args.world:
        world_captions(classifier, args.world)


if __name__ == "__main__":
    main()
