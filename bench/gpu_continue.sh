#!/usr/bin/env bash
# The lent-GPU session that continues world32-h100 from its committed weights, as one command
# that ends within 9.5 minutes: train MINUTES (default 6) with --init-from, sample the 200
# held-out prompts, and the multi-shot ones of the same slots shot by shot as the product does
# (--chain, 50 videos of 2-4 shots at each step count and untrained; CHAIN= turns it off) (clips saved, judged later on the CPU machine with
# `python -m generation.model.evaluate --judge-clips clips.npz`), pack the results into $OUT.
# Needs what bench/gpu_world32.sh needs: .whl/ (the wheels the machine lacks), .gpu/minilm
# (python -m generation.model.compact_text export .gpu/minilm) and .gpu/src
# (bench/gpu_snapshot.sh), carried with the run; the weights come with the working tree, or, with
# bench/gpu_pack.sh (the tree being too large for one call with both models' weights), from
# .gpu/pack.tar.xz, which the call's command unpacks first (`tar -xJf .gpu/pack.tar.xz && ...
# bench/gpu_continue.sh`): .gpu/minilm then comes in the archive rather than carried.
# A CPU rehearsal: DEVICE=cpu CONFIG=generation/configs/stream-smoke.toml INIT=<smoke weights>
#   MINUTES=0.3 N=4 STEPS=2 WORKERS=2 SKIP_WHEELS=1 PY=$PWD/.venv/bin/python bench/gpu_continue.sh
set -u
T0=$(date +%s)
MINUTES=${MINUTES:-6}
N=${N:-200}
STEPS=${STEPS:-25,10,5}
OUT=${OUT:-/tmp/out}
INIT=$(realpath "${INIT:-generation/weights/world32-h100}")
CONFIG=${CONFIG:-generation/configs/world32-h100-cont.toml}
DEVICE=${DEVICE:-cuda}
WORK=${WORK:-/tmp/gpuw}
mkdir -p "$OUT" "$WORK"
PY=${PY:-python3}
[ -n "${SKIP_WHEELS:-}" ] || $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
cd .gpu/src || exit 1  # the snapshot of generation/, recsys/ and bench/ (not the working tree)
export PYTHONPATH=.:/tmp/site PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1
# The snapshot has no weights; the ones to continue go where the run records them from.
mkdir -p generation/weights && cp -r "$INIT" generation/weights/ || exit 1
INIT_IN=generation/weights/$(basename "$INIT")
nvidia-smi --query-gpu=name,memory.total,clocks.sm --format=csv 2>&1 | tee "$WORK/gpu.txt"
# Limits that keep the session within TOTAL seconds (570: 9.5 minutes) whatever overruns:
# training gets MINUTES plus 45 s of start-up, less if the sampling's 150 s would not fit after
# it, and is stopped by SIGINT (the trainer still saves its weights, but a cut run misses the
# end of its lr cooldown: MINUTES 6 fits); sampling gets the rest. Sampling on an H200: the 200
# prompts at 3 step counts and untrained in batches of 100, a few seconds; 4 x 50 chained videos
# at batch 1 (about 150 shots each, 0.14 s per 25-step shot), about a minute; drawing the
# held-out scenes twice on the host, about 40 s.
# N=0 skips the sampling (the CPU machine samples the returned weights instead), so training
# keeps all but RESERVE seconds (default 150 with sampling, 20 without) for itself.
TOTAL=${TOTAL:-570}
if [ "$N" -gt 0 ]; then RESERVE=${RESERVE:-150}; else RESERVE=${RESERVE:-20}; fi
left() { echo $(( TOTAL - ($(date +%s) - T0) - $1 )); }
LIMIT=$(awk "BEGIN { print int($MINUTES * 60 + 45) }")
[ "$LIMIT" -le "$(left "$RESERVE")" ] || LIMIT=$(left "$RESERVE")
timeout -s INT -k 15 "$LIMIT" $PY -m generation.model.train_stream --config "$CONFIG" \
  --device "$DEVICE" --minutes "$MINUTES" --workers ${WORKERS:-13} --out "$WORK" \
  --text-encoder ../minilm --init-from "$INIT_IN" ${TRAIN_ARGS:-} 2>&1 \
  | tee "$WORK/train.txt" | grep -v '"step": [0-9]*[1-9]50,'
NAME=$(ls -d "$WORK"/*/denoiser 2>/dev/null | head -1 | xargs -r dirname)
[ -n "$NAME" ] || { echo "no trained weights under $WORK"; exit 1; }
echo "trained: $NAME after $(( $(date +%s) - T0 )) s"
[ "$N" -gt 0 ] && timeout -k 5 "$(left 15)" $PY -m generation.model.evaluate --weights "$NAME" --n "$N" \
  --steps "$STEPS" --batch ${EVAL_BATCH:-100} --device "$DEVICE" --text-encoder ../minilm \
  --save-clips "$WORK/clips.npz" --no-judge ${CHAIN---chain} --out "$WORK/eval.json" 2>&1 | tail -8
if [ -n "${BENCH:-}" ]; then  # sampling speed: same shape as world32-h100, so off by default
  $PY bench/generation.py --weights "$NAME" --device "$DEVICE" --batches ${BATCHES:-1,8,64} \
    --text-encoder ../minilm --repeats 3 2>&1 | tee "$WORK/bench.txt" | tail -6
fi
echo "session: $(( $(date +%s) - T0 )) s" | tee "$WORK/wall.txt"
# Pack: weights first, then clips; parts of 15 MB (the tool takes 8 files of 16 MiB at most).
cd "$WORK" && tar -cf - "$(basename "$NAME")" log.jsonl figures.json eval.json bench.txt train.txt gpu.txt \
  wall.txt clips.npz 2>/dev/null | split -b 15M -d - "$OUT/pack.tar.part"
ls -la "$OUT"
