"""`reelworld projections`: read-model checkpoints, and rebuilding them from the log."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from api.commands.opening import exit_on_setup_error, fail, open_existing_store, require_existing_database
from cluster.settings import load_settings
from events import KeyVault, Projector, open_store

app = typer.Typer(help="Read models built from the log.", no_args_is_help=True)


def _projectors(*, read_only: bool) -> list[Projector]:
    """One projector per read model. The database must exist (a missing SQLite file is a
    mistyped REELWORLD_HOME, not one to create); `read_only` does not migrate it either."""
    with exit_on_setup_error():
        settings = load_settings()
        if read_only:
            store = open_existing_store(settings)
        else:
            require_existing_database(settings)
            store = open_store(settings.database_url)
    from cluster.read_models import all_projections, feed_index_of  # the read models pull in the chain

    vault = KeyVault(store.engine)
    return [Projector(store, p) for p in all_projections(vault, feed_index_of(settings))]


@app.command()
def status() -> None:
    """Each projection's checkpoint against the head of the log."""
    projectors = _projectors(read_only=True)
    head = projectors[0].store.last_position() if projectors else 0
    table = Table("projection", "checkpoint", "behind", "version")
    for projector in projectors:
        checkpoint, stored = projector.checkpoint(), projector.stored_version()
        table.add_row(projector.projection.name, str(checkpoint), str(head - checkpoint),
                      _version_note(stored, projector.version))
    from safety.review import RemixHolds, remix_holds_after

    if projectors:  # the process manager that follows removals down the remix tree (no read model)
        holds = remix_holds_after(projectors[0].store, projectors).checkpoint()
        table.add_row(f"{RemixHolds.name} (process manager)", str(holds), str(head - holds), "-")
    Console().print(table)


def _version_note(stored: int, code: int) -> str:
    """The read model's version, and what this code will do about a difference."""
    if stored > code:
        return f"{stored}: this code is version {code} and leaves it alone (rebuild it after a rollback)"
    if stored < code:
        return f"{stored}: rebuilt at version {code} on the next catch-up"
    return str(stored)


@app.command()
def rebuild(
    names: list[str] = typer.Argument(None, help="Projections to rebuild (default: all)."),
) -> None:
    """Empty read models and replay the whole log into them, with a progress bar."""
    projectors = _projectors(read_only=False)
    known = {p.projection.name: p for p in projectors}
    unknown = [n for n in names or [] if n not in known]
    if unknown:
        fail(f"unknown projection(s): {', '.join(unknown)}; known: {', '.join(known)}")
    chosen = [known[n] for n in names] if names else projectors
    head = projectors[0].store.last_position() if projectors else 0
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns) as progress:
        for projector in chosen:
            task = progress.add_task(projector.projection.name, total=head)
            projector.reset()
            while projector.run_once():
                progress.update(task, completed=projector.checkpoint())
            progress.update(task, completed=head)
