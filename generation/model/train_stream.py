"""Single-process training fed straight from the simulator: for a GPU machine without Ray.

`reelworld train` (Ray Train + Ray Data over dataset shards) is the project's trainer. This one
exists for a lent accelerator that has PyTorch but no Ray and no room for a dataset: worker
processes draw world samples (the same `_sample` the dataset job uses, so the same families,
seeds and multi-shot share as `reelworld world dataset`) and the trainer keeps them in a replay
buffer on the device, drawing each batch uniformly from it while the buffer fills. The loss, the
EMA, the optimizer and the checkpoint layout are `train.py`'s.

    python -m generation.model.train_stream --config generation/configs/world32-h100.toml \
        --device cuda --minutes 7 --workers 14 --out OUT [--text-encoder DIR]

Writes OUT/<run name>/ (the diffusers layout of `checkpoints.py`, EMA weights) every
`--save-every` seconds and at the end, OUT/log.jsonl (loss, seconds per step, clips made) and
OUT/figures.json (throughput). Seeds stay below the evaluation's held-out range (1,000,000).
"""

from __future__ import annotations

import argparse
import copy
import json
import multiprocessing as mp
import queue
import time
from pathlib import Path

import msgspec
import numpy as np
import torch

from generation.model.config import TrainConfig, load_config
from generation.model.model import VideoDenoiser
from generation.model.train import _lr, diffusion_loss
from generation.world.dataset import HELD_OUT_SEED as HELD_OUT



def produce(worker: int, workers: int, frames: int, size: int, fps: float, first: int,
            out: mp.Queue, stop) -> None:
    """Draw samples first+worker, first+worker+workers, ... into `out` until `stop` is set."""
    torch.set_num_threads(1)
    from generation.model.conditioning import fit_frames, plan_appearance, style_index
    from generation.world.dataset import DatasetConfig, _sample
    from generation.world.generate import ScenarioError, generate
    from generation.world.scenarios import all_families

    names = list(all_families())
    cfg = DatasetConfig(n=HELD_OUT, out="", size=size, fps=fps)
    i = first + worker
    while not stop.is_set() and i < HELD_OUT:
        try:
            s = _sample(i, cfg, names, lambda *a, **k: generate(*a, audio_rate=0, **k))
        except ScenarioError:
            i += workers
            continue
        row = (fit_frames(s.frames, frames), s.meta.caption, style_index(s.meta.plan.style),
               plan_appearance(s.meta.plan))
        while not stop.is_set():
            try:
                out.put(row, timeout=0.5)
                break
            except queue.Full:
                continue
        i += workers


class Replay:
    """Clips on the device: uint8 frames, text vectors, style and appearance; ring-overwritten."""

    def __init__(self, capacity: int, frames: int, size: int, text_dim: int, app_dim: int, device):
        self.frames = torch.zeros((capacity, frames, 3, size, size), dtype=torch.uint8, device=device)
        self.text = torch.zeros((capacity, text_dim), device=device)
        self.style = torch.zeros(capacity, dtype=torch.long, device=device)
        self.app = torch.zeros((capacity, app_dim), device=device)
        self.capacity, self.count, self.device = capacity, 0, device

    def add(self, frames: np.ndarray, text: np.ndarray, style: np.ndarray, app: np.ndarray) -> None:
        n = len(frames)
        idx = torch.arange(self.count, self.count + n) % self.capacity
        self.frames[idx] = torch.from_numpy(frames).permute(0, 1, 4, 2, 3).to(self.device)
        self.text[idx] = torch.from_numpy(text).to(self.device)
        self.style[idx] = torch.from_numpy(style).to(self.device)
        self.app[idx] = torch.from_numpy(app).to(self.device)
        self.count += n

    def batch(self, b: int, gen: torch.Generator) -> dict[str, torch.Tensor]:
        hi = min(self.count, self.capacity)
        idx = torch.randint(0, hi, (b,), generator=gen, device=gen.device).to(self.device)
        return {"frames": self.frames[idx].float() / 127.5 - 1.0, "text": self.text[idx],
                "style": self.style[idx], "appearance": self.app[idx]}


def save(out: Path, model: VideoDenoiser, ema, step: int, cfg: TrainConfig, extra: dict,
         shard_mb: int = 15) -> None:
    """EMA weights (float16) in the diffusers layout, in safetensors shards of at most `shard_mb` MB."""
    from generation.model.checkpoints import write_pipeline_files

    params = list(model.parameters())
    ema.store(params)
    ema.copy_to(params)
    half = copy.deepcopy(model).to("cpu", torch.float16)  # float16 files; loaded as float32
    ema.restore(params)
    tmp = out.with_name(out.name + ".tmp")
    half.save_pretrained(tmp / "denoiser", max_shard_size=f"{shard_mb}MB")
    write_pipeline_files(tmp, step, {"config": msgspec.to_builtins(cfg), **extra})
    if out.exists():
        import shutil

        shutil.rmtree(out)
    tmp.rename(out)


def train(cfg: TrainConfig, device: str, minutes: float, workers: int, out: Path,
          text_encoder: str | None = None, capacity: int = 200_000, min_fill: int = 1024,
          save_every: float = 120.0, first_seed: int = 0) -> dict:
    from diffusers.training_utils import EMAModel

    from generation.model.schedulers import training_scheduler

    t0 = time.time()
    deadline = t0 + 60 * minutes
    dev = torch.device(device)
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
        torch.backends.cudnn.benchmark = True
    if text_encoder:
        from generation.model.compact_text import CompactMiniLM

        embedder = CompactMiniLM(text_encoder, device=device)
    else:
        from recsys.embeddings import MiniLMEmbedder

        embedder = MiniLMEmbedder(device=device)
    from generation.model.text import TextEncoder

    encoder = TextEncoder(embedder)
    ctx = mp.get_context("spawn")
    rows: mp.Queue = ctx.Queue(maxsize=4096)
    stop = ctx.Event()
    m = cfg.model
    procs = [ctx.Process(target=produce, args=(w, workers, m.frames, m.size, 8.0, first_seed, rows, stop),
                         daemon=True) for w in range(workers)]
    for p in procs:
        p.start()
    torch.manual_seed(cfg.train.seed)
    model = VideoDenoiser.from_model_config(cfg.model_config()).to(dev)
    params = sum(p.numel() for p in model.parameters())
    ema = EMAModel(model.parameters(), decay=cfg.train.ema_decay, use_ema_warmup=True)
    ema.to(dev)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.train.lr, weight_decay=0.01)
    sched = training_scheduler()
    gen = torch.Generator(device=dev).manual_seed(cfg.train.seed)
    buf = Replay(capacity, m.frames, m.size, 384, cfg.model_config().appearance_dim, dev)
    out.mkdir(parents=True, exist_ok=True)
    log = open(out / "log.jsonl", "a")
    step, losses, last_save, tick = 0, [], time.time(), time.time()
    first_step_at = None
    spent = {"wait": 0.0, "drain": 0.0, "save": 0.0}  # seconds outside training steps, per log row

    def drain(limit: int) -> int:
        got = []
        while len(got) < limit:
            try:
                got.append(rows.get_nowait())
            except queue.Empty:
                break
        if got:
            frames = np.stack([g[0] for g in got])
            text = encoder.encode([g[1] for g in got])
            buf.add(frames, text, np.array([g[2] for g in got], np.int64),
                    np.stack([g[3] for g in got]).astype(np.float32))
        return len(got)

    try:
        while time.time() < deadline and step < cfg.train.max_steps:
            d0 = time.time()
            drain(512)
            spent["drain"] += time.time() - d0
            if buf.count < min_fill:
                time.sleep(0.2)
                spent["wait"] += time.time() - d0
                continue
            if first_step_at is None:
                first_step_at = time.time()
            for group in opt.param_groups:
                group["lr"] = _lr(step, cfg)
            loss = diffusion_loss(model, sched, buf.batch(cfg.train.batch_size, gen), cfg, gen)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            ema.step(model.parameters())
            step += 1
            losses.append(loss.detach())
            if step % cfg.train.log_every == 0:
                if dev.type == "cuda":
                    torch.cuda.synchronize()
                now = time.time()
                row = {"step": step, "loss": float(torch.stack(losses).mean()), "lr": _lr(step, cfg),
                       "s_per_step": (now - tick - spent["wait"] - spent["drain"] - spent["save"]) / len(losses),
                       "clips_made": buf.count, "elapsed_s": round(now - t0, 1),
                       **{f"{k}_s": round(v, 2) for k, v in spent.items()}}
                losses, tick = [], now
                spent = dict.fromkeys(spent, 0.0)
                log.write(json.dumps(row) + "\n")
                log.flush()
                print(json.dumps(row), flush=True)
            if time.time() - last_save > save_every:
                d0 = time.time()
                save(out / cfg.run.name, model, ema, step, cfg, {"clips_made": buf.count})
                last_save = time.time()
                spent["save"] += last_save - d0
    finally:
        stop.set()
        save(out / cfg.run.name, model, ema, step, cfg, {"clips_made": buf.count})
        for p in procs:
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
        log.close()
    wall = time.time() - (first_step_at or time.time())
    figures = {"device": torch.cuda.get_device_name() if dev.type == "cuda" else "cpu",
               "params": params, "steps": step, "batch": cfg.train.batch_size,
               "clips_made": buf.count, "producers": workers,
               "train_wall_s": round(wall, 1), "clips_per_s_trained": round(step * cfg.train.batch_size / max(wall, 1e-9), 1),
               "clips_per_s_made": round(buf.count / max(time.time() - t0, 1e-9), 1),
               "text_unknown_pieces": f"{getattr(embedder, 'unknown', 0)}/{getattr(embedder, 'pieces', 0)}"}
    (out / "figures.json").write_text(json.dumps(figures, indent=1))
    return figures


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--config", type=Path, required=True)
    p.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    p.add_argument("--minutes", type=float, default=7.0)
    p.add_argument("--workers", type=int, default=max(1, (mp.cpu_count() or 2) - 2))
    p.add_argument("--out", type=Path, default=Path("data/train-stream"))
    p.add_argument("--text-encoder", default=None, help="a compact_text export (default: the full model)")
    p.add_argument("--capacity", type=int, default=200_000)
    p.add_argument("--min-fill", type=int, default=1024)
    p.add_argument("--save-every", type=float, default=120.0)
    a = p.parse_args()
    cfg = load_config(a.config)
    print(json.dumps(train(cfg, a.device, a.minutes, a.workers, a.out, a.text_encoder, a.capacity,
                           a.min_fill, a.save_every)))


if __name__ == "__main__":
    main()
