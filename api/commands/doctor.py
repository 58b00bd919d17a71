"""`reelworld doctor`: is everything Reelworld needs here, and does it work?

Each check does the real thing on a small scale (read the settings, open the database without
creating or migrating it, start Ray, write and read a LanceDB table, run ffmpeg, load eSpeak NG)
and says what to do when it fails.
"""

from __future__ import annotations

import ctypes
import subprocess
import sys
import tempfile
from collections.abc import Callable

import typer
from rich.console import Console
from rich.table import Table

from cluster.settings import Settings, SettingsError, load_settings

Check = Callable[[Settings], str]


def _python(_: Settings) -> str:
    if sys.version_info[:2] != (3, 11):
        raise RuntimeError(f"Python 3.11 is required, this is {sys.version.split()[0]}")
    return sys.version.split()[0]


def _torch(_: Settings) -> str:
    import torch

    if not torch.__version__.startswith("2.13.0"):
        raise RuntimeError(f"torch 2.13.0 expected, found {torch.__version__} (run `make install`)")
    device = "CUDA " + torch.cuda.get_device_name(0) if torch.cuda.is_available() else "CPU"
    return f"{torch.__version__} on {device}"


def _ffmpeg(_: Settings) -> str:
    import imageio_ffmpeg

    exe = imageio_ffmpeg.get_ffmpeg_exe()
    out = subprocess.run([exe, "-hide_banner", "-version"], capture_output=True, text=True, timeout=30, check=True)
    return out.stdout.split("\n")[0].removeprefix("ffmpeg version ").split(" ")[0]


def _espeak(_: Settings) -> str:
    import espeakng_loader

    library = ctypes.CDLL(espeakng_loader.get_library_path())
    library.espeak_Info.restype = ctypes.c_char_p
    data_path = ctypes.c_char_p()
    version = library.espeak_Info(ctypes.byref(data_path))
    if not version:
        raise RuntimeError("libespeak-ng loaded but reports no version")
    return version.decode()


def _database(settings: Settings) -> str:
    from api.commands.opening import open_existing_store
    from events.migrate import head_revision

    # Not open_store: that would migrate the schema this checks, or create a database at a
    # mistyped REELWORLD_HOME.
    store = open_existing_store(settings)
    try:
        return f"{store.engine.dialect.name}, schema {head_revision()}, {store.last_position()} events"
    finally:
        store.engine.dispose()


def _lancedb(settings: Settings) -> str:
    import lancedb

    with tempfile.TemporaryDirectory() as scratch:
        db = lancedb.connect(scratch)
        table = db.create_table("doctor", data=[{"vector": [0.0, 1.0], "id": 1}])
        hits = table.search([0.0, 1.0]).limit(1).to_list()
        if hits[0]["id"] != 1:
            raise RuntimeError("LanceDB returned the wrong row")
    return f"{lancedb.__version__}, data at {settings.lancedb_dir}"


def _embedder(_: Settings) -> str:
    from recsys.embeddings import MiniLMEmbedder

    # loaded as the product loads it (offline, without the "Loading weights" bar over the table)
    vector = MiniLMEmbedder(device="cpu").embed(["a red ball bounces"])[0]
    if vector.shape != (384,):
        raise RuntimeError(f"expected a 384-d embedding, got {vector.shape}")
    return "all-MiniLM-L6-v2 (offline), 384-d embedding"


def _ray(settings: Settings) -> str:
    import ray

    from cluster.ray_runtime import start_ray, stop_ray

    started_here = not ray.is_initialized()
    info = start_ray(settings, num_cpus=1)
    try:
        value = ray.get(ray.remote(lambda: 21 * 2).remote(), timeout=60)
        if value != 42:
            raise RuntimeError("a Ray task returned the wrong value")
    finally:
        if started_here:
            stop_ray()
    kind = "embedded" if info.embedded else f"cluster {settings.ray_address}"
    return f"{ray.__version__}, {kind}, {info.cpus:g} CPU / {info.gpus:g} GPU"


# Ray first: it starts subprocesses, which LanceDB (once imported) warns about.
CHECKS: dict[str, Check] = {
    "python": _python, "ray": _ray, "torch": _torch, "ffmpeg": _ffmpeg, "espeak-ng": _espeak,
    "database": _database, "lancedb": _lancedb, "embedding model": _embedder,
}
NEEDS_SETTINGS = {"ray", "database", "lancedb"}


def _settings() -> Settings:
    """The REELWORLD_* settings, REELWORLD_CHAIN checked against the chain's knobs. Raises
    SettingsError."""
    from actors.chain import chain_config

    settings = load_settings()
    chain_config(settings)
    return settings


def doctor(skip_ray: bool = typer.Option(False, "--skip-ray", help="Do not start Ray (it takes seconds).")) -> None:
    """Check the settings, Python, torch, ffmpeg, eSpeak NG, the database, LanceDB, the
    embedder and Ray."""
    console = Console()
    table = Table("check", "", "details")
    failed = 0
    settings: Settings | None = None
    try:
        settings = _settings()
        table.add_row("settings", "[green]ok[/green]", f"home {settings.home}, API on {settings.host}:{settings.port}")
    except SettingsError as error:
        failed += 1
        table.add_row("settings", "[red]FAIL[/red]", f"{type(error).__name__}: {error}")
    for name, check in CHECKS.items():
        if name == "ray" and skip_ray:
            table.add_row(name, "[yellow]-[/yellow]", "skipped")
            continue
        if settings is None and name in NEEDS_SETTINGS:
            table.add_row(name, "[yellow]-[/yellow]", "skipped: the settings are not valid")
            continue
        with console.status(f"checking {name}..."):
            try:
                table.add_row(name, "[green]ok[/green]", check(settings))
            except Exception as error:  # noqa: BLE001 - every failure is reported, none is raised
                failed += 1
                table.add_row(name, "[red]FAIL[/red]", f"{type(error).__name__}: {error}")
    console.print(table)
    if failed:
        console.print(f"[red]{failed} check(s) failed[/red]")
        raise typer.Exit(1)
