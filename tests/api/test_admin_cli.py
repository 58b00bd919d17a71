"""`reelworld admin invite`: codes made on the command line let people sign up."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from api.commands.admin import app
from api.runtime import open_runtime
from cluster.settings import load_settings
from tests.fixtures_db import fast_hasher


def test_admin_invite_prints_codes_that_let_people_sign_up(tmp_path, monkeypatch):
    monkeypatch.setenv("REELWORLD_HOME", str(tmp_path))
    monkeypatch.delenv("REELWORLD_DATABASE_URL", raising=False)
    result = CliRunner().invoke(app, ["invite", "--count", "2", "--ttl-days", "3"])
    assert result.exit_code == 0, result.output
    codes = re.findall(r"\b[A-Za-z0-9]{16}\b", result.output)
    assert len(codes) == 2
    runtime = open_runtime(load_settings(), hasher=fast_hasher())
    try:
        for i, code in enumerate(codes):
            runtime.accounts.sign_up(invite_code=code, handle=f"person{i}", password="password123", birth_year=1990)
    finally:
        runtime.close()


def test_admin_invite_refuses_a_count_out_of_range(tmp_path, monkeypatch):
    monkeypatch.setenv("REELWORLD_HOME", str(tmp_path))
    result = CliRunner().invoke(app, ["invite", "--count", "0"])
    assert result.exit_code != 0


def test_admin_release_guardian_ends_a_teens_guardianship(tmp_path, monkeypatch):
    from tests.fixtures_db import join

    monkeypatch.setenv("REELWORLD_HOME", str(tmp_path))
    monkeypatch.delenv("REELWORLD_DATABASE_URL", raising=False)
    runtime = open_runtime(load_settings(), hasher=fast_hasher())
    try:
        teen, fake = join(runtime, "kid", birth_year=2011), join(runtime, "kids_alt")
        runtime.guardians.confirm_link(teen, runtime.guardians.start_link(fake).code)
    finally:
        runtime.close()
    result = CliRunner().invoke(app, ["release-guardian", "kid"])
    assert result.exit_code == 0 and "guardianship ended" in result.output, result.output
    again = CliRunner().invoke(app, ["release-guardian", "kid"])
    assert again.exit_code == 1 and "@kid has no guardian" in again.output
    runtime = open_runtime(load_settings(), hasher=fast_hasher())
    try:
        assert runtime.guardians.current_controls(teen) is None
        runtime.guardians.confirm_link(teen, runtime.guardians.start_link(join(runtime, "mum")).code)
    finally:
        runtime.close()
