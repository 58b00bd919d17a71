"""`reelworld up` with Ray deploys the generation chain on Ray Serve, and a generation asked
for over HTTP is published through it; stopping up takes the application down cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.cluster.local_cluster import ROOT, free_port

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]  # Serve starts seven replicas: minutes on 2 busy cores


def call(url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    headers = {"content-type": "application/json", **({"authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(), headers=headers,
                                     method="GET" if body is None else "POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_for(condition, timeout_s: float, what: str, process: subprocess.Popen):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"reelworld up exited while waiting for {what}")
        try:
            if value := condition():
                return value
        except OSError:
            pass
        time.sleep(0.5)
    pytest.fail(f"no {what} within {timeout_s:.0f} s")


def test_up_runs_generations_on_the_serve_chain(tmp_path):
    # The installation's own default model (an untrained checkpoint's flat frames would be
    # blocked as degenerate), at few steps.
    port = free_port()
    env = {**os.environ, "REELWORLD_HOME": str(tmp_path / "home"), "REELWORLD_PORT": str(port),
           "HF_HUB_OFFLINE": "1",
           "REELWORLD_CHAIN": json.dumps({"standard_steps": 5, "high_steps": 5, "size": 256, "guidance": 1.0})}
    for name in ("REELWORLD_DATABASE_URL", "RAY_ADDRESS", "REELWORLD_MEDIA_URL", "REELWORLD_WEIGHTS_DIR"):
        env.pop(name, None)
    cli = [sys.executable, "-m", "api.cli"]
    log_path = tmp_path / "up.log"
    # Its output goes to a file: a pipe nobody reads while it runs fills up and blocks the server.
    with log_path.open("w") as log:
        up = subprocess.Popen([*cli, "up"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: call(f"{base}/healthz")[0] == 200, 300, "/healthz", up)
        invite = subprocess.run([*cli, "admin", "invite"], cwd=ROOT, env={**env, "COLUMNS": "200"},
                                capture_output=True, text=True, timeout=120, check=True)
        code = invite.stdout.split("│ ")[1].split()[0]
        assert call(f"{base}/v1/auth/signup", {"invite_code": code, "handle": "maya", "password": "a long passphrase",
                                               "birth_year": 1994})[0] == 201
        token = call(f"{base}/v1/auth/login", {"handle": "maya", "password": "a long passphrase"})[1]["token"]
        status, asked = call(f"{base}/v1/generations", {"prompt": "a red ball bounces in a gym"}, token)
        assert status == 202, asked
        url = f"{base}/v1/generations/{asked['generation_id']}"
        done = wait_for(lambda: (g := call(url, token=token)[1])["status"] not in ("queued", "running") and g,
                        600, "the generation's end", up)
        assert done["status"] == "published", done
        assert done["model"] == "world32-h100"
    finally:
        if up.poll() is None:
            up.send_signal(signal.SIGINT)
    up.wait(timeout=120)
    output = log_path.read_text()
    assert up.returncode == 0, output
    assert "Ray Serve, application reelworld-chain (deployed now)" in output
    assert "Traceback" not in output
