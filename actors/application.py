"""The generation chain as `serve build`, `serve run` and `serve deploy` import it:
`actors.application:app`, an application built from REELWORLD_* settings alone.

Knobs go through the Serve config, not through application arguments (`serve build` takes an
application, not a builder): replicas, autoscaling, GPUs and batch sizes per deployment, and
the application's runtime_env env_vars for Settings (REELWORLD_DATABASE_URL, REELWORLD_HOME,
REELWORLD_WEIGHTS_DIR, REELWORLD_CHAIN). Importing this module builds the application graph
only: no model, database or Ray connection is opened until Serve starts the replicas.
"""

from actors.chain import build_chain
from cluster.settings import load_settings

app = build_chain(load_settings())
