"""Ray actors and Serve deployments hosting the domain: the projector actor (projectors.py), the
generation chain on Serve (chain.py, composed once; application.py is what Serve configs
import) and its sampler pool (sampler.py: models by name, batching); the feed ranker is next.

Imports the domain packages and Ray; must not import api/. Importing the package does not
import Serve: import actors.chain for the chain.
"""

from actors.projectors import ProjectorHost, start_projector_host

__all__ = ["ProjectorHost", "start_projector_host"]
