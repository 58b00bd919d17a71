"""Reelworld's video diffusion model: the denoiser (model.py), schedules, the sampler pipeline,
text encoding, Ray Train training on the world dataset, checkpoints, and the VideoGenerator
backends (our weights or any local diffusers text-to-video pipeline).

Importable without Ray; Ray is imported only inside the training and data functions. The names
below load on first use (PEP 562), so importing a light module of this package (conditioning,
backend's helpers) does not import diffusers: a few seconds at every command line's start.
"""

from importlib import import_module

_HOMES = {"DiffusersGenerator": "backend", "ReelworldGenerator": "backend", "VideoGenerator": "backend",
          "VideoDenoiser": "model", "VideoDiffusionConfig": "model", "ReelworldPipeline": "pipeline"}

__all__ = sorted(_HOMES)


def __getattr__(name: str):  # noqa: ANN202 - one of __all__'s classes
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
