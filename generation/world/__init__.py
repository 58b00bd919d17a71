"""The simulated world: ScenePlan, the pymunk sandbox, scenario families, rendering, samples.

Public entry points: `generation.world.plan` (ScenePlan, caption), `generation.world.generate`
(generate, simulate), `generation.world.scenarios` (all_families, get_family) and
`generation.world.dataset` (the Ray Data job). Must not import api/ or actors/.
"""

from generation.world.plan import (
    Action,
    Camera,
    DialogueLine,
    ObjectSpec,
    ScenePlan,
    Shot,
    caption,
)

__all__ = ["Action", "Camera", "DialogueLine", "ObjectSpec", "ScenePlan", "Shot", "caption"]
