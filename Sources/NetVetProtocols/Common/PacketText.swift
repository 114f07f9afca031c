import NetVetWire

/// Lenient, bounded copies of text and bytes out of a packet (STYLE.md §2: copy only what must outlive it).
///
/// Wire text is attacker-controlled: it may hold NULs, bad UTF-8 or be long. These helpers never trap,
/// never copy more than a caller-given limit, and say whether they had to cut.
enum PacketText {
    /// The default cap on a string copied out of one field (a DHCP option or LLDP name holds at most 255).
    static let maxStringLength = 255
    /// The cap on a free-text description (LLDP system description, CDP software version).
    static let maxDescriptionLength = 1024
    /// The cap on opaque bytes kept raw (DHCP vendor-specific option, LLDP organizationally specific TLV).
    static let maxRawBytes = 512

    /// Decodes `bytes` as UTF-8 after removing NUL bytes, keeping at most `limit` bytes; invalid
    /// sequences become U+FFFD. `truncated` is true when the input was longer than `limit`.
    static func string(
        _ bytes: UnsafeRawBufferPointer, limit: Int = maxStringLength
    ) -> (value: String, truncated: Bool) {
        let kept = UnsafeRawBufferPointer(rebasing: bytes.prefix(max(0, limit)))
        return (String(decoding: kept.filter { $0 != 0 }, as: UTF8.self), bytes.count > kept.count)
    }

    /// Reads all of `reader` as lenient text (see `string(_:limit:)`).
    static func string(_ reader: ByteReader, limit: Int = maxStringLength) -> (value: String, truncated: Bool) {
        string(reader.unreadBytes, limit: limit)
    }

    /// Copies at most `limit` bytes of `bytes`; `truncated` is true when the input was longer.
    static func bytes(_ bytes: UnsafeRawBufferPointer, limit: Int = maxRawBytes) -> (value: [UInt8], truncated: Bool) {
        let kept = bytes.prefix(max(0, limit))
        return (Array(kept), bytes.count > kept.count)
    }

    /// Lower-case hex of `value`, zero-padded to `digits`, prefixed `0x` (how unknown codes print).
    static func hex<T: BinaryInteger>(_ value: T, digits: Int) -> String {
        let text = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
