"""A Ray cluster of two nodes on this machine, started the way an operator starts one: a head
and a worker, each a `ray start --block` process, the worker declaring logical GPUs. A driver
joins it with `env` (which carries the cluster's address-free settings and its auth token).

Every port is a free one picked here (not Ray's defaults), and the cluster keeps its files in
its own temp dir, so it runs beside the test session's own Ray (and anyone else's) without
touching it. `stop()` ends exactly the process groups it started: never `ray stop`, which would
end every Ray on the machine.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAY = Path(sys.executable).with_name("ray")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def node_ports(worker_base: int) -> list[str]:
    """`ray start` options that put every listening socket of one node on a port picked here."""
    return [
        f"--node-manager-port={free_port()}", f"--object-manager-port={free_port()}",
        f"--dashboard-agent-listen-port={free_port()}", f"--dashboard-agent-grpc-port={free_port()}",
        f"--runtime-env-agent-port={free_port()}", f"--metrics-export-port={free_port()}",
        f"--min-worker-port={worker_base}", f"--max-worker-port={worker_base + 199}",
    ]


class LocalCluster:
    """A head (`head_cpus`, no GPU) and a worker (`worker_cpus`, `worker_gpus` logical GPUs and
    the custom resources `worker_resources`), both on 127.0.0.1; logs under `tmp`, Ray's
    session files under a short temp dir of its own (Unix socket paths are short)."""

    def __init__(self, tmp: Path, *, head_cpus: int = 4, worker_cpus: int = 2, worker_gpus: int = 2,
                 worker_resources: dict[str, float] | None = None) -> None:
        self.tmp, self.head_cpus, self.worker_cpus, self.worker_gpus = tmp, head_cpus, worker_cpus, worker_gpus
        self.worker_resources = worker_resources or {}
        self.port = free_port()
        self.ray_dir = Path(tempfile.mkdtemp(prefix="rw-ray-"))
        self.processes: list[subprocess.Popen] = []
        # Token authentication with a token of its own: every process of this cluster (nodes,
        # driver) gets it from `env`, nothing is read from or written to ~/.ray.
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "RAY_USAGE_STATS_ENABLED": "0",
                    "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
                    "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32)}
        self.env.pop("RAY_ADDRESS", None)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 120.0) -> LocalCluster:
        """Start the head, wait for its GCS to listen, then start the worker. Raises
        TimeoutError (after stopping what it started) when the head never listens."""
        base = random.Random().randrange(30000, 59000, 200)
        common = ["--block", "--disable-usage-stats", "--object-store-memory=100000000",
                  "--node-ip-address=127.0.0.1", f"--temp-dir={self.ray_dir}"]
        self._spawn("head", ["start", "--head", f"--port={self.port}", f"--num-cpus={self.head_cpus}", "--include-dashboard=false",
                             "--num-gpus=0", f"--ray-client-server-port={free_port()}", *common,
                             *node_ports(base)])
        try:
            self._wait_listening(self.port, timeout_s)
        except TimeoutError:
            self.stop()
            raise
        self._spawn("worker", ["start", f"--address={self.address}", f"--num-cpus={self.worker_cpus}",
                               f"--num-gpus={self.worker_gpus}", f"--resources={json.dumps(self.worker_resources)}",
                               *common, *node_ports(base + 200)])
        return self

    def _spawn(self, name: str, args: list[str]) -> None:
        log = (self.tmp / f"{name}.log").open("wb")
        # A session of its own: stop() signals the whole group, raylet and workers included.
        self.processes.append(subprocess.Popen([str(RAY), *args], env=self.env, cwd=ROOT, stdout=log,
                                               stderr=subprocess.STDOUT, start_new_session=True))

    def _wait_listening(self, port: int, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                raise TimeoutError(f"`ray start` exited early; see {self.tmp}/head.log")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.2)
        raise TimeoutError(f"the head did not listen on {port} within {timeout_s:.0f} s")

    def stop(self, grace_s: float = 30.0) -> None:
        """SIGTERM each `ray start` (it ends the node's processes), then SIGKILL whatever is
        left of its process group."""
        for process in reversed(self.processes):
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + grace_s
        for process in reversed(self.processes):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal_group(process, signal.SIGKILL)
            process.wait(timeout=10)
        self.processes.clear()
        shutil.rmtree(self.ray_dir, ignore_errors=True)

    def __enter__(self) -> LocalCluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass
