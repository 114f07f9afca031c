import NetVetDecode
import NetVetWire
import Testing

/// Decoding helpers shared by the decoder tests.
enum Decode {
    /// Decodes `bytes` as `linkType`; `wireLength` defaults to the byte count (an uncut, possibly malformed
    /// frame).
    static func packet(
        _ bytes: [UInt8], _ linkType: LinkType, wireLength: Int? = nil, limits: Limits = .default
    ) -> DecodedPacket {
        bytes.withUnsafeBytes { buffer in
            PacketDecoder(limits: limits).decode(buffer, linkType: linkType, wireLength: wireLength ?? bytes.count)
        }
    }

    /// The anomaly names of `bytes` decoded as `linkType` (uncut unless `wireLength` says otherwise).
    static func anomalies(
        _ bytes: [UInt8], _ linkType: LinkType, wireLength: Int? = nil, limits: Limits = .default
    ) -> Set<String> {
        names(packet(bytes, linkType, wireLength: wireLength, limits: limits))
    }

    /// The anomaly names of `packet`.
    static func names(_ packet: DecodedPacket) -> Set<String> {
        Set(packet.anomalies.map(\.name))
    }

    /// Decodes the first `count` bytes of `bytes` while the bytes after them in the same buffer hold `filler`:
    /// a decoder that reads past the end of its input would see the filler and give a different result.
    static func prefix(
        _ bytes: [UInt8], count: Int, _ linkType: LinkType, wireLength: Int, filler: UInt8
    ) -> DecodedPacket {
        let buffer = Array(bytes[0..<count]) + [UInt8](repeating: filler, count: 64)
        return buffer.withUnsafeBytes { raw in
            PacketDecoder().decode(
                UnsafeRawBufferPointer(rebasing: raw[0..<count]), linkType: linkType, wireLength: wireLength)
        }
    }

    /// Every field of `packet` as text, for comparing two decodes.
    static func summary(_ packet: DecodedPacket) -> String {
        var parts: [String] = []
        parts.append("link=\(packet.linkType) wire=\(packet.wireLength)")
        parts.append("mac=\(text(packet.sourceMAC))>\(text(packet.destinationMAC)) ta=\(text(packet.transmitterMAC))")
        parts.append("vlan=\(text(packet.outerVLAN))/\(text(packet.innerVLAN)) depth=\(packet.vlanDepth)")
        parts.append("ethertype=\(packet.etherType) network=\(packet.network)")
        parts.append(
            "arp=\(packet.arp.operation) \(packet.arp.senderMAC) \(packet.arp.senderIP) \(packet.arp.targetMAC) "
                + "\(packet.arp.targetIP)")
        parts.append("ip=\(text(packet.sourceIP))>\(text(packet.destinationIP)) proto=\(packet.ipProtocol)")
        parts.append("hop=\(packet.hopLimit) fragment=\(packet.isFragment)/\(packet.isLaterFragment)")
        parts.append("transport=\(packet.transport) ports=\(packet.sourcePort)>\(packet.destinationPort)")
        parts.append("flags=\(packet.tcpFlags) icmp=\(packet.icmpType)/\(packet.icmpCode)")
        if let ndp = packet.ndp {
            parts.append(
                "ndp=\(ndp.type) \(text(ndp.target)) \(text(ndp.sourceLinkLayer)) \(text(ndp.targetLinkLayer))")
        }
        parts.append("payload=\(packet.payloadOffset)+\(packet.payloadLength)")
        parts.append("anomalies=\(names(packet).sorted())")
        return parts.joined(separator: " ")
    }

    /// `value`'s description, or `-` for `nil`.
    static func text<Value>(_ value: Value?) -> String {
        value.map { String(describing: $0) } ?? "-"
    }
}

extension Array where Element == UInt8 {
    /// A copy with the byte at `offset` replaced.
    func setting(_ offset: Int, to value: UInt8) -> [UInt8] {
        var copy = self
        copy[offset] = value
        return copy
    }

    /// A copy with the big-endian `UInt16` at `offset` replaced.
    func setting16(_ offset: Int, to value: UInt16) -> [UInt8] {
        var copy = self
        copy[offset] = UInt8(value >> 8)
        copy[offset + 1] = UInt8(value & 0xFF)
        return copy
    }

    /// A copy with the little-endian `UInt16` at `offset` replaced (radiotap).
    func setting16LE(_ offset: Int, to value: UInt16) -> [UInt8] {
        var copy = self
        copy[offset] = UInt8(value & 0xFF)
        copy[offset + 1] = UInt8(value >> 8)
        return copy
    }
}
