#!/bin/sh
# Regenerates every sample capture under Samples/ (Python 3 standard library only).
# Each generator is deterministic: running this twice writes byte-identical files.
# Usage: sh Samples/generate-all.sh   (from anywhere)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
for gen in "$here"/*/generate.py; do
    python3 "$gen"
done
