"""Shared by the Serve tests and bench/serving.py: tiny, randomly initialised checkpoints
written in the layout of generation/weights/<name>/ (what the sampler loads by name), and a
runtime whose generations name them.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from generation.jobs import ChainConfig
from generation.model.model import VideoDenoiser
from generation.model.schedulers import training_scheduler
from tests.jobs.fixtures import TINY

TINY_CHAIN = ChainConfig(standard_steps=2, high_steps=3, size=64, guidance=1.0, default_model="tiny-a")
"""Few steps and small frames: what the Serve tests sample with."""


def write_tiny_weights(root: Path, name: str, *, seed: int = 0) -> Path:
    """A tiny untrained checkpoint at root/name, as `reelworld train` exports one."""
    torch.manual_seed(seed)
    out = root / name
    VideoDenoiser.from_model_config(TINY).eval().save_pretrained(out / "denoiser")
    training_scheduler().save_pretrained(out / "scheduler")
    (out / "model_index.json").write_text(json.dumps({
        "_class_name": "ReelworldVideoPipeline", "denoiser": ["generation.model.model", "VideoDenoiser"],
        "scheduler": ["diffusers", "DDPMScheduler"], "step": 0,
    }))
    return out


class TexturedModels:
    """Loads checkpoints by name from `root` (as the sampler does) and lays the fixtures' smooth
    ramp over what they make (tests.jobs.fixtures.Textured): an untrained checkpoint's frames are
    flat, which output safety rightly blocks. Picklable, for the replicas."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def __call__(self, name: str):  # noqa: ANN204
        from actors.sampler import WeightsLoader
        from tests.jobs.fixtures import Textured

        return Textured(WeightsLoader(self.root)(name))


class NotingModels:
    """Loads checkpoints by name from `root` (as the sampler does) and wraps each so that a
    generate() first leaves a note in `notes` (process id, node id, the GPU ids Ray gave the
    replica) and then takes `delay_s` longer: what a test needs to find the replica that is
    sampling, and to kill it mid-request."""

    def __init__(self, root: Path, notes: Path, delay_s: float) -> None:
        self.root, self.notes, self.delay_s = Path(root), Path(notes), delay_s

    def __call__(self, name: str) -> _Noting:
        return _Noting(TexturedModels(self.root)(name), self.notes, self.delay_s)


class _Noting:
    def __init__(self, generator, notes: Path, delay_s: float) -> None:
        self.generator, self.notes, self.delay_s = generator, notes, delay_s
        self.fps = generator.fps

    def generate(self, prompts, styles, **kwargs):
        import os
        import time

        import ray

        context = ray.get_runtime_context()
        note = {"pid": os.getpid(), "node": context.get_node_id(),
                "gpus": context.get_accelerator_ids().get("GPU", [])}
        self.notes.mkdir(parents=True, exist_ok=True)
        path = self.notes / f"{time.time_ns()}-{os.getpid()}.json"
        path.with_suffix(".tmp").write_text(json.dumps(note))
        path.with_suffix(".tmp").rename(path)  # a reader never sees half a note
        time.sleep(self.delay_s)  # a long denoising loop, to be interrupted
        return self.generator.generate(prompts, styles, **kwargs)


class SteppingModels:
    """Loads checkpoints by name from `root` (as TexturedModels does) and wraps each so that
    every denoising step takes `step_s` longer and leaves a line in the file `notes`: each loop
    one line when it begins ({"loop", "begin", "steps", "batch"}), one per step done ({"loop", "step",
    "t"}, t from time.time()) and one when it ends ({"loop", "end": "done" or the error's
    type}). What a test reads to count the steps a replica did after a cancel. Picklable."""

    def __init__(self, root: Path, notes: Path, step_s: float) -> None:
        self.root, self.notes, self.step_s = Path(root), Path(notes), step_s

    def __call__(self, name: str) -> _Stepping:
        return _Stepping(TexturedModels(self.root)(name), self.notes, self.step_s)


class _Stepping:
    def __init__(self, generator, notes: Path, step_s: float) -> None:
        self.generator, self.notes, self.step_s = generator, notes, step_s
        self.fps = generator.fps

    def __getattr__(self, name: str):  # noqa: ANN204 - frames, size: the wrapped model's
        if name == "generator":  # not set yet (unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.generator, name)

    def _note(self, **note) -> None:
        with self.notes.open("a") as out:  # one writer (the replica's loop thread), whole lines
            out.write(json.dumps(note) + "\n")

    def generate(self, prompts, styles, *, progress=None, **kwargs):
        import time
        import uuid

        loop = uuid.uuid4().hex

        def step(done: int, total: int) -> None:
            time.sleep(self.step_s)
            self._note(loop=loop, step=done, t=time.time())
            if progress is not None:
                progress(done, total)

        self._note(loop=loop, begin=time.time(), steps=kwargs.get("steps"), batch=len(prompts))
        try:
            clips = self.generator.generate(prompts, styles, progress=step, **kwargs)
        except BaseException as error:
            self._note(loop=loop, end=type(error).__name__, t=time.time())
            raise
        self._note(loop=loop, end="done", t=time.time())
        return clips


def read_notes(notes: Path) -> list[dict]:
    """SteppingModels' notes so far, in order."""
    return [json.loads(line) for line in notes.read_text().splitlines()] if notes.exists() else []
