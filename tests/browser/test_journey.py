"""The web client in a real browser: headless Chromium (from the npm registry's
@sparticuz/chromium, driven by puppeteer-core; nothing downloaded from elsewhere) on a running
`reelworld up --no-ray`, through a person's journey (journey.mjs): a guardian and a teen sign
up with invites and link, the guardian sets controls with quiet hours, the teen reads them,
chooses quiet hours of their own and makes their character from an uploaded capture; the
guardian's violent prompt is blocked, she appeals, and a reviewer overturns it in the Review tab.
Screenshots are kept in out/browser/ (phone-sized, and one desktop).

Marked `browser` (run with `make test-browser`): it installs its node packages into
tests/browser/node_modules with `npm ci` the first time, which needs node, npm and the npm
registry."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.capture_fixtures import make_capture
from tests.cli.test_up import _free_port, wait_until_healthy

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "out" / "browser"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def node_packages() -> Path:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.fail("node and npm are needed for the browser tests (apt install nodejs npm)")
    if not (HERE / "node_modules" / "puppeteer-core").is_dir():
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
    return HERE / "node_modules"


@pytest.fixture
def reelworld(tmp_path):
    """A running `reelworld up --no-ray` on a free port: (base URL, its environment)."""
    port = _free_port()
    env = {**os.environ, "REELWORLD_HOME": str(tmp_path / "home"), "REELWORLD_PORT": str(port),
           "HF_HUB_OFFLINE": "1"}
    env.pop("REELWORLD_DATABASE_URL", None)
    process = subprocess.Popen([sys.executable, "-m", "api.cli", "up", "--no-ray"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_healthy(process, f"http://127.0.0.1:{port}", 120)
        yield f"http://127.0.0.1:{port}", env
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_guardian_and_a_teen_link_set_controls_and_make_a_character_in_a_real_browser(
        node_packages, reelworld, tmp_path):
    base, env = reelworld
    invited = subprocess.run([sys.executable, "-m", "api.cli", "admin", "invite", "--count", "3"], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=120)
    assert invited.returncode == 0, invited.stderr
    *codes, reviewers = re.findall(r"│ ([A-Za-z0-9_-]{12,}) │", invited.stdout)
    assert len(codes) == 2, invited.stdout
    signed = urllib.request.urlopen(urllib.request.Request(  # the reviewer the operator appoints
        f"{base}/v1/auth/signup", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"invite_code": reviewers, "handle": "rita", "password": "correct horse battery",
                         "birth_year": 1980}).encode()), timeout=30)
    assert signed.status == 201
    appointed = subprocess.run([sys.executable, "-m", "api.cli", "admin", "reviewer", "add", "rita"], cwd=ROOT,
                               env=env, capture_output=True, text=True, timeout=120)
    assert appointed.returncode == 0, appointed.stdout + appointed.stderr
    capture = tmp_path / "me.mp4"
    capture.write_bytes(make_capture(size=96, seconds=3.0))
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    ran = subprocess.run(["node", str(HERE / "journey.mjs"), base, str(OUT), *codes, str(capture)], cwd=HERE,
                         capture_output=True, text=True, timeout=300)
    lines = [line for line in ran.stdout.splitlines() if line.startswith("{")]
    assert lines, ran.stdout + ran.stderr
    seen = json.loads(lines[-1])
    assert ran.returncode == 0 and "failed" not in seen, (seen.get("failed", ran.stderr), seen.get("error_line"),
                                                          seen.get("status_line"), seen.get("file_chosen"),
                                                          seen["errors"])
    assert seen["errors"] == [], "the page logged errors"
    assert len(seen["steps"]) == 9, seen["steps"]
    assert "Generations a day: 3" in seen["teen_controls"]
    assert any(c.startswith("Quiet hours: 21:30 to 07:00 (Europe/Paris)") for c in seen["teen_controls"])
    assert seen["quiet_summary"].startswith("Yours: 05:30 to 08:00 (Europe/Paris). Your guardian's: 21:30 to 07:00")
    assert seen["character"][0] == "Name: kid (what a generation's characters name it by)"
    assert "Who may use it: Only me" in seen["character"]
    assert "Prompt: a man stabbing his wife in the kitchen" in seen["appeal_case"]
    assert "Their note: “a scene from a play; nobody is hurt”" in seen["appeal_case"]
    assert len(seen["screenshots"]) == 9 and all(Path(p).stat().st_size > 5_000 for p in seen["screenshots"])
