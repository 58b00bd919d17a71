"""Ray bootstrap: an embedded local Ray by default, or the cluster named by RAY_ADDRESS.

Everything that starts Ray goes through `start_ray`, so that the laptop and the cluster differ
only in Settings.
"""

from __future__ import annotations

import os
import socket

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

    Raises ConnectionError when the named cluster cannot be reached.
    """
    if not ray.is_initialized():
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        if settings.ray_address:
            check_reachable(settings.ray_address)
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


def check_reachable(address: str, timeout_s: float = 5.0) -> None:
    """Raise ConnectionError unless `address` (host:port or ray://host:port) takes a TCP
    connection within `timeout_s`: ray.init would otherwise retry for minutes. Addresses of
    another form ("auto", "local") are left to Ray."""
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not (sep and host and port.isdigit()):
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout_s).close()
    except (OSError, OverflowError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ConnectionError(f"cannot reach the Ray cluster at {address}: {reason}") from None


def stop_ray() -> None:
    if ray.is_initialized():
        ray.shutdown()
