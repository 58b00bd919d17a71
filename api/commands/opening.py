"""Opening what a command needs (settings, the event store, the runtime, Ray), and ending the
command with one red line and exit code 2 when that fails for a reason a person can fix."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from cluster.settings import Settings
    from events import SqlEventStore

err = Console(stderr=True)


class DatabaseNotReady(RuntimeError):
    """The database a read-only command looks at does not exist or is not at this code's schema."""


def say_error(message: str) -> None:
    """Print `message` as one "error: ..." line on stderr, as written: brackets in it
    ("[train] lr") are text, not rich markup."""
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `message` as an error on stderr (say_error) and end the command with exit `code`
    (2: bad input)."""
    say_error(message)
    raise typer.Exit(code=code)


@contextmanager
def exit_on_setup_error() -> Iterator[None]:
    """Around reading settings and opening the store, runtime or Ray: a bad REELWORLD_* value,
    a database or Ray cluster that cannot be reached, or a database not ready for a read-only
    command ends the command through `fail`. Other errors pass through."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - narrowed by _setup_problem, the rest re-raised
        message = _setup_problem(error)
        if message is None:
            raise
        fail(message)


def _setup_problem(error: Exception) -> str | None:
    """The line to print for `error` if a person can fix it by a setting, a path or by starting
    a server, else None. Imports lazily: this runs only when something failed."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    from cluster.settings import SettingsError, load_settings
    from events.errors import SchemaNewerThanCode

    if isinstance(error, SettingsError | DatabaseNotReady | SchemaNewerThanCode | ConnectionError):
        return str(error)
    if isinstance(error, OperationalError | InterfaceError):
        # Settings were read before the database was opened, so reading them again succeeds.
        reason = str(error.orig).strip().split("\n")[0]
        where = make_url(load_settings().database_url).render_as_string(hide_password=True)
        return f"cannot use the database at {where}: {reason}"
    if isinstance(error, OSError) and error.filename:  # a home or media folder that cannot be made
        return f"cannot use {error.filename}: {error.strerror} (check REELWORLD_HOME and REELWORLD_MEDIA_URL)"
    from generation.jobs.config import ConfigError  # last: it takes seconds to import
    from generation.jobs.media import MediaLocationError

    if isinstance(error, ConfigError):
        return f"REELWORLD_CHAIN: {error}"
    if isinstance(error, MediaLocationError):
        return f"REELWORLD_MEDIA_URL: {error}"
    return None


def open_existing_store(settings: Settings) -> SqlEventStore:
    """The event store at settings.database_url, neither created nor migrated: for commands
    that only read. Raises DatabaseNotReady when the SQLite file does not exist or the schema is
    behind this code's head, SchemaNewerThanCode when it is at a revision this code does not
    know (a rollback), sqlalchemy's OperationalError when the database does not answer."""
    from events import SqlEventStore, make_engine
    from events.migrate import check_known, current_revision, head_revision

    require_existing_database(settings)
    engine = make_engine(settings.database_url)
    revision, head = current_revision(engine), head_revision()
    if revision != head:
        engine.dispose()
        check_known(revision)
        raise DatabaseNotReady(f"schema {revision or 'none'}, head {head}: run `reelworld up` to migrate")
    return SqlEventStore(engine)


def require_existing_database(settings: Settings) -> None:
    """Raise DatabaseNotReady when settings.database_url is a SQLite file that does not exist:
    for commands that must not create one at a mistyped REELWORLD_HOME."""
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).is_file()):
        raise DatabaseNotReady(
            f"no database at {url.database or 'memory'}: check REELWORLD_HOME (or "
            "REELWORLD_DATABASE_URL), or run `reelworld up` to create one"
        )
