import NetVetWire

/// One DNS-SD TXT attribute (RFC 6763 §6.3–6.5): `key=value`, `key=` (empty value) or `key` (boolean).
public struct DNSTextAttribute: Hashable, Sendable {
    /// The key as on the wire (compare with `normalizedKey`: keys are case-insensitive, §6.4).
    public var key: String
    /// The value; `nil` for a boolean attribute with no `=`.
    public var value: String?

    /// An attribute from its parts.
    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }

    /// Splits one TXT string at its first `=`; `nil` for an empty string or an empty key (§6.4: ignored).
    public init?(parsing string: String) {
        // Searched in the UTF-8 bytes (`=` is ASCII and never part of a multi-byte sequence): a Character
        // search walks grapheme clusters, most of a TXT record's cost.
        let bytes = string.utf8
        guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else {
            // A string without `=` is a boolean attribute, unless it is empty.
            guard !string.isEmpty else { return nil }
            self.init(key: string, value: nil)
            return
        }
        // A string starting with `=` has no key and must be silently ignored (§6.4).
        guard equals != bytes.startIndex else { return nil }
        self.init(
            key: String(decoding: bytes[..<equals], as: UTF8.self),
            value: String(decoding: bytes[bytes.index(after: equals)...], as: UTF8.self))
    }

    /// The key lower-cased.
    public var normalizedKey: String { key.fastLowercased }
}
