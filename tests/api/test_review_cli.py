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


def test_the_queue_says_what_waits_for_the_reviewers(home):
    import uuid

    from events.review import VideoReported, reports_stream

    empty = _admin("queue")
    assert empty.exit_code == 0 and re.search(r"reported videos\s*│\s*0 \(0 reports\)", empty.output), empty.output
    assert "no one reviews" not in empty.output
    runtime = open_runtime(load_settings(), hasher=fast_hasher())
    try:  # three members report one video (so it is held), as the report desk records it
        reporters = [join(runtime, handle) for handle in ("bea", "cal", "dee")]
        video = str(uuid.uuid4())
        for reporter in reporters:
            runtime.store.append(reports_stream(reporter), [VideoReported(
                report_id=str(uuid.uuid4()), video_id=video, generation_id=str(uuid.uuid4()),
                owner_id=home, reporter_id=reporter, reason="hate", note="")])
    finally:
        runtime.close()
    waiting = _admin("queue")
    assert waiting.exit_code == 0, waiting.output
    assert re.search(r"reported videos\s*│\s*1 \(3 reports\)\s*│\s*\d{4}-\d\d-\d\d \d\d:\d\d", waiting.output), waiting.output
    assert re.search(r"held out of sight\s*│\s*1", waiting.output) and "no one reviews" in waiting.output
