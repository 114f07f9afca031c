import NetVetWire

extension DecodeContext {
    /// IPv4 (RFC 791 §3.1): version/IHL 1, TOS 1, total length 2, identification 2, flags/fragment
    /// offset 2, TTL 1, protocol 1, checksum 2, source 4, destination 4, options (IHL·4 − 20).
    /// Only the first fragment carries the transport header. Ethernet padding past the total length
    /// is ignored; a total length beyond the frame is an anomaly and the bytes present are used.
    mutating func decodeIPv4(_ reader: inout ByteReader) {
        packet.network = .ipv4
        guard reader.remaining >= 20, let versionAndLength = reader.peekUInt8(at: 0),
            let totalLength16 = reader.peekUInt16(at: 2), let identification = reader.peekUInt16(at: 4),
            let fragmentField = reader.peekUInt16(at: 6),
            let ttl = reader.peekUInt8(at: 8), let proto = reader.peekUInt8(at: 9),
            let source = reader.peekUInt32(at: 12), let destination = reader.peekUInt32(at: 16)
        else {
            short(.ipv4Truncated)
            return
        }
        guard versionAndLength >> 4 == 4 else {
            flag(.ipv4BadVersion)
            return
        }
        let headerLength = Int(versionAndLength & 0x0F) * 4
        let totalLength = Int(totalLength16)
        // A header shorter than the fixed part cannot be trusted for anything after it.
        guard headerLength >= 20 else {
            flag(.ipv4HeaderLengthTooSmall)
            return
        }
        guard headerLength <= reader.remaining else {
            short(.ipv4HeaderLengthTooLarge)
            return
        }
        guard totalLength >= headerLength else {
            flag(.ipv4TotalLengthTooSmall)
            return
        }
        packet.sourceIP = .v4(IPv4Address(rawValue: source))
        packet.destinationIP = .v4(IPv4Address(rawValue: destination))
        packet.ipProtocol = proto
        packet.hopLimit = ttl
        let moreFragments = fragmentField & 0x2000 != 0
        let fragmentOffset = fragmentField & 0x1FFF
        packet.isFragment = moreFragments || fragmentOffset != 0
        packet.isLaterFragment = fragmentOffset != 0
        packet.fragmentID = UInt32(identification)

        var datagram: ByteReader
        if totalLength <= reader.remaining {
            datagram = reader.readSlice(totalLength) ?? reader
            datagramCaptured = true
        } else {
            short(.ipv4TotalLengthTooLarge)
            datagram = reader.readRest()
        }
        guard var header = datagram.readSlice(headerLength) else { return }
        header.skip(20)
        if !optionsAreWellFormed(&header) { flag(.ipv4OptionsMalformed) }
        guard !packet.isLaterFragment else { return }
        decodeTransport(proto, &datagram, isIPv6: false)
    }

    /// Walks IPv4 options (RFC 791 §3.1): EOL (0) ends them, NOP (1) is one byte, every other option is
    /// type, length (≥ 2, within the header), data. Returns false on a bad length.
    private func optionsAreWellFormed(_ options: inout ByteReader) -> Bool {
        while let type = options.readUInt8() {
            if type == 0 { return true }
            if type == 1 { continue }
            guard let length = options.readUInt8(), length >= 2, options.skip(Int(length) - 2) else { return false }
        }
        return true
    }
}
