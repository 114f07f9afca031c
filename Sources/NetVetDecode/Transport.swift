import NetVetWire

extension DecodeContext {
    /// Dispatches on the IP protocol number to TCP, UDP, ICMP or ICMPv6.
    mutating func decodeTransport(_ proto: UInt8, _ reader: inout ByteReader, isIPv6: Bool) {
        switch proto {
        case 6: decodeTCP(&reader)
        case 17: decodeUDP(&reader)
        case 1 where !isIPv6: decodeICMP(&reader)
        case 58 where isIPv6: decodeICMPv6(&reader)
        default: packet.transport = .other
        }
    }

    /// TCP (RFC 9293 §3.1): source port 2, destination port 2, sequence 4, acknowledgment 4, data
    /// offset/flags 2, window 2, checksum 2, urgent 2, options (offset·4 − 20), data.
    mutating func decodeTCP(_ reader: inout ByteReader) {
        guard reader.remaining >= 20, let sourcePort = reader.peekUInt16(at: 0),
            let destinationPort = reader.peekUInt16(at: 2), let sequence = reader.peekUInt32(at: 4),
            let offsetByte = reader.peekUInt8(at: 12),
            let flags = reader.peekUInt8(at: 13)
        else {
            short(.tcpTruncated)
            return
        }
        packet.transport = .tcp
        packet.sourcePort = sourcePort
        packet.destinationPort = destinationPort
        packet.tcpFlags = flags
        packet.tcpSequence = sequence
        let headerLength = Int(offsetByte >> 4) * 4
        guard headerLength >= 20 else {
            flag(.tcpDataOffsetTooSmall)
            return
        }
        guard var header = reader.readSlice(headerLength) else {
            short(.tcpDataOffsetTooLarge)
            return
        }
        header.skip(20)
        if !tcpOptionsAreWellFormed(&header) { flag(.tcpOptionsMalformed) }
        packet.payloadOffset = absoluteOffset(of: reader)
        packet.payloadLength = reader.remaining
    }

    /// Walks TCP options (RFC 9293 §3.2): kind 0 ends them, kind 1 is one byte, every other is kind,
    /// length (≥ 2, within the header), data. Returns false on a bad length.
    private func tcpOptionsAreWellFormed(_ options: inout ByteReader) -> Bool {
        while let kind = options.readUInt8() {
            if kind == 0 { return true }
            if kind == 1 { continue }
            guard let length = options.readUInt8(), length >= 2, options.skip(Int(length) - 2) else { return false }
        }
        return true
    }

    /// UDP (RFC 768): source port 2, destination port 2, length 2 (header included), checksum 2.
    mutating func decodeUDP(_ reader: inout ByteReader) {
        guard let sourcePort = reader.peekUInt16(at: 0), let destinationPort = reader.peekUInt16(at: 2),
            let length16 = reader.peekUInt16(at: 4), reader.remaining >= 8
        else {
            short(.udpTruncated)
            return
        }
        packet.transport = .udp
        packet.sourcePort = sourcePort
        packet.destinationPort = destinationPort
        reader.skip(8)
        let length = Int(length16)
        if length < 8 {
            // Zero is legal only for IPv6 jumbograms (RFC 2675); anything else below 8 is malformed.
            if length != 0 || packet.network != .ipv6 { flag(.udpLengthTooSmall) }
        } else if length - 8 > reader.remaining {
            // A first fragment carries the length of the whole datagram: only the fragments together
            // hold it, so this is not malformed.
            if !packet.isFragment { short(.udpLengthTooLarge) }
        } else if let datagram = reader.readSlice(length - 8) {
            reader = datagram
        }
        packet.payloadOffset = absoluteOffset(of: reader)
        packet.payloadLength = reader.remaining
    }

    /// ICMP (RFC 792): type 1, code 1, checksum 2, rest.
    mutating func decodeICMP(_ reader: inout ByteReader) {
        guard reader.remaining >= 4, let type = reader.peekUInt8(at: 0), let code = reader.peekUInt8(at: 1) else {
            short(.icmpTruncated)
            return
        }
        packet.transport = .icmp
        packet.icmpType = type
        packet.icmpCode = code
    }

    /// ICMPv6 (RFC 4443 §2.1): type 1, code 1, checksum 2, body; Neighbor Discovery bodies (RFC 4861 §4)
    /// are read for the addresses they bind.
    mutating func decodeICMPv6(_ reader: inout ByteReader) {
        guard reader.remaining >= 4, let type = reader.peekUInt8(at: 0), let code = reader.peekUInt8(at: 1) else {
            short(.icmpv6Truncated)
            return
        }
        packet.transport = .icmpv6
        packet.icmpType = type
        packet.icmpCode = code
        reader.skip(4)
        // Fixed body length before options, and whether a target address starts it.
        let fixedLength: Int
        let hasTarget: Bool
        switch type {
        case 133: (fixedLength, hasTarget) = (4, false)  // RS: reserved 4
        case 134: (fixedLength, hasTarget) = (12, false)  // RA: hop limit, flags, lifetime, reachable, retrans
        case 135: (fixedLength, hasTarget) = (20, true)  // NS: reserved 4, target 16
        case 136: (fixedLength, hasTarget) = (20, true)  // NA: flags 4, target 16
        case 137: (fixedLength, hasTarget) = (36, true)  // Redirect: reserved 4, target 16, destination 16
        default: return
        }
        var message = NDPMessage()
        message.type = type
        guard reader.remaining >= fixedLength else {
            short(.ndpTruncated)
            packet.ndp = message
            return
        }
        if hasTarget {
            reader.skip(4)
            message.target = reader.readIPv6()
            reader.skip(fixedLength - 20)
        } else {
            reader.skip(fixedLength)
        }
        // Options: type 1, length 1 (8-octet units, 0 is invalid), data.
        var options = 0
        while !reader.isAtEnd {
            // Real messages carry a handful of options; a flood of them is counted, not followed.
            guard options < limits.maxNDPOptions else {
                flag(.ndpTooManyOptions)
                break
            }
            guard let optionType = reader.peekUInt8(at: 0), let units = reader.peekUInt8(at: 1) else {
                short(.ndpOptionTruncated)
                break
            }
            // A zero length would loop forever in a naive reader (RFC 4861 §4.6: discard the packet).
            guard units != 0 else {
                flag(.ndpOptionZeroLength)
                break
            }
            guard var option = reader.readSlice(Int(units) * 8) else {
                short(.ndpOptionTruncated)
                break
            }
            option.skip(2)
            if units == 1, let mac = option.readMAC() {
                if optionType == 1 { message.sourceLinkLayer = mac }
                if optionType == 2 { message.targetLinkLayer = mac }
            }
            options += 1
        }
        packet.ndp = message
    }
}
