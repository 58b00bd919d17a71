"""Ray bootstrap (embedded local Ray, or RAY_ADDRESS), Serve config, cluster manifests, settings.

Must not import api/. Importing this package does not import Ray: `cluster.ray_runtime` does.
"""

from cluster.settings import Settings, load_settings

__all__ = ["Settings", "load_settings"]
