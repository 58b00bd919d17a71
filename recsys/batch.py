"""Batch rebuild of the feed index: embed every posted video's caption, then overwrite the table.

With Ray Data the captions are embedded by a pool of actors, each holding one MiniLMEmbedder
(the model loads once per actor, not once per batch); without it, in this process with the
index's embedder. Both give the same vectors. Ray must already be running (cluster.ray_runtime).

Must not import api/ or actors/.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa

from recsys.ann import Upkeep
from recsys.embeddings import Embedder, MiniLMEmbedder
from recsys.index import FeedIndex, IndexedVideo


def caption_embedder() -> Embedder:
    """The embedder each Ray Data actor holds: MiniLM without a cache (a rebuild sees each
    caption once, and the actor should not grow with it)."""
    return MiniLMEmbedder(cache_size=0)


class EmbedCaptions:
    """Ray Data callable class: one embedder per actor, made by `make_embedder`; maps
    {"row", "text"} batches to {"row", "vector"}."""

    def __init__(self, make_embedder: Callable[[], Embedder]) -> None:
        self._embedder = make_embedder()
        self._embedder.embed(["load the model now, not in the first batch"])

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        vectors = self._embedder.embed([str(t) for t in batch["text"]])
        return {"row": batch["row"], "vector": vectors}


def embed_with_ray(texts: Sequence[str], *, batch_size: int = 256, actors: int | None = None,
                   make_embedder: Callable[[], Embedder] = caption_embedder,
                   progress: Callable[[int], None] | None = None) -> np.ndarray:
    """(len(texts), dim) unit vectors, in the order of `texts`, embedded by a Ray Data pool of
    up to `actors` actors (default: one per CPU of the cluster, at most one per batch), each
    holding one CPU and one embedder from `make_embedder` (must pickle). Raises RuntimeError
    when Ray is not running."""
    import ray

    if not ray.is_initialized():
        raise RuntimeError("Ray is not running: start it first (cluster.ray_runtime.start_ray)")
    if not texts:
        return np.zeros((0, MiniLMEmbedder.dim), np.float32)
    out: np.ndarray | None = None
    batches = math.ceil(len(texts) / batch_size)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    actors = max(1, min(actors or cpus, batches))
    ray.data.DataContext.get_current().enable_progress_bars = False
    ds = ray.data.from_arrow(pa.table({"row": np.arange(len(texts)), "text": list(texts)}))
    ds = ds.repartition(batches)  # one block per batch, so every actor gets work from the start
    ds = ds.map_batches(EmbedCaptions, fn_constructor_args=(make_embedder,), batch_size=batch_size,
                        batch_format="numpy", num_cpus=1,
                        compute=ray.data.ActorPoolStrategy(min_size=1, max_size=actors),
                        udf_modifying_row_count=False)
    done = 0
    # Blocks come back in any order; the "row" column puts each vector in its place.
    for batch in ds.iter_batches(batch_size=None, batch_format="numpy"):
        if out is None:
            out = np.zeros((len(texts), batch["vector"].shape[1]), np.float32)
        out[batch["row"]] = batch["vector"]
        done += len(batch["row"])
        if progress is not None:
            progress(done)
    return out


def embed_in_process(texts: Sequence[str], embed: Callable[[Sequence[str]], np.ndarray], *, batch_size: int = 256,
                     progress: Callable[[int], None] | None = None) -> np.ndarray:
    """The vectors of `texts` from `embed`, `batch_size` at a time, reporting counts done."""
    parts = []
    for start in range(0, len(texts), batch_size):
        parts.append(embed(texts[start:start + batch_size]))
        if progress is not None:
            progress(min(start + batch_size, len(texts)))
    return np.concatenate(parts) if parts else np.zeros((0, MiniLMEmbedder.dim), np.float32)


def reindex(videos: Sequence[IndexedVideo], index: FeedIndex, *, use_ray: bool = True, batch_size: int = 256,
            progress: Callable[[int], None] | None = None, actors: int | None = None,
            make_embedder: Callable[[], Embedder] = caption_embedder,
            on_ann: Callable[[Upkeep], None] | None = None) -> int:
    """Embed the captions of `videos` (with Ray Data when `use_ray`, else with `index`'s
    embedder in this process), then overwrite `index` with exactly these videos. `progress`
    is called with the number of captions embedded so far; `actors` caps the Ray Data pool
    (default: one per CPU), whose actors each hold an embedder from `make_embedder` (MiniLM,
    as the index's embedder is). `on_ann` gets what the rebuild did to the ANN index (built
    past the index's AnnPolicy.min_rows, in how many seconds). Returns the number of videos indexed
    (a video_id given twice counts once). Raises ValueError for a batch_size below 1."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    texts = [v.text for v in videos]
    if use_ray:
        vectors = embed_with_ray(texts, batch_size=batch_size, actors=actors, make_embedder=make_embedder,
                                 progress=progress)
    else:
        vectors = embed_in_process(texts, index.embedder.embed, batch_size=batch_size, progress=progress)
    return index.replace_all(videos, vectors, on_ann=on_ann)
