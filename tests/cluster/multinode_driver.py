"""The driver of the multi-node test, run in its own process (the test session has its own Ray):
`python -m tests.cluster.multinode_driver ADDRESS HOME`.

It joins the cluster at ADDRESS, deploys the chain with the sampler asking for half a GPU,
requests a generation, kills the sampler replica while it samples, and prints one JSON line:
the GPU node, where each sampling attempt ran, and how the generation ended.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

import ray
from ray import serve

from actors.chain import build_chain
from events import ManualClock
from events.generation import GenerationFailed, VideoPublished
from generation.jobs import GenerationOrder, generation_stream
from generation.jobs.models import FixedCatalog
from tests.cluster.serve_fixtures import TINY_CHAIN, NotingModels, write_tiny_weights
from tests.fixtures_db import join, make_settings
from tests.jobs.fixtures import chain_runtime, tiny_model


def wait_for(condition, timeout_s: float, what: str):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise TimeoutError(f"no {what} within {timeout_s:.0f} s")


def main(address: str, home: Path) -> dict:
    ray.init(address=address, log_to_driver=False)
    nodes = wait_for(lambda: [n for n in ray.nodes() if n["Alive"]] if len(
        [n for n in ray.nodes() if n["Alive"]]) == 2 else None, 120, "two live nodes")
    gpu_node = next(n["NodeID"] for n in nodes if n["Resources"].get("GPU"))
    write_tiny_weights(home / "weights", "tiny-a")
    notes = home / "notes"
    runtime = chain_runtime(home, ManualClock(), None, models=FixedCatalog({"tiny-a": tiny_model}))
    settings = make_settings(home, runtime.settings.database_url)
    serve.start(proxy_location="Disabled")
    handle = serve.run(build_chain(settings, models=NotingModels(home / "weights", notes, delay_s=4.0),
                                   config=TINY_CHAIN, sampler_gpus=0.5), name="chain", route_prefix=None)
    gid = runtime.generations.request(join(runtime, "alice"), GenerationOrder(prompt="a red ball drops", model="tiny-a"))
    response = handle.remote(gid)
    first = wait_for(lambda: sorted(notes.glob("*.json")), 300, "sampling")[0]
    victim = json.loads(first.read_text())
    os.kill(victim["pid"], signal.SIGKILL)  # the sampler replica dies mid-request
    status = response.result(timeout_s=600)
    stream = [r.event for r in runtime.store.read_stream(generation_stream(gid))]
    serve.shutdown()
    runtime.close()
    return {
        "gpu_node": gpu_node, "status": status, "killed": victim["pid"],
        "attempts": [json.loads(p.read_text()) for p in sorted(notes.glob("*.json"))],
        "published": sum(isinstance(e, VideoPublished) for e in stream),
        "failures": [e.reason for e in stream if isinstance(e, GenerationFailed)],
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]))), flush=True)
