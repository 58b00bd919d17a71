"""The driver's side of a training run: following the loss log the workers write, SIGTERM
handled as Ctrl-C (but told apart), and waiting on Ray Train's fit so that the first interrupt
asks the workers to save the step they reached. Must not import the model or the training loop.
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class LogTail:
    """The rows appended to a JSON-lines file since the last look (whole lines only)."""

    def __init__(self, path: Path):
        self.path = path
        self.offset = path.stat().st_size if path.exists() else 0

    def rows(self) -> list[dict]:
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except FileNotFoundError:
            return []
        whole = data[:data.rfind(b"\n") + 1]
        self.offset += len(whole)
        rows = []
        for line in whole.splitlines():
            try:
                rows.append(json.loads(line))
            except ValueError:  # not a row: nothing to show
                continue
        return rows


@contextmanager
def following(path: Path, on_row: Callable[[dict], None] | None,
              every: float = 0.5) -> Iterator[None]:
    """While the block runs, call `on_row` from a thread with each row appended to `path`; the
    last rows are delivered when the block ends."""
    if on_row is None:
        yield
        return
    tail, stop = LogTail(path), threading.Event()

    def follow() -> None:
        while not stop.wait(every):
            for row in tail.rows():
                on_row(row)

    thread = threading.Thread(target=follow, name="log-tail", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        for row in tail.rows():
            on_row(row)


class Terminated(KeyboardInterrupt):
    """A SIGTERM ended the run: handled as Ctrl-C, but the command exits 143 (128 + 15)."""


def _interrupt(signum, frame):
    raise Terminated


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Within the block a SIGTERM ends the command as Ctrl-C does (as `Terminated`, a
    KeyboardInterrupt), also while ray.init runs (it installs a handler that exits with code 15)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    before = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    except SystemExit as exc:
        if exc.code != signal.SIGTERM:
            raise
        raise Terminated from None
    finally:
        signal.signal(signal.SIGTERM, before)


def start_ray() -> None:
    import ray

    if not ray.is_initialized():
        ray.init(include_dashboard=False, log_to_driver=False)
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _interrupt)  # ray.init put its own in place


def fit_off_the_main_thread(trainer, stop_file: Path | None = None,
                             on_stop: Callable[[], None] | None = None):
    """trainer.fit(), run in a thread and waited on here. From the main thread Ray Train puts
    its own SIGINT handler in place, which aborts the run and may end the process with exit
    code 0 or return as if training had finished; here Ctrl-C (and SIGTERM) raise
    KeyboardInterrupt, and the run's Ray processes end with the command.

    With a `stop_file`, the first Ctrl-C or SIGTERM writes it and calls `on_stop`: the workers
    save a checkpoint at the step they reached and end, and then the interrupt is raised. A
    second one raises at once (the steps since the last checkpoint are lost)."""
    outcome: dict = {}
    stopping: KeyboardInterrupt | None = None
    finished = threading.Event()  # not thread.join: one a signal interrupted can report a live
    # thread as ended (CPython before 3.13)

    def fit() -> None:
        try:
            outcome["result"] = trainer.fit()
        except BaseException as exc:  # noqa: BLE001 - raised again in the main thread
            outcome["error"] = exc
        finally:
            finished.set()

    threading.Thread(target=fit, name="ray-train-fit", daemon=True).start()
    while not finished.is_set():
        try:
            finished.wait(0.5)  # a signal interrupts the wait
        except KeyboardInterrupt as exc:
            if stopping is not None or stop_file is None:
                raise
            stopping = exc
            stop_file.touch()
            if on_stop is not None:
                on_stop()
    if "error" in outcome:
        raise outcome["error"]
    if stopping is not None:
        raise stopping
    return outcome["result"]
