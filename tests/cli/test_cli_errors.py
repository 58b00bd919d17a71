"""What the CLI says when a setting is wrong or the database is missing, unreachable or behind:
one line saying what to fix and exit code 2, no traceback; read-only commands create nothing."""

from __future__ import annotations

import re
import socket

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.commands import doctor as doctor_command
from cluster.ray_runtime import check_reachable
from events import make_engine, upgrade
from events.migrate import current_revision, head_revision

runner = CliRunner()
UNREACHABLE_DB = "postgresql+psycopg://nobody:secret@127.0.0.1:1/none"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("REELWORLD_HOME", str(home))
    monkeypatch.delenv("REELWORLD_DATABASE_URL", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    return home


@pytest.fixture
def quick_doctor(monkeypatch):
    """doctor with only the checks these tests are about (the others load torch and models)."""
    checks = {"python": doctor_command._python, "database": doctor_command._database}
    monkeypatch.setattr(doctor_command, "CHECKS", checks)


def _fails_cleanly(args: list[str], says: str) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert says in result.output, result.output
    return result.output


def test_a_chain_override_that_names_no_knob_is_one_line_not_a_traceback(monkeypatch):
    monkeypatch.setenv("REELWORLD_CHAIN", '{"nope": 1}')
    _fails_cleanly(["admin", "invite"], "REELWORLD_CHAIN: unknown chain settings nope")


@pytest.mark.parametrize("args", [["admin", "invite"], ["events", "tail"], ["projections", "status"],
                                  ["projections", "rebuild"], ["up", "--no-ray"]])
def test_an_unreachable_database_is_one_line_without_the_password(monkeypatch, args):
    monkeypatch.setenv("REELWORLD_DATABASE_URL", UNREACHABLE_DB)
    output = _fails_cleanly(args, "cannot use the database at postgresql+psycopg://nobody:***@127.0.0.1:1/none")
    assert "secret" not in output


@pytest.mark.parametrize("variable, value", [("REELWORLD_PORT", "abc"), ("REELWORLD_PORT", "99999"),
                                             ("REELWORLD_LOG_LEVEL", "verbose")])
def test_a_bad_setting_stops_up_and_admin_before_anything_starts(monkeypatch, home, variable, value):
    monkeypatch.setenv(variable, value)
    for args in (["up", "--no-ray"], ["admin", "invite"], ["events", "tail"]):
        _fails_cleanly(args, variable)
    assert not home.exists()


def test_doctor_reports_bad_settings_as_a_failed_row(monkeypatch, quick_doctor):
    monkeypatch.setenv("REELWORLD_PORT", "abc")
    result = runner.invoke(app, ["doctor", "--skip-ray"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"settings\s+│ FAIL │ SettingsError: REELWORLD_PORT must be an integer", result.output)
    assert re.search(r"python\s+│ ok", result.output)
    assert re.search(r"database\s+│ -\s+│ skipped", result.output)


@pytest.mark.parametrize("args", [["events", "tail"], ["projections", "status"], ["doctor", "--skip-ray"]])
def test_read_only_commands_at_a_mistyped_home_create_no_database(home, args, quick_doctor):
    result = runner.invoke(app, args)
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert "no database at" in result.output and "check REELWORLD_HOME" in result.output
    assert not home.exists()


def test_doctor_reports_a_schema_behind_the_code_and_leaves_it_there(home, quick_doctor):
    url = f"sqlite:///{home / 'reelworld.db'}"
    engine = make_engine(url)
    upgrade(engine, "0003")
    result = runner.invoke(app, ["doctor", "--skip-ray"])
    assert result.exit_code == 1
    assert f"schema 0003, head {head_revision()}: run `reelworld up` to migrate" in result.output
    assert current_revision(engine) == "0003"
    _fails_cleanly(["events", "tail"], "schema 0003")
    engine.dispose()


def test_projections_rebuild_at_a_mistyped_home_creates_no_database(home):
    _fails_cleanly(["projections", "rebuild"], "no database at")
    assert not home.exists()


def test_an_empty_stream_filter_is_refused(home):
    engine = make_engine(f"sqlite:///{home / 'reelworld.db'}")
    upgrade(engine)  # a database there is: the old code took "" for no filter
    engine.dispose()
    _fails_cleanly(["events", "tail", "--stream", ""], "--stream needs a stream id")


@pytest.mark.parametrize("args", [["events", "tail"], ["projections", "status"], ["projections", "rebuild"],
                                  ["up", "--no-ray"], ["doctor", "--skip-ray"]])
def test_a_schema_newer_than_the_code_after_a_rollback_is_one_line(home, args, quick_doctor):
    from sqlalchemy import text

    engine = make_engine(f"sqlite:///{home / 'reelworld.db'}")
    upgrade(engine)
    with engine.begin() as conn:  # as a newer release leaves it
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    says = (f"the database schema is at revision 0099_future, newer than this code's {head_revision()}: "
            "run the newer release, or restore a backup")
    if args[0] == "doctor":  # a failed row of its report, not an exit
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and says in result.output.replace("\n", ""), result.output
    else:
        assert "run `reelworld up`" not in _fails_cleanly(args, says)
    assert current_revision(engine) == "0099_future"
    engine.dispose()


def test_world_dataset_into_an_existing_file_is_a_clear_error(tmp_path):
    existing = tmp_path / "afile"
    existing.write_text("not a directory")
    _fails_cleanly(["world", "dataset", "--n", "1", "--out", str(existing)], "must be a directory")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("scheme", ["", "ray://"])
def test_a_ray_address_that_takes_no_connection_fails_at_once(scheme):
    address = f"{scheme}127.0.0.1:{_closed_port()}"
    with pytest.raises(ConnectionError, match=f"cannot reach the Ray cluster at {re.escape(address)}"):
        check_reachable(address, timeout_s=5)


def test_ray_addresses_without_a_port_are_left_to_ray():
    check_reachable("auto")
    check_reachable("local")


@pytest.mark.parametrize("variable, value, says", [
    ("REELWORLD_INVITE_TTL_DAYS", "3000000", "REELWORLD_INVITE_TTL_DAYS must be days from 1 to 3650, got 3000000"),
    ("REELWORLD_INVITE_TTL_DAYS", "-5", "REELWORLD_INVITE_TTL_DAYS must be days from 1 to 3650, got -5"),
    ("REELWORLD_TOKEN_TTL_HOURS", "99999999999", "REELWORLD_TOKEN_TTL_HOURS must be hours from 1 to"),
    ("REELWORLD_MAX_BODY_BYTES", "-1", "REELWORLD_MAX_BODY_BYTES must be bytes from 10000 to"),
    ("REELWORLD_UNPUBLISHED_MEDIA_DAYS", "0", "REELWORLD_UNPUBLISHED_MEDIA_DAYS must be days from 1 to 3650, got 0"),
    ("REELWORLD_DATABASE_URL", "mysql://x@y/z", "REELWORLD_DATABASE_URL must be a sqlite:// or postgresql"),
    ("REELWORLD_DATABASE_URL", "not a url", "REELWORLD_DATABASE_URL: Could not parse"),
    ("REELWORLD_DATABASE_URL", "postgresql+pyscopg://u@h/db", "REELWORLD_DATABASE_URL: Can't load plugin"),
    ("REELWORLD_DATABASE_URL", "postgresql+psycopg://u@h:notaport/db", "REELWORLD_DATABASE_URL: invalid literal"),
])
def test_a_setting_out_of_range_is_one_line(monkeypatch, home, variable, value, says):
    monkeypatch.setenv(variable, value)
    _fails_cleanly(["admin", "invite"], says)
    assert not home.exists()


@pytest.mark.parametrize("home_path, says", [("/proc/nope", "cannot use /proc/nope"),
                                             ("/etc/hostname", "cannot use /etc/hostname")])
def test_a_home_that_cannot_be_made_is_one_line(monkeypatch, home_path, says):
    monkeypatch.setenv("REELWORLD_HOME", home_path)
    _fails_cleanly(["admin", "invite"], says)
    _fails_cleanly(["up", "--no-ray"], says)


def test_a_media_url_no_store_knows_is_one_line(monkeypatch):
    monkeypatch.setenv("REELWORLD_MEDIA_URL", "zz://x")
    _fails_cleanly(["admin", "invite"], "REELWORLD_MEDIA_URL: cannot store media at 'zz://x'")


def test_invite_codes_cannot_outlive_ten_years():
    result = runner.invoke(app, ["admin", "invite", "--ttl-days", "3000000"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "3650" in result.output


@pytest.mark.parametrize("handle, says", [
    ("", "release-guardian takes the teen's handle, got '': a handle is 3 to 30 letters, digits or underscores"),
    ("   ", "release-guardian takes the teen's handle, got '   '"),
    ("kid!", "release-guardian takes the teen's handle, got 'kid!'"),
])
def test_release_guardian_of_a_blank_or_malformed_handle_is_one_line_and_exit_2(home, handle, says):
    output = _fails_cleanly(["admin", "release-guardian", handle], says)
    assert len(output.strip().splitlines()) == 1 and "no member is called" not in output
    assert not home.exists()  # refused before the installation is opened


def test_release_guardian_takes_a_handle_written_with_its_at():
    result = runner.invoke(app, ["admin", "release-guardian", " @nobody "])
    assert result.exit_code == 1 and "no member is called @nobody" in result.output, result.output
    assert "@@" not in result.output
