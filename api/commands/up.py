"""`reelworld up`: the whole service on this machine (or joined to RAY_ADDRESS's cluster).

With Ray (the default) generations run on the Serve chain (actors/chain.py): the one already
deployed on the cluster under `reelworld-chain` (`serve deploy cluster/serve_config.yaml`), or
one deployed now. With --no-ray they run in this process.
"""

from __future__ import annotations

import os
import signal
import threading

import typer
from rich.console import Console
from rich.panel import Panel

from api.commands.opening import exit_on_setup_error, fail
from cluster.settings import load_settings


def up(
    host: str | None = typer.Option(None, help="Interface to listen on (default REELWORLD_HOST or 127.0.0.1)."),
    port: int | None = typer.Option(None, min=1, max=65535, help="Port (default REELWORLD_PORT or 8000)."),
    ray_enabled: bool = typer.Option(True, "--ray/--no-ray",
                                     help="Start Ray, the projector actor and the generation chain on Serve."),
) -> None:
    """Start Ray (or join RAY_ADDRESS's cluster), migrate the database, start the projectors,
    deploy the generation chain on Ray Serve, open LanceDB and serve the API."""
    console = Console()
    with exit_on_setup_error():
        settings = load_settings()
        from actors.chain import chain_config

        config = chain_config(settings)
    host, port = host or settings.host, port or settings.port
    info = None
    if ray_enabled:  # first: a cluster that cannot be reached leaves no database made or migrated
        try:
            with console.status("starting Ray..." if not settings.ray_address else "joining the Ray cluster..."):
                from cluster.ray_runtime import start_ray

                info = start_ray(settings)
        except ConnectionError as error:  # "cannot reach the Ray cluster at ..."
            fail(str(error))
    with exit_on_setup_error(), console.status("opening the event store and migrating..."):
        settings.home.mkdir(parents=True, exist_ok=True)
        from api.runtime import open_runtime
        from generation.jobs.models import WeightsCatalog

        # The models the API offers are those the Serve sampler loads (Settings.weights_dir).
        models = WeightsCatalog(settings.weights_dir) if settings.weights_dir else None
        runtime = open_runtime(settings, chain_config=config, models=models)
        from generation.jobs.binding import MediaStoreMismatch, bind_media_store, shown_location

        try:  # another process's media store would fail its generations half way and lose videos
            bind_media_store(runtime.store, runtime.media, settings.media_location)
        except MediaStoreMismatch as error:
            runtime.close()
            fail(str(error))
        except OSError as error:  # the store cannot be reached (a share not mounted, a bucket refused)
            runtime.close()
            fail(f"the media store at {shown_location(settings.media_location)} cannot be used: {error}")
    ray_line, chain_line, service = "off (--no-ray)", "in this process", Service(runtime)
    if info is not None:
        with console.status("starting the projectors..."):
            from actors import start_projector_host

            service.host_actor = start_projector_host(settings)
        kind = "embedded" if info.embedded else "cluster"
        ray_line = f"{kind} at {info.address} ({info.cpus:g} CPU, {info.gpus:g} GPU), projectors running"
        with console.status("deploying the generation chain on Ray Serve..."):
            from actors.chain import APP_NAME, ServeChain, deploy_chain

            # Not waiting for the replicas: the API answers meanwhile, generations wait for them.
            handle, service.deployed = deploy_chain(settings, sampler_gpus=min(info.gpus, 1.0), wait=False)
            service.chain = ServeChain(handle, runtime.chain)
        chain_line = f"Ray Serve, application {APP_NAME} ({'deployed now' if service.deployed else 'already running'})"

    with exit_on_setup_error(), console.status("opening LanceDB..."):
        import lancedb

        settings.lancedb_dir.mkdir(parents=True, exist_ok=True)
        lancedb.connect(settings.lancedb_dir)
    console.print(Panel.fit(
        f"API      http://{host}:{port}  (OpenAPI: http://{host}:{port}/schema)\n"
        f"Data     {settings.home}\n"
        f"Database {settings.database_url}\n"
        f"LanceDB  {settings.lancedb_dir}\n"
        f"Ray      {ray_line}\n"
        f"Chain    {chain_line}\n\n"
        "First time? Make an invite code: reelworld admin invite",
        title="Reelworld is up", border_style="green",
    ))
    service.serve(host, port)


class Service:
    """What `up` runs and stops: the API, the chain worker and, with Ray, the projector actor
    and the Serve chain."""

    def __init__(self, runtime) -> None:
        self.runtime, self.chain = runtime, runtime.chain
        """`chain` runs a generation to its end: the in-process runner, or ServeChain."""
        self.host_actor = None
        self.deployed = False
        """Whether `up` deployed the Serve chain (it then deletes it on the way out)."""

    def serve(self, host: str, port: int) -> None:
        import uvicorn

        from api.app import create_app
        from api.logs import configure_logging
        from generation.jobs import ChainWorker, start_worker

        runtime = self.runtime
        configure_logging(runtime.settings.log_level)
        # The generation chain: a thread that follows the log and hands unfinished generations
        # (those a restart interrupted first) to the chain, catching the read models up after
        # each one; the sweeper ends stuck ones.
        worker = ChainWorker(runtime.store, self.chain, on_progress=runtime.catch_up, sweeper=runtime.sweeper)
        chain_thread, chain_stop = start_worker(worker)
        # Load the prompt models now, not inside the first request (the first caller waits on
        # them): this process reads every request's prompt (the rewriter) and checks every post
        # for teens (the classifier), whether the chain runs here or in Serve replicas, which
        # load their own when they start.
        steps = runtime.chain.steps
        warm_up = threading.Thread(target=lambda: (steps.rewriter(), steps.classifier()), name="warm-up", daemon=True)
        warm_up.start()
        if threading.current_thread() is threading.main_thread():
            # uvicorn stops gracefully on SIGTERM, then restores the handler it found and raises
            # the signal again; without Ray's handler that was the default one, which killed the
            # process before the chain worker was stopped and the database closed.
            signal.signal(signal.SIGTERM, _stop_on_sigterm)
        try:
            uvicorn.run(create_app(runtime), host=host, port=port, log_config=None, proxy_headers=True,
                        forwarded_allow_ips=list(runtime.settings.trusted_proxies))
        finally:
            mid_step = not stopped(chain_thread, chain_stop, STEP_GRACE_S)
            warm_up.join(timeout=60)  # a stop while it loads: exiting under it aborts in torch's C++
            self.stop_ray()
            if mid_step:
                # A step still running (sampling under load) would abort the process in torch's
                # C++ as the interpreter ends, with the database closed under it: leave now, as a
                # crash does. Every finished step is in the log; this one runs again at the next start.
                print("Reelworld stopped; the generation step in progress runs again at the next start",
                      flush=True)
                os._exit(0)
            runtime.close()
            print("Reelworld stopped", flush=True)

    def stop_ray(self) -> None:
        if self.host_actor is None:
            return
        import ray
        from ray import serve

        from actors.chain import APP_NAME
        from cluster.ray_runtime import stop_ray

        if self.deployed:
            serve.delete(APP_NAME)
        try:
            ray.get(self.host_actor.stop.remote(), timeout=PROJECTOR_STOP_S)
        except (ray.exceptions.GetTimeoutError, ray.exceptions.RayError) as exc:
            # Ray is stopped below either way; a projector cut off mid-batch has not moved its
            # checkpoint past what it did not write, so it catches up from the log next start.
            print(f"the projectors did not stop cleanly within {PROJECTOR_STOP_S:g} s "
                  f"({type(exc).__name__}); stopping Ray anyway: they catch up from the event log at the next start",
                  flush=True)
        stop_ray()


PROJECTOR_STOP_S = 30.0
"""How long a stop waits for the projectors to finish their batch and close the database."""
STEP_GRACE_S = 30.0
"""How long a stop waits for the chain's step in progress to end."""


def stopped(thread: threading.Thread, stop: threading.Event, grace_s: float) -> bool:
    """Ask the chain worker on `thread` to stop (`stop`) and wait up to `grace_s` for it: whether
    it ended (else a step is still running)."""
    stop.set()
    thread.join(timeout=grace_s)
    return not thread.is_alive()


def _stop_on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM after uvicorn's graceful stop: leave through `serve`'s cleanup, exit code 0."""
    raise SystemExit(0)
