import NetVetWire

/// Reads the uncompressed DNS wire names carried in DHCP Client FQDN options (RFC 4702 §2.3.1 for
/// DHCPv4, RFC 4704 §4.1 for DHCPv6), which RFC 1035 §3.1 defines as length-prefixed labels.
///
/// Compression pointers are not allowed in these options, so a label length above 63 is malformed.
/// A name without the terminating root label is a partial name (the client asks the server to
/// complete it), which is valid and reported through `isFullyQualified`.
enum DHCPDomainName {
    /// Labels read from one name before giving up; a 255-byte name holds at most 127 one-byte labels.
    static let maxLabels = 127
    /// The longest DNS name on the wire (RFC 1035 §2.3.4).
    static let maxWireLength = 255

    /// The decoded name, dot-separated without a trailing dot, and whether it ended with the root label.
    struct Decoded: Equatable {
        var name: String
        var isFullyQualified: Bool
    }

    /// Decodes all of `reader` as a wire-format name; `nil` if a label is longer than 63 bytes, runs past
    /// the data, bytes follow the root label, or the name exceeds 255 bytes or 127 labels.
    static func decode(_ reader: ByteReader) -> Decoded? {
        var reader = reader
        // A name longer than the DNS maximum is not a name; refusing it also bounds the copy.
        guard reader.remaining <= maxWireLength else { return nil }
        var labels: [String] = []
        var labelCount = 0
        while let length = reader.readUInt8() {
            if length == 0 {
                // Bytes after the root label would be a second name, which the option cannot hold.
                guard reader.isAtEnd else { return nil }
                return Decoded(name: labels.joined(separator: "."), isFullyQualified: true)
            }
            labelCount += 1
            // Lengths above 63 are compression pointers or reserved forms, which these options forbid.
            guard length <= 63, labelCount <= maxLabels, let label = reader.readSlice(Int(length)) else {
                return nil
            }
            labels.append(PacketText.string(label).value)
        }
        return Decoded(name: labels.joined(separator: "."), isFullyQualified: false)
    }
}
