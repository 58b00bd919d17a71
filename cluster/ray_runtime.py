"""Ray bootstrap: an embedded local Ray by default, or the cluster named by RAY_ADDRESS.

Everything that starts Ray goes through `start_ray`, so that the laptop and the cluster differ
only in Settings.
"""

from __future__ import annotations

import os

import msgspec
import ray

from cluster.settings import Settings


class RayInfo(msgspec.Struct, frozen=True):
    address: str
    embedded: bool
    cpus: float
    gpus: float


def start_ray(settings: Settings, *, num_cpus: int | None = None) -> RayInfo:
    """Join `settings.ray_address` when set, else start a local Ray with no dashboard.

    Raises ConnectionError (from Ray) when the named cluster cannot be reached.
    """
    if not ray.is_initialized():
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        if settings.ray_address:
            ray.init(address=settings.ray_address, log_to_driver=False)
        else:
            ray.init(
                num_cpus=num_cpus or os.cpu_count() or 1,
                include_dashboard=False,
                log_to_driver=False,
            )
    resources = ray.cluster_resources()
    return RayInfo(
        address=ray.get_runtime_context().gcs_address,
        embedded=settings.ray_address is None,
        cpus=resources.get("CPU", 0.0),
        gpus=resources.get("GPU", 0.0),
    )


def stop_ray() -> None:
    if ray.is_initialized():
        ray.shutdown()
