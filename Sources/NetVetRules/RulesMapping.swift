/// A YAML mapping of a rules file, keys in file order and unique (`RulesNode.mapping(_:)`).
public struct RulesMapping {
    /// One `key: value` pair.
    public struct Entry {
        /// The key's text.
        public let key: String
        /// The key's node, for errors at the key's line.
        public let keyNode: RulesNode
        /// The value.
        public let value: RulesNode
    }

    /// The mapping itself, for errors at its line (`missing key` is reported there).
    public let node: RulesNode
    /// The pairs in file order.
    public let entries: [Entry]

    /// The keys in file order.
    public var keys: [String] { entries.map(\.key) }

    /// True when the mapping has no pairs (`{}`).
    public var isEmpty: Bool { entries.isEmpty }

    /// The value under `key`, or nil.
    public subscript(key: String) -> RulesNode? { entries.first { $0.key == key }?.value }

    /// The value under `key`; throws `missing key '<key>'` at the mapping's line.
    public func required(_ key: String) throws(RulesError) -> RulesNode {
        guard let value = self[key] else { throw node.error("missing key '\(key)'") }
        return value
    }

    /// Throws at the first key, in file order, that is not in `allowed`:
    /// `unknown key 'k' (expected: a, b, c)` at that key's line.
    public func allowKeys(_ allowed: [String]) throws(RulesError) {
        for entry in entries where !allowed.contains(entry.key) {
            throw entry.keyNode.error("unknown key '\(entry.key)' (expected: \(allowed.joined(separator: ", ")))")
        }
    }
}
