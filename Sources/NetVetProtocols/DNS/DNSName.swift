import NetVetWire

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
    public var normalized: String {
        if isRoot { return "." }
        // One pass over the labels' bytes into one buffer, lower-casing ASCII on the way; a name with any
        // non-ASCII byte (rare) takes the Unicode path. (Joining, then `lowercased()`, was two strings and
        // a Unicode-aware walk per name: most of mDNS's cost.)
        var length = labels.count - 1
        for label in labels { length += label.utf8.count }
        var isASCII = true
        let lowered = String(unsafeUninitializedCapacity: length) { buffer in
            var index = 0
            for label in labels {
                if index > 0 {
                    buffer[index] = UInt8(ascii: ".")
                    index += 1
                }
                for byte in label.utf8 {
                    if byte >= 0x80 { isASCII = false }
                    buffer[index] = byte.asciiLowercased
                    index += 1
                }
            }
            return index
        }
        return isASCII ? lowered : text.lowercased()
    }

    /// True if label `index` equals `lowercaseASCII` ignoring ASCII case (no allocation).
    func label(_ index: Int, equals lowercaseASCII: StaticString) -> Bool {
        guard labels.indices.contains(index) else { return false }
        let label = labels[index].utf8
        guard label.count == lowercaseASCII.utf8CodeUnitCount else { return false }
        return lowercaseASCII.withUTF8Buffer { expected in
            var position = 0
            for byte in label {
                let lowered = byte.asciiLowercased
                if lowered != expected[position] { return false }
                position += 1
            }
            return true
        }
    }

    public var description: String { text }
}
