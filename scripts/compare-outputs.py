#!/usr/bin/env python3
"""compare-outputs.py: are netvet's reports unchanged by a change of the code? (issue 10: "the Samples
reports and the JSON of every corpus capture are byte-identical before and after, apart from the counts
item 3 adds").

Record the reports of one netvet binary, then compare another binary's reports with them:

    scripts/compare-outputs.py record  --netvet OLD/netvet --rules-dir OLD/Rules --out /work/baseline/outputs
    scripts/compare-outputs.py compare --netvet .build/release/netvet --rules-dir Rules \\
        --baseline /work/baseline/outputs [--allow-added-key capture.reassembly] [--out DIR]

What is run (Python 3 standard library only; two audits at a time, `--jobs`):
  - every Samples scenario, exactly as Tests/NetVetAuditTests/ScenarioTests.swift audits it: each
    `Samples/<folder>/*.pcap|*.pcapng` (folder `lib` excepted) with no option but the rules directory,
    run from the package root with the path relative to it, so that `capture.files` reads
    `Samples/<folder>/<file>` as in the recorded `.expected.json`:
        netvet audit --format json --no-progress --rules-dir R -o OUT Samples/<folder>/<file>
    and the same in the table format (`--format table`), compared as text;
    `record` also says how many JSON reports equal the scenario's `.expected.json` (the scenario test's
    snapshot), for information;
  - every `kind=capture` row of `../shared/corpus/MANIFEST.tsv` (columns path, source_repo, source_path,
    sha256, bytes, labels; labels `key=value;...`), run from the corpus folder with the path relative to
    it (so the report does not depend on where the corpus lies):
        netvet audit --format json --no-progress --rules-dir R -o OUT <path>
    With no corpus (or `--no-corpus`) the captures are skipped with a note.
Each run's exit status and standard error are recorded too (`*.status`, `*.stderr`) and compared.

Layout of an output folder: `samples/<folder>/<file>.json`, `samples/<folder>/<file>.table.txt`,
`corpus/<manifest path>.json`, the `.status`/`.stderr` beside each, and `index.tsv` (kind, path, status,
seconds, sha256 of the output) and `run.txt` (binary, rules, times).

How two reports are compared:
  - equal bytes: identical;
  - otherwise both are parsed (numbers kept as written: `0.50` is not `0.5`) and walked together. A key
    only in the new report is an addition when it matches `--allow-added-key PATH` (a dotted path from
    the top, `[]` or `[*]` for any array index, e.g. `capture.reassembly` or `devices[].reassembly`; the
    key itself or anything below it), or when `--allow-any-added-key` is given; every other addition, a
    removed key, a changed value or type, an array of another length and a change of key order is a
    difference, reported as a JSON path (`devices[3].evidence[2].value: "a" → "b"`).
    When the only changes are allowed additions, the text is also checked: with each line's trailing
    comma dropped, the new report must be the old one with lines inserted (same formatting elsewhere);
  - table outputs are compared as text: inserted lines that match `--allow-added-table-line REGEX` (or
    any inserted line with `--allow-any-added-key`) are additions, any other change is a difference;
  - a different exit status or standard error is a difference.

Summary line, then exit status 0 when nothing differs, 1 when something does, 2 on a usage error:

    compare-outputs: 305 outputs: 300 identical, 5 identical apart from added keys (capture.reassembly), 0 different

Options: `--netvet`, `--rules-dir` (required), `--repo` (package root holding Samples/, default: this
script's repository), `--corpus` (default: REPO/../shared/corpus), `--jobs` (default 2), `--no-samples`,
`--no-corpus`, `--no-table`, `--only SUBSTRING` (only the outputs whose path contains it), `--timeout S`
(per audit, default 600), `--max-paths N` (difference paths printed per output, default 20).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_REPO = os.path.dirname(HERE)


# MARK: What to run

class Job:
    """One audit: `kind` samples|corpus, `path` relative to `cwd`, `fmt` json|table, `out` relative to the
    output folder."""

    def __init__(self, kind: str, path: str, cwd: str, fmt: str):
        self.kind, self.path, self.cwd, self.fmt = kind, path, cwd, fmt
        suffix = ".json" if fmt == "json" else ".table.txt"
        inner = path[len("Samples/"):] if kind == "samples" else path
        self.out = f"{kind}/{inner}{suffix}"

    @property
    def key(self) -> str:
        return self.out


def sample_jobs(repo: str, table: bool) -> list[Job]:
    samples = os.path.join(repo, "Samples")
    jobs = []
    if not os.path.isdir(samples):
        return jobs
    for folder in sorted(os.listdir(samples)):
        if folder == "lib" or not os.path.isdir(os.path.join(samples, folder)):
            continue
        for name in sorted(os.listdir(os.path.join(samples, folder))):
            if name.endswith((".pcap", ".pcapng")):
                path = f"Samples/{folder}/{name}"
                jobs.append(Job("samples", path, repo, "json"))
                if table:
                    jobs.append(Job("samples", path, repo, "table"))
    return jobs


def corpus_captures(corpus: str) -> list[str]:
    captures = []
    with open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8") as handle:
        for number, line in enumerate(handle.read().split("\n")):
            if number == 0 or not line:
                continue
            columns = line.split("\t")
            if len(columns) < 6:
                raise SystemExit(f"compare-outputs: MANIFEST.tsv:{number + 1}: malformed row")
            labels = dict(pair.split("=", 1) for pair in columns[5].split(";") if "=" in pair)
            if labels.get("kind") == "capture":
                captures.append(columns[0])
    return captures


# MARK: Running netvet

def run_job(job: Job, netvet: str, rules: str, out_dir: str, timeout: float) -> dict:
    target = os.path.join(out_dir, job.out)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    command = [netvet, "audit", "--format", job.fmt, "--no-progress", "--rules-dir", rules, "-o", target, job.path]
    started = time.monotonic()
    try:
        result = subprocess.run(command, cwd=job.cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, timeout=timeout)
        status, stderr = result.returncode, result.stderr + result.stdout
    except subprocess.TimeoutExpired as error:
        status, stderr = "timeout", (error.stderr or b"") + f"\ntimed out after {timeout} s\n".encode()
    seconds = time.monotonic() - started
    with open(target + ".status", "w") as handle:
        handle.write(f"{status}\n")
    with open(target + ".stderr", "wb") as handle:
        handle.write(stderr)
    digest = "-"
    if os.path.exists(target):
        with open(target, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
    return {"key": job.key, "status": status, "seconds": seconds, "sha256": digest, "kind": job.kind}


def run_all(jobs: list[Job], args, out_dir: str, label: str) -> list[dict]:
    """Runs every job, `args.jobs` at a time, printing one progress line per finished audit (stderr)."""
    os.makedirs(out_dir, exist_ok=True)
    netvet = os.path.abspath(args.netvet)
    rules = os.path.abspath(args.rules_dir)
    results = []
    lock = threading.Lock()
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_job, job, netvet, rules, out_dir, args.timeout) for job in jobs]
        for future in concurrent.futures.as_completed(futures):
            result = future.result()
            with lock:
                results.append(result)
                flag = "" if result["status"] == 0 else f" EXIT {result['status']}"
                print(f"[{label} {len(results)}/{len(jobs)} {time.monotonic() - started:6.1f}s] "
                      f"{result['key']} ({result['seconds']:.2f}s){flag}", file=sys.stderr, flush=True)
    results.sort(key=lambda r: r["key"])
    with open(os.path.join(out_dir, "index.tsv"), "w") as handle:
        handle.write("kind\tpath\tstatus\tseconds\tsha256\n")
        for r in results:
            handle.write(f"{r['kind']}\t{r['key']}\t{r['status']}\t{r['seconds']:.3f}\t{r['sha256']}\n")
    return results


def select_jobs(args) -> tuple[list[Job], list[str]]:
    notes = []
    jobs = []
    repo = os.path.abspath(args.repo)
    if not args.no_samples:
        found = sample_jobs(repo, not args.no_table)
        if not found:
            notes.append(f"no Samples scenarios under {repo}/Samples")
        jobs += found
    if not args.no_corpus:
        corpus = os.path.abspath(args.corpus or os.path.join(repo, "..", "shared", "corpus"))
        if os.path.isfile(os.path.join(corpus, "MANIFEST.tsv")):
            jobs += [Job("corpus", path, corpus, "json") for path in corpus_captures(corpus)]
        else:
            notes.append(f"SKIPPED corpus: {corpus}/MANIFEST.tsv not found (the corpus captures are not compared)")
    else:
        notes.append("SKIPPED corpus: --no-corpus")
    if args.only:
        jobs = [job for job in jobs if args.only in job.key or args.only in job.path]
    return jobs, notes


# MARK: Comparing

class Number:
    """A JSON number as written, so that `0.50` and `0.5`, or `1` and `1.0`, differ."""

    def __init__(self, text: str):
        self.text = text

    def __eq__(self, other):
        return isinstance(other, Number) and other.text == self.text

    def __repr__(self):
        return self.text


def parse(data: bytes):
    return json.loads(data, parse_float=Number, parse_int=Number, object_pairs_hook=list_of_pairs)


class Object(list):
    """A JSON object as its (key, value) pairs in order."""


def list_of_pairs(pairs):
    return Object(pairs)


def show(value) -> str:
    if isinstance(value, Object):
        return "{…}" if value else "{}"
    if isinstance(value, list):
        return f"[… {len(value)} items]" if value else "[]"
    if isinstance(value, Number):
        return value.text
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "…\""


def child(path: str, key: str) -> str:
    simple = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key)
    if not path:
        return key if simple else f"[{json.dumps(key)}]"
    return f"{path}.{key}" if simple else f"{path}[{json.dumps(key)}]"


def generic(path: str) -> str:
    """`devices[3].x` → `devices[].x`, for matching the allow-list and grouping additions."""
    return re.sub(r"\[\d+\]", "[]", path)


def walk(old, new, path: str, allowed, differences: list, added: list) -> None:
    if isinstance(old, Object) and isinstance(new, Object):
        old_keys = [k for k, _ in old]
        new_map = dict(new)
        old_map = dict(old)
        for key in old_keys:
            if key not in new_map:
                differences.append(f"{child(path, key)}: removed (was {show(old_map[key])})")
            else:
                walk(old_map[key], new_map[key], child(path, key), allowed, differences, added)
        for key, value in new:
            if key not in old_map:
                where = child(path, key)
                if allowed(where):
                    added.append(where)
                else:
                    differences.append(f"{where}: added {show(value)} (not an allowed addition)")
        kept = [k for k, _ in new if k in old_map]
        if kept != old_keys:
            differences.append(f"{path or '$'}: key order changed: {old_keys} → {kept}")
    elif isinstance(old, list) and isinstance(new, list) and not isinstance(old, Object) \
            and not isinstance(new, Object):
        for index, (a, b) in enumerate(zip(old, new)):
            walk(a, b, f"{path}[{index}]", allowed, differences, added)
        if len(old) != len(new):
            differences.append(f"{path or '$'}: {len(old)} items → {len(new)} items")
    elif type(old) is not type(new) or old != new:
        differences.append(f"{path or '$'}: {show(old)} → {show(new)}")


def only_insertions(old: str, new: str, strip_commas: bool) -> tuple[bool, list[str]]:
    def lines(text):
        return [line.rstrip(",") if strip_commas else line for line in text.split("\n")]
    a, b = lines(old), lines(new)
    inserted = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag != "insert":
            return False, []
        inserted += b[j1:j2]
    return True, inserted


def compare_json(old: bytes, new: bytes, allowed) -> tuple[str, list[str], list[str]]:
    """('identical'|'added'|'different', differences, added paths)."""
    if old == new:
        return "identical", [], []
    try:
        old_tree, new_tree = parse(old), parse(new)
    except ValueError as error:
        return "different", [f"$: not JSON on one side ({error})"], []
    differences, added = [], []
    walk(old_tree, new_tree, "", allowed, differences, added)
    if differences:
        return "different", differences, added
    if not added:
        return "different", ["$: same values, different text (formatting)"], []
    ok, _ = only_insertions(old.decode("utf-8", "replace"), new.decode("utf-8", "replace"), strip_commas=True)
    if not ok:
        return "different", ["$: same values apart from the additions, but the text differs elsewhere (formatting)"], added
    return "added", [], added


def compare_text(old: bytes, new: bytes, line_allowed) -> tuple[str, list[str], list[str]]:
    if old == new:
        return "identical", [], []
    a, b = old.decode("utf-8", "replace"), new.decode("utf-8", "replace")
    ok, inserted = only_insertions(a, b, strip_commas=False)
    if ok and inserted and all(line_allowed(line) for line in inserted):
        return "added", [], [f"line {line.strip()!r}" for line in inserted]
    diff = list(difflib.unified_diff(a.split("\n"), b.split("\n"), "baseline", "new", n=0, lineterm=""))
    return "different", [line for line in diff[2:]], []


def read(path: str) -> bytes | None:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def compare_outputs(keys: list[str], baseline: str, new_dir: str, args) -> int:
    patterns = []
    for item in args.allow_added_key:
        item = item.strip().lstrip("$").lstrip(".").replace("[*]", "[]")
        patterns.append(item)

    def key_allowed(path: str) -> bool:
        if args.allow_any_added_key:
            return True
        path = generic(path)
        return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") for p in patterns)

    table_patterns = [re.compile(p) for p in args.allow_added_table_line]

    def line_allowed(line: str) -> bool:
        return args.allow_any_added_key or any(p.search(line) for p in table_patterns)

    counts = {"identical": 0, "added": 0, "different": 0}
    added_groups: dict[str, int] = {}
    report_lines = []
    for key in keys:
        old_path, new_path = os.path.join(baseline, key), os.path.join(new_dir, key)
        old, new = read(old_path), read(new_path)
        problems = []
        if old is None and new is None:
            outcome, differences, added = "identical", [], []
        elif old is None or new is None:
            outcome, differences, added = "different", [f"output {'missing in the baseline' if old is None else 'not written by the new binary'}"], []
        elif key.endswith(".json"):
            outcome, differences, added = compare_json(old, new, key_allowed)
        else:
            outcome, differences, added = compare_text(old, new, line_allowed)
        for side in (".status", ".stderr"):
            a, b = read(old_path + side), read(new_path + side)
            if a is None:
                problems.append(f"baseline has no {side[1:]} (recorded by another version of this script?)")
            elif a != b:
                problems.append(f"{side[1:]}: {a.decode('utf-8', 'replace').strip()[:300]!r} → "
                                f"{(b or b'').decode('utf-8', 'replace').strip()[:300]!r}")
        if problems:
            outcome = "different"
            differences = problems + differences
        counts[outcome] += 1
        for path in added:
            group = "table lines" if path.startswith("line ") else generic(path)
            added_groups[group] = added_groups.get(group, 0) + 1
        if outcome == "different":
            report_lines.append(f"DIFFERENT {key}")
            for line in differences[:args.max_paths]:
                report_lines.append(f"    {line}")
            if len(differences) > args.max_paths:
                report_lines.append(f"    … {len(differences) - args.max_paths} more")
        elif outcome == "added":
            shown = ", ".join(sorted(set(generic(p) for p in added))[:8])
            report_lines.append(f"ADDED ONLY {key}: {shown}")
    for line in report_lines:
        print(line)
    groups = ", ".join(sorted(added_groups)) or "none"
    print(f"compare-outputs: {len(keys)} outputs: {counts['identical']} identical, {counts['added']} identical "
          f"apart from added keys ({groups}), {counts['different']} different")
    if not counts["different"] and counts["added"]:
        print("compare-outputs: the additions are listed above (ADDED ONLY); no value was changed or removed")
    return 1 if counts["different"] else 0


# MARK: Command line

def main() -> int:
    parser = argparse.ArgumentParser(
        prog="compare-outputs.py",
        description="Record netvet's JSON (and Samples table) reports, or compare a new binary's with a recording.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("mode", choices=["record", "compare"])
    parser.add_argument("--netvet", required=True, help="the netvet executable to run")
    parser.add_argument("--rules-dir", required=True, help="the Rules directory passed as --rules-dir")
    parser.add_argument("--out", help="record: where to write the outputs (required); compare: where to keep "
                        "the new outputs (default: a fresh temporary folder)")
    parser.add_argument("--baseline", help="compare: the folder a `record` run wrote")
    parser.add_argument("--repo", default=DEFAULT_REPO, help="package root with Samples/ (default: %(default)s)")
    parser.add_argument("--corpus", help="corpus folder with MANIFEST.tsv (default: REPO/../shared/corpus)")
    parser.add_argument("--jobs", type=int, default=2, help="audits at a time (default 2)")
    parser.add_argument("--no-samples", action="store_true", help="skip the Samples scenarios")
    parser.add_argument("--no-corpus", action="store_true", help="skip the corpus captures")
    parser.add_argument("--no-table", action="store_true", help="skip the table format of the Samples")
    parser.add_argument("--only", help="only outputs whose path contains this text")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per audit (default 600)")
    parser.add_argument("--allow-added-key", action="append", default=[], metavar="PATH",
                        help="a JSON key the new reports may add (dotted path, [] for any index); repeatable")
    parser.add_argument("--allow-any-added-key", action="store_true",
                        help="list every key (and table line) only in the new output as an addition, not a difference")
    parser.add_argument("--allow-added-table-line", action="append", default=[], metavar="REGEX",
                        help="an inserted table line matching REGEX is an addition; repeatable")
    parser.add_argument("--max-paths", type=int, default=20, help="difference paths shown per output (default 20)")
    args = parser.parse_args()

    if not (os.path.isfile(args.netvet) and os.access(args.netvet, os.X_OK)):
        parser.error(f"--netvet {args.netvet}: not an executable file")
    if not os.path.isdir(args.rules_dir):
        parser.error(f"--rules-dir {args.rules_dir}: not a directory")
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")

    jobs, notes = select_jobs(args)
    for note in notes:
        print(f"compare-outputs: {note}")
    if not jobs:
        print("compare-outputs: nothing to run (no Samples, no corpus, or --only matched nothing)", file=sys.stderr)
        return 2
    started = time.monotonic()

    if args.mode == "record":
        if not args.out:
            parser.error("record needs --out DIR")
        out_dir = os.path.abspath(args.out)
        results = run_all(jobs, args, out_dir, "record")
        elapsed = time.monotonic() - started
        failed = [r for r in results if r["status"] != 0]
        with open(os.path.join(out_dir, "run.txt"), "w") as handle:
            handle.write(f"netvet\t{os.path.abspath(args.netvet)}\nrules\t{os.path.abspath(args.rules_dir)}\n"
                         f"repo\t{os.path.abspath(args.repo)}\noutputs\t{len(results)}\njobs\t{args.jobs}\n"
                         f"seconds\t{elapsed:.1f}\nnotes\t{' | '.join(notes) or '-'}\n")
        # The scenario test's snapshots, for information.
        snapshots = matching = 0
        for job in jobs:
            if job.kind == "samples" and job.fmt == "json":
                expected = os.path.join(args.repo, re.sub(r"\.pcap(ng)?$", ".expected.json", job.path))
                if os.path.exists(expected):
                    snapshots += 1
                    matching += read(expected) == read(os.path.join(out_dir, job.out))
        if snapshots:
            print(f"compare-outputs: {matching}/{snapshots} Samples JSON reports equal their .expected.json")
        for r in failed:
            print(f"compare-outputs: note: {r['key']} exited {r['status']} (recorded; compared as such)")
        print(f"compare-outputs: recorded {len(results)} outputs in {out_dir} in {elapsed:.1f} s "
              f"({args.jobs} at a time)")
        return 0

    if not args.baseline or not os.path.isdir(args.baseline):
        parser.error("compare needs --baseline DIR (a folder written by `record`)")
    baseline = os.path.abspath(args.baseline)
    if args.out:
        new_dir = os.path.abspath(args.out)
    else:
        import tempfile
        new_dir = tempfile.mkdtemp(prefix="compare-outputs-")
    run_all(jobs, args, new_dir, "compare")
    keys = sorted(job.key for job in jobs)
    # Outputs the baseline has but this run did not make (a capture dropped from the manifest, a sample removed).
    index = os.path.join(baseline, "index.tsv")
    if os.path.exists(index) and not args.only:
        with open(index) as handle:
            recorded = {line.split("\t")[1] for line in handle.read().split("\n")[1:] if line}
        selected_kinds = {job.kind for job in jobs}
        table_off = args.no_table
        for key in sorted(recorded - set(keys)):
            kind = key.split("/", 1)[0]
            if kind in selected_kinds and not (table_off and key.endswith(".table.txt")):
                keys.append(key)
        keys.sort()
    print(f"compare-outputs: new outputs in {new_dir} ({time.monotonic() - started:.1f} s)")
    return compare_outputs(keys, baseline, new_dir, args)


if __name__ == "__main__":
    sys.exit(main())
