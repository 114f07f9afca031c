#!/usr/bin/env bash
# Usage: scripts/fuzz.sh [decode|protocols] [seconds] [libFuzzer arguments...]
#
# decode (the default): builds Sources/FuzzDecode with libFuzzer and AddressSanitizer and fuzzes decode →
# DeviceTable → FlowTable, starting from the seeds in Tests/Fuzz/corpus/decode. The harnesses (what one input
# runs through) are in Tests/NetVetFuzzing, shared with the tests that replay the seeds and regressions.
# protocols: builds Sources/FuzzProtocols and fuzzes the application-layer parsers of NetVetProtocols (and the
# JA3/JA4 fingerprints of TLS hellos), starting from Tests/Fuzz/corpus/protocols; byte 0 of an input picks
# the parser family (Tests/Fuzz/README.md). protocols:<family> fuzzes one family alone (dhcp, dns, http, tls,
# lldp, banner, quic, discovery, snmp, tuya): inputs of the others are skipped (NETVET_FUZZ_FAMILY), and new inputs
# go to .build-fuzz/corpus/protocols-<family>.
#
# Seconds default to 600; the target name may be omitted (`scripts/fuzz.sh 60` fuzzes decode for 60 s).
# New inputs accumulate in .build-fuzz/corpus/<target> (not in the repository); a crash is written to
# .build-fuzz/artifacts/: fix it, then copy the file to Tests/Fuzz/regressions/<target>/ (the test suite
# replays that folder). Extra arguments after the seconds go to libFuzzer (for example -jobs=2). Build
# incantation: docs/swift-stack.md §4.
set -euo pipefail

target="decode"
family=""
case "${1:-}" in
    decode | protocols)
        target="$1"
        shift
        ;;
    protocols:*)
        target="protocols"
        family="${1#protocols:}"
        shift
        ;;
esac
families=(dhcp dns http tls lldp banner quic discovery snmp tuya)
if [ -n "$family" ]; then
    number=""
    for index in "${!families[@]}"; do
        if [ "${families[$index]}" = "$family" ]; then number="$index"; fi
    done
    if [ -z "$number" ]; then
        echo "fuzz.sh: unknown family '$family' (one of: ${families[*]})" >&2
        exit 2
    fi
    export NETVET_FUZZ_FAMILY="$number"
fi
seconds="${1:-600}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

case "$target" in
    decode) product="FuzzDecode" ;;
    protocols) product="FuzzProtocols" ;;
esac

swift build --scratch-path .build-fuzz --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address \
    --product "$product"

binary="$(swift build --scratch-path .build-fuzz --sanitize fuzzer --sanitize address \
    -Xswiftc -sanitize=fuzzer,address --product "$product" --show-bin-path)/$product"
work=".build-fuzz/corpus/$target${family:+-$family}"
artifacts=".build-fuzz/artifacts/"
mkdir -p "$work" "$artifacts" "Tests/Fuzz/regressions/$target"

exec "$binary" "$work" "Tests/Fuzz/corpus/$target" "Tests/Fuzz/regressions/$target" \
    -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" "$@"
