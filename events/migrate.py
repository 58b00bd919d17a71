"""Schema migrations through Alembic, run programmatically (no alembic.ini to find).

`upgrade(engine)` brings any database, new or old, to the newest schema; it is safe to call on
every start, from several processes at once. Revisions live in events/migrations/versions, one
file per change. A database at a revision these scripts do not know (migrated by a newer release,
then the code rolled back) is refused with SchemaNewerThanCode, never touched.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from events.database import is_postgres, writer
from events.errors import SchemaNewerThanCode

SCRIPTS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x5245454D  # "REEM": the advisory lock that serialises migrations on PostgreSQL


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind `engine` to `revision` (default: the newest). Raises
    SchemaNewerThanCode when the database is at a revision this code does not know."""
    config = _config()
    with writer(engine).begin() as conn:
        if is_postgres(engine):
            # Processes migrating at once (several starting on an empty database) would each
            # create the tables, and all but one fail. The others wait here until the first
            # commits, then alembic reads the version it left and has nothing to do. (On
            # SQLite the write transaction is BEGIN IMMEDIATE: it waits already.)
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK_KEY})")
        check_known(MigrationContext.configure(conn).get_current_revision())
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def check_known(revision: str | None) -> None:
    """Raise SchemaNewerThanCode when `revision`, a database's, is not one of this code's
    migrations (None, a database never migrated, is fine)."""
    if revision is None:
        return
    scripts = ScriptDirectory.from_config(_config())
    if revision not in {script.revision for script in scripts.walk_revisions()}:
        raise SchemaNewerThanCode(revision, scripts.get_current_head())


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()
