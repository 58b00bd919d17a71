"""Visible watermark and upscaling of generated frames before they are encoded.

Every published frame carries a mark saying it is AI-generated; it sits in the bottom-right
corner on a translucent dark plate, scaled with the frame so it stays legible at any size.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

MARK = "Reelworld AI"


def upscale(frames: np.ndarray, size: int) -> np.ndarray:
    """(T, h, w, 3) uint8 -> (T, size, size * w / h, 3) uint8 by bicubic resampling."""
    t, h, w, _ = frames.shape
    out_w = int(round(size * w / h))
    return np.stack([np.asarray(Image.fromarray(f).resize((out_w, size), Image.BICUBIC))
                     for f in frames])


def watermark(frames: np.ndarray, text: str = MARK) -> np.ndarray:
    """A copy of (T, H, W, 3) uint8 frames with `text` drawn in the bottom-right corner."""
    t, h, w, _ = frames.shape
    font = ImageFont.load_default(size=max(8, h // 18))
    probe = ImageDraw.Draw(Image.new("RGB", (w, h)))
    left, top, right, bottom = probe.textbbox((0, 0), text, font=font)
    pad = max(2, h // 64)
    box = (w - (right - left) - 3 * pad, h - (bottom - top) - 3 * pad, w - pad, h - pad)
    overlay = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle(box, fill=(0, 0, 0, 120))
    draw.text((box[0] + pad - left, box[1] + pad - top), text, font=font, fill=(255, 255, 255, 230))
    mark = np.asarray(overlay, np.float32)
    alpha = mark[..., 3:4] / 255.0
    out = frames.astype(np.float32) * (1 - alpha) + mark[..., :3] * alpha
    return np.round(out).astype(np.uint8)
