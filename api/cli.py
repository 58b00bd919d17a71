"""The `reelworld` command line: start the service, operate it, look inside it.

Each command or group of commands lives in its own module of api/commands/; this module mounts
the ones present.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import NoReturn

import typer

from api.commands.opening import err, say_error

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
    "catalog": "api.commands.catalog",
    "events": "api.commands.events",
    "feed": "api.commands.feed",
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
import api.commands.feed_eval  # noqa: E402, F401 - registers `feed eval` on the feed group


def main() -> NoReturn:
    """Run the command line on the process's arguments and exit with its code (pyproject's
    `reelworld` script). A usage error that typer finds itself (a missing argument, an unknown
    option, a value out of an option's range) is one "error: ..." line on stderr and exit code
    2, as the commands' own checks are (opening.fail), not click's usage lines and boxed
    message. --help, a command with no arguments (its help), Ctrl-C (130) and the commands'
    exit codes are as typer makes them."""
    try:
        code = app(prog_name="reelworld", standalone_mode=False)
    except typer.TyperException as error:  # click's errors: usage errors (exit 2) and others
        sys.exit(_show(error))
    except typer.Abort:  # end of input at a prompt
        err.print("[red]Aborted.[/red]")
        sys.exit(1)
    # a command's return value, or the code of the typer.Exit that ended it
    sys.exit(code if isinstance(code, int) else 0)


def _show(error: typer.TyperException) -> int:
    """Print `error` as one line on stderr; its exit code."""
    # No arguments to a group: typer has printed its help already (typer.rich_utils skips it alike).
    if type(error).__name__ != "NoArgsIsHelpError":
        say_error(_usage_line(error))
    return error.exit_code


def _usage_line(error: typer.TyperException) -> str:
    """The error as one line: its message (the value given, where typer keeps it) and where the
    command's help is."""
    message = error.format_message()
    if isinstance(error, typer.BadParameter) and error.message:  # "... for '--count': Input should be"
        message = message.replace(error.message, _lower_first(error.message))
        if (given := _given_value(error)) is not None:
            message = f"{message.rstrip('.')}, got {given!r}"
    message = _lower_first(message).rstrip(".")
    ctx = getattr(error, "ctx", None)
    return f"{message} (see `{ctx.command_path} --help`)" if ctx is not None else message


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _given_value(error: typer.BadParameter) -> object | None:
    """The value that an option's check refused, when typer kept it (a pydantic ValidationError
    as the error's cause), else None."""
    errors = getattr(error.__cause__, "errors", None)
    try:
        return errors()[0]["input"] if callable(errors) else None
    except (IndexError, KeyError, TypeError):
        return None


if __name__ == "__main__":
    main()
