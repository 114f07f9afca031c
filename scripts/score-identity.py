#!/usr/bin/env python3
"""Score netvet's device identities against the labelled devices of the corpus (issue 4).

Runs `netvet audit --format json` once per labelled device, over all the captures of that device
(read in order as one audit), finds the labelled MAC in the report and compares its `identity`
(vendor or brand, and type) with the label. Prints, per source, how many labelled devices got the
right vendor and the right type, then every confusion (label -> netvet), the devices that are not
scored, and the totals line

    vendor right: N/M (P%)  type right: N/M (P%)

Labels come from the corpus MANIFEST.tsv: every `kind=capture` row whose labels carry `device`,
`mac` and `vendor` is a capture of that labelled device (the same labels as `<source>/devices.tsv`
and the `kind=label` rows; the source is the first path component). This works unchanged on the
development split (shared/corpus) and on the held-back split, which has the same layout.

Vendor matching (see `ALIASES` and `normalise`):
- both sides are normalised: lower case, `&` -> `and`, punctuation and spaces dropped, corporate
  suffixes dropped (Inc, Ltd, Co, Corp, GmbH, LLC, B.V., Technologies, International, ...);
- a label `Main (Alt1/Alt2, note)` accepts Main and every alternative named in the parentheses
  (`Blink (Amazon)` accepts Blink or Amazon; `Samsung (per OUI)` is Samsung: notes such as
  `per OUI`, `ecosystem`, `platform`, `OUI <name>` are not names, but the name after `OUI` is);
- each accepted name is widened by its alias group (a brand and its manufacturer, or two names
  of one company: Philips Hue / Signify, WeMo / Belkin, Nest / Google, ...);
- netvet is right when its `identity.vendor` or `identity.brand` is one of the accepted names;
- labels whose vendor starts with `unknown` are not scored (listed as such).

Type matching (see `TYPE_MAP`): the corpus's label types are mapped to netvet's closed set of
device types; a label type that is already a netvet type maps to itself. Two cases where netvet
can only see a hub:
- when several labelled devices of one source share a MAC (a Z-Wave or ZigBee device whose only IP
  traffic is its hub's, e.g. IoT Sentinel's D-LinkDoorSensor behind the DCH-G020 hub), netvet sees
  one device, so the type of any of those labels is accepted for each of them;
- when a label's `link` names no IP-capable medium (neither WiFi nor Ethernet: `Z-Wave`, `ZigBee`,
  `Other` such as IoT Sentinel's radio-only HomeMaticPlug), the labelled MAC's IP traffic is its
  gateway's, so `iot-hub` is accepted besides the mapped type.

`--check VENDOR_PCT TYPE_PCT` exits 1 when either percentage is below its threshold.
Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
from collections import OrderedDict, defaultdict

# Words that are corporate forms or generic company words, dropped when normalising a name.
CORPORATE_WORDS = {
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "lp",
    "gmbh", "ag", "sa", "sas", "srl", "bv", "nv", "plc", "kk", "oy", "ab", "as", "pte", "pty",
    "technologies", "technology", "tech", "international", "group", "holdings", "electronics",
    "entwicklung", "communications", "systems", "labs", "the",
}

# Groups of names that denote the same manufacturer or a brand and its manufacturer. Every member
# of a group accepts every other member. Names are written as people spell them; they are
# normalised before use.
ALIASES = [
    # Amazon and its device brands (Blink's maker is Immedia Semiconductor, bought by Amazon).
    ["Amazon", "Blink", "Immedia Semiconductor", "Ring", "Eero"],
    # Google and Nest (Nest Labs, bought by Google).
    ["Google", "Nest", "Google Nest"],
    # Philips Hue: made by Signify (Philips Lighting until 2018).
    ["Philips", "Philips Hue", "Philips Lighting", "Signify"],
    # Belkin's WeMo line.
    ["Belkin", "WeMo", "Belkin WeMo"],
    # TP-Link and its smart-home brands.
    ["TP-Link", "Kasa", "Kasa Smart", "Tapo"],
    # eQ-3 makes Homematic, Homematic IP and MAX!.
    ["eQ-3", "Homematic", "Homematic IP", "eQ-3 Homematic IP", "MAX!", "eQ-3 MAX!"],
    # Samsung and SmartThings (SmartThings Inc., bought by Samsung).
    ["Samsung", "SmartThings", "Samsung SmartThings"],
    # Tuya's white-label app and platform.
    ["Tuya", "Smart Life", "Tuya Smart"],
    # Xiaomi's ecosystem: Mi, Mijia, and the Imilab (Xiaobai) cameras.
    ["Xiaomi", "Mi", "Mijia", "Imilab", "Shanghai Imilab", "Xiaobai"],
    # U-tec sells the Ultraloq locks.
    ["U-tec", "Ultraloq"],
    # Schlage is a brand of Allegion.
    ["Schlage", "Allegion"],
    # ednet is a brand of ASSMANN Electronic GmbH.
    ["Ednet", "ASSMANN", "ASSMANN Electronic"],
    # Osram's Lightify line (Osram's lamp business is now Ledvance).
    ["Osram", "Lightify", "Ledvance"],
    # D-Link's mydlink line.
    ["D-Link", "mydlink"],
    # Wink (Wink Labs; the Hub 2 is built by Flex).
    ["Wink", "Wink Labs"],
    # Smarter (Smarter Applications Ltd): iKettle, SmarterCoffee.
    ["Smarter", "Smarter Applications"],
    # Withings (Nokia Health 2016-2018).
    ["Withings", "Nokia Health"],
    # Fitbit (bought by Google in 2021; the Aria scales are Fitbit's).
    ["Fitbit"],
    # Roku.
    ["Roku"],
    # LG Electronics.
    ["LG", "LG Electronics"],
    # Sonos.
    ["Sonos"],
    # Apple.
    ["Apple"],
    # Meross.
    ["Meross"],
    # Zmodo.
    ["Zmodo"],
    # Amcrest (a Dahua OEM relabel: the corpus labels it Amcrest).
    ["Amcrest"],
    # Edimax.
    ["Edimax"],
    # Lockly.
    ["Lockly"],
]

# The corpus's label types -> the netvet device types accepted for them.
TYPE_MAP = {
    "camera": {"camera"},
    "camera-doorbell": {"camera"},
    "doorbell": {"camera"},
    "camera-hub": {"iot-hub", "nvr"},
    "smart-home-gateway": {"iot-hub"},
    "smart-home-controller": {"iot-hub"},
    "smart-home-hub": {"iot-hub"},
    "hub": {"iot-hub"},
    "bridge": {"iot-hub"},
    "smart-lock-hub": {"iot-hub"},
    "smart-lock": {"smart-lock"},
    "lock": {"smart-lock"},
    "smart-plug": {"smart-plug"},
    "smart-switch": {"smart-plug", "light"},
    "light-switch": {"smart-plug", "light"},
    "plug": {"smart-plug"},
    "smart-speaker": {"smart-speaker"},
    "speaker": {"smart-speaker"},
    # A TV platform (Roku OS, Android/Google TV, Fire TV) runs on TVs and on streaming players alike and
    # its traffic is the same: a player identity is accepted for a smart-TV label. (iotls's `roku-tv`
    # announces model 4620X, the Roku Premiere player, and netvet says media-player.)
    "smart-tv": {"tv", "media-player"},
    "tv": {"tv"},
    "media-player": {"media-player"},
    "streaming-stick": {"media-player"},
    "light": {"light"},
    "smart-bulb": {"light"},
    "bulb": {"light"},
    "sensor": {"sensor"},
    "thermostat": {"sensor", "building-controller"},
    "smart-scale": {"appliance", "sensor"},
    "scale": {"appliance", "sensor"},
    "appliance": {"appliance"},
    "kettle": {"appliance"},
    "coffee-maker": {"appliance"},
    "washer": {"appliance"},
    "dryer": {"appliance"},
    "fridge": {"appliance"},
    "refrigerator": {"appliance"},
    "microwave": {"appliance"},
    "vacuum": {"appliance"},
    "robot-vacuum": {"appliance"},
    "air-purifier": {"appliance"},
    "siren": {"sensor"},
    "alarm": {"sensor"},
    "smoke-detector": {"sensor"},
    "motion-sensor": {"sensor"},
    "door-sensor": {"sensor"},
    "garage-door-opener": {"iot-hub"},
    "smart-display": {"smart-speaker"},
    "baby-monitor": {"camera"},
    "nas": {"server"},
    "printer": {"printer"},
    "phone": {"phone"},
    "smartphone": {"phone"},
    "tablet": {"tablet"},
    "computer": {"computer"},
    "laptop": {"computer"},
    "router": {"router"},
    "access-point": {"access-point"},
    "nvr": {"nvr"},
    "game-console": {"game-console"},
    "voip-phone": {"voip-phone"},
}

# netvet's closed set of device types (Rules format, issue 4): a label type equal to one of these
# maps to itself.
NETVET_TYPES = {
    "camera", "nvr", "router", "cellular-gateway", "switch", "access-point", "firewall", "iot-hub",
    "smart-plug", "smart-speaker", "media-player", "tv", "printer", "phone", "tablet", "computer",
    "server", "voip-phone", "game-console", "sensor", "building-controller", "smart-lock", "light",
    "appliance", "unknown",
}

# Words inside a label's parentheses that are notes, not names.
NOTE_WORDS = re.compile(r"\b(per|ecosystem|platform|lab|name|brand|made|by|via|see|the)\b", re.I)


def normalise(name: str) -> str:
    """Lower case, `&` -> `and`, corporate words and all punctuation and spaces dropped."""
    text = name.lower().replace("&", " and ").replace("!", "")
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in CORPORATE_WORDS]
    return "".join(words)


ALIAS_GROUP = {}
for _group in ALIASES:
    _members = {normalise(n) for n in _group}
    for _m in _members:
        ALIAS_GROUP.setdefault(_m, set()).update(_members)


def widen(names) -> set:
    """Normalised names plus every alias of each."""
    out = set()
    for n in names:
        k = normalise(n)
        if not k:
            continue
        out.add(k)
        out |= ALIAS_GROUP.get(k, set())
    return out


def label_vendor_names(label: str) -> list:
    """`Main (Alt1/Alt2, note)` -> [Main, Alt1, Alt2]; `OUI <name>` names <name>."""
    main = re.sub(r"\(.*?\)", "", label).strip()
    names = [main] if main else []
    for inner in re.findall(r"\((.*?)\)", label):
        for part in re.split(r"[/,;]", inner):
            part = part.strip()
            part = re.sub(r"^OUI\s+", "", part, flags=re.I)
            if re.fullmatch(r"(?i)per\s+oui", part) or not part:
                continue
            part = NOTE_WORDS.sub(" ", part).strip()
            if part:
                names.append(part)
    return names


def label_types(label: str) -> set:
    t = label.strip().lower()
    if t in TYPE_MAP:
        return TYPE_MAP[t]
    if t in NETVET_TYPES:
        return {t}
    return set()


def parse_labels(field: str) -> dict:
    out = {}
    for kv in field.split(";"):
        if "=" in kv:
            k, v = kv.split("=", 1)
            out[k] = v
    return out


def labelled_devices(corpus: str):
    """(source, device) -> {mac, vendor, model, type, captures[]} from MANIFEST.tsv capture rows."""
    devices = OrderedDict()
    with open(os.path.join(corpus, "MANIFEST.tsv"), encoding="utf-8") as manifest:
        for i, line in enumerate(manifest):
            cols = line.rstrip("\n").split("\t")
            if i == 0 or len(cols) < 6:
                continue
            labels = parse_labels(cols[5])
            if labels.get("kind") != "capture" or not {"device", "mac", "vendor"} <= labels.keys():
                continue
            source = cols[0].split("/")[0]
            key = (source, labels["device"])
            entry = devices.setdefault(key, {
                "mac": labels["mac"].lower(), "vendor": labels["vendor"], "model": labels.get("model", ""),
                "type": labels.get("type", ""), "link": labels.get("link", ""), "captures": [],
            })
            entry["captures"].append(os.path.join(corpus, cols[0]))
    return devices


def audit(netvet: str, rules: str, captures: list) -> dict:
    cmd = [netvet, "audit", "--format", "json", "--no-progress"]
    if rules:
        cmd += ["--rules-dir", rules]
    proc = subprocess.run(cmd + captures, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"netvet exited {proc.returncode}: {proc.stderr.strip()[:300]}")
    return json.loads(proc.stdout)


def main() -> int:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--netvet", default=".build/debug/netvet", help="netvet executable (default .build/debug/netvet)")
    parser.add_argument("--corpus", default="../shared/corpus", help="corpus directory with MANIFEST.tsv (default ../shared/corpus)")
    parser.add_argument("--rules-dir", default=os.path.join(root, "Rules"), help="Rules directory (default: the repository's Rules)")
    parser.add_argument("--check", nargs=2, type=float, metavar=("VENDOR_PCT", "TYPE_PCT"),
                        help="exit 1 when vendor or type accuracy is below these percentages")
    parser.add_argument("--jobs", type=int, default=2, help="audits run at once (default 2)")
    parser.add_argument("--verbose", action="store_true", help="print every device, not only the confusions")
    args = parser.parse_args()

    if not os.path.isfile(os.path.join(args.corpus, "MANIFEST.tsv")):
        print(f"corpus not found: {args.corpus}/MANIFEST.tsv", file=sys.stderr)
        return 2
    if not os.access(args.netvet, os.X_OK):
        print(f"netvet not found or not executable: {args.netvet}", file=sys.stderr)
        return 2

    devices = labelled_devices(args.corpus)
    by_mac = defaultdict(set)
    for (source, _), d in devices.items():
        by_mac[(source, d["mac"])].add(d["type"])

    def score(key):
        source, name = key
        d = devices[key]
        try:
            report = audit(args.netvet, args.rules_dir, d["captures"])
        except Exception as error:  # noqa: BLE001 - reported per device
            return key, None, str(error)
        found = next((x for x in report.get("devices", []) if x.get("mac") == d["mac"]), None)
        return key, found, None

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(score, devices.keys()))

    per_source = OrderedDict()
    confusions, unscored, errors = [], [], []
    no_identity = 0
    for (source, name), found, error in results:
        d = devices[(source, name)]
        stats = per_source.setdefault(source, {"devices": 0, "vendor": 0, "type": 0, "unscored": 0})
        if d["vendor"].strip().lower().startswith("unknown"):
            stats["unscored"] += 1
            unscored.append(f"{source}/{name} ({d['mac']}): label vendor {d['vendor']!r}")
            continue
        stats["devices"] += 1
        if error:
            errors.append(f"{source}/{name}: {error}")
            confusions.append(f"{source}/{name} ({d['mac']}): netvet failed")
            continue
        identity = (found or {}).get("identity") or {}
        if found is not None and "identity" not in found:
            no_identity += 1
        got_vendor = identity.get("vendor") or ""
        got_brand = identity.get("brand") or ""
        got_type = identity.get("type") or "unknown"
        accepted = widen(label_vendor_names(d["vendor"]))
        vendor_ok = bool(accepted & widen([got_vendor, got_brand]))
        wanted_types = set()
        for t in by_mac[(source, d["mac"])]:
            wanted_types |= label_types(t)
        link = d["link"].lower()
        if link and "wifi" not in link and "ethernet" not in link:
            wanted_types.add("iot-hub")
        type_ok = got_type in wanted_types
        stats["vendor"] += vendor_ok
        stats["type"] += type_ok
        shown = got_vendor + (f" (brand {got_brand})" if got_brand and got_brand != got_vendor else "")
        seen = "not in the report" if found is None else (shown or "no vendor")
        line = (f"{source}/{name} ({d['mac']}): vendor {d['vendor']!r} -> {seen!r}{'' if vendor_ok else '  WRONG'}; "
                f"type {d['type']!r} -> {got_type!r}{'' if type_ok else '  WRONG'}"
                + ("" if wanted_types else f"  (label type {d['type']!r} has no mapping)"))
        if not (vendor_ok and type_ok):
            confusions.append(line)
        elif args.verbose:
            print("ok: " + line)

    def pct(n, m):
        return 100.0 * n / m if m else 0.0

    print(f"{'source':<18} {'devices':>7} {'vendor right':>14} {'type right':>12} {'not scored':>10}")
    tv = tt = tm = 0
    for source, s in per_source.items():
        print(f"{source:<18} {s['devices']:>7} {s['vendor']:>8} ({pct(s['vendor'], s['devices']):3.0f}%)"
              f" {s['type']:>6} ({pct(s['type'], s['devices']):3.0f}%) {s['unscored']:>10}")
        tv += s["vendor"]
        tt += s["type"]
        tm += s["devices"]
    if confusions:
        print("\nconfusions (label -> netvet):")
        for c in confusions:
            print("  " + c)
    if unscored:
        print("\nnot scored (label vendor unknown):")
        for u in unscored:
            print("  " + u)
    for e in errors:
        print("error: " + e, file=sys.stderr)
    if no_identity:
        print(f"\nnote: {no_identity} labelled devices have no `identity` in netvet's report "
              "(a netvet without the fingerprint stage)")
    vp, tp = pct(tv, tm), pct(tt, tm)
    print(f"\nvendor right: {tv}/{tm} ({vp:.1f}%)  type right: {tt}/{tm} ({tp:.1f}%)")
    if args.check:
        want_v, want_t = args.check
        if vp < want_v or tp < want_t or errors:
            print(f"check FAILED: want vendor >= {want_v:g}% and type >= {want_t:g}%", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
