"""The projector actor keeps read models current for writes made by another process."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import ray

from actors import start_projector_host
from cluster.settings import load_settings
from events import Context, open_store
from events.social import InviteIssued


def test_projector_actor_projects_events_written_elsewhere(ray_session, tmp_path):
    settings = load_settings({"REELWORLD_HOME": str(tmp_path)})
    store = open_store(settings.database_url)
    host = start_projector_host(settings)
    try:
        assert ray.get(host.checkpoints.remote(), timeout=120)["_head"] == 0
        invite = InviteIssued(code="probe-code", issuer_id=None, expires_at=datetime.now(UTC) + timedelta(days=1))
        store.append("invite-probe", [invite], context=Context(actor="test"))
        deadline = time.monotonic() + 60
        positions: dict[str, int] = {}
        while time.monotonic() < deadline:
            positions = ray.get(host.checkpoints.remote(), timeout=30)
            if set(positions.values()) == {1}:
                break
            time.sleep(0.1)
        assert set(positions.values()) == {1}, positions
        assert len(positions) > 1  # the head and at least one projection
    finally:
        ray.get(host.stop.remote(), timeout=30)
        ray.kill(host)
        store.engine.dispose()


def test_every_read_model_runs_everywhere(tmp_path):
    from api.runtime import open_runtime
    from cluster.read_models import all_projections
    from events import KeyVault

    settings = load_settings({"REELWORLD_HOME": str(tmp_path)})
    runtime = open_runtime(settings)
    try:
        names = {p.name for p in all_projections(KeyVault(runtime.store.engine))}
        assert {p.projection.name for p in runtime.projectors} == names
        assert any(n.startswith("generation") for n in names) and any(n.startswith("social") for n in names)
    finally:
        runtime.close()
