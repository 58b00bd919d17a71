"""The `reelworld` command line: start the service, operate it, look inside it.

Each group of commands lives in api/commands/; this module mounts them. Groups whose module is
missing or fails to import are left out with a note, so one broken group never hides the rest.
"""

from __future__ import annotations

import importlib
import os

import typer

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

app = typer.Typer(
    name="reelworld",
    help="Reelworld: social AI video on Ray. Start with `reelworld up`.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)

_GROUPS = {
    "admin": "api.commands.admin",
    "events": "api.commands.events",
    "projections": "api.commands.projections",
    "world": "api.commands.world",
}


def _mount() -> None:
    from api.commands.doctor import doctor
    from api.commands.up import up

    app.command()(up)
    app.command()(doctor)
    for name, module in _GROUPS.items():
        try:
            group = importlib.import_module(module).app
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
            continue
        app.add_typer(group, name=name)


_mount()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
