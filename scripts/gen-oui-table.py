#!/usr/bin/env python3
"""Generate Rules/oui/ieee-registry.tsv from the IEEE Registration Authority public listings.

Reads the four registries shipped by Debian's ``ieee-data`` package (``apt-get install ieee-data``):

    oui.txt    MA-L  24-bit prefixes
    mam.txt    MA-M  28-bit prefixes
    oui36.txt  MA-S  36-bit prefixes
    iab.txt    IAB   36-bit prefixes (the retired Individual Address Block registry)

The ``.txt`` files are parsed rather than the ``.csv`` ones because the ``.txt`` blocks end with the
country code of the registered address. One block looks like this (CRLF line ends; iab.txt pads with
spaces instead of tabs)::

    00-00-0C   (hex)		Cisco Systems, Inc
    00000C     (base 16)		Cisco Systems, Inc
    				170 WEST TASMAN DRIVE
    				SAN JOSE  CA  95134-1706
    				US

In mam.txt, oui36.txt and iab.txt the ``(base 16)`` line holds the range of the low 24 bits that the
assignment covers, e.g. ``F2F000-F2FFFF`` under ``70-B3-D5``: the assigned prefix is the 24-bit value of
the ``(hex)`` line followed by the leading digits the start and end of the range share (1 digit for
MA-M, 3 for MA-S and IAB), so ``70B3D5F2F`` (36 bits). A block may contain blank lines inside its
address, so a block runs from one ``(hex)`` line to the next. "Private" assignments have no address.

The output is deterministic (same inputs give byte-identical output): rows are sorted by (bits, prefix),
and the header records only facts about the inputs (file names, sha256, the Debian package version and
the snapshot date from ``.lastupdate``), never the time the generator ran.

The IEEE listing contains a few prefixes assigned more than once (historic MA-L entries such as
08-00-30). A lookup table needs one answer per prefix: the first block in file order is kept, and every
dropped duplicate is listed in the header so that nothing is lost silently.

Any block the parser does not understand is an error (``file:line: message``, exit status 1): a format
change upstream must be noticed, not half-parsed.

Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE_DIR = Path("/usr/share/ieee-data")
DEFAULT_OUTPUT = REPO_ROOT / "Rules" / "oui" / "ieee-registry.tsv"
GENERATOR = "scripts/gen-oui-table.py"


@dataclass(frozen=True)
class Registry:
    """One IEEE registry file and how its prefixes are formed."""

    file_name: str
    name: str
    bits: int
    # How many hex digits of the (base 16) range extend the 24-bit OUI of the (hex) line.
    range_digits: int


# File order is the tie-break for duplicate prefixes (first kept), so it is fixed here.
REGISTRIES = (
    Registry("oui.txt", "MA-L", 24, 0),
    Registry("mam.txt", "MA-M", 28, 1),
    Registry("oui36.txt", "MA-S", 36, 3),
    Registry("iab.txt", "IAB", 36, 3),
)

HEX_LINE = re.compile(r"^([0-9A-F]{2})-([0-9A-F]{2})-([0-9A-F]{2})[ \t]+\(hex\)(.*)$")
BASE16_SINGLE = re.compile(r"^([0-9A-F]{6})[ \t]+\(base 16\)(.*)$")
BASE16_RANGE = re.compile(r"^([0-9A-F]{6})-([0-9A-F]{6})[ \t]+\(base 16\)(.*)$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
COLUMNS = ("prefix", "bits", "registry", "country", "organization")


class SourceError(Exception):
    """A source file that does not have the expected shape; str() is ``file:line: message``."""


@dataclass(frozen=True)
class Assignment:
    """One row of the output table."""

    prefix: str
    bits: int
    registry: str
    country: str
    organization: str
    # Where it came from, for duplicate reports.
    source: str
    line: int


def normalize_organization(text: str) -> str:
    """Trim, turn control characters into spaces, and collapse every run of whitespace to one space."""
    cleaned = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return " ".join(cleaned.split())


def parse_registry(path: Path, registry: Registry) -> list[Assignment]:
    """Parse one IEEE .txt listing into assignments, in file order; raises SourceError on any surprise."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(f"{path}: not UTF-8: {error}") from error
    lines = text.split("\n")
    lines = [line[:-1] if line.endswith("\r") else line for line in lines]

    starts = [index for index, line in enumerate(lines) if HEX_LINE.match(line)]
    if not starts:
        raise SourceError(f"{path}: no '(hex)' lines: not an IEEE registry listing")
    # Before the first block: the listing's own column titles, which start in column 0 and never
    # look like an address line. Anything mentioning "(hex)" that failed the pattern is a format change.
    for index, line in enumerate(lines[: starts[0]]):
        if "(hex)" in line or "(base 16)" in line:
            raise SourceError(f"{path}:{index + 1}: unrecognised block start: {line.strip()!r}")

    result: list[Assignment] = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        block = lines[start:end]
        line_number = start + 1
        hex_match = HEX_LINE.match(block[0])
        if hex_match is None:  # unreachable: starts only holds matching lines
            raise SourceError(f"{path}:{line_number}: not a '(hex)' line")
        oui = "".join(hex_match.group(1, 2, 3))
        if len(block) < 2:
            raise SourceError(f"{path}:{line_number}: '(hex)' line without a '(base 16)' line")
        base16 = block[1]
        if registry.range_digits == 0:
            match = BASE16_SINGLE.match(base16)
            if match is None:
                raise SourceError(f"{path}:{line_number + 1}: expected 'XXXXXX (base 16)': {base16.strip()!r}")
            if match.group(1) != oui:
                raise SourceError(f"{path}:{line_number + 1}: base 16 value {match.group(1)} differs from {oui}")
            prefix = oui
            organization_text = match.group(2)
        else:
            match = BASE16_RANGE.match(base16)
            if match is None:
                raise SourceError(
                    f"{path}:{line_number + 1}: expected 'XXXXXX-XXXXXX (base 16)': {base16.strip()!r}")
            low, high = match.group(1), match.group(2)
            digits = registry.range_digits
            # The range must be exactly one aligned block of the registry's size, e.g. D00000-DFFFFF
            # for MA-M; anything else would not be a prefix and the table could not represent it.
            if low[:digits] != high[:digits] or low[digits:] != "0" * (6 - digits) or high[digits:] != "F" * (
                6 - digits
            ):
                raise SourceError(
                    f"{path}:{line_number + 1}: range {low}-{high} is not one aligned {registry.bits}-bit block")
            prefix = oui + low[:digits]
            organization_text = match.group(3)

        organization = normalize_organization(organization_text)
        if not organization:
            raise SourceError(f"{path}:{line_number + 1}: empty organization")
        hex_organization = normalize_organization(hex_match.group(4))
        if hex_organization != organization:
            print(
                f"warning: {path}:{line_number}: organization differs between '(hex)' and '(base 16)' lines;"
                f" using the latter: {hex_organization!r} vs {organization!r}",
                file=sys.stderr,
            )

        # Address lines are indented; a line in column 0 would be a block this parser does not know.
        address: list[str] = []
        for offset, line in enumerate(block[2:], start=2):
            if line and not line[0].isspace():
                raise SourceError(f"{path}:{line_number + offset}: unexpected unindented line: {line.strip()!r}")
            if line.strip():
                address.append(line.strip())
        # The country code is the last line of the address; some entries have no country line (their
        # last line is a city) or no address at all ("Private"): country stays empty then.
        country = address[-1] if address and COUNTRY.match(address[-1]) else ""

        result.append(
            Assignment(
                prefix=prefix,
                bits=registry.bits,
                registry=registry.name,
                country=country,
                organization=organization,
                source=registry.file_name,
                line=line_number,
            ))
    return result


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot_date(source_dir: Path) -> str:
    """The date in ieee-data's .lastupdate (seconds since the epoch) as ISO 8601 UTC, with the raw value."""
    path = source_dir / ".lastupdate"
    try:
        raw = path.read_text(encoding="ascii").strip()
        seconds = int(raw)
    except (OSError, ValueError) as error:
        raise SourceError(f"{path}: cannot read the snapshot date: {error}") from error
    stamp = datetime.datetime.fromtimestamp(seconds, tz=datetime.timezone.utc)
    return f"{stamp.strftime('%Y-%m-%dT%H:%M:%SZ')} (.lastupdate {seconds})"


def package_version() -> str:
    """The installed version of the Debian package ieee-data, from dpkg-query."""
    try:
        completed = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", "ieee-data"],
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise SourceError(f"dpkg-query: cannot read the version of package ieee-data: {error}") from error
    version = completed.stdout.strip()
    if not version:
        raise SourceError("dpkg-query: package ieee-data has no version (not installed?)")
    return version


def build_table(source_dir: Path) -> tuple[str, dict[str, int]]:
    """Parse all registries and return the table text and the number of rows per registry."""
    kept: dict[tuple[int, str], Assignment] = {}
    dropped: list[tuple[Assignment, Assignment]] = []
    sources: list[tuple[Registry, str]] = []
    for registry in REGISTRIES:
        path = source_dir / registry.file_name
        if not path.is_file():
            raise SourceError(f"{path}: missing (apt-get install ieee-data, or pass --source-dir)")
        sources.append((registry, sha256_of(path)))
        for assignment in parse_registry(path, registry):
            key = (assignment.bits, assignment.prefix)
            first = kept.get(key)
            if first is None:
                kept[key] = assignment
            else:
                dropped.append((assignment, first))

    rows = [kept[key] for key in sorted(kept)]
    counts = {registry.name: 0 for registry in REGISTRIES}
    for row in rows:
        counts[row.registry] += 1

    header = [
        "# IEEE Registration Authority MAC address block assignments (MA-L, MA-M, MA-S, IAB): one row per",
        "# assigned prefix, for vendor lookup by longest prefix (36, then 28, then 24 bits).",
        f"# GENERATED by {GENERATOR} from the files below. Do not edit by hand: install or update the",
        f"# Debian package ieee-data and re-run {GENERATOR} (deterministic: same inputs, same bytes).",
        f"# Debian package: ieee-data {package_version()}",
        f"# Snapshot date: {snapshot_date(source_dir)}",
    ]
    for registry, digest in sources:
        header.append(f"# Source: {registry.file_name} sha256:{digest} ({registry.name}, {registry.bits}-bit)")
    header += [
        "# Licence: IEEE public listing (IEEE OUI/MA-L, MA-M, MA-S, IAB registries via Debian ieee-data).",
        "# IEEE does not assert copyright in the public listing or restrict its distribution; the IEEE",
        "# Registration Authority encourages users to obtain it from IEEE and update it regularly",
        "# (https://standards.ieee.org/products-programs/regauth/).",
        "# Columns: prefix = upper-case hex, bits/4 digits; bits = 24, 28 or 36; registry = MA-L, MA-M, MA-S",
        "# or IAB; country = ISO 3166 alpha-2 code of the registered address as listed by IEEE (empty when",
        "# the listing has none, e.g. Private entries); organization = whitespace-collapsed name.",
        "# Rows: " + ", ".join(f"{name} {count}" for name, count in counts.items()) + f", total {len(rows)}",
    ]
    for duplicate, first in dropped:
        header.append(
            f"# Duplicate in source, dropped: {duplicate.prefix}/{duplicate.bits} {duplicate.organization}"
            f" ({duplicate.source}:{duplicate.line}); kept {first.organization} ({first.source}:{first.line})")
    header.append("\t".join(COLUMNS))

    out = header
    for row in rows:
        fields = (row.prefix, str(row.bits), row.registry, row.country, row.organization)
        # normalize_organization already removed tabs and newlines; this guards the TSV shape itself.
        if any("\t" in field or "\n" in field for field in fields):
            raise SourceError(f"{row.source}:{row.line}: field with a tab or newline: {fields!r}")
        out.append("\t".join(fields))
    return "\n".join(out) + "\n", counts


def write_atomically(path: Path, text: str) -> None:
    """Write text as UTF-8 via a temporary file in the same directory, so a reader never sees half a table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8"))
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--source-dir",
        type=Path,
        default=DEFAULT_SOURCE_DIR,
        help=f"directory with oui.txt, mam.txt, oui36.txt, iab.txt, .lastupdate (default {DEFAULT_SOURCE_DIR})",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"table to write (default {DEFAULT_OUTPUT.relative_to(REPO_ROOT)} in the repository)",
    )
    arguments = parser.parse_args(argv)
    try:
        text, counts = build_table(arguments.source_dir)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    write_atomically(arguments.output, text)
    summary = ", ".join(f"{name} {count}" for name, count in counts.items())
    print(f"wrote {arguments.output}: {sum(counts.values())} rows ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
