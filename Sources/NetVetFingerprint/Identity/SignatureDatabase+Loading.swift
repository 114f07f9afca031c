import NetVetRules
import NetVetWire

extension SignatureDatabase {
    /// Loads every `*.yaml` file under `<rulesDirectory>/fingerprints/` (sub-folders included), in sorted
    /// path order, with the strict rules of docs/FINGERPRINTS.md. A rules directory without a
    /// `fingerprints/` folder gives an empty database.
    ///
    /// Throws the first defect as `RulesError` at `path:line`, where `path` is relative to the rules
    /// directory's parent when that directory is named `Rules` (`Rules/fingerprints/cameras.yaml`), so
    /// messages and citations are the same on every machine, and starts with `rulesDirectory` otherwise
    /// (`RulesFile.read(folder:in:)`).
    public static func load(directory rulesDirectory: String) throws(RulesError) -> SignatureDatabase {
        try load(files: RulesFile.read(folder: directoryName, in: rulesDirectory))
    }

    /// Loads signature files given as (displayed path, text), in the order given; the same strict rules
    /// and errors as `load(directory:)`.
    public static func load(files: [(path: String, text: String)]) throws(RulesError) -> SignatureDatabase {
        try load(files: files.map { RulesFile(path: $0.path, text: $0.text) })
    }

    /// Loads signature files in the order given; the same strict rules and errors as `load(directory:)`.
    public static func load(files: [RulesFile]) throws(RulesError) -> SignatureDatabase {
        var loader = SignatureFileLoader()
        for file in files { try loader.load(file) }
        return SignatureDatabase(
            signatures: loader.signatures, chipMakers: loader.chipMakers, brands: loader.brands, files: loader.summaries
        )
    }
}

/// The strict loader's state across files: what was loaded, and where each id and name was first
/// defined. The YAML reading (kinds, keys, duplicates, `path:line`) is `RulesYAML`'s; this file holds
/// only what is particular to signatures, chip makers and brands.
struct SignatureFileLoader {
    var signatures: [Signature] = []
    var chipMakers: [ChipMaker] = []
    var brands: [Brand] = []
    var summaries: [SignatureDatabase.FileSummary] = []
    private var ids = UniqueNames("id")
    private var chipMakerNames = UniqueNames("chip maker", ignoresCase: true)
    private var brandNames = UniqueNames("brand", ignoresCase: true)

    /// Nested `all`/`any` deeper than this is refused: no real signature needs it, and it bounds recursion.
    static let maxConditionDepth = 8

    static let sections = ["signatures", "chip_makers", "brands"]
    static let operators = ["equals", "prefix", "suffix", "contains", "regex"]
    static let yieldKeys = ["vendor", "brand", "model", "type", "os", "firmware"]

    /// Loads one file's entries; throws its first defect.
    mutating func load(_ file: RulesFile) throws(RulesError) {
        let top = try RulesYAML.document(file, sections: SignatureFileLoader.sections)
        guard SignatureFileLoader.sections.contains(where: { top[$0] != nil }) else {
            throw top.node.error("the file needs at least one of: signatures, chip_makers, brands")
        }
        var counts = (signatures: 0, chipMakers: 0, brands: 0)
        for entry in try top["signatures"]?.sequence("signatures") ?? [] {
            try loadSignature(entry)
            counts.signatures += 1
        }
        for entry in try top["chip_makers"]?.sequence("chip_makers") ?? [] {
            try loadChipMaker(entry)
            counts.chipMakers += 1
        }
        for entry in try top["brands"]?.sequence("brands") ?? [] {
            try loadBrand(entry)
            counts.brands += 1
        }
        summaries.append(
            SignatureDatabase.FileSummary(
                path: file.path, signatures: counts.signatures, chipMakers: counts.chipMakers, brands: counts.brands))
    }

    private mutating func loadSignature(_ node: RulesNode) throws(RulesError) {
        let entry = try node.mapping(
            "a signature", keys: ["id", "description", "match", "yields", "confidence", "provenance"])
        let idNode = try entry.required("id")
        let id = try idNode.text("id")
        guard RulesNode.isIdentifier(id) else { throw idNode.error("id '\(id)' must match [a-z0-9][a-z0-9._-]*") }
        try ids.claim(id, at: idNode, entry: node.location)
        let description = try entry["description"].map { (node) throws(RulesError) in try node.text("description") }
        let match = try condition(try entry.required("match"), depth: 0)
        let yields = try loadYields(try entry.required("yields"), captures: match.captureNames)
        let confidence = try SignatureFileLoader.confidence(try entry.required("confidence"))
        let provenance = try entry.required("provenance").nonEmptyText("provenance")
        signatures.append(
            Signature(
                id: id, description: description ?? "", match: match, yields: yields, confidence: confidence,
                provenance: provenance, location: node.location))
    }

    private func loadYields(_ node: RulesNode, captures: Set<String>) throws(RulesError) -> Yields {
        let mapping = try node.mapping("yields", keys: SignatureFileLoader.yieldKeys)
        guard !mapping.isEmpty else {
            throw node.error("yields needs at least one of: \(SignatureFileLoader.yieldKeys.joined(separator: ", "))")
        }
        var yields = Yields()
        for key in SignatureFileLoader.yieldKeys {
            guard let valueNode = mapping[key] else { continue }
            let text = try valueNode.nonEmptyText(key)
            if key == "type" {
                guard let type = DeviceType(rawValue: text) else {
                    throw valueNode.error("unknown device type '\(text)' (expected one of: \(DeviceType.spellings))")
                }
                yields.type = type
                continue
            }
            let template: Template
            switch Template.parse(text) {
            case .success(let parsed): template = parsed
            case .failure(let failure): throw valueNode.error("\(key) '\(text)': \(failure.text)")
            }
            for name in template.captureNames where !captures.contains(name) {
                throw valueNode.error("\(key) uses {\(name)}, which no regex of this signature's match captures")
            }
            switch key {
            case "vendor": yields.vendor = template
            case "brand": yields.brand = template
            case "model": yields.model = template
            case "os": yields.os = template
            default: yields.firmware = template
            }
        }
        return yields
    }

    private func condition(_ node: RulesNode, depth: Int) throws(RulesError) -> Condition {
        guard depth < SignatureFileLoader.maxConditionDepth else {
            throw node.error("conditions nested deeper than \(SignatureFileLoader.maxConditionDepth) levels")
        }
        let mapping = try node.mapping("a condition")
        for combinator in ["all", "any"] {
            guard let list = mapping[combinator] else { continue }
            try mapping.allowKeys([combinator])
            var conditions: [Condition] = []
            for child in try list.sequence(combinator) { conditions.append(try condition(child, depth: depth + 1)) }
            return combinator == "all" ? .all(conditions) : .any(conditions)
        }
        try mapping.allowKeys(["source", "field"] + SignatureFileLoader.operators)
        let sourceNode = try mapping.required("source")
        let source = try sourceNode.nonEmptyText("source")
        guard source.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
            throw sourceNode.error("source '\(source)' must be lower-case letters, digits and '_'")
        }
        let fieldNode = try mapping.required("field")
        var field = try fieldNode.nonEmptyText("field")
        let fieldIsPrefix = field.hasSuffix("*")
        if fieldIsPrefix { field.removeLast() }
        guard !field.contains("*") else {
            throw fieldNode.error("field '\(field)*': '*' is allowed only at the end")
        }
        // A test of a field no analyzer records can never hold: a typo, or a protocol netvet does not read.
        guard EvidenceField.isProduced(source: source, field: field, isPrefix: fieldIsPrefix) else {
            throw fieldNode.error(
                SignatureFileLoader.unproducedField(source: source, field: field, isPrefix: fieldIsPrefix))
        }
        let matcher = try SignatureFileLoader.matcher(mapping, what: "a condition")
        return .test(EvidenceTest(source: source, field: field, fieldIsPrefix: fieldIsPrefix, matcher: matcher))
    }

    /// `evidence field dhcp/hostnme is not produced by any analyzer (known fields of dhcp: ...)`.
    static func unproducedField(source: String, field: String, isPrefix: Bool) -> String {
        let written = "\(source)/\(field)\(isPrefix ? "*" : "")"
        let known = EvidenceField.fields(of: source)
        guard !known.isEmpty else {
            return "evidence field \(written) is not produced by any analyzer: no analyzer records source "
                + "'\(source)' (known sources: \(EvidenceField.sources.joined(separator: ", ")))"
        }
        return "evidence field \(written) is not produced by any analyzer (known fields of \(source): "
            + "\(known.map(\.displayField).joined(separator: ", ")))"
    }

    private mutating func loadChipMaker(_ node: RulesNode) throws(RulesError) {
        let entry = try node.mapping("a chip maker", keys: ["name", "oui", "provenance"])
        let nameNode = try entry.required("name")
        let name = try nameNode.nonEmptyText("name")
        try chipMakerNames.claim(name, at: nameNode, entry: node.location)
        let oui = try entry.required("oui").mapping("oui", keys: SignatureFileLoader.operators)
        let matcher = try SignatureFileLoader.matcher(oui, what: "oui")
        let provenance = try entry.required("provenance").nonEmptyText("provenance")
        chipMakers.append(ChipMaker(name: name, oui: matcher, provenance: provenance, location: node.location))
    }

    private mutating func loadBrand(_ node: RulesNode) throws(RulesError) {
        let entry = try node.mapping("a brand", keys: ["brand", "manufacturer", "provenance"])
        let brandNode = try entry.required("brand")
        let brand = try brandNode.nonEmptyText("brand")
        try brandNames.claim(brand, at: brandNode, entry: node.location)
        let manufacturer = try entry.required("manufacturer").nonEmptyText("manufacturer")
        let provenance = try entry.required("provenance").nonEmptyText("provenance")
        brands.append(Brand(brand: brand, manufacturer: manufacturer, provenance: provenance, location: node.location))
    }

    static func confidence(_ node: RulesNode) throws(RulesError) -> Double {
        let text = try node.text("confidence")
        guard let value = Double(text), value.isFinite, value > 0, value <= 1 else {
            throw node.error("confidence must be a number with 0 < confidence <= 1, found '\(text)'")
        }
        return value
    }

    /// The one operator of a condition (or of a chip maker's `oui`), compiled.
    static func matcher(_ mapping: RulesMapping, what: String) throws(RulesError) -> ValueMatcher {
        var found: RulesMapping.Entry?
        for entry in mapping.entries where SignatureFileLoader.operators.contains(entry.key) {
            if let first = found {
                throw entry.keyNode.error(
                    "\(what) takes exactly one operator, found '\(first.key)' and '\(entry.key)'")
            }
            found = entry
        }
        guard let found else {
            throw mapping.node.error("\(what) needs one operator: equals, prefix, suffix, contains or regex")
        }
        let name = found.key
        let operand = try found.value.text(name)
        guard !operand.isEmpty else { throw found.value.error("'\(name)' is empty") }
        switch name {
        case "equals": return .equals(operand.asciiLowercased())
        case "prefix": return .prefix(operand.asciiLowercased())
        case "suffix": return .suffix(operand.asciiLowercased())
        case "contains": return .contains(operand.asciiLowercased())
        default:
            do {
                return .regex(try CompiledRegex(operand))
            } catch {
                let reason = "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid"
                throw found.value.error("bad regex '\(operand)': \(reason)")
            }
        }
    }
}

extension RulesNode {
    /// A scalar's text (`string`); a `?` left from a `netvet fingerprint` skeleton is refused.
    fileprivate func text(_ key: String) throws(RulesError) -> String {
        let text = try string(key)
        guard text != "?" else {
            throw error("'\(key)' is still the placeholder '?': edit it before adding the signature")
        }
        return text
    }

    /// `text`, not empty or only spaces.
    fileprivate func nonEmptyText(_ key: String) throws(RulesError) -> String {
        _ = try text(key)
        return try nonEmptyString(key)
    }
}
