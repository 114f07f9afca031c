#!/bin/sh
# bench-compare.sh: scripts/bench.sh's measurement, for the saved baseline build and a new build, in one
# sitting, interleaved (issue 10: "The benchmark's figures do not get worse (same command, same run,
# before and after)").
#
#   BASE=DIR scripts/bench-compare.sh NEW [netvet-bench options...]     e.g. ... . --runs 7
#
# NEW is either a package root (it is built like scripts/bench.sh builds it: `swift build -c release
# --scratch-path .build-bench`, one --product per invocation, netvet then netvet-bench; its Rules/ is
# used) or a folder holding prebuilt `netvet` and `netvet-bench` (then NEW_RULES must name the Rules).
# The baseline is $BASE/bin/{netvet,netvet-bench} (a release build of the commit to compare against: e.g.
# `git worktree add ../base REV && (cd ../base && swift build -c release --product netvet && swift build -c
# release --product netvet-bench)`, then copy both binaries to $BASE/bin and its Rules to $BASE/Rules).
#
# For each of the two blocks of bench.sh (foundation: --no-application; full: every parser on) it runs
# exactly bench.sh's command line, `netvet-bench --cli BIN/netvet --rules-dir RULES [--no-application]
# [options] PCAP`, for the baseline and the new build, in the order A B for the foundation and B A for
# the full block (ROUNDS=2 repeats the pair: A B B A / B A A B), then prints the summary lines of every
# run side by side. Each netvet-bench run measures its own ratio against a libpcap loop in the same
# process run, so load drift hits both sides alike; compare ratios first, then M pkt/s.
#
# Environment: BENCH_PCAP (default /work/bench/bench.pcap), NEW_RULES (default NEW/Rules), ROUNDS
# (default 1), BASE (default /work/baseline), LOGS (default $BASE/bench-logs/<date-time>).
set -eu

[ $# -ge 1 ] || { sed -n '2,20p' "$0"; exit 2; }
new=$(cd "$1" && pwd); shift
base=${BASE:-/work/baseline}
pcap=${BENCH_PCAP:-/work/bench/bench.pcap}
rounds=${ROUNDS:-1}
logs=${LOGS:-$base/bench-logs/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$logs"

if [ -f "$new/Package.swift" ]; then
    (cd "$new" && swift build -c release --scratch-path .build-bench --product netvet \
        && swift build -c release --scratch-path .build-bench --product netvet-bench)
    newbin=$(cd "$new" && swift build -c release --scratch-path .build-bench --show-bin-path)
    newrules=${NEW_RULES:-$new/Rules}
else
    newbin=$new
    newrules=${NEW_RULES:?NEW is a folder of binaries: set NEW_RULES to its Rules directory}
fi
for f in "$base/bin/netvet" "$base/bin/netvet-bench" "$newbin/netvet" "$newbin/netvet-bench"; do
    [ -x "$f" ] || { echo "bench-compare: $f is missing" >&2; exit 2; }
done
[ -f "$pcap" ] || { echo "bench-compare: $pcap is missing: python3 /work/shared/tools/gen_bench_pcap.py -o $pcap" >&2; exit 2; }

echo "bench-compare: baseline $base/bin ($(cat "$base/COMMIT" 2>/dev/null || echo '?')), rules $base/Rules"
echo "bench-compare: new      $newbin, rules $newrules"
echo "bench-compare: $pcap; options: ${*:-none}; rounds $rounds; logs in $logs"

run() { # side mode label...
    side=$1; mode=$2; n=$3; shift 3
    if [ "$side" = baseline ]; then bin=$base/bin; rules=$base/Rules; else bin=$newbin; rules=$newrules; fi
    flag=""; [ "$mode" = foundation ] && flag=--no-application
    log="$logs/$mode-$n-$side.txt"
    echo "== $mode, $side (run $n): $bin/netvet-bench --cli $bin/netvet --rules-dir $rules $flag $* $pcap"
    # shellcheck disable=SC2086
    "$bin/netvet-bench" --cli "$bin/netvet" --rules-dir "$rules" $flag "$@" "$pcap" > "$log" 2>&1 || {
        echo "bench-compare: $side $mode failed, see $log" >&2; tail -5 "$log" >&2; exit 1; }
    grep -E '^(ratio|netvet audit pipeline|reference libpcap|peak RSS netvet CLI|steady-state)' "$log" | sed 's/^/   /'
}

i=1
while [ "$i" -le "$rounds" ]; do
    if [ $((i % 2)) = 1 ]; then first=baseline; second=new; else first=new; second=baseline; fi
    run "$first" foundation "$i" "$@"; run "$second" foundation "$i" "$@"
    run "$second" full "$i" "$@"; run "$first" full "$i" "$@"
    i=$((i + 1))
done

echo
echo "== summary (ratio = netvet / libpcap loop, median of runs; lower is better)"
for mode in foundation full; do
    for side in baseline new; do
        for log in "$logs/$mode"-*-"$side".txt; do
            ratio=$(sed -n 's/^ratio (netvet \/ reference): \([0-9.]*\).*/\1/p' "$log")
            rate=$(sed -n 's/^netvet audit pipeline  : median [0-9.]* s  (\([0-9.]* M pkt\/s\)).*/\1/p' "$log")
            rss=$(sed -n 's/^peak RSS netvet CLI (child): \([0-9.]* MiB\).*/\1/p' "$log")
            cli=$(sed -n 's/^peak RSS netvet CLI (child): .*   wall \([0-9.]* s\).*/\1/p' "$log")
            alloc=$(sed -n 's/^steady-state heap allocations: \([0-9.]*\) per packet.*/\1/p' "$log")
            printf '%-10s %-8s ratio %-5s  %-14s  CLI peak RSS %-10s CLI wall %-9s allocs/pkt %s   (%s)\n' \
                "$mode" "$side" "$ratio" "$rate" "$rss" "$cli" "$alloc" "$(basename "$log")"
        done
    done
done
