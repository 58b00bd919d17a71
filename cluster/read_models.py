"""Every read model of the system, in one list: what the API, the projector actor and the CLI
all run, so that none of them forgets one.
"""

from __future__ import annotations

from events import KeyVault, Projection
from generation.jobs import GenerationsProjection
from recsys.index import FeedIndex
from recsys.projection import FeedProjection
from safety.likeness import likeness_projections
from safety.review import ReviewProjection
from social import social_projections


def all_projections(vault: KeyVault, feed_index: FeedIndex | None = None) -> list[Projection]:
    """The projections; `feed_index` is the vector index that follows the posts (None: the
    posts' read model only, the index entries left listed for a process that has it)."""
    return [*social_projections(vault), GenerationsProjection(), *likeness_projections(vault), ReviewProjection(),
            FeedProjection(vault.engine, feed_index)]


def feed_index_of(settings) -> FeedIndex:  # noqa: ANN001 - cluster.settings.Settings
    """The vector index of posted videos under `settings.lancedb_dir`, with the shared embedder."""
    from recsys.embeddings import shared_embedder

    return FeedIndex(settings.lancedb_dir, shared_embedder())
