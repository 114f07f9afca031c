/// A domain name as it appeared on the wire, compression pointers resolved (RFC 1035 §3.1, §4.1.4).
///
/// Labels keep their case and are decoded leniently (invalid UTF-8 becomes U+FFFD, never a trap);
/// `normalized` is the lower-cased form for comparison (RFC 4343: DNS names compare case-insensitively).
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    /// The labels, root last label omitted: `["Living Room", "_googlecast", "_tcp", "local"]`.
    public var labels: [String]

    /// A name from its labels.
    public init(labels: [String]) { self.labels = labels }

    /// True for the root name (no labels).
    public var isRoot: Bool { labels.isEmpty }

    /// Dotted text as on the wire (`Living Room._googlecast._tcp.local`); the root is `.`.
    public var text: String { isRoot ? "." : labels.joined(separator: ".") }

    /// `text` lower-cased (ASCII and Unicode), for lookups and comparison.
    public var normalized: String { text.lowercased() }

    public var description: String { text }
}
