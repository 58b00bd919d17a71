"""`reelworld events`: look at the log."""

from __future__ import annotations

import msgspec
import typer
from rich.console import Console
from rich.table import Table

from api.commands.opening import exit_on_setup_error, open_existing_store
from cluster.settings import load_settings
from events import RecordedEvent, Subscription

app = typer.Typer(help="Look at the event log.", no_args_is_help=True)


def _row(table: Table, recorded: RecordedEvent, width: int) -> None:
    fields = msgspec.to_builtins(recorded.event)
    fields.pop("type", None)  # shown in its own column
    data = msgspec.json.encode(fields).decode()
    if len(data) > width:
        data = data[: width - 1] + "…"
    table.add_row(
        str(recorded.position), recorded.stream_id, str(recorded.version), recorded.type,
        recorded.recorded_at.strftime("%Y-%m-%d %H:%M:%S"), data,
    )


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
    with exit_on_setup_error():
        store = open_existing_store(load_settings())
    console = Console()
    if stream:
        recent = store.read_stream(stream)[-limit:]
    else:
        recent = store.read_all(after=max(0, store.last_position() - limit), limit=limit)
    table = _table()
    for recorded in recent:
        _row(table, recorded, width)
    console.print(table if recent else "[dim]no events yet[/dim]")
    if not follow:
        return
    subscription = Subscription(store, after=store.last_position())
    try:
        for recorded in subscription:
            if stream and recorded.stream_id != stream:
                continue
            table = _table()
            table.show_header = False
            _row(table, recorded, width)
            console.print(table)
    except KeyboardInterrupt:
        pass
    finally:
        subscription.stop()
