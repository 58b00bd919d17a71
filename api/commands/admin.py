"""`reelworld admin`: operator commands. `invite` makes the first invite codes of an installation;
`release-guardian` ends a teen's guardianship (support: a teen linked an adult account of their
own, and their parent cannot link); `reviewer add/remove/list` says who decides the appeals of
blocked generations and the reports of videos, and `reviewer queue` what waits for them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from api.commands.opening import exit_on_setup_error, fail
from cluster.settings import load_settings
from events import Context
from safety.review import ReviewError
from safety.review.reports import backlog
from social import InvalidInput, SocialError
from social.rules import normalise_handle

if TYPE_CHECKING:
    from api.runtime import Runtime

app = typer.Typer(help="Operator commands.", no_args_is_help=True)
reviewer = typer.Typer(help="Who reviews the appeals of blocked generations and the reports of videos.",
                       no_args_is_help=True)
app.add_typer(reviewer, name="reviewer")


@contextmanager
def _operator(console: Console) -> Iterator[Runtime]:
    """The runtime of the configured installation for one command; a refused action (a
    SocialError, a ReviewError) is one red line and exit 1."""
    with exit_on_setup_error():
        from api.runtime import open_runtime  # the whole service: loaded by the command that needs it

        runtime = open_runtime(load_settings())
    try:
        yield runtime
    except (SocialError, ReviewError) as error:
        console.print(f"[red]{error.detail}[/red]")
        raise typer.Exit(code=1) from None
    finally:
        runtime.close()


@app.callback()
def admin() -> None:
    """Operator commands (they act on the database of REELWORLD_HOME / REELWORLD_DATABASE_URL)."""


@app.command()
def invite(
    count: int = typer.Option(1, "--count", "-n", min=1, max=1000, help="How many codes to make."),
    ttl_days: int | None = typer.Option(None, "--ttl-days", min=1, max=3650, help="Days the codes hold (default: settings)."),
) -> None:
    """Make invite codes that let people sign up, and print them."""
    console = Console()
    with _operator(console) as runtime:
        ttl = timedelta(days=ttl_days) if ttl_days is not None else None
        issued = runtime.invites.issue_by_operator(count, ttl=ttl, context=Context(actor="admin"))
        runtime.catch_up()
    table = Table("code", "expires at (UTC)", title=f"{len(issued)} invite code(s)")
    for item in issued:
        table.add_row(item.code, item.expires_at.strftime("%Y-%m-%d %H:%M"))
    console.print(table)


@app.command("release-guardian")
def release_guardian(handle: str = typer.Argument(..., help="The teen's handle.")) -> None:
    """End a teen's guardianship, so that another guardian can link; their controls end with it."""
    try:
        handle = normalise_handle(handle.strip().removeprefix("@"))
    except InvalidInput as error:
        fail(f"release-guardian takes the teen's handle, got {handle!r}: {error.detail}")
    console = Console()
    with _operator(console) as runtime:
        runtime.guardians.release(handle, context=Context(actor="admin"))
        runtime.catch_up()
    console.print(f"@{handle}'s guardianship ended: another guardian can link now")


@reviewer.command("add")
def reviewer_add(handle: str = typer.Argument(..., help="The member's handle (an adult).")) -> None:
    """Make a member a reviewer: they read and decide appeals (GET /v1/reviews) and reports of videos
    (GET /v1/reviews/reports), never their own."""
    console = Console()
    with _operator(console) as runtime:
        view = runtime.reviews.appoint(handle, context=Context(actor="admin"))
        runtime.catch_up()
    console.print(f"@{view.handle} is a reviewer (since {view.appointed_at:%Y-%m-%d %H:%M} UTC)")


@reviewer.command("remove")
def reviewer_remove(handle: str = typer.Argument(..., help="The reviewer's handle.")) -> None:
    """Stop a member being a reviewer; the appeals they decided stay decided."""
    console = Console()
    with _operator(console) as runtime:
        handle = runtime.reviews.dismiss(handle, context=Context(actor="admin"))
        runtime.catch_up()
    console.print(f"@{handle} is no longer a reviewer")


@reviewer.command("list")
def reviewer_list() -> None:
    """The reviewers, longest serving first."""
    console = Console()
    with _operator(console) as runtime:
        reviewers = runtime.reviews.reviewers()
    if not reviewers:
        console.print("no reviewers yet: `reelworld admin reviewer add HANDLE` appoints one")
        return
    table = Table("handle", "appointed at (UTC)", title=f"{len(reviewers)} reviewer(s)")
    for item in reviewers:
        table.add_row(f"@{item.handle}", item.appointed_at.strftime("%Y-%m-%d %H:%M"))
    console.print(table)


@reviewer.command("queue")
def reviewer_queue() -> None:
    """What waits for the reviewers: appeals of blocks, reported videos (and how many are held
    out of sight meanwhile), appeals of removals; and since when."""
    console = Console()
    with _operator(console) as runtime:
        waiting = backlog(runtime.store.engine)
        reviewers = len(runtime.reviews.reviewers())
    table = Table("waiting", "count", "longest waiting since (UTC)",
                  title=f"the reviewers' queue ({reviewers} reviewer(s))")
    table.add_row("appeals of blocked generations", str(waiting.appeals), _since(waiting.appeals_since))
    table.add_row("reported videos", f"{waiting.videos} ({waiting.reports} reports)", _since(waiting.reports_since))
    table.add_row("  of them held out of sight", str(waiting.held), "")
    table.add_row("appeals of removals", str(waiting.removals_appealed), "")
    console.print(table)
    if reviewers == 0 and (waiting.appeals or waiting.videos or waiting.removals_appealed):
        console.print("[yellow]no one reviews: `reelworld admin reviewer add HANDLE` appoints a reviewer[/yellow]")


def _since(at) -> str:  # noqa: ANN001 - a datetime or None
    return at.strftime("%Y-%m-%d %H:%M") if at is not None else "-"
