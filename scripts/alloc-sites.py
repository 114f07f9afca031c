#!/usr/bin/env python3
"""Groups the allocation stacks netvet-bench writes with NETVET_TRACE_ALLOCATIONS=1 into source lines.

    NETVET_TRACE_ALLOCATIONS=1 .build-bench/release/netvet-bench --runs 1 --no-cli FILE 2> trace.log
    scripts/alloc-sites.py .build-bench/release/netvet-bench < trace.log

Prints the most frequent stacks (first frames inside the binary, resolved with addr2line -i, inlined
frames included) with their counts. Only the Python standard library and binutils' addr2line are used.
"""
import collections
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: alloc-sites.py BINARY < TRACE")
    binary = sys.argv[1]
    name = re.escape(binary.rsplit("/", 1)[-1])
    frame = re.compile(name + r"\(\+0x([0-9a-f]+)\)")
    stacks = collections.Counter()
    for block in sys.stdin.read().split("--\n"):
        offsets = frame.findall(block)
        if offsets:
            stacks[tuple(offsets[:4])] += 1
    total = sum(stacks.values())
    print(f"{total} allocations traced, {len(stacks)} distinct stacks")
    for offsets, count in stacks.most_common(int(10)):
        resolved = subprocess.run(
            ["addr2line", "-i", "-f", "-C", "-e", binary] + ["0x" + o for o in offsets],
            capture_output=True, text=True, check=False).stdout.splitlines()
        lines = [line for line in resolved if ":" in line and not line.startswith("??")]
        print(f"{count:8d}  " + "\n          ".join(lines[:6]))


if __name__ == "__main__":
    main()
