"""Every read model of the system, in one list: what the API, the projector actor and the CLI
all run, so that none of them forgets one.
"""

from __future__ import annotations

from events import KeyVault, Projection
from generation.jobs import GenerationsProjection
from safety.likeness import likeness_projections
from safety.review import ReviewProjection
from social import social_projections


def all_projections(vault: KeyVault) -> list[Projection]:
    return [*social_projections(vault), GenerationsProjection(), *likeness_projections(vault), ReviewProjection()]
