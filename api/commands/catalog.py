"""`reelworld catalog`: catalogs of videos without media (JSON Lines, recsys.catalog), imported
into a LanceDB table of the feed's index format, for offline evaluation and backfills.

Catalog videos have no post events, so the live feed never shows them: it checks every
candidate the index proposes against the posts' read model and drops those without a post. In
the live table they would still take candidates' places (each source proposes its first 200)
and `reelworld feed reindex` would remove them; so they go to a table of their own, and the
live one (`feed_videos` under REELWORLD_HOME/lancedb) is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.commands.opening import err, exit_on_setup_error, fail

app = typer.Typer(help="Catalogs of videos without media, for offline evaluation and backfills.",
                  no_args_is_help=True)
LIVE_TABLE = "feed_videos"
"""The table the live feed reads (recsys.index.FeedIndex's default)."""


@app.command("import")
def import_catalog(
    file: Path = typer.Argument(..., help="a JSON Lines file: one video a line, with id, caption, creator, "
                                "style, tags and created (ISO 8601 with its zone)"),
    table: str = typer.Option("catalog_videos", help=f"the LanceDB table to write (never {LIVE_TABLE!r}, the "
                              "live feed's)"),
    index_dir: Path | None = typer.Option(None, "--index-dir",
                                          help="the LanceDB folder (default: REELWORLD_HOME/lancedb)"),
) -> None:
    """Index FILE's videos (captions embedded with MiniLM, facets read from the caption and the
    tags): each line upserted by id, so importing again rewrites the same rows. A bad line
    stops the import before anything is written, with its line number and field."""
    from recsys.catalog import CatalogError, import_catalog as write_catalog, read_catalog
    from recsys.embeddings import shared_embedder
    from recsys.ann import AnnPolicy
    from recsys.index import FeedIndex, IndexSchemaError

    if not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}", table):
        fail(f"--table is letters, digits, '_', '-' and '.' (at most 128), got {table!r}")
    if table == LIVE_TABLE:
        fail(f"{LIVE_TABLE!r} is the live feed's table, which holds posted videos only: catalog videos have no "
             "post, so the feed would drop each one after it took a candidate's place, and `reelworld feed "
             "reindex` would remove them; import into another --table")
    try:
        with file.open("rb") as lines:
            videos = read_catalog(lines)
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror or error}")
    except CatalogError as error:
        fail(f"{file}: {error}")
    if not videos:
        fail(f"{file} holds no videos")
    if index_dir is None:
        from cluster.settings import load_settings

        with exit_on_setup_error():
            index_dir = load_settings().lancedb_dir
    repeated = len(videos) - len({v.video_id for v in videos})
    # no build on a thread this process would leave half done at exit: one upkeep step at the end
    index = FeedIndex(index_dir, shared_embedder(), table=table, ann_policy=AnnPolicy(background=False))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    try:
        with Progress(*columns, console=err) as progress:
            task = progress.add_task("indexing videos", total=len(videos) - repeated)
            count = write_catalog(videos, index, progress=lambda done: progress.update(task, completed=done))
        with err.status("the ANN index, where the table's size calls for one..."):
            upkept = index.upkeep()
    except IndexSchemaError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write the index in {index_dir}: {error.strerror or error}")
    typer.echo(f"{count} videos imported into table {table!r} in {index_dir} (it holds {index.count()})"
               + (f"; {repeated} ids given more than once, their last line kept" if repeated else "")
               + f"; {upkept.describe(index.ann_policy)}")
