import NetVetWire

extension DecodeContext {
    /// IPv6 (RFC 8200 §3): version/class/flow 4, payload length 2, next header 1, hop limit 1,
    /// source 16, destination 16; then the extension-header chain (§4), followed at most
    /// `Limits.maxIPv6ExtensionHeaders` deep.
    mutating func decodeIPv6(_ reader: inout ByteReader) {
        packet.network = .ipv6
        // The version nibble is checked first: a short packet of another protocol is not a truncated IPv6 one.
        if let first = reader.peekUInt8(at: 0), first >> 4 != 6 {
            flag(.ipv6BadVersion)
            return
        }
        guard reader.remaining >= 40, let payloadLength16 = reader.peekUInt16(at: 4),
            let nextHeader = reader.peekUInt8(at: 6), let hopLimit = reader.peekUInt8(at: 7)
        else {
            short(.ipv6Truncated)
            return
        }
        reader.skip(8)
        guard let source = reader.readIPv6(), let destination = reader.readIPv6() else {
            short(.ipv6Truncated)
            return
        }
        packet.sourceIP = .v6(source)
        packet.destinationIP = .v6(destination)
        packet.hopLimit = hopLimit
        let payloadLength = Int(payloadLength16)
        var payload: ByteReader
        if payloadLength == 0 {
            // Zero means a jumbogram (RFC 2675) or no payload: use what the frame holds.
            payload = reader.readRest()
        } else if payloadLength <= reader.remaining {
            payload = reader.readSlice(payloadLength) ?? reader
            datagramCaptured = true
        } else {
            short(.ipv6PayloadLengthTooLarge)
            payload = reader.readRest()
        }
        var header = nextHeader
        var extensions = 0
        while let extensionLength = DecodeContext.ipv6ExtensionLength(header, payload) {
            // A chain longer than any real stack builds is hostile or garbage: stop following it.
            guard extensions < limits.maxIPv6ExtensionHeaders else {
                flag(.ipv6ExtensionChainTooLong)
                return
            }
            guard let next = payload.peekUInt8(at: 0), let length = extensionLength else {
                short(.ipv6ExtensionTruncated)
                return
            }
            if header == 44 {
                // Fragment: next 1, reserved 1, offset/flags 2, identification 4.
                guard let offsetField = payload.peekUInt16(at: 2), let identification = payload.peekUInt32(at: 4)
                else {
                    short(.ipv6ExtensionTruncated)
                    return
                }
                packet.isFragment = true
                packet.isLaterFragment = offsetField >> 3 != 0
                packet.fragmentID = identification
            }
            guard payload.skip(length) else {
                short(.ipv6ExtensionTruncated)
                return
            }
            header = next
            extensions += 1
        }
        packet.ipProtocol = header
        // 59 is "no next header"; 50 (ESP) is encrypted: neither has a header to read.
        guard header != 59, header != 50, !packet.isLaterFragment else { return }
        decodeTransport(header, &payload, isIPv6: true)
    }

    /// For an extension header type, the header's total length read from `payload` (`.some(nil)` when
    /// the length byte is missing); `nil` for an upper-layer protocol that ends the chain (RFC 8200 §4).
    private static func ipv6ExtensionLength(_ header: UInt8, _ payload: ByteReader) -> Int?? {
        switch header {
        case 0, 43, 60, 135, 139, 140:
            // Hop-by-hop, Routing, Destination, Mobility, HIP, Shim6: length in 8-octet units beyond the first 8.
            return .some(payload.peekUInt8(at: 1).map { (Int($0) + 1) * 8 })
        case 44:
            // Fragment: always 8 octets.
            return .some(8)
        case 51:
            // Authentication Header (RFC 4302): length in 4-octet units minus 2.
            return .some(payload.peekUInt8(at: 1).map { (Int($0) + 2) * 4 })
        default:
            return nil
        }
    }
}
