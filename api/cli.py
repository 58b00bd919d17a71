"""The `reelworld` command line: start the service, operate it, look inside it.

Each command or group of commands lives in its own module of api/commands/; this module mounts
the ones present.
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

# Top-level commands kept in their own modules (module -> function of the same name).
_COMMANDS = {"up": "api.commands.up", "doctor": "api.commands.doctor",
             "generate": "api.commands.generate", "train": "api.commands.train"}
_GROUPS = {
    "admin": "api.commands.admin",
    "events": "api.commands.events",
    "projections": "api.commands.projections",
    "world": "api.commands.world",
}


def _load(module: str):  # noqa: ANN202
    """The module, or None when it does not exist (a dependency that fails to import raises)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        return None


def _mount() -> None:
    for name, module in _COMMANDS.items():
        if (found := _load(module)) is not None:
            app.command()(getattr(found, name))
    for name, module in _GROUPS.items():
        if (found := _load(module)) is not None:
            app.add_typer(found.app, name=name)


_mount()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
