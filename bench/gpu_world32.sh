#!/usr/bin/env bash
# The lent-GPU session that trains and measures generation/weights/world32-h100, as one command
# (the device tool runs it in a copy of the repo; OUT is the folder whose files come back).
# Needs: .whl/ (diffusers, pymunk, cffi, pycparser, msgspec, importlib_metadata wheels for the
# machine's Python), .gpu/minilm (python -m generation.model.compact_text export .gpu/minilm),
# .gpu/src (a snapshot of this repo's generation/, recsys/ and bench/: bench/gpu_snapshot.sh). MINUTES sets the training time.
set -u
MINUTES=${MINUTES:-6}
N=${N:-200}
STEPS=${STEPS:-25,10,5}
OUT=${OUT:-/tmp/out}
mkdir -p "$OUT" /tmp/gpuw
PY=${PY:-python3}
[ -n "${SKIP_WHEELS:-}" ] || $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
cd .gpu/src || exit 1  # the snapshot of generation/, recsys/ and bench/ (not the working tree)
export PYTHONPATH=.:/tmp/site PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
nvidia-smi --query-gpu=name,memory.total,clocks.sm --format=csv | tee /tmp/gpuw/gpu.txt
$PY -m generation.model.train_stream --config ${CONFIG:-generation/configs/world32-h100.toml} \
  --device ${DEVICE:-cuda} --minutes "$MINUTES" --workers ${WORKERS:-13} --out /tmp/gpuw \
  --text-encoder ../minilm ${TRAIN_ARGS:-} 2>&1 | tee /tmp/gpuw/train.txt | grep -v '"step": [0-9]*[1-9]50,'
NAME=$(ls -d /tmp/gpuw/*/denoiser | head -1 | xargs dirname)
$PY -m generation.model.evaluate --weights "$NAME" --n "$N" --steps "$STEPS" --batch ${EVAL_BATCH:-100} \
  --device ${DEVICE:-cuda} --text-encoder ../minilm --save-clips /tmp/gpuw/clips.npz ${JUDGE_ARG:---no-judge} --out /tmp/gpuw/eval.json 2>&1 | tail -8
$PY bench/generation.py --weights "$NAME" --device ${DEVICE:-cuda} --batches ${BATCHES:-1,8,64} \
  --text-encoder ../minilm --repeats 3 2>&1 | tee /tmp/gpuw/bench.txt | tail -6
# Pack: weights first, then clips; parts of 15 MB (the tool takes 8 files of 16 MiB at most).
cd /tmp/gpuw && tar -cf - "$(basename "$NAME")" log.jsonl figures.json eval.json bench.txt train.txt gpu.txt clips.npz 2>/dev/null \
  | split -b 15M -d - "$OUT/pack.tar.part"
ls -la "$OUT"
