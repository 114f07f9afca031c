#!/usr/bin/env python3
"""code-metrics.py: three size metrics of netvet's Swift sources, for comparing a tree before and after a
refactor (issue 10's closing note: "lines of the largest type, number of functions taking `inout`
tables, places a port number is written").

    scripts/code-metrics.py [ROOT]            # ROOT: the package root (default: this script's repo)
    scripts/code-metrics.py --top 10 ROOT     # more types in metric (a)
    scripts/code-metrics.py --derive ROOT     # also show how the port list of metric (c) was derived

Python 3 standard library only. Every metric reads `ROOT/Sources/**/*.swift` after a small Swift lexer has
blanked comments (`//`, nested `/* */`) and string literals (`"..."`, `\"\"\"...\"\"\"`, raw `#"..."#`,
interpolations included), so that text in a comment or a string never counts. Newlines are kept, so line
numbers are the file's.

(a) Lines of the largest type.
    A type is a `struct`, `class`, `enum` or `actor` declared in Sources/ (nested types are named
    `Outer.Inner`; `protocol`s are not types here). Its lines are the lines of its declaration, from the
    line of the keyword to the line of the closing brace inclusive, plus the same for every
    `extension Name` (or `extension Outer.Inner`, with any `: Protocol` / `where` clause) anywhere in
    Sources/, in any module. A nested type's lines are also part of its outer type's declaration. The
    metric is the largest such total; the script prints the top 5 (--top N) with their files.

(b) Functions taking `inout` tables.
    Every `func` or `init` (methods, free functions, static functions) in Sources/ whose parameter list,
    read up to its balanced closing parenthesis, contains `inout DeviceTable`, `inout FlowTable` or
    `inout AnomalyCounts` (written exactly so, possibly module-qualified like `inout
    NetVetInventory.DeviceTable`). The metric is the number of such declarations; each is listed.

(c) Places a port number is written.
    PORTS is a fixed list, so that the metric is applied the same way before and after: the 20 integer
    literals the application stage compares UDP/TCP ports against at the baseline (commit e836eb6), i.e.
    every decimal literal greater than 1 that is not a shift, arithmetic or range operand, on a line of
    Sources/NetVetAudit/ApplicationObserver*.swift that mentions a port (`port`, `ports`, `...Port`, or the
    discovery stage's `either(...)` port helper) or in a `case` of a `switch` over ports (`--derive`
    reprints that derivation on any tree), plus 80, 554 and 7547 (HTTP, RTSP, TR-069), which issue 10
    names:
        21 23 53 67 68 80 137 161 162 443 546 547 554 1900 3702 5050 5353 5355 6666 6667 7547 37020 37810
    An occurrence is a decimal integer literal token (underscores allowed: `37_020`) whose value is in
    PORTS, in code (not a comment, not a string) of a Swift file under Sources/, except:
      - files under Sources/NetVetProtocols/ (the parsers and their own protocol constants; their count
        is printed separately, for information, and is not part of the metric);
      - the programs that are not the pipeline: Sources/netvet-bench/, Sources/Fuzz*/;
      - a literal that is an operand of arithmetic or a range (`+ - * / %`, `...`, `..<` immediately
        before or after it, e.g. `tm_year + 1900`, `80 * 1024`, `147...162`): a port is compared, matched
        or assigned, never computed with;
      - a literal in a `case` label of a `switch` whose subject does not mention a port (`port`, case
        insensitive), e.g. `case 137:` in a switch over an ICMPv6 type.
    A named constant defined once (`static let dns: UInt16 = 53`) counts once, wherever it is defined,
    and its uses do not count: the metric is how many places spell a port number. Every counted
    occurrence is listed as path:line with the line's code, and the excluded ones with the reason, so a
    reader can check the classification by eye.

Output: plain text, one section per metric, ending with a summary block:

    largest type: <lines> lines (<Name>)
    functions taking inout tables: <n>
    port number literals: <n> (on <m> lines)
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import defaultdict

PORTS = {21, 23, 53, 67, 68, 80, 137, 161, 162, 443, 546, 547, 554, 1900, 3702, 5050, 5353, 5355, 6666, 6667,
         7547, 37020, 37810}
TYPE_KEYWORDS = ("struct", "class", "enum", "actor")
TABLE_TYPES = ("DeviceTable", "FlowTable", "AnomalyCounts")
NON_PIPELINE_PREFIXES = ("Sources/netvet-bench/", "Sources/Fuzz")
PROTOCOLS_PREFIX = "Sources/NetVetProtocols/"


# MARK: Lexing

def blank(text: str) -> str:
    """`text` with comments and string literals (delimiters included) replaced by spaces; newlines kept."""
    out = list(text)
    n = len(text)
    i = 0

    def wipe(start: int, end: int) -> None:
        for k in range(start, min(end, n)):
            if out[k] != "\n":
                out[k] = " "

    def skip_string(i: int) -> int:
        """`i` at the first `#` or `"` of a string literal; returns the index just after it."""
        hashes = 0
        while i < n and text[i] == "#":
            hashes += 1
            i += 1
        if text.startswith('"""', i):
            close = '"""' + "#" * hashes
            i += 3
            multiline = True
        else:
            close = '"' + "#" * hashes
            i += 1
            multiline = False
        escape = "\\" + "#" * hashes
        while i < n:
            if text.startswith(escape, i):
                j = i + len(escape)
                if j < n and text[j] == "(":
                    # Interpolation: skip balanced parentheses, strings inside included.
                    depth = 0
                    k = j
                    while k < n:
                        c = text[k]
                        if c == "(":
                            depth += 1
                        elif c == ")":
                            depth -= 1
                            if depth == 0:
                                break
                        elif c == '"' or (c == "#" and text[k + 1:k + 2] in ('"', "#")):
                            k = skip_string(k)
                            continue
                        k += 1
                    i = k + 1
                    continue
                i = j + 1
                continue
            if text.startswith(close, i):
                return i + len(close)
            if not multiline and text[i] == "\n":
                return i  # unterminated: stop at the line's end
            i += 1
        return n

    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            wipe(i, j)
            i = j
        elif text.startswith("/*", i):
            depth = 0
            j = i
            while j < n:
                if text.startswith("/*", j):
                    depth += 1
                    j += 2
                elif text.startswith("*/", j):
                    depth -= 1
                    j += 2
                    if depth == 0:
                        break
                else:
                    j += 1
            wipe(i, j)
            i = j
        elif c == '"' or (c == "#" and re.match(r'#+"', text[i:i + 8])):
            j = skip_string(i)
            wipe(i, j)
            i = j
        else:
            i += 1
    return "".join(out)


def swift_files(root: str) -> list[str]:
    files = []
    for folder, dirs, names in os.walk(os.path.join(root, "Sources")):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".swift"):
                files.append(os.path.relpath(os.path.join(folder, name), root))
    return files


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def matching_brace(code: str, open_index: int) -> int:
    depth = 0
    for k in range(open_index, len(code)):
        if code[k] == "{":
            depth += 1
        elif code[k] == "}":
            depth -= 1
            if depth == 0:
                return k
    return len(code) - 1


# MARK: (a) Types

DECL = re.compile(r"\b(struct|class|enum|actor|extension|protocol)\s+([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)")


def type_metric(root: str, files: dict[str, str]):
    """Returns {type name: [(kind, path, first line, last line)]} for declarations and extensions."""
    declared: dict[str, list] = defaultdict(list)
    extensions: dict[str, list] = defaultdict(list)
    for path, code in files.items():
        # Walk the declarations with a stack of the enclosing type bodies (for nested names).
        stack: list[tuple[str, int]] = []  # (qualified name, closing brace offset)
        for match in DECL.finditer(code):
            start = match.start()
            keyword, name = match.group(1), match.group(2)
            # `class func` / `class var` are members, not classes.
            if keyword == "class" and name in ("func", "var", "let", "subscript", "init"):
                continue
            # Skip uses like `.enum`, `case class` identifiers: a declaration keyword follows start of a
            # statement or a modifier; require that the keyword is not preceded by `.`.
            if start > 0 and code[start - 1] == ".":
                continue
            brace = code.find("{", match.end())
            if brace < 0:
                continue
            # The header between the name and `{` must not end a statement (a `;`/newline-separated
            # declaration without a body is not possible for these keywords, but be safe).
            header = code[match.end():brace]
            if ";" in header or "}" in header:
                continue
            close = matching_brace(code, brace)
            while stack and stack[-1][1] < start:
                stack.pop()
            first, last = line_of(code, start), line_of(code, close)
            if keyword == "extension":
                extensions[name].append(("extension", path, first, last))
                stack.append((name, close))
            elif keyword == "protocol":
                stack.append((name, close))
            else:
                qualified = ".".join([s[0] for s in stack[-1:]] + [name]) if stack else name
                declared[qualified].append((keyword, path, first, last))
                stack.append((qualified, close))
    totals = []
    for name, decls in declared.items():
        parts = list(decls) + extensions.get(name, [])
        # `extension Inner` written inside its outer type's body is rare; the qualified name is the rule.
        lines = sum(last - first + 1 for _, _, first, last in parts)
        totals.append((lines, name, parts))
    totals.sort(key=lambda t: (-t[0], t[1]))
    return totals


# MARK: (b) inout tables

FUNC = re.compile(r"\b(func\s+([^\s(<]+)|init[?!]?)\s*(<[^>{]*>)?\s*\(")
INOUT = re.compile(r"\binout\s+(?:[A-Za-z_][A-Za-z0-9_]*\.)?(" + "|".join(TABLE_TYPES) + r")\b")


def inout_metric(files: dict[str, str]):
    found = []
    for path, code in files.items():
        for match in FUNC.finditer(code):
            if match.start() > 0 and code[match.start() - 1] in ".":
                continue
            open_paren = match.end() - 1
            depth = 0
            k = open_paren
            while k < len(code):
                if code[k] == "(":
                    depth += 1
                elif code[k] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                k += 1
            params = code[open_paren:k + 1]
            tables = INOUT.findall(params)
            if tables:
                name = match.group(2) or "init"
                found.append((path, line_of(code, match.start()), name, sorted(set(tables))))
    return found


# MARK: (c) Port literals

LITERAL = re.compile(r"(?<![A-Za-z0-9_])([0-9][0-9_]*)(?![A-Za-z0-9_]|\.[A-Za-z0-9_])")


def literals(line: str):
    """Decimal integer literal tokens of a line of code: not part of an identifier, a hex or float
    literal, or a tuple member access (`ports.1`); `147...162` gives both bounds."""
    for match in LITERAL.finditer(line):
        before = line[:match.start()]
        if before.endswith(".") and not before.endswith(".."):
            continue
        yield match


def arithmetic_neighbour(line: str, start: int, end: int) -> bool:
    before = line[:start].rstrip()
    after = line[end:].lstrip()
    if before.endswith(("...", "..<", "<<", ">>")) or after.startswith(("...", "..<", "<<", ">>")):
        return True
    if before[-1:] in ("+", "-", "*", "/", "%") and not before.endswith(("->", "//")):
        return True
    if after[:1] in ("+", "-", "*", "/", "%") and not after.startswith(("->", "//")):
        return True
    return False


def switch_subject(lines: list[str], index: int) -> str | None:
    """For a `case` line, the subject of the enclosing `switch` (the nearest one above, less indented)."""
    indent = len(lines[index]) - len(lines[index].lstrip())
    for k in range(index - 1, -1, -1):
        text = lines[k]
        stripped = text.lstrip()
        if not stripped:
            continue
        if len(text) - len(stripped) <= indent and re.match(r"(?:let\s+\w+\s*=\s*|return\s+)?switch\b", stripped):
            return stripped
        if len(text) - len(stripped) < indent and re.match(r"(func|init|var|let|struct|class|enum)\b", stripped):
            return None
    return None


def port_metric(files: dict[str, str]):
    counted, excluded, protocols = [], [], []
    for path, code in files.items():
        if path.startswith(NON_PIPELINE_PREFIXES):
            continue
        lines = code.split("\n")
        for index, line in enumerate(lines):
            for match in literals(line):
                value = int(match.group(1).replace("_", ""))
                if value not in PORTS:
                    continue
                where = (path, index + 1, line.strip())
                if path.startswith(PROTOCOLS_PREFIX):
                    protocols.append(where)
                    continue
                if arithmetic_neighbour(line, match.start(), match.end()):
                    excluded.append(where + ("arithmetic or range operand",))
                    continue
                if re.match(r"\s*case\b", line):
                    subject = switch_subject(lines, index)
                    if subject is not None and not re.search(r"port", subject, re.IGNORECASE):
                        excluded.append(where + (f"case of `{subject.rstrip(' {')}`",))
                        continue
                counted.append(where + (value,))
    return counted, excluded, protocols


def derive_ports(files: dict[str, str]) -> list[tuple[int, str, int]]:
    hits = []
    for path, code in files.items():
        if not re.match(r"Sources/NetVetAudit/ApplicationObserver[^/]*\.swift$", path):
            continue
        lines = code.split("\n")
        for index, line in enumerate(lines):
            context = line
            if re.match(r"\s*case\b", line):
                context = switch_subject(lines, index) or ""
            if not re.search(r"\b[Pp]orts?\b|Port\b|either\(", context):
                continue
            for match in literals(line):
                value = int(match.group(1).replace("_", ""))
                if value > 1 and not arithmetic_neighbour(line, match.start(), match.end()):
                    hits.append((value, path, index + 1))
    return hits


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Size metrics of netvet's Swift sources (see the docstring for the exact definitions).",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("root", nargs="?", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        help="package root holding Sources/ (default: this script's repository)")
    parser.add_argument("--top", type=int, default=5, help="types listed in metric (a) (default 5)")
    parser.add_argument("--derive", action="store_true", help="print the derivation of the port list")
    args = parser.parse_args()

    root = os.path.abspath(args.root)
    if not os.path.isdir(os.path.join(root, "Sources")):
        print(f"code-metrics: {root}/Sources not found", file=sys.stderr)
        return 2
    files = {}
    originals = {}
    for path in swift_files(root):
        with open(os.path.join(root, path), encoding="utf-8") as handle:
            originals[path] = handle.read().split("\n")
        with open(os.path.join(root, path), encoding="utf-8") as handle:
            files[path] = blank(handle.read())

    def source(path: str, line: int) -> str:
        return originals[path][line - 1].strip()

    print(f"code-metrics: {root} ({len(files)} Swift files under Sources/)")
    print()
    types = type_metric(root, files)
    print(f"(a) lines of the largest type (declaration + every extension, Sources/): top {args.top}")
    for lines, name, parts in types[:args.top]:
        print(f"  {lines:6d}  {name}")
        for kind, path, first, last in parts:
            print(f"            {last - first + 1:5d}  {kind:9s} {path}:{first}-{last}")
    print()

    functions = inout_metric(files)
    print(f"(b) functions taking inout DeviceTable / FlowTable / AnomalyCounts: {len(functions)}")
    for path, line, name, tables in functions:
        print(f"  {path}:{line}  {name}  ({', '.join(tables)})")
    print()

    counted, excluded, protocols = port_metric(files)
    print(f"(c) port number literals in Sources/ (outside NetVetProtocols, comments and strings): {len(counted)}")
    print(f"    ports: {' '.join(str(p) for p in sorted(PORTS))}")
    by_value = defaultdict(int)
    for *_, value in counted:
        by_value[value] += 1
    print("    per port: " + ", ".join(f"{v}×{by_value[v]}" for v in sorted(by_value)))
    per_line: dict[tuple[str, int], list[int]] = defaultdict(list)
    for path, line, _, value in counted:
        per_line[(path, line)].append(value)
    print(f"    on {len(per_line)} lines (path:line [literals counted] source line):")
    for (path, line), values in per_line.items():
        print(f"  {path}:{line} [{' '.join(map(str, values))}] {source(path, line)}")
    print(f"  not counted ({len(excluded)}):")
    for path, line, _, reason in excluded:
        print(f"    {path}:{line}: {source(path, line)}    [{reason}]")
    print(f"  for information, literals of these values in Sources/NetVetProtocols/ (not counted): {len(protocols)}")
    for path, line, _ in protocols:
        print(f"    {path}:{line}: {source(path, line)}")
    if args.derive:
        print()
        hits = derive_ports(files)
        values = sorted({value for value, _, _ in hits})
        print("derivation: decimal literals (> 1, not shift, arithmetic or range operands) on the lines of "
              "Sources/NetVetAudit/ApplicationObserver*.swift that mention a port (`port`, `ports`, `…Port`, `either(`), or in a `case` "
              f"of a switch over ports: {' '.join(map(str, values))}")
        if not values:
            print("  (no port literal in Sources/NetVetAudit/ApplicationObserver*.swift here: PORTS was derived at "
                  "the baseline, commit e836eb6)")
        extra = sorted(PORTS - set(values))
        print(f"  PORTS adds: {' '.join(map(str, extra)) or '-'}; PORTS lacks: "
              f"{' '.join(map(str, sorted(set(values) - PORTS))) or '-'}")
    print()
    largest = types[0] if types else (0, "-", [])
    print(f"largest type: {largest[0]} lines ({largest[1]})")
    print(f"functions taking inout tables: {len(functions)}")
    print(f"port number literals: {len(counted)} (on {len({(p, l) for p, l, _, _ in counted})} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
