"""`reelworld feed eval`: the instructed feed's offline evaluation (recsys.evaluation) on the
labelled catalog and instructions that ship in recsys/evalset/ (or others of that format), printed
beside the uninstructed feed as a table, or as JSON. Registered on the `feed` group of
api.commands.feed."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.commands.feed import app
from api.commands.opening import err, fail


@app.command("eval")
def evaluate_feed(
    catalog: Path | None = typer.Option(None, help="a labelled catalog, JSON Lines (default: the shipped "
                                        "recsys/evalset/eval_catalog.jsonl)"),
    instructions: Path | None = typer.Option(None, help="labelled instructions, JSON Lines (default: the shipped "
                                             "recsys/evalset/eval_instructions.jsonl)"),
    k: int = typer.Option(20, "--k", help="the page length judged, 1-50"),
    as_json: bool = typer.Option(False, "--json", help="print the whole report as JSON"),
    show: int = typer.Option(40, "--show", help="how many failing instructions to list (table output)"),
) -> None:
    """Rank the labelled catalog for each labelled instruction through the real feed path (the
    parser, the feed's preferences and LanceDB query, the reranker) and judge the top K by the
    labels, beside the feed without an instruction: exclusion violations, the share of videos
    asked for, nDCG@K, diversity; then the instructions that failed, and why. Takes about a
    minute or two on two cores (the catalog's captions are embedded once)."""
    from recsys.catalog import CatalogError, read_catalog
    from recsys.embeddings import shared_embedder
    from recsys.eval_data import CATALOG, INSTRUCTIONS
    from recsys.evaluation import evaluate, read_instructions

    if not 1 <= k <= 50:
        fail(f"--k must be from 1 to 50, got {k}")
    if show < 0:
        fail(f"--show must be 0 or more, got {show}")
    catalog, instructions = catalog or CATALOG, instructions or INSTRUCTIONS
    try:
        with catalog.open("rb") as lines:
            videos = read_catalog(lines)
        with instructions.open("rb") as lines:
            asked = read_instructions(lines)
    except OSError as error:
        fail(f"cannot read {error.filename}: {error.strerror or error}")
    except CatalogError as error:
        fail(f"{catalog}: {error}")
    except ValueError as error:
        fail(f"{instructions}: {error}")
    unlabelled = [v.video_id for v in videos if v.labels is None or v.energy is None]
    if unlabelled:
        fail(f"{catalog}: {len(unlabelled)} videos have no labels (facets and energy), the first {unlabelled[0]!r}: "
             "the evaluation needs a labelled catalog (see recsys/eval_data.py)")
    if not videos or not asked:
        fail("the catalog and the instructions must each hold at least one line")
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with tempfile.TemporaryDirectory(prefix="reelworld-eval-") as directory, \
            Progress(*columns, console=err, transient=True) as progress:
        embedding = progress.add_task("embedding captions", total=len(videos))
        ranking = progress.add_task("ranking pages", total=len(asked))
        report = evaluate(videos, asked, shared_embedder(), Path(directory), k=k,
                          on_embedded=lambda done: progress.update(embedding, completed=done),
                          on_instruction=lambda done: progress.update(ranking, completed=done))
    if as_json:
        import msgspec

        sys.stdout.write(msgspec.json.format(msgspec.json.encode(report)).decode() + "\n")
        return
    _print(report, show)


def _print(report, show: int) -> None:  # noqa: ANN001 - recsys.evaluation.Report
    console = Console()
    i, b, k = report.instructed, report.baseline, report.k
    table = Table("metric", "instructed", "no instruction", "goal",
                  title=f"The feed's top {k}: {report.instructions} instructions over {report.videos} videos")
    table.add_row(f"exclusion violations (videos, all {report.instructions} pages)", str(i.violations),
                  str(b.violations), "0")
    table.add_row(f"pages with a violation (of {report.with_exclusions} that exclude or say only)",
                  str(i.pages_with_violations), str(b.pages_with_violations), "0")
    table.add_row(f"share of videos asked for (mean of {report.with_wanted})", f"{i.wanted_share:.3f}",
                  f"{b.wanted_share:.3f}", "higher")
    table.add_row("  of them, hand-written phrasings", f"{i.wanted_share_free:.3f}", f"{b.wanted_share_free:.3f}",
                  "higher")
    table.add_row(f"nDCG@{k} (mean of {report.with_ndcg})", f"{i.ndcg:.3f}", f"{b.ndcg:.3f}", "1")
    table.add_row("intra-list diversity (1 - mean pairwise cosine)", f"{i.diversity:.3f}", f"{b.diversity:.3f}",
                  "near the baseline")
    console.print(table)
    failing = report.failing
    console.print(f"{len(failing)} of {report.instructions} instructions failed somewhere "
                  f"(index built in {report.seconds['index']:.0f} s, pages in {report.seconds['pages']:.0f} s)"
                  + (":" if failing else "."), highlight=False)
    for result in failing[:show]:
        console.print(f"  {result.id} \u201c{result.text}\u201d, read as \u201c{result.understood}\u201d: "
                      + "; ".join(result.failures), highlight=False, markup=False)
    if len(failing) > show:
        console.print(f"  ... and {len(failing) - show} more (--show, or --json for all)", highlight=False)
