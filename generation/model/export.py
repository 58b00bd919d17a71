"""Export a run's latest checkpoint to generation/weights/<name>/ with what reproduces it: the
config, the loss log and a loss-curve figure (SVG). The model card (README.md) beside them
quotes the evaluation (`python -m generation.model.evaluate --out .../eval.json`).

    python -m generation.model.export --config generation/configs/world32.toml
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import numpy as np

from generation.model.checkpoints import export_weights, latest_checkpoint
from generation.model.config import load_config

W, H, PAD = 640, 320, 48


def loss_svg(rows: list[dict], path: Path) -> Path:
    """A loss-against-step line chart (raw and a 10-point moving average) as SVG."""
    steps = np.array([r["step"] for r in rows], float)
    loss = np.array([r["loss"] for r in rows], float)
    smooth = np.convolve(loss, np.ones(10) / 10, mode="valid") if len(loss) >= 10 else loss
    lo, hi = float(loss.min()), float(loss.max())
    sx = lambda s: PAD + (W - 2 * PAD) * (s - steps[0]) / max(1.0, steps[-1] - steps[0])  # noqa: E731
    sy = lambda v: H - PAD - (H - 2 * PAD) * (v - lo) / max(1e-9, hi - lo)  # noqa: E731
    line = lambda xs, ys: " ".join(f"{sx(a):.1f},{sy(b):.1f}" for a, b in zip(xs, ys))  # noqa: E731
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
        f'<rect width="{W}" height="{H}" fill="white"/>',
        f'<polyline fill="none" stroke="#bbb" points="{line(steps, loss)}"/>',
        f'<polyline fill="none" stroke="#c22" stroke-width="2" points="{line(steps[len(steps) - len(smooth):], smooth)}"/>',
        f'<line x1="{PAD}" y1="{H - PAD}" x2="{W - PAD}" y2="{H - PAD}" stroke="black"/>',
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{H - PAD}" stroke="black"/>',
        f'<text x="{PAD}" y="{H - 16}">step {int(steps[0])}</text>',
        f'<text x="{W - PAD}" y="{H - 16}" text-anchor="end">step {int(steps[-1])}</text>',
        f'<text x="4" y="{PAD}">{hi:.3f}</text><text x="4" y="{H - PAD}">{lo:.3f}</text>',
        f'<text x="{W / 2}" y="20" text-anchor="middle">v-prediction training loss (grey: per log interval; red: 10-interval mean)</text>',
        "</svg>",
    ]
    path.write_text("\n".join(parts) + "\n")
    return path


def export_run(config: Path, out: Path | None = None) -> Path:
    """Copy the run's latest checkpoint, config, log and loss figure into the weights folder."""
    cfg = load_config(config)
    run_dir = Path(cfg.run.storage) / cfg.run.name
    ckpt = latest_checkpoint(run_dir)
    if ckpt is None:
        raise FileNotFoundError(f"no checkpoint under {run_dir}")
    out = out or Path("generation/weights") / cfg.run.name
    export_weights(ckpt, out)
    shutil.copy(config, out / "config.toml")
    shutil.copy(run_dir / "log.jsonl", out / "log.jsonl")
    rows = [json.loads(line) for line in (out / "log.jsonl").read_text().splitlines()]
    latest = {r["step"]: r for r in rows}  # a resumed run logs again from its checkpoint's step
    loss_svg([latest[s] for s in sorted(latest)], out / "loss.svg")
    return out


def main() -> None:
    from generation.model.arguments import summary

    parser = argparse.ArgumentParser(description=summary(__doc__))
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    print(export_run(args.config, args.out))


if __name__ == "__main__":
    main()
