"""`reelworld events`: look at the log."""

from __future__ import annotations

import msgspec
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from api.commands.opening import exit_on_setup_error, fail, open_existing_store
from cluster.settings import load_settings
from events import RecordedEvent, SqlEventStore, Subscription
from events.base import UnknownEvent

app = typer.Typer(help="Look at the event log.", no_args_is_help=True)


def _row(table: Table, recorded: RecordedEvent, width: int) -> None:
    type_name, fields = _shown(recorded)
    data = msgspec.json.encode(fields).decode()
    if len(data) > width:
        data = data[: width - 1] + "…"
    table.add_row(
        str(recorded.position), recorded.stream_id, str(recorded.version), type_name,
        recorded.recorded_at.strftime("%Y-%m-%d %H:%M:%S"), data,
    )


def _shown(recorded: RecordedEvent) -> tuple[str, dict]:
    """(type, data) of the row: an event this code cannot read shows its stored type and data."""
    event = recorded.event
    if isinstance(event, UnknownEvent):
        return f"{event.stored_type} (unknown v{event.type_version})", event.data
    fields = msgspec.to_builtins(event)
    fields.pop("type", None)  # shown in its own column
    return recorded.type, fields


def _table() -> Table:
    return Table("pos", "stream", "ver", "type", "recorded (UTC)", "data", box=None, pad_edge=False)


@app.command()
def tail(
    limit: int = typer.Option(20, "--limit", "-n", min=1, max=100_000, help="How many of the last events."),
    stream: str | None = typer.Option(None, "--stream", "-s", help="Only this stream."),
    follow: bool = typer.Option(False, "--follow", "-f", help="Keep printing new events (Ctrl-C stops)."),
    width: int = typer.Option(80, min=10, help="Cut event data to this many characters."),
) -> None:
    """Print the last events of the log (or of one stream), optionally following new ones."""
    if stream is not None and not stream.strip():
        fail("--stream needs a stream id; it was empty")
    with exit_on_setup_error():
        store = open_existing_store(load_settings())
    console = Console()
    # The head is read once: what is shown ends there and what follows starts after it, so an
    # event appended meanwhile is shown once, by the subscription, never missed.
    head = store.last_position()
    recent = _recent(store, head, stream, limit)
    table = _table()
    for recorded in recent:
        _row(table, recorded, width)
    console.print(table if recent else f"[dim]{escape(_nothing_shown(stream, head))}[/dim]")
    if follow:
        _follow(console, Subscription(store, after=head), stream, width)


def _nothing_shown(stream: str | None, head: int) -> str:
    """What to print when there is no event to show: in the log, or in `stream` (whose id may
    be mistyped: the log's own count says so)."""
    if stream is None:
        return "no events yet"
    in_log = f"; the log has {head} (`reelworld events tail` without --stream shows them)" if head else ""
    return f"stream {stream!r} has no events{in_log}"


def _recent(store: SqlEventStore, head: int, stream: str | None, limit: int) -> list[RecordedEvent]:
    """The last `limit` events up to position `head`, of `stream` or of the whole log."""
    if stream is not None:
        return [r for r in store.read_stream(stream) if r.position <= head][-limit:]
    return store.read_all(after=max(0, head - limit), limit=limit)  # positions are dense


def _follow(console: Console, subscription: Subscription, stream: str | None, width: int) -> None:
    """Print each new event (of `stream` only, if given) until Ctrl-C."""
    try:
        for recorded in subscription:
            if stream is not None and recorded.stream_id != stream:
                continue
            table = _table()
            table.show_header = False
            _row(table, recorded, width)
            console.print(table)
    except KeyboardInterrupt:
        pass
    finally:
        subscription.stop()


@app.command("seal-recorded")
def seal_recorded(
    dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would be sealed."),
) -> None:
    """Seal the personal words that events recorded before sealing still hold in clear (prompts,
    captions, plans, failure reasons), so that deleting an account erases them too; words of
    members who already left are erased. Safe to run again, and while Reelworld runs."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from events import KeyVault
    from events.legacy import seal_recorded as seal

    with exit_on_setup_error():
        store = open_existing_store(load_settings())
    console = Console()
    with Progress(TextColumn("scanning events with personal fields"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("scan", total=None)
        report = seal(store, KeyVault(store.engine), dry_run=dry_run,
                      progress=lambda scanned, total: bar.update(task, completed=scanned, total=total))
    done = report.sealed + report.erased
    verb = "would be" if dry_run else "were"
    console.print(f"{report.scanned} events with personal fields scanned; {done} held words in clear: "
                  f"{report.sealed} {verb} sealed under their owner's key, {report.erased} {verb} erased "
                  "(their owner had left)")
    if report.left:
        console.print(f"[yellow]{report.left} {verb} left as they are (no owner, no key for the owner, or an "
                      "older event version; their positions are in the log output)[/yellow]")
    if not report.scrubbed:
        console.print("[red]the database still holds old copies of the words (a reader was in the way, "
                      "or see the log output): run it again[/red]")
        raise typer.Exit(1)
