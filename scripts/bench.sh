#!/bin/sh
# Throughput, peak RSS and heap allocations of `netvet audit` over a ~2-million-packet capture
# (STYLE.md §7.5: a program that prints throughput and a ratio against a reference measured in the
# same run; see Sources/netvet-bench/main.swift for what is measured and how).
#
#   scripts/bench.sh [netvet-bench options...]      e.g. scripts/bench.sh --runs 7
# prints two blocks: the foundation pipeline (--no-application) and the full one.
#
# Environment:
#   BENCH_PCAP     the capture (default: bench/bench.pcap, generated if missing; /bench/ is git-ignored)
#   SCRATCH_PATH   SwiftPM scratch directory (default: .build-bench, apart from the usual .build)
#   GEN_BENCH_PCAP the generator (default: ../shared/tools/gen_bench_pcap.py next to the repository)
#   BENCH_CLEAN=1  remove the release products first (an incremental release build once linked a
#                  binary that aborted with "free(): invalid pointer" after a struct layout changed)
set -eu

cd "$(dirname "$0")/.."
root=$(pwd)
scratch=${SCRATCH_PATH:-.build-bench}
pcap=${BENCH_PCAP:-$root/bench/bench.pcap}
generator=${GEN_BENCH_PCAP:-$root/../shared/tools/gen_bench_pcap.py}

if [ "${BENCH_CLEAN:-0}" = 1 ]; then
    rm -rf "$scratch/release" "$scratch"/*-linux-gnu/release
fi

# One --product per invocation: given several, SwiftPM builds only the last.
swift build -c release --scratch-path "$scratch" --product netvet
swift build -c release --scratch-path "$scratch" --product netvet-bench
bin=$(swift build -c release --scratch-path "$scratch" --show-bin-path)

if [ ! -f "$pcap" ]; then
    if [ ! -f "$generator" ]; then
        echo "bench.sh: $pcap is missing and the generator $generator was not found (set GEN_BENCH_PCAP)" >&2
        exit 2
    fi
    mkdir -p "$(dirname "$pcap")"
    echo "bench.sh: generating $pcap (about a minute)" >&2
    python3 "$generator" -o "$pcap"
fi

# netvet-bench runs the CLI as a child itself (posix_spawn + wait4: the child's own peak RSS).
# Twice: the foundation pipeline (decode, inventory, flows: --no-application), then with every
# application-layer parser on, each against a plain libpcap loop measured in the same run.
echo "== foundation: netvet audit --no-application"
"$bin/netvet-bench" --cli "$bin/netvet" --rules-dir "$root/Rules" --no-application "$@" "$pcap"
echo
echo "== full: netvet audit (application-layer parsers on)"
exec "$bin/netvet-bench" --cli "$bin/netvet" --rules-dir "$root/Rules" "$@" "$pcap"
