"""Safety: the prompt classifier, output checks, likeness consent (safety.likeness: who may put
whose character in a video) and human review (safety.review: appeals of blocked prompts, decided
by the reviewers the operator appoints).

Domain code: must not import api/, actors/ or Ray. The generation chain calls
`PromptClassifier.classify(prompt, teen=...)` before sampling and `check_output(...)` after.
"""

from safety.output import Finding, OutputVerdict, check_output
from safety.prompts import PromptClassifier, Verdict

__all__ = ["Finding", "OutputVerdict", "PromptClassifier", "Verdict", "check_output"]
