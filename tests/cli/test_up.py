"""`reelworld up` end to end: a real server, real Ray, real HTTP, then a clean stop."""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    """A port free now, outside both the range the OS hands out for port 0 (where the Ray that
    `up` starts puts its own gRPC servers, so it could take the port before the API binds it:
    the health check then read a gRPC server's bytes) and Ray's worker ports (10002-19999)."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for port in random.sample(range(20_000, min(low, 32_768)), 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and the ephemeral range")


def _get(url: str, token: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _post(url: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"content-type": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def wait_until_healthy(process: subprocess.Popen, base: str, seconds: float) -> None:
    """Wait until the `reelworld up` of `process` answers 200 at `base`/healthz; fail the test
    with its output when it exits first, or when it does not answer within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"reelworld up exited early:\n{process.stdout.read() if process.stdout else ''}")
        try:
            if _get(f"{base}/healthz")[0] == 200:
                return
        except (OSError, http.client.HTTPException):  # not listening yet, or not yet ours
            time.sleep(0.3)
    process.kill()
    pytest.fail(f"reelworld up did not answer /healthz within {seconds:g} s")


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = {**os.environ, "REELWORLD_HOME": str(tmp_path), "REELWORLD_PORT": str(port)}
    env.pop("REELWORLD_DATABASE_URL", None)
    env.pop("RAY_ADDRESS", None)
    cli = [sys.executable, "-m", "api.cli"]
    process = subprocess.Popen(
        [*cli, "up"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_healthy(process, base, 180)
    yield base, env, cli, process
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def test_up_serves_the_api_with_ray_and_stops_cleanly(server):
    base, env, cli, process = server
    invite = subprocess.run([*cli, "admin", "invite"], cwd=ROOT, env={**env, "COLUMNS": "200"},
                            capture_output=True, text=True, timeout=120, check=True)
    code = invite.stdout.split("│ ")[1].split()[0]
    status, body = _post(f"{base}/v1/auth/signup", {
        "invite_code": code, "handle": "maya", "password": "a long passphrase", "birth_year": 1994,
    })
    assert status == 201, body
    status, body = _post(f"{base}/v1/auth/login", {"handle": "maya", "password": "a long passphrase"})
    assert status == 200, body
    status, me = _get(f"{base}/v1/me", body["token"])
    assert (status, me["handle"]) == (200, "maya")
    status, problem = _get(f"{base}/v1/me")
    assert status == 401 and problem["status"] == 401 and problem["detail"]

    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=90)
    assert process.returncode == 0, output
    assert "Reelworld is up" in output and "projectors running" in output
    assert "Traceback" not in output


def test_up_at_a_ray_address_that_takes_no_connection_fails_at_once(tmp_path):
    env = {**os.environ, "REELWORLD_HOME": str(tmp_path), "RAY_ADDRESS": f"127.0.0.1:{_free_port()}"}
    env.pop("REELWORLD_DATABASE_URL", None)
    result = subprocess.run([sys.executable, "-m", "api.cli", "up"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"cannot reach the Ray cluster at {env['RAY_ADDRESS']}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []  # no database made or migrated for a service that cannot start


def test_up_without_ray_stops_cleanly_on_sigterm(tmp_path):
    port = _free_port()
    env = {**os.environ, "REELWORLD_HOME": str(tmp_path), "REELWORLD_PORT": str(port),
           "REELWORLD_TRUSTED_PROXIES": "10.9.9.9"}
    env.pop("REELWORLD_DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "up", "--no-ray"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_healthy(process, f"http://127.0.0.1:{port}", 120)
        # Login throttling counts the client address a trusted proxy forwards (this machine's by
        # default); from a peer that is not a trusted proxy a forged X-Forwarded-For is ignored,
        # so changing it does not dodge the limit.
        login = f"http://127.0.0.1:{port}/v1/auth/login"
        guess = {"handle": "maya", "password": "not the passphrase"}
        statuses = [_post(login, guess, {"x-forwarded-for": "203.0.113.5"})[0] for _ in range(11)]
        forged = _post(login, guess, {"x-forwarded-for": "203.0.113.6"})[0]
        process.send_signal(signal.SIGTERM)  # what systemd, Docker and Kubernetes send
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert (statuses, forged) == ([401] * 10 + [429], 429)
    assert process.returncode == 0, output
    assert "Reelworld is up" in output and "Reelworld stopped" in output and "Traceback" not in output


def test_a_stop_says_whether_the_chain_worker_ended_within_its_grace():
    import threading

    from api.commands.up import stopped

    stop = threading.Event()
    quick = threading.Thread(target=stop.wait)
    quick.start()
    assert stopped(quick, stop, 5.0) and stop.is_set()
    release = threading.Event()
    busy = threading.Thread(target=release.wait)  # a step that ignores the stop for now
    busy.start()
    try:
        assert not stopped(busy, threading.Event(), 0.05)
    finally:
        release.set()
        busy.join()


def test_a_stop_goes_on_when_the_projectors_do_not_stop_in_time(ray_session, monkeypatch, capsys):
    """Under load the projector actor may not finish its batch within the wait: the stop says
    so in one line and still stops Ray, rather than ending in a traceback."""
    import time

    import cluster.ray_runtime
    from api.commands import up

    @ray_session.remote(num_cpus=0)
    class SlowHost:
        def stop(self) -> None:
            time.sleep(30)

    stopped = []
    monkeypatch.setattr(cluster.ray_runtime, "stop_ray", lambda: stopped.append(True))
    monkeypatch.setattr(up, "PROJECTOR_STOP_S", 0.5)
    service = up.Service.__new__(up.Service)
    service.host_actor, service.deployed = SlowHost.remote(), False
    service.stop_ray()
    assert stopped == [True]
    assert "the projectors did not stop cleanly within 0.5 s (GetTimeoutError)" in capsys.readouterr().out
    ray_session.kill(service.host_actor)
