"""`reelworld up`: the whole service on this machine (or joined to RAY_ADDRESS's cluster)."""

from __future__ import annotations

import threading

import typer
from rich.console import Console
from rich.panel import Panel

from cluster.settings import SettingsError, load_settings


def up(
    host: str | None = typer.Option(None, help="Interface to listen on (default REELWORLD_HOST or 127.0.0.1)."),
    port: int | None = typer.Option(None, min=1, max=65535, help="Port (default REELWORLD_PORT or 8000)."),
    ray_enabled: bool = typer.Option(True, "--ray/--no-ray", help="Start Ray and the projector actor."),
) -> None:
    """Migrate the database, start Ray and the projectors, open LanceDB, run the generation
    chain and serve the API."""
    console = Console()
    try:
        settings = load_settings()
    except SettingsError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(2) from None
    host, port = host or settings.host, port or settings.port
    settings.home.mkdir(parents=True, exist_ok=True)

    with console.status("opening the event store and migrating..."):
        from api.runtime import open_runtime

        runtime = open_runtime(settings)
    ray_line, host_actor = "off (--no-ray)", None
    if ray_enabled:
        with console.status("starting Ray..." if not settings.ray_address else "joining the Ray cluster..."):
            from actors import start_projector_host
            from cluster.ray_runtime import start_ray

            info = start_ray(settings)
            host_actor = start_projector_host(settings)
        kind = "embedded" if info.embedded else "cluster"
        ray_line = f"{kind} at {info.address} ({info.cpus:g} CPU, {info.gpus:g} GPU), projectors running"

    with console.status("opening LanceDB..."):
        import lancedb

        settings.lancedb_dir.mkdir(parents=True, exist_ok=True)
        lancedb.connect(settings.lancedb_dir)
    console.print(Panel.fit(
        f"API      http://{host}:{port}  (OpenAPI: http://{host}:{port}/schema)\n"
        f"Data     {settings.home}\n"
        f"Database {settings.database_url}\n"
        f"LanceDB  {settings.lancedb_dir}\n"
        f"Ray      {ray_line}\n\n"
        "First time? Make an invite code: reelworld admin invite",
        title="Reelworld is up", border_style="green",
    ))
    _serve(runtime, host, port, host_actor)


def _serve(runtime, host: str, port: int, host_actor) -> None:
    import uvicorn

    from api.app import create_app
    from api.logs import configure_logging
    from generation.jobs import ChainWorker, start_worker

    configure_logging(runtime.settings.log_level)
    # The generation chain: a thread that follows the log and advances unfinished generations
    # (those a restart interrupted first), catching the read models up after each one.
    chain_thread, chain_stop = start_worker(ChainWorker(runtime.store, runtime.chain, on_progress=runtime.catch_up))
    # Load the prompt models now, not inside the first request (the first caller waits on them).
    steps = runtime.chain.steps
    threading.Thread(target=lambda: (steps.rewriter(), steps.classifier()), name="warm-up", daemon=True).start()
    try:
        uvicorn.run(create_app(runtime), host=host, port=port, log_config=None)
    finally:
        chain_stop.set()
        chain_thread.join(timeout=30)
        if host_actor is not None:
            import ray

            from cluster.ray_runtime import stop_ray

            ray.get(host_actor.stop.remote(), timeout=30)
            stop_ray()
        runtime.close()
