"""The video denoiser: a diffusers UNet2DModel over frames stacked as channels, conditioned on
text, style, a character's appearance code and optional known frames.

Read top-down: `VideoDiffusionConfig` holds every knob; `VideoDenoiser` is a diffusers
`ModelMixin` + `ConfigMixin` (so `save_pretrained` writes the diffusers layout: config.json and
diffusion_pytorch_model.safetensors). The clip (B, T, 3, H, W) is folded to (B, T*3, H, W):
on two CPU cores a 3D U-Net step is ~70x slower (DESIGN.md, measured), and attention runs
only at the coarsest resolution. Conditioning:

- text: a 384-d sentence embedding (all-MiniLM-L6-v2), zeros for "no text" (guidance);
- style: an index into STYLES, or NULL_STYLE;
- appearance: a small vector describing a character (zeros when there is none);
- known frames: (B, T, 3, H, W) with a per-frame mask (1 = given), concatenated as input
  channels, so a clip can continue the last frames of another shot.

The three vectors are projected to the U-Net's time-embedding width and added to it
(`class_embed_type="identity"`). This module must not import Ray or the world simulator.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
from diffusers import UNet2DModel
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin
from torch import nn

from generation.model.conditioning import APPEARANCE_DIM, NULL_STYLE, STYLES, TEXT_DIM  # noqa: F401 - re-exported


@dataclass(frozen=True)
class VideoDiffusionConfig:
    """Every knob of the denoiser. Frames are `frames` x `size` x `size` RGB in [-1, 1]."""

    frames: int = 24
    size: int = 32
    channels: tuple[int, ...] = (64, 128, 128)
    layers_per_block: int = 2
    attention_head_dim: int = 32
    norm_groups: int = 32
    text_dim: int = TEXT_DIM
    appearance_dim: int = APPEARANCE_DIM
    dropout: float = 0.0

    def unet_kwargs(self) -> dict:
        n = len(self.channels)
        return dict(
            sample_size=self.size,
            in_channels=self.frames * 7,  # noisy RGB + known RGB + known mask, per frame
            out_channels=self.frames * 3,
            block_out_channels=tuple(self.channels),
            layers_per_block=self.layers_per_block,
            down_block_types=("DownBlock2D",) * (n - 1) + ("AttnDownBlock2D",),
            up_block_types=("AttnUpBlock2D",) + ("UpBlock2D",) * (n - 1),
            attention_head_dim=self.attention_head_dim,
            norm_num_groups=self.norm_groups,
            class_embed_type="identity",
            dropout=self.dropout,
        )


class VideoDenoiser(ModelMixin, ConfigMixin):
    """Predicts the diffusion target (v) of a noisy clip given its conditioning."""

    @register_to_config
    def __init__(self, frames: int = 24, size: int = 32, channels: tuple = (64, 128, 128),
                 layers_per_block: int = 2, attention_head_dim: int = 32, norm_groups: int = 32,
                 text_dim: int = TEXT_DIM, appearance_dim: int = APPEARANCE_DIM,
                 dropout: float = 0.0):
        super().__init__()
        cfg = VideoDiffusionConfig(frames, size, tuple(channels), layers_per_block,
                                   attention_head_dim, norm_groups, text_dim, appearance_dim,
                                   dropout)
        self.unet = UNet2DModel(**cfg.unet_kwargs())
        width = cfg.channels[0] * 4  # UNet2DModel's time-embedding width
        self.text_proj = nn.Sequential(nn.Linear(text_dim, width), nn.SiLU(), nn.Linear(width, width))
        self.style_embed = nn.Embedding(len(STYLES) + 1, width)
        self.appearance_proj = nn.Linear(appearance_dim, width)

    @classmethod
    def from_model_config(cls, cfg: VideoDiffusionConfig) -> "VideoDenoiser":
        """Build an untrained denoiser from a VideoDiffusionConfig."""
        kw = asdict(cfg)
        kw["channels"] = list(cfg.channels)
        return cls(**kw)

    def condition(self, text: torch.Tensor, style: torch.Tensor,
                  appearance: torch.Tensor) -> torch.Tensor:
        """(B, text_dim), (B,) long, (B, appearance_dim) -> (B, width) added to the timestep."""
        return self.text_proj(text) + self.style_embed(style) + self.appearance_proj(appearance)

    def forward(self, noisy: torch.Tensor, timestep: torch.Tensor, text: torch.Tensor,
                style: torch.Tensor, appearance: torch.Tensor, known: torch.Tensor,
                known_mask: torch.Tensor) -> torch.Tensor:
        """noisy, known: (B, T, 3, H, W); known_mask: (B, T); timestep: (B,) or scalar.

        Returns the prediction with the shape of `noisy`.
        """
        b, t, c, h, w = noisy.shape
        mask = known_mask.to(noisy.dtype)[:, :, None, None, None]
        x = torch.cat([noisy, known * mask, mask.expand(b, t, 1, h, w)], dim=2)
        x = x.reshape(b, t * 7, h, w)
        timestep = torch.as_tensor(timestep, device=noisy.device)
        if timestep.ndim == 0:
            timestep = timestep.expand(b)
        cond = self.condition(text, style, appearance)
        out = self.unet(x, timestep, class_labels=cond.to(x.dtype)).sample
        return out.reshape(b, t, c, h, w)
