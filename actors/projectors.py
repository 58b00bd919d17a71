"""A Ray actor that keeps every read model current, each projection on its own thread (and the
remix holds that follow reviewers' removals: safety.review.holds).

The API also catches projections up after each command (read-after-write); the actor keeps them
current for writes made elsewhere (other API replicas, the generation chain, the CLI). Both are
safe at once: a projector batch locks its checkpoint row, so no event is applied twice.
"""

from __future__ import annotations

import threading

import ray

from cluster.read_models import all_projections, feed_index_of
from cluster.settings import Settings
from events import KeyVault, Projector, open_store
from safety.review import ReviewProjection, remix_holds_after


class ProjectorHost:
    """Runs all projections against the store of `settings` until `stop()`."""

    def __init__(self, settings: Settings, poll_interval: float = 0.5) -> None:
        self.store = open_store(settings.database_url)
        vault = KeyVault(self.store.engine)
        self.projectors = [Projector(self.store, p) for p in all_projections(vault, feed_index_of(settings))]
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(
                target=p.run_forever, args=(self._stop,), kwargs={"poll_interval": poll_interval},
                name=f"projector-{p.projection.name}", daemon=True,
            )
            for p in self.projectors
        ]
        review = next(p for p in self.projectors if p.projection.name == ReviewProjection.name)
        self._threads.append(threading.Thread(  # what it holds reads held at once: the review catches up after it
            target=remix_holds_after(self.store, self.projectors).run_forever, args=(self._stop,),
            kwargs={"poll_interval": poll_interval, "then": review.catch_up}, name="remix-holds", daemon=True))
        for thread in self._threads:
            thread.start()

    def checkpoints(self) -> dict[str, int]:
        """Each projection's checkpoint, and the log's head under the key "_head"."""
        positions = {p.projection.name: p.checkpoint() for p in self.projectors}
        positions["_head"] = self.store.last_position()
        return positions

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)
        self.store.engine.dispose()


def start_projector_host(settings: Settings) -> ray.actor.ActorHandle:
    """Start the ProjectorHost as a Ray actor (no CPU reserved: it mostly waits)."""
    remote = ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=-1)(ProjectorHost)
    return remote.options(name="reelworld-projectors", get_if_exists=True).remote(settings)
