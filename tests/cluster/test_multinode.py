"""A cluster of two nodes started with `ray start` (a head without GPUs, a worker declaring two
logical GPUs): the sampler, asking for half a GPU, runs on the GPU node with a GPU of its own
from Ray; killing its replica mid-request ends the generation (published, or failed and
recorded), never stuck.

The driver runs in a subprocess (the session's Ray stays as it is); the nodes listen on ports
picked free and are stopped by their process groups whatever the test's outcome.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.cluster.local_cluster import ROOT, LocalCluster

pytestmark = pytest.mark.slow


def test_the_sampler_lands_on_the_gpu_node_and_a_killed_replica_never_leaves_a_stuck_job(tmp_path):
    with LocalCluster(tmp_path, head_cpus=4, worker_cpus=2, worker_gpus=2,
                      worker_resources={"sampler_node": 1}) as cluster:
        run = subprocess.run([sys.executable, "-m", "tests.cluster.multinode_driver", cluster.address,
                              str(tmp_path / "home")], cwd=ROOT, env=cluster.env, capture_output=True,
                             text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    print(json.dumps(result, indent=1))  # shown with -s: where each attempt ran, how it ended

    assert result["attempts"], "the sampler never ran"
    for attempt in result["attempts"]:  # the killed replica and its replacement alike
        assert attempt["node"] == result["gpu_node"]
        assert len(attempt["gpus"]) == 1  # half a GPU: Ray hands the replica one GPU id to share
    assert result["attempts"][0]["pid"] == result["killed"]
    assert result["status"] in ("published", "failed")
    if result["status"] == "published":
        assert result["published"] == 1 and len(result["attempts"]) >= 2  # sampled again, once published
    else:
        assert result["published"] == 0 and result["failures"]  # a recorded failure
