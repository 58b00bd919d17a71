"""`reelworld admin reviewer add/remove/list`: the operator says who reviews appeals."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from api.commands.admin import app
from api.runtime import open_runtime
from cluster.settings import load_settings
from tests.fixtures_db import fast_hasher, join


@pytest.fixture
def home(tmp_path, monkeypatch):
    """An installation under tmp_path with an adult (ada) and a teen (kid); ada's user id."""
    monkeypatch.setenv("REELWORLD_HOME", str(tmp_path))
    monkeypatch.delenv("REELWORLD_DATABASE_URL", raising=False)
    runtime = open_runtime(load_settings(), hasher=fast_hasher())
    try:
        join(runtime, "kid", birth_year=datetime.now(UTC).year - 14)
        return join(runtime, "ada")
    finally:
        runtime.close()


def _admin(*args: str):  # noqa: ANN202 - click's Result
    return CliRunner().invoke(app, ["reviewer", *args])


def _is_reviewer(user_id: str) -> bool:
    runtime = open_runtime(load_settings(), hasher=fast_hasher())
    try:
        return runtime.reviews.is_reviewer(user_id)
    finally:
        runtime.close()


def test_a_reviewer_is_added_listed_and_removed(home):
    assert "no reviewers yet" in _admin("list").output
    added = _admin("add", "@ada")
    assert added.exit_code == 0 and "@ada is a reviewer" in added.output, added.output
    assert _is_reviewer(home)
    listed = _admin("list")
    assert listed.exit_code == 0 and re.search(r"@ada\s.*\d{4}-\d\d-\d\d \d\d:\d\d", listed.output), listed.output
    removed = _admin("remove", "ada")
    assert removed.exit_code == 0 and "@ada is no longer a reviewer" in removed.output, removed.output
    assert not _is_reviewer(home)
    assert "no reviewers yet" in _admin("list").output


@pytest.mark.parametrize(("args", "says"), [
    (("add", "kid"), "@kid is a teen: reviewers are adults"),
    (("add", "nobody"), "no member is called @nobody"),
    (("remove", "ada"), "@ada is not a reviewer"),
    (("add", "a b"), "a handle is 3 to 30 letters"),
])
def test_a_refused_change_is_one_red_line_and_exit_1(home, args, says):
    result = _admin(*args)
    assert result.exit_code == 1 and says in result.output, result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not _is_reviewer(home)
