"""Ray actors and Serve deployments hosting the domain: projector actors (now), the generation
chain, the sampler pool and the feed ranker (next).

Imports the domain packages and Ray; must not import api/.
"""

from actors.projectors import ProjectorHost, start_projector_host

__all__ = ["ProjectorHost", "start_projector_host"]
