"""Contact sheets: clips as a PNG grid (one row per clip, one column per frame), for checking
samples by eye while a model trains.

    python -m generation.model.sheet CHECKPOINT_DIR out.png [--steps 25] [--n 6]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image


def contact_sheet(clips: np.ndarray, path: str | Path, scale: int = 2, every: int = 1) -> Path:
    """Write uint8 clips (B, T, H, W, 3) as one PNG; `every` keeps every n-th frame."""
    clips = clips[:, ::every]
    b, t, h, w, _ = clips.shape
    grid = np.full((b * (h + 1), t * (w + 1), 3), 255, np.uint8)
    for i in range(b):
        for j in range(t):
            grid[i * (h + 1):i * (h + 1) + h, j * (w + 1):j * (w + 1) + w] = clips[i, j]
    img = Image.fromarray(grid).resize((grid.shape[1] * scale, grid.shape[0] * scale), Image.NEAREST)
    img.save(path)
    return Path(path)


def main() -> None:
    from generation.model.arguments import summary

    import torch

    from generation.model.evaluate import held_out
    from generation.model.pipeline import ReelworldPipeline

    parser = argparse.ArgumentParser(description=summary(__doc__))
    parser.add_argument("weights", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--steps", type=int, default=25)
    parser.add_argument("--n", type=int, default=6)
    parser.add_argument("--guidance", type=float, default=1.0)
    args = parser.parse_args()
    pipe = ReelworldPipeline.from_pretrained(args.weights)
    prompts = held_out(args.n, pipe.frames, pipe.size, 8.0)
    made = pipe([p.caption for p in prompts], [p.style for p in prompts], steps=args.steps,
                generator=torch.Generator().manual_seed(0), guidance=args.guidance)
    both = np.stack([x for pair in zip([p.frames for p in prompts], made) for x in pair])
    contact_sheet(both, args.out, every=2)
    for i, p in enumerate(prompts):
        print(f"rows {2 * i}/{2 * i + 1} (simulated/generated): {p.caption}")


if __name__ == "__main__":
    main()
