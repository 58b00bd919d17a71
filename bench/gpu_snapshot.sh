#!/usr/bin/env bash
# Copies the code a lent-GPU session runs into .gpu/src: generation/ (without weights), recsys/
# and bench/ as committed (HEAD), with the working tree's generation/model, generation/configs
# and bench/generation.py on top, so that other edits in progress cannot change the run.
set -eu
rm -rf .gpu/src && mkdir -p .gpu/src
git archive HEAD generation recsys bench | tar -x -C .gpu/src
rm -rf .gpu/src/generation/weights
tar -cf - --exclude=__pycache__ generation/model generation/configs bench/generation.py | tar -x -C .gpu/src
du -sh .gpu/src
