import Foundation
import Yams

extension SignatureDatabase {
    /// Loads every `*.yaml` file under `<rulesDirectory>/fingerprints/` (sub-folders included), in sorted
    /// path order, with the strict rules of docs/FINGERPRINTS.md. A rules directory without a
    /// `fingerprints/` folder gives an empty database.
    ///
    /// Throws the first defect as `RulesError` at `path:line`, where `path` is relative to the rules
    /// directory's parent when that directory is named `Rules` (`Rules/fingerprints/cameras.yaml`), so
    /// messages and citations are the same on every machine, and starts with `rulesDirectory` otherwise.
    public static func load(directory rulesDirectory: String) throws(RulesError) -> SignatureDatabase {
        let base = URL(fileURLWithPath: rulesDirectory, isDirectory: true).standardizedFileURL
        let folder = base.appendingPathComponent(directoryName, isDirectory: true)
        let displayBase: String
        if base.lastPathComponent == "Rules" {
            displayBase = "Rules/" + directoryName
        } else {
            let trimmed = rulesDirectory.hasSuffix("/") ? String(rulesDirectory.dropLast()) : rulesDirectory
            displayBase = trimmed + "/" + directoryName
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { return SignatureDatabase.empty }
        let relative = (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        var files: [(path: String, text: String)] = []
        for name in relative {
            let display = displayBase + "/" + name
            let data: Data
            do {
                data = try Data(contentsOf: folder.appendingPathComponent(name))
            } catch {
                throw RulesError(path: display, line: 0, message: "cannot read: \(error.localizedDescription)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RulesError(path: display, line: 0, message: "not UTF-8 text")
            }
            files.append((display, text))
        }
        return try load(files: files)
    }

    /// Loads signature files given as (displayed path, text), in the order given; the same strict rules
    /// and errors as `load(directory:)`.
    public static func load(files: [(path: String, text: String)]) throws(RulesError) -> SignatureDatabase {
        var loader = SignatureFileLoader()
        for file in files { try loader.load(path: file.path, text: file.text) }
        return SignatureDatabase(
            signatures: loader.signatures, chipMakers: loader.chipMakers, brands: loader.brands, files: loader.summaries
        )
    }
}

/// The strict loader's state across files: what was loaded, and where each id and name was first defined.
struct SignatureFileLoader {
    var signatures: [Signature] = []
    var chipMakers: [ChipMaker] = []
    var brands: [Brand] = []
    var summaries: [SignatureDatabase.FileSummary] = []
    private var idLocations: [String: RuleLocation] = [:]
    private var chipMakerLocations: [String: RuleLocation] = [:]
    private var brandLocations: [String: RuleLocation] = [:]

    /// Nested `all`/`any` deeper than this is refused: no real signature needs it, and it bounds recursion.
    static let maxConditionDepth = 8

    static let operators = ["equals", "prefix", "suffix", "contains", "regex"]
    static let yieldKeys = ["vendor", "brand", "model", "type", "os", "firmware"]

    /// Loads one file's entries; throws its first defect.
    mutating func load(path: String, text: String) throws(RulesError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw SignatureFileLoader.rulesError(error, path: path)
        } catch {
            throw RulesError(path: path, line: 0, message: "YAML: \(error)")
        }
        guard let root else { throw RulesError(path: path, line: 1, message: "empty file") }
        let file = FileReader(path: path)
        let top = try file.mapping(root, what: "the file")
        try file.checkKeys(top, allowed: ["version", "signatures", "chip_makers", "brands"], in: root)
        let version = try file.required("version", in: top, of: root)
        guard try file.string(version, key: "version") == "1" else {
            throw file.error(version, "unsupported version (expected 1)")
        }
        let sections = ["signatures", "chip_makers", "brands"].filter { top[$0] != nil }
        guard !sections.isEmpty else {
            throw file.error(root, "the file needs at least one of: signatures, chip_makers, brands")
        }
        var counts = (signatures: 0, chipMakers: 0, brands: 0)
        if let list = top["signatures"] {
            for entry in try file.sequence(list, key: "signatures") {
                try loadSignature(entry, file: file)
                counts.signatures += 1
            }
        }
        if let list = top["chip_makers"] {
            for entry in try file.sequence(list, key: "chip_makers") {
                try loadChipMaker(entry, file: file)
                counts.chipMakers += 1
            }
        }
        if let list = top["brands"] {
            for entry in try file.sequence(list, key: "brands") {
                try loadBrand(entry, file: file)
                counts.brands += 1
            }
        }
        summaries.append(
            SignatureDatabase.FileSummary(
                path: path, signatures: counts.signatures, chipMakers: counts.chipMakers, brands: counts.brands))
    }

    private mutating func loadSignature(_ node: Node, file: FileReader) throws(RulesError) {
        let entry = try file.mapping(node, what: "a signature")
        try file.checkKeys(
            entry, allowed: ["id", "description", "match", "yields", "confidence", "provenance"], in: node)
        let idNode = try file.required("id", in: entry, of: node)
        let id = try file.string(idNode, key: "id")
        guard SignatureFileLoader.isValidID(id) else {
            throw file.error(idNode, "id '\(id)' must match [a-z0-9][a-z0-9._-]*")
        }
        let location = RuleLocation(path: file.path, line: file.line(node))
        if let first = idLocations[id] {
            throw file.error(idNode, "duplicate id '\(id)' (first defined at \(first))")
        }
        let description =
            try entry["description"].map { (node) throws(RulesError) in try file.string(node, key: "description") }
            ?? ""
        let match = try condition(try file.required("match", in: entry, of: node), file: file, depth: 0)
        let yields = try loadYields(
            try file.required("yields", in: entry, of: node), captures: match.captureNames, file: file)
        let confidenceNode = try file.required("confidence", in: entry, of: node)
        let confidence = try file.confidence(confidenceNode)
        let provenance = try file.nonEmptyString(
            try file.required("provenance", in: entry, of: node), key: "provenance")
        idLocations[id] = location
        signatures.append(
            Signature(
                id: id, description: description, match: match, yields: yields, confidence: confidence,
                provenance: provenance, location: location))
    }

    private func loadYields(_ node: Node, captures: Set<String>, file: FileReader) throws(RulesError) -> Yields {
        let mapping = try file.mapping(node, what: "yields")
        try file.checkKeys(mapping, allowed: SignatureFileLoader.yieldKeys, in: node)
        guard !mapping.isEmpty else {
            throw file.error(
                node, "yields needs at least one of: \(SignatureFileLoader.yieldKeys.joined(separator: ", "))")
        }
        var yields = Yields()
        for key in SignatureFileLoader.yieldKeys {
            guard let valueNode = mapping[key] else { continue }
            let text = try file.nonEmptyString(valueNode, key: key)
            if key == "type" {
                guard let type = DeviceType(rawValue: text) else {
                    throw file.error(
                        valueNode, "unknown device type '\(text)' (expected one of: \(DeviceType.spellings))")
                }
                yields.type = type
                continue
            }
            let template: Template
            switch Template.parse(text) {
            case .success(let parsed): template = parsed
            case .failure(let failure): throw file.error(valueNode, "\(key) '\(text)': \(failure.text)")
            }
            for name in template.captureNames where !captures.contains(name) {
                throw file.error(valueNode, "\(key) uses {\(name)}, which no regex of this signature's match captures")
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

    private func condition(_ node: Node, file: FileReader, depth: Int) throws(RulesError) -> Condition {
        guard depth < SignatureFileLoader.maxConditionDepth else {
            throw file.error(node, "conditions nested deeper than \(SignatureFileLoader.maxConditionDepth) levels")
        }
        let mapping = try file.mapping(node, what: "a condition")
        for combinator in ["all", "any"] {
            guard let list = mapping[combinator] else { continue }
            try file.checkKeys(mapping, allowed: [combinator], in: node)
            let children = try file.sequence(list, key: combinator)
            var conditions: [Condition] = []
            for child in children { conditions.append(try condition(child, file: file, depth: depth + 1)) }
            return combinator == "all" ? .all(conditions) : .any(conditions)
        }
        try file.checkKeys(mapping, allowed: ["source", "field"] + SignatureFileLoader.operators, in: node)
        let sourceNode = try file.required("source", in: mapping, of: node)
        let source = try file.nonEmptyString(sourceNode, key: "source")
        guard source.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) else {
            throw file.error(sourceNode, "source '\(source)' must be lower-case letters, digits and '_'")
        }
        let fieldNode = try file.required("field", in: mapping, of: node)
        var field = try file.nonEmptyString(fieldNode, key: "field")
        let fieldIsPrefix = field.hasSuffix("*")
        if fieldIsPrefix { field.removeLast() }
        guard !field.contains("*") else {
            throw file.error(fieldNode, "field '\(field)*': '*' is allowed only at the end")
        }
        let matcher = try file.matcher(mapping, of: node, what: "a condition")
        return .test(EvidenceTest(source: source, field: field, fieldIsPrefix: fieldIsPrefix, matcher: matcher))
    }

    private mutating func loadChipMaker(_ node: Node, file: FileReader) throws(RulesError) {
        let entry = try file.mapping(node, what: "a chip maker")
        try file.checkKeys(entry, allowed: ["name", "oui", "provenance"], in: node)
        let nameNode = try file.required("name", in: entry, of: node)
        let name = try file.nonEmptyString(nameNode, key: "name")
        if let first = chipMakerLocations[name.asciiLowercased()] {
            throw file.error(nameNode, "duplicate chip maker '\(name)' (first defined at \(first))")
        }
        let ouiNode = try file.required("oui", in: entry, of: node)
        let ouiMapping = try file.mapping(ouiNode, what: "oui")
        try file.checkKeys(ouiMapping, allowed: SignatureFileLoader.operators, in: ouiNode)
        let matcher = try file.matcher(ouiMapping, of: ouiNode, what: "oui")
        let provenance = try file.nonEmptyString(
            try file.required("provenance", in: entry, of: node), key: "provenance")
        let location = RuleLocation(path: file.path, line: file.line(node))
        chipMakerLocations[name.asciiLowercased()] = location
        chipMakers.append(ChipMaker(name: name, oui: matcher, provenance: provenance, location: location))
    }

    private mutating func loadBrand(_ node: Node, file: FileReader) throws(RulesError) {
        let entry = try file.mapping(node, what: "a brand")
        try file.checkKeys(entry, allowed: ["brand", "manufacturer", "provenance"], in: node)
        let brandNode = try file.required("brand", in: entry, of: node)
        let brand = try file.nonEmptyString(brandNode, key: "brand")
        if let first = brandLocations[brand.asciiLowercased()] {
            throw file.error(brandNode, "duplicate brand '\(brand)' (first defined at \(first))")
        }
        let manufacturer = try file.nonEmptyString(
            try file.required("manufacturer", in: entry, of: node), key: "manufacturer")
        let provenance = try file.nonEmptyString(
            try file.required("provenance", in: entry, of: node), key: "provenance")
        let location = RuleLocation(path: file.path, line: file.line(node))
        brandLocations[brand.asciiLowercased()] = location
        brands.append(Brand(brand: brand, manufacturer: manufacturer, provenance: provenance, location: location))
    }

    /// `[a-z0-9][a-z0-9._-]*`.
    static func isValidID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard let first = bytes.first else { return false }
        let isAlphanumeric: (UInt8) -> Bool = { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
        return isAlphanumeric(first)
            && bytes.allSatisfy {
                isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            }
    }

    /// A YAML syntax error at its line.
    static func rulesError(_ error: YamlError, path: String) -> RulesError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let prefix = context.map { $0.text + ": " } ?? ""
            return RulesError(path: path, line: mark.line, message: "YAML: \(prefix)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = Array(Set(duplicates)).sorted().map { "'\($0)'" }.joined(separator: ", ")
            return RulesError(path: path, line: context.mark.line, message: "duplicate key \(keys)")
        case .reader(let problem, _, _, _):
            return RulesError(path: path, line: 0, message: "YAML: \(problem)")
        default:
            return RulesError(path: path, line: 0, message: "YAML: \(error)")
        }
    }
}

/// Typed access to one file's YAML nodes, each failure a `RulesError` at the node's line.
struct FileReader {
    let path: String

    func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    func error(_ node: Node, _ message: String) -> RulesError {
        RulesError(path: path, line: line(node), message: message)
    }

    /// The node as a mapping keyed by scalar strings (keys are unique: the YAML composer refuses duplicates).
    func mapping(_ node: Node, what: String) throws(RulesError) -> [String: Node] {
        guard case .mapping(let mapping) = node else { throw error(node, "\(what) must be a mapping") }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw error(key, "keys must be plain strings") }
            result[scalar.string] = value
        }
        return result
    }

    /// Throws at the first key, in file order, that is not in `allowed`.
    func checkKeys(_ mapping: [String: Node], allowed: [String], in node: Node) throws(RulesError) {
        guard case .mapping(let ordered) = node else { return }
        for (key, _) in ordered {
            guard let name = key.scalar?.string, !allowed.contains(name) else { continue }
            throw error(key, "unknown key '\(name)' (expected: \(allowed.joined(separator: ", ")))")
        }
    }

    func required(_ key: String, in mapping: [String: Node], of node: Node) throws(RulesError) -> Node {
        guard let value = mapping[key] else { throw error(node, "missing key '\(key)'") }
        return value
    }

    func sequence(_ node: Node, key: String) throws(RulesError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(node, "'\(key)' must be a list") }
        guard !sequence.isEmpty else { throw error(node, "'\(key)' is empty") }
        return Array(sequence)
    }

    /// A scalar's text; a `?` left from a `netvet fingerprint` skeleton is refused.
    func string(_ node: Node, key: String) throws(RulesError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "'\(key)' must be a string") }
        guard scalar.string != "?" else {
            throw error(node, "'\(key)' is still the placeholder '?': edit it before adding the signature")
        }
        return scalar.string
    }

    func nonEmptyString(_ node: Node, key: String) throws(RulesError) -> String {
        let text = try string(node, key: key)
        guard !text.trimmingASCIIWhitespace().isEmpty else { throw error(node, "'\(key)' is empty") }
        return text
    }

    func confidence(_ node: Node) throws(RulesError) -> Double {
        let text = try string(node, key: "confidence")
        guard let value = Double(text), value.isFinite, value > 0, value <= 1 else {
            throw error(node, "confidence must be a number with 0 < confidence <= 1, found '\(text)'")
        }
        return value
    }

    /// The one operator of a condition (or of a chip maker's `oui`), compiled.
    func matcher(_ mapping: [String: Node], of node: Node, what: String) throws(RulesError) -> ValueMatcher {
        guard case .mapping(let ordered) = node else { throw error(node, "\(what) must be a mapping") }
        var found: (name: String, value: Node)?
        for (key, value) in ordered {
            guard let name = key.scalar?.string, SignatureFileLoader.operators.contains(name) else { continue }
            if let first = found {
                throw error(key, "\(what) takes exactly one operator, found '\(first.name)' and '\(name)'")
            }
            found = (name, value)
        }
        guard let (name, valueNode) = found else {
            throw error(node, "\(what) needs one operator: equals, prefix, suffix, contains or regex")
        }
        let operand = try string(valueNode, key: name)
        guard !operand.isEmpty else { throw error(valueNode, "'\(name)' is empty") }
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
                throw self.error(valueNode, "bad regex '\(operand)': \(reason)")
            }
        }
    }
}
