import NetVetWire
import Yams

/// One node of a rules file's YAML with the file's path, read through typed accessors; every failure is
/// a `RulesError` at this node's line. `key` arguments name the value in messages (`'provenance' is
/// empty`), so a loader passes the key the value was found under.
public struct RulesNode {
    /// The parsed node (Yams keeps its line mark).
    let node: Node
    /// The file as displayed in errors.
    public let path: String

    init(_ node: Node, path: String) {
        self.node = node
        self.path = path
    }

    /// The node's 1-based line; 0 if unknown.
    public var line: Int { node.mark?.line ?? 0 }

    /// `path:line` of this node, for an entry to remember where it was defined.
    public var location: RuleLocation { RuleLocation(path: path, line: line) }

    /// An error at this node's line.
    public func error(_ message: String) -> RulesError {
        RulesError(path: path, line: line, message: message)
    }

    /// The text of a scalar node; nil for a mapping or a list.
    public var scalarText: String? { node.scalar?.string }

    /// The node as a mapping whose keys are plain scalars, in file order. Throws `<what> must be a
    /// mapping`, `keys must be plain strings`, or `duplicate key 'k'` for two keys with the same text
    /// that YAML itself tells apart (`1` and `'1'`). Keys are not checked: see `mapping(_:keys:)`.
    public func mapping(_ what: String) throws(RulesError) -> RulesMapping {
        guard case .mapping(let mapping) = node else { throw error("\(what) must be a mapping") }
        var entries: [RulesMapping.Entry] = []
        var seen: [String: Int] = [:]
        for (key, value) in mapping {
            let keyNode = RulesNode(key, path: path)
            guard case .scalar(let scalar) = key else { throw keyNode.error("keys must be plain strings") }
            // Yams refuses equal keys; keys equal only as text would shadow each other in a loader.
            if let first = seen[scalar.string] {
                throw RulesError(path: path, line: first, message: "duplicate key '\(scalar.string)'")
            }
            seen[scalar.string] = keyNode.line
            entries.append(
                RulesMapping.Entry(key: scalar.string, keyNode: keyNode, value: RulesNode(value, path: path)))
        }
        return RulesMapping(node: self, entries: entries)
    }

    /// The node as a mapping with only the keys in `allowed` (`mapping(_:)`, then `allowKeys(_:)`).
    public func mapping(_ what: String, keys allowed: [String]) throws(RulesError) -> RulesMapping {
        let result = try mapping(what)
        try result.allowKeys(allowed)
        return result
    }

    /// The node as a list. Throws `'<key>' must be a list`, and `'<key>' is empty` unless `allowEmpty`.
    public func sequence(_ key: String, allowEmpty: Bool = false) throws(RulesError) -> [RulesNode] {
        guard case .sequence(let sequence) = node else { throw error("'\(key)' must be a list") }
        guard allowEmpty || !sequence.isEmpty else { throw error("'\(key)' is empty") }
        return sequence.map { RulesNode($0, path: path) }
    }

    /// A scalar's text, as written (quoted or not). Throws `'<key>' must be a string` for a mapping or list.
    public func string(_ key: String) throws(RulesError) -> String {
        guard let text = scalarText else { throw error("'\(key)' must be a string") }
        return text
    }

    /// A scalar's text that is not empty or only spaces (`'<key>' is empty`).
    public func nonEmptyString(_ key: String) throws(RulesError) -> String {
        let text = try string(key)
        guard text.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
            throw error("'\(key)' is empty")
        }
        return text
    }

    /// An identifier `[a-z0-9][a-z0-9._-]*` (rule and signature ids): `<key> 'X' must match ...` otherwise.
    public func identifier(_ key: String) throws(RulesError) -> String {
        let text = try string(key)
        guard RulesNode.isIdentifier(text) else { throw error("\(key) '\(text)' must match [a-z0-9][a-z0-9._-]*") }
        return text
    }

    /// A decimal integer in `range`: `'<key>' must be an integer in a...b, found 'x'` otherwise.
    public func integer(_ key: String, in range: ClosedRange<Int>) throws(RulesError) -> Int {
        let text = try string(key)
        guard let value = Int(text), range.contains(value) else {
            throw error("'\(key)' must be an integer in \(range.lowerBound)...\(range.upperBound), found '\(text)'")
        }
        return value
    }

    /// `true` or `false` (YAML 1.2 core spelling only): `'<key>' must be true or false, found 'x'` otherwise.
    public func boolean(_ key: String) throws(RulesError) -> Bool {
        let text = try string(key)
        switch text {
        case "true": return true
        case "false": return false
        default: throw error("'\(key)' must be true or false, found '\(text)'")
        }
    }

    /// One of `choices`, spelled exactly: `'<key>' must be one of: a, b, c; found 'x'` otherwise.
    public func choice(_ key: String, from choices: [String]) throws(RulesError) -> String {
        let text = try string(key)
        guard choices.contains(text) else {
            throw error("'\(key)' must be one of: \(choices.joined(separator: ", ")); found '\(text)'")
        }
        return text
    }

    /// A list of non-empty strings (`sequence`, then `nonEmptyString` of each, errors at the item).
    public func stringList(_ key: String, allowEmpty: Bool = false) throws(RulesError) -> [String] {
        var result: [String] = []
        for item in try sequence(key, allowEmpty: allowEmpty) { result.append(try item.nonEmptyString(key)) }
        return result
    }

    /// True for `[a-z0-9][a-z0-9._-]*`.
    public static func isIdentifier(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first else { return false }
        let isAlphanumeric: (UInt8) -> Bool = { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
        return isAlphanumeric(first)
            && bytes.allSatisfy {
                isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
            }
    }
}
