"""The `reelworld` CLI, run as a person would: invite, look at the log, rebuild, doctor."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.commands import events as events_command
from events import Subscription

runner = CliRunner()


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("REELWORLD_HOME", str(tmp_path))
    monkeypatch.delenv("REELWORLD_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return tmp_path


def _invite(n: int) -> list[str]:
    result = runner.invoke(app, ["admin", "invite", "--count", str(n)])
    assert result.exit_code == 0, result.output
    return re.findall(r"│ ([A-Za-z0-9_-]{12,}) ", result.output)


def test_admin_invite_prints_usable_codes():
    codes = _invite(3)
    assert len(codes) == 3 and len(set(codes)) == 3


def test_events_tail_shows_the_last_events_and_one_stream():
    _invite(2)
    result = runner.invoke(app, ["events", "tail", "-n", "5"])
    assert result.exit_code == 0, result.output
    assert result.output.count("InviteIssued") == 2
    empty = runner.invoke(app, ["events", "tail", "-n", "2", "--stream", "no-such-stream"])
    assert empty.exit_code == 0, empty.output
    said = " ".join(empty.output.split())
    assert "stream 'no-such-stream' has no events; the log has 2" in said and "no events yet" not in said


def test_events_tail_of_an_empty_log_says_so(home):
    from events import make_engine, upgrade

    engine = make_engine(f"sqlite:///{home / 'reelworld.db'}")
    upgrade(engine)
    engine.dispose()
    result = runner.invoke(app, ["events", "tail"])
    assert result.exit_code == 0 and result.output.strip() == "no events yet", result.output
    result = runner.invoke(app, ["events", "tail", "--stream", "acct-x"])
    assert result.exit_code == 0 and result.output.strip() == "stream 'acct-x' has no events", result.output


def _store(home):
    from events import SqlEventStore, make_engine

    return SqlEventStore(make_engine(f"sqlite:///{home / 'reelworld.db'}"))


def test_events_tail_shows_an_event_this_code_does_not_know(home):
    from tests.events.test_store import _insert_raw

    _invite(1)
    store = _store(home)
    _insert_raw(store, "StoryPosted", 2, b'{"type":"StoryPosted","story":"s1"}')
    store.engine.dispose()
    result = runner.invoke(app, ["events", "tail"])
    assert result.exit_code == 0, result.output
    assert re.search(r'old\s+1\s+StoryPosted \(unknown v2\).*\{"story":"s1"\}', result.output), result.output
    rebuilt = runner.invoke(app, ["projections", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output


def test_events_seal_recorded_seals_words_recorded_in_clear(home):
    from events import KeyVault
    from events.vault import user_subject
    from tests.events.test_legacy import _raw, _record_in_clear, _request

    _invite(1)
    store = _store(home)
    KeyVault(store.engine).seal(user_subject("u1"), "1990")
    _record_in_clear(store, "generation-g-u1", _request("u1", "my grandmother's kitchen in Leeds"))
    dry = runner.invoke(app, ["events", "seal-recorded", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "1 held words in clear: 1 would be sealed" in dry.output and b"Leeds" in _raw(store)
    done = runner.invoke(app, ["events", "seal-recorded"])
    assert done.exit_code == 0, done.output
    assert "1 were sealed under their owner's key, 0 were erased" in done.output and b"Leeds" not in _raw(store)
    again = runner.invoke(app, ["events", "seal-recorded"])
    assert "0 held words in clear" in again.output
    store.engine.dispose()


class _UntilCaughtUp(Subscription):
    """What `tail --follow` subscribes with here: yields what is there, then "Ctrl-C"."""

    def __iter__(self):
        while batch := self.next_batch(timeout=0):
            yield from batch
        raise KeyboardInterrupt


@pytest.mark.parametrize("args", [["-n", "2"], ["--stream", "acct-x"]], ids=["log", "stream"])
def test_events_tail_follow_shows_an_event_appended_as_it_starts_once(home, monkeypatch, args):
    from events import SqlEventStore
    from tests.events.sample_events import Deposited

    _invite(2)
    store = _store(home)
    store.append("acct-x", [Deposited(account="x", amount=1)])
    store.engine.dispose()
    appended: list[int] = []

    def then_another_writer_appends(read):  # right after the command's first read of the log
        def reading(self, *a, **kw):  # noqa: ANN002, ANN003
            result = read(self, *a, **kw)
            if not appended:
                appended.append(self.append("acct-x", [Deposited(account="x", amount=99)])[0].position)
            return result
        return reading

    for name in ("last_position", "read_all", "read_stream"):
        monkeypatch.setattr(SqlEventStore, name, then_another_writer_appends(getattr(SqlEventStore, name)))
    monkeypatch.setattr(events_command, "Subscription", _UntilCaughtUp)
    result = runner.invoke(app, ["events", "tail", "--follow", *args])
    assert result.exit_code == 0, result.output
    assert appended == [4]
    assert result.output.count('"amount":99') == 1, result.output
    assert result.output.count('"amount":1}') == 1, result.output


def test_projections_rebuild_replays_the_log_and_status_shows_none_behind():
    _invite(2)
    rebuilt = runner.invoke(app, ["projections", "rebuild"])
    assert rebuilt.exit_code == 0, rebuilt.output
    status = runner.invoke(app, ["projections", "status"])
    assert status.exit_code == 0
    rows = re.findall(r"│ (\w+\.\w+)\s+│ (\d+)\s+│ (\d+)\s+│ (\d+)", status.output)
    assert rows and all(checkpoint == "2" and behind == "0" for _, checkpoint, behind, _ in rows)
    assert ("social.invites", "2", "0", "2") in rows  # the invites projection is at version 2
    assert "safety.remix_holds" in status.output, status.output  # the process manager's place in the log too


def test_projections_status_marks_a_read_model_of_another_version():
    from api.commands.projections import _version_note

    assert _version_note(2, 2) == "2"
    assert "rebuilt at version 3 on the next catch-up" in _version_note(2, 3)
    assert "leaves it alone" in _version_note(3, 2) and "rollback" in _version_note(3, 2)


def test_rebuilding_an_unknown_projection_is_a_clear_error():
    _invite(1)  # rebuild creates no database
    result = runner.invoke(app, ["projections", "rebuild", "nope"])
    assert result.exit_code == 2
    assert "unknown projection(s): nope" in result.output


def test_bad_option_values_are_refused_without_a_traceback():
    result = runner.invoke(app, ["admin", "invite", "--count", "0"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_doctor_loads_the_embedding_model_without_a_progress_bar(monkeypatch):
    from transformers.utils import logging as transformers_logging

    from api.commands import doctor as doctor_command

    monkeypatch.setattr(doctor_command, "CHECKS", {"embedding model": doctor_command._embedder})
    transformers_logging.enable_progress_bar()  # as in a new process
    result = runner.invoke(app, ["doctor", "--skip-ray"])
    assert re.search(r"embedding model\s+│ ok", result.output), result.output
    assert "Loading weights" not in result.output and "it/s" not in result.output, result.output
    assert result.output.lstrip().startswith("┏"), result.output  # the table comes first
    assert transformers_logging.is_progress_bar_enabled()  # left as it was found


def test_doctor_checks_the_machine():
    _invite(1)  # doctor neither creates nor migrates the database
    result = runner.invoke(app, ["doctor", "--skip-ray"])
    assert result.exit_code == 0, result.output
    for check in ("python", "torch", "ffmpeg", "espeak-ng", "database", "lancedb", "embedding model"):
        assert re.search(rf"{check}\s+│ ok", result.output), check
