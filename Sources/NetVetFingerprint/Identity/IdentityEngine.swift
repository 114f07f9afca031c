import NetVetRules
import NetVetWire

/// Fuses a device's evidence into one `DeviceIdentity` with a `SignatureDatabase` (docs/FINGERPRINTS.md
/// "Fusion").
///
/// Pure and deterministic: the answer depends only on the set of evidence (order and repeats do not
/// matter) and the database. It is computed when a report is built, never per packet.
public struct IdentityEngine: Sendable {
    /// The signatures, chip makers and brands.
    public let database: SignatureDatabase

    /// Vendor candidates scoring at least this much are kept as conflicts when they lose.
    public static let vendorConflictThreshold = 0.3
    /// A losing type or model is a conflict when one signature gave it with at least this confidence.
    public static let attributeConflictThreshold = 0.5
    /// The confidence of a vendor taken from the OUI registrant alone.
    public static let ouiConfidence = 0.3
    /// The same for an OUI registrant that is a chip or module maker (an upper bound for signatures
    /// that read only the OUI of such a device, too).
    public static let chipMakerConfidence = 0.2

    public init(database: SignatureDatabase) {
        self.database = database
    }

    /// The identity of a device with `evidence` (source, field, value) whose MAC prefix is registered
    /// to `oui` (nil for locally administered or unregistered prefixes). The `oui` / `name`, `oui` /
    /// `country` pseudo-evidence is added here; `flow` / `server_name` items come with `evidence`.
    public func identify(evidence: [(source: String, field: String, value: String)], oui: VendorInfo?)
        -> DeviceIdentity
    {
        var items = evidence.map { EvidenceItem(source: $0.source, field: $0.field, value: $0.value) }
        if let oui {
            items.append(EvidenceItem(source: "oui", field: "name", value: oui.name))
            if let country = oui.country { items.append(EvidenceItem(source: "oui", field: "country", value: country)) }
        }
        let index = EvidenceIndex(items)
        let chipMaker = oui.flatMap { info in database.chipMakers.first { $0.matches(registrant: info.name) } }
        var claims = database.signatures.compactMap { claim($0, index) }
        // A chip maker's OUI names the radio, not the device: claims resting on it alone give way to any
        // other signature that names a vendor, and alone they are capped like the OUI fallback.
        if chipMaker != nil {
            let otherNamesVendor = claims.contains { !$0.ouiOnly && $0.vendor != nil }
            for position in claims.indices where claims[position].ouiOnly {
                if otherNamesVendor {
                    claims[position].vendor = nil
                } else {
                    claims[position].confidence = min(claims[position].confidence, IdentityEngine.chipMakerConfidence)
                }
            }
        }
        return fuse(claims, oui: oui, chipMaker: chipMaker?.name)
    }

    /// One matching signature's claim, with brand mapping applied; nil when the signature does not match.
    func claim(_ signature: Signature, _ index: EvidenceIndex) -> Claim? {
        // Most signatures read a source the device never spoke: skip them before any matching.
        guard signature.requiredSources.allSatisfy(index.hasSource), let result = index.evaluate(signature.match)
        else { return nil }
        let yields = signature.yields
        var vendor = yields.vendor?.render(result.captures)
        var brand = yields.brand?.render(result.captures)
        if let named = vendor, let relabel = database.brandsByName[named.asciiLowercased()] {
            vendor = relabel.manufacturer
            brand = brand ?? relabel.brand
        }
        if let named = brand, let relabel = database.brandsByName[named.asciiLowercased()] {
            brand = relabel.brand
            vendor = vendor ?? relabel.manufacturer
        }
        if let named = vendor { vendor = database.canonicalNames[named.asciiLowercased()] ?? named }
        return Claim(
            location: signature.location, confidence: signature.confidence, vendor: vendor, brand: brand,
            model: yields.model?.render(result.captures), type: yields.type, os: yields.os?.render(result.captures),
            firmware: yields.firmware?.render(result.captures), ouiOnly: result.sources == ["oui"],
            evidence: result.positions.sorted())
    }

    /// The fusion rules over the claims (in signature load order).
    func fuse(_ claims: [Claim], oui: VendorInfo?, chipMaker: String?) -> DeviceIdentity {
        var identity = DeviceIdentity(chipMaker: chipMaker)
        // Vendor candidates by noisy-or over independent signals: claims that rest on the very same evidence
        // items (two signature files describing one marker) count once, at their strongest. Claims are in
        // load order, so the products are reproducible.
        var vendorGroups: [String: [[Int]: Double]] = [:]
        var locations: [String: [RuleLocation]] = [:]
        for claim in claims {
            guard let vendor = claim.vendor else { continue }
            let previous: Double = vendorGroups[vendor]?[claim.evidence] ?? 0
            vendorGroups[vendor, default: [:]][claim.evidence] = max(previous, claim.confidence)
            locations[vendor, default: []].append(claim.location)
        }
        var ranked: [(vendor: String, score: Double, locations: [RuleLocation])] = []
        for (vendor, groups) in vendorGroups {
            var miss = 1.0
            for evidence in groups.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                miss *= 1 - (groups[evidence] ?? 0)
            }
            ranked.append((vendor: vendor, score: 1 - miss, locations: locations[vendor] ?? []))
        }
        ranked =
            ranked
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.vendor < $1.vendor }
        if let best = ranked.first {
            identity.vendor = best.vendor
            identity.confidence = best.score
            for loser in ranked.dropFirst() where loser.score >= IdentityEngine.vendorConflictThreshold {
                identity.conflicts.append(
                    IdentityConflict(
                        attribute: "vendor", value: loser.vendor, confidence: loser.score,
                        signatures: loser.locations.sorted()))
            }
        } else if let oui {
            identity.vendor = chipMaker ?? IdentityEngine.cleanedOrganization(oui.name)
            identity.confidence = chipMaker != nil ? IdentityEngine.chipMakerConfidence : IdentityEngine.ouiConfidence
        }

        // Attributes from the strongest claim that agrees with the vendor (or names none).
        let agreeing = claims.filter { $0.vendor == nil || $0.vendor == identity.vendor }
        func strongest(_ value: (Claim) -> String?) -> String? {
            agreeing.compactMap { claim in value(claim).map { (claim, $0) } }
                .min { a, b in
                    if a.0.confidence != b.0.confidence { return a.0.confidence > b.0.confidence }
                    if a.1 != b.1 { return a.1 < b.1 }
                    return a.0.location < b.0.location
                }?.1
        }
        identity.brand = strongest(\.brand)
        identity.model = strongest(\.model)
        identity.type = strongest { $0.type?.rawValue }.flatMap(DeviceType.init(rawValue:)) ?? .unknown
        identity.os = strongest(\.os)
        identity.firmware = strongest(\.firmware)

        var supporting: [RuleLocation] = []
        var attributeConflicts: [String: (miss: Double, locations: [RuleLocation])] = [:]
        for claim in agreeing {
            var disagrees = false
            let chosen: [(String, String?, String?)] = [
                ("type", claim.type?.rawValue, identity.type.rawValue), ("model", claim.model, identity.model),
            ]
            for (attribute, value, winner) in chosen {
                guard let value, value != winner else { continue }
                disagrees = true
                if claim.confidence >= IdentityEngine.attributeConflictThreshold {
                    let key = attribute + "\u{0}" + value
                    let previous = attributeConflicts[key] ?? (1, [])
                    attributeConflicts[key] = (
                        previous.miss * (1 - claim.confidence), previous.locations + [claim.location]
                    )
                }
            }
            for (value, winner) in [
                (claim.brand, identity.brand), (claim.os, identity.os), (claim.firmware, identity.firmware),
            ]
            where value != nil && value != winner {
                disagrees = true
            }
            if !disagrees { supporting.append(claim.location) }
        }
        identity.signatures = supporting.sorted()
        if identity.vendor == nil, !supporting.isEmpty {
            identity.confidence = agreeing.filter { supporting.contains($0.location) }.map(\.confidence).max() ?? 0
        }
        let attributeList = attributeConflicts.map { key, entry in
            let parts = key.split(separator: "\u{0}", maxSplits: 1).map(String.init)
            return IdentityConflict(
                attribute: parts[0], value: parts.count > 1 ? parts[1] : "", confidence: 1 - entry.miss,
                signatures: entry.locations.sorted())
        }
        identity.conflicts += attributeList.sorted { a, b in
            if a.attribute != b.attribute { return a.attribute > b.attribute }  // type before model
            if a.confidence != b.confidence { return a.confidence > b.confidence }
            return a.value < b.value
        }
        return identity
    }

    /// Corporate suffixes dropped from an IEEE registrant name to make it a vendor name, compared
    /// case-insensitively after trailing punctuation is removed.
    static let corporateSuffixes: Set<String> = [
        "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "l.l.c", "gmbh", "ag",
        "sa", "s.a", "s.a.s", "sas", "bv", "b.v", "nv", "n.v", "plc", "pty", "kg", "oy", "ab", "as", "a/s", "spa",
        "s.p.a", "srl", "s.r.l", "kk", "k.k", "pte", "sdn", "bhd", "co.,ltd", "co.ltd", "co.,", "ltd.,", "sarl", "s.l",
        "sl", "lp", "l.p", "asa", "oyj", "se", "jsc", "ooo", "zao", "ojsc", "pvt", "private",
    ]

    /// `Hangzhou Hikvision Digital Technology Co.,Ltd.` → `Hangzhou Hikvision Digital Technology`;
    /// `Cisco Systems, Inc` → `Cisco Systems`. The name itself when nothing would be left.
    public static func cleanedOrganization(_ name: String) -> String {
        var words = name.split(whereSeparator: { $0 == " " }).map(String.init)
        func normalized(_ word: String) -> String {
            var text = word.asciiLowercased()
            while let last = text.last, last == "." || last == "," || last == ";" { text.removeLast() }
            return text
        }
        while words.count > 1 {
            guard let last = words.last else { break }
            // "Co.,Ltd." glued to the previous word's comma ("Technology Co.,Ltd.") splits as one word.
            let pieces = normalized(last).split(separator: ",").map(String.init).filter { !$0.isEmpty }
            if !pieces.isEmpty, pieces.allSatisfy({ corporateSuffixes.contains(normalized($0)) }) {
                words.removeLast()
                continue
            }
            break
        }
        var result = words.joined(separator: " ")
        while let last = result.last, last == "," || last == " " { result.removeLast() }
        return result.isEmpty ? name : result
    }
}

/// One matching signature's claim about a device.
struct Claim {
    let location: RuleLocation
    var confidence: Double
    var vendor: String?
    var brand: String?
    var model: String?
    var type: DeviceType?
    var os: String?
    var firmware: String?
    /// True when every evidence item the match used is `oui` pseudo-evidence.
    let ouiOnly: Bool
    /// The evidence items the match used (positions in the device's canonical evidence order).
    let evidence: [Int]
}

/// One (source, field, value) of a device, ordered so that the evidence set has one canonical order.
struct EvidenceItem: Hashable, Comparable {
    let source: String
    let field: String
    let value: String

    static func < (lhs: EvidenceItem, rhs: EvidenceItem) -> Bool {
        if lhs.source != rhs.source { return lhs.source < rhs.source }
        if lhs.field != rhs.field { return lhs.field < rhs.field }
        return lhs.value < rhs.value
    }
}

/// A device's evidence, de-duplicated and sorted (the canonical order that makes matching
/// order-independent), grouped by source, with each value's lower-cased form made once.
struct EvidenceIndex {
    private let items: [EvidenceItem]
    private let lowered: [String]
    private let bySource: [String: [Int]]

    init(_ evidence: [EvidenceItem]) {
        items = Array(Set(evidence)).sorted()
        lowered = items.map { $0.value.asciiLowercased() }
        var bySource: [String: [Int]] = [:]
        for (position, item) in items.enumerated() { bySource[item.source, default: []].append(position) }
        self.bySource = bySource
    }

    /// True when the device has evidence from `source`.
    func hasSource(_ source: String) -> Bool { bySource[source] != nil }

    /// The outcome of a condition that holds: its captures and the sources of the evidence it used.
    struct Outcome {
        var captures: [String: String] = [:]
        var sources: Set<String> = []
        /// The evidence items the match used (positions in the canonical order).
        var positions: Set<Int> = []

        /// Adds `other`; a capture name already set keeps its first value.
        mutating func merge(_ other: Outcome) {
            captures.merge(other.captures) { first, _ in first }
            sources.formUnion(other.sources)
            positions.formUnion(other.positions)
        }
    }

    /// Evaluates `condition`; nil when it does not hold. A test takes the first matching value in the
    /// canonical order; `all` and `any` merge their matching children's captures in child order.
    func evaluate(_ condition: Condition) -> Outcome? {
        switch condition {
        case .test(let test):
            guard let positions = bySource[test.source] else { return nil }
            for position in positions where test.accepts(field: items[position].field) {
                if let captures = test.matcher.match(items[position].value, lowered: lowered[position]) {
                    return Outcome(captures: captures, sources: [test.source], positions: [position])
                }
            }
            return nil
        case .all(let children):
            var outcome = Outcome()
            for child in children {
                guard let result = evaluate(child) else { return nil }
                outcome.merge(result)
            }
            return outcome
        case .any(let children):
            var outcome: Outcome?
            for child in children {
                guard let result = evaluate(child) else { continue }
                if outcome == nil { outcome = Outcome() }
                outcome?.merge(result)
            }
            return outcome
        }
    }
}
