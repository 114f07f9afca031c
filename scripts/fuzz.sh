#!/usr/bin/env bash
# Usage: scripts/fuzz.sh [seconds]   (default 600) — builds Sources/FuzzDecode with libFuzzer and
# AddressSanitizer and fuzzes decode → DeviceTable → FlowTable for that long, starting from the seeds in
# Tests/Fuzz/corpus/decode. New inputs accumulate in .build-fuzz/corpus/decode (not in the repository); a
# crash is written to .build-fuzz/artifacts/: fix it, then copy the file to Tests/Fuzz/regressions/decode/
# and name a unit test after it (the test suite replays that folder). Extra arguments after the seconds go
# to libFuzzer (for example -jobs=2). Build incantation: docs/swift-stack.md §4.
set -euo pipefail

seconds="${1:-600}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

swift build --scratch-path .build-fuzz --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address \
    --product FuzzDecode

binary="$(swift build --scratch-path .build-fuzz --sanitize fuzzer --sanitize address \
    -Xswiftc -sanitize=fuzzer,address --product FuzzDecode --show-bin-path)/FuzzDecode"
work=".build-fuzz/corpus/decode"
artifacts=".build-fuzz/artifacts/"
mkdir -p "$work" "$artifacts" Tests/Fuzz/regressions/decode

exec "$binary" "$work" Tests/Fuzz/corpus/decode Tests/Fuzz/regressions/decode \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$@"
