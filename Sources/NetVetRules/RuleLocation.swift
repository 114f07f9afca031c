/// Where a loaded rule, signature or list entry is defined: `path:line` of its first line, which alerts
/// and fingerprint matches cite (STYLE.md §4).
public struct RuleLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The file as displayed (relative to the rules directory's parent when it is named `Rules`).
    public let path: String
    /// The 1-based line.
    public let line: Int

    /// The location `path:line`.
    public init(path: String, line: Int) {
        self.path = path
        self.line = line
    }

    /// `path:line`.
    public var description: String { "\(path):\(line)" }

    /// By path, then line.
    public static func < (lhs: RuleLocation, rhs: RuleLocation) -> Bool {
        lhs.path != rhs.path ? lhs.path < rhs.path : lhs.line < rhs.line
    }
}
