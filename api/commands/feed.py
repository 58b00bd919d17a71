"""`reelworld feed`: the vector index of posted videos: its state, and its rebuild with Ray Data."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import func, select
from sqlmodel import Session

from api.commands.opening import err, exit_on_setup_error, open_existing_store, require_existing_database

app = typer.Typer(help="The feed's index of posted videos.", no_args_is_help=True)


@app.command()
def status() -> None:
    """Posted videos, index entries, entries still to write, and the index's ANN state (in the
    words `feed reindex` uses)."""
    from cluster.read_models import feed_index_of
    from cluster.settings import load_settings
    from recsys.tables import IndexPendingRow, PostRow

    with exit_on_setup_error():
        settings = load_settings()
        store = open_existing_store(settings)
    with Session(store.engine) as session:
        posts = session.execute(select(func.count()).select_from(PostRow)).scalar_one()
        pending = session.execute(select(func.count()).select_from(IndexPendingRow)).scalar_one()
    index = feed_index_of(settings)
    table = Table("what", "count")
    table.add_row("posted videos (feed_posts)", str(posts))
    table.add_row(f"index entries ({settings.lancedb_dir})", str(index.count()))
    table.add_row("entries to write", str(pending))
    Console().print(table)
    typer.echo(index.ann_state().describe(index.ann_policy))


@app.command()
def reindex(
    ray: bool = typer.Option(True, "--ray/--no-ray", help="Embed with Ray Data (local Ray, or RAY_ADDRESS)."),
) -> None:
    """Rebuild the index from the posted videos: every caption embedded again (Ray Data), the
    table replaced, its ANN index built where there are enough videos (the output says).
    Safe while the API runs: the feed checks every candidate against the posts."""
    from cluster.ray_runtime import start_ray, stop_ray
    from cluster.read_models import feed_index_of
    from cluster.settings import load_settings
    from events import open_store
    from recsys.batch import reindex as rebuild
    from recsys.projection import indexed, reconcile
    from recsys.tables import PostRow

    with exit_on_setup_error():
        settings = load_settings()
        require_existing_database(settings)
        store = open_store(settings.database_url)
    with Session(store.engine) as session:
        videos = [indexed(row) for row in session.execute(select(PostRow)).scalars()]
    index = feed_index_of(settings)
    started = False
    upkeep = []
    if ray and videos:
        from ray import is_initialized

        started = not is_initialized()
        with exit_on_setup_error():
            start_ray(settings)
    try:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=err) as progress:
            task = progress.add_task("embedding captions", total=len(videos))
            count = rebuild(videos, index, use_ray=ray and bool(videos), on_ann=upkeep.append,
                            progress=lambda done: progress.update(task, completed=done))
    finally:
        if started:
            stop_ray()
    changed = reconcile(store.engine, index)  # posts changed while it ran (the API kept going)
    typer.echo(f"{count} posted videos indexed in {settings.lancedb_dir}; "
               + upkeep[0].describe(index.ann_policy)
               + (f"; {changed} changed meanwhile, written again" if changed else ""))
