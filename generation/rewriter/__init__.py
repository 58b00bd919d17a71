"""The prompt rewriter: free text -> ScenePlan + training-style caption (see rewriter.py).

Domain code: must not import api/, actors/ or Ray.
"""

from generation.rewriter.parse import Mapping
from generation.rewriter.rewriter import NothingToMake, PromptError, PromptRewriter, Rewrite, canonical_style

__all__ = ["Mapping", "NothingToMake", "PromptError", "PromptRewriter", "Rewrite", "canonical_style"]
