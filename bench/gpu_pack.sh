#!/usr/bin/env bash
# Readies a lent-GPU call of bench/gpu_continue.sh within the device tool's 64 MiB a call, as
# the session of 2026-11-28 made it: the tracked tree is 58 MB (56 MB of it both models' weights), and
# the compact text encoder (23 MB) and the wheels the machine lacks (8 MB) come on top. So:
#   1. the wheels (.whl/) and the compact text encoder (.gpu/minilm) are made where missing, and
#      the code snapshot (.gpu/src, bench/gpu_snapshot.sh) afresh;
#   2. the weights to continue travel with the text encoder as one xz archive (.gpu/pack.tar.xz,
#      53 MB; unpacked on the machine in 3 s);
#   3. generation/weights leaves the index (the files stay) and .git/info/exclude ignores it,
#      so the call does not send it: nothing is committed, and `bench/gpu_pack.sh --restore`
#      puts both back (run it after the call, before anything else touches git).
# Then, with the device tool: command
#   tar -xJf .gpu/pack.tar.xz && N=0 MINUTES=8 TOTAL=540 bash bench/gpu_continue.sh
# carry [".gpu/src", ".gpu/pack.tar.xz", ".whl"], timeout_s 600; the returned pack.tar.part*
# files hold the weights (cat them | tar -x), sampled and judged here afterwards with
# `python -m generation.model.evaluate --weights ... --split validation` first.
# INIT (default generation/weights/world32-h100) names the weights to continue.
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
if [ "${1:-}" = "--restore" ]; then
  git reset -q HEAD -- generation/weights
  [ -f .git/info/exclude ] && sed -i '\#^/generation/weights/$#d' .git/info/exclude
  git status --short generation/weights | head -5
  exit 0
fi
INIT=${INIT:-generation/weights/world32-h100}
if [ ! -d .whl ]; then
  for p in diffusers pymunk cffi pycparser msgspec importlib_metadata; do
    v=$($PY -m pip show "$p" | awk '/^Version:/ {print $2}')
    $PY -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
      --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
      -d .whl "$p==$v"
  done
fi
[ -d .gpu/minilm ] || HF_HUB_OFFLINE=1 $PY -m generation.model.compact_text export .gpu/minilm
bash bench/gpu_snapshot.sh
tar -cf - .gpu/minilm "$INIT" | xz -6 -T2 > .gpu/pack.tar.xz
git rm -r -q --cached generation/weights
mkdir -p .git/info && grep -qx '/generation/weights/' .git/info/exclude 2>/dev/null \
  || echo '/generation/weights/' >> .git/info/exclude
sent=$( (git ls-files -z | du -cb --files0-from=- | tail -1; du -cb .gpu/src .gpu/pack.tar.xz .whl | tail -1) \
  | awk '{s += $1} END {print s}')
echo "the call sends about $((sent / 1048576)) MiB (at most 64); after it: bench/gpu_pack.sh --restore"
