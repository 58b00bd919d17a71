"""Reelworld's video diffusion model: the denoiser (model.py), schedules, the sampler pipeline,
text encoding, Ray Train training on the world dataset, checkpoints, and the VideoGenerator
backends (our weights or any local diffusers text-to-video pipeline).

Importable without Ray; Ray is imported only inside the training and data functions.
"""

from generation.model.backend import DiffusersGenerator, ReelworldGenerator, VideoGenerator
from generation.model.model import VideoDenoiser, VideoDiffusionConfig
from generation.model.pipeline import ReelworldPipeline

__all__ = ["DiffusersGenerator", "ReelworldGenerator", "ReelworldPipeline", "VideoDenoiser",
           "VideoDiffusionConfig", "VideoGenerator"]
