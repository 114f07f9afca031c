import NetVetWire

/// The names (ids, chip makers, brands, suppliers) already defined across a set of rules files, with
/// where each was defined first, so a second definition is refused with a citation of the first.
public struct UniqueNames {
    /// What the names are, for messages: `id`, `brand`.
    public let what: String
    /// When true, names differing only in ASCII case are the same name.
    public let ignoresCase: Bool
    private var first: [String: RuleLocation] = [:]

    /// An empty set of `what` names.
    public init(_ what: String, ignoresCase: Bool = false) {
        self.what = what
        self.ignoresCase = ignoresCase
    }

    /// Records `name`, read from `node`, as defined by the entry at `entry`. Throws at `node`
    /// `duplicate <what> '<name>' (first defined at path:line)` when it is already defined.
    public mutating func claim(_ name: String, at node: RulesNode, entry: RuleLocation) throws(RulesError) {
        let key = ignoresCase ? name.asciiLowercased() : name
        if let location = first[key] {
            throw node.error("duplicate \(what) '\(name)' (first defined at \(location))")
        }
        first[key] = entry
    }
}
