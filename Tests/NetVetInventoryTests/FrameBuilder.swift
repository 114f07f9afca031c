import NetVetDecode
import NetVetWire

/// Builds real frames (RFC layouts, correct lengths; IPv4 header checksums computed, transport checksums
/// left zero, which the decoder does not check) and decodes them, so the inventory tests feed the tables
/// exactly what the decoder produces.
enum FrameBuilder {
    // The devices of the tests (the same as the decoder tests' sample frames, plus a randomised MAC).
    static let host = MACAddress(0x3C, 0x22, 0xFB, 0x12, 0x34, 0x56)
    static let router = MACAddress(0x74, 0xAC, 0xB9, 0x01, 0x02, 0x03)
    static let printer = MACAddress(0x00, 0x1B, 0xA9, 0x44, 0x55, 0x66)
    static let accessPoint = MACAddress(0xF0, 0x9F, 0xC2, 0xAA, 0xBB, 0xCC)
    static let randomised = MACAddress(0xDA, 0xA1, 0x19, 0x00, 0x00, 0x01)

    /// The frame decoded by the default decoder; `wireLength` defaults to the frame length.
    static func decode(_ frame: [UInt8], _ linkType: LinkType = .ethernet, wireLength: Int? = nil) -> DecodedPacket {
        frame.withUnsafeBytes { PacketDecoder().decode($0, linkType: linkType, wireLength: wireLength ?? frame.count) }
    }

    /// Parses an address literal the test knows to be valid.
    static func ip(_ text: String) -> IPAddress {
        IPAddress(text) ?? .v4(.unspecified)
    }

    /// The six octets of `mac`, first on the wire first.
    static func bytes(_ mac: MACAddress) -> [UInt8] { (0..<6).map(mac.octet) }
    /// `value` in network byte order.
    static func bytes16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    /// `value` in network byte order.
    static func bytes32(_ value: UInt32) -> [UInt8] { bytes16(UInt16(value >> 16)) + bytes16(UInt16(value & 0xFFFF)) }

    /// The 4 or 16 bytes of `address` in network byte order.
    static func bytes(_ address: IPAddress) -> [UInt8] {
        switch address {
        case .v4(let v4): return bytes32(v4.rawValue)
        case .v6(let v6): return (0..<8).flatMap { bytes16(v6.group($0)) }
        }
    }

    /// Ethernet II: destination, source, EtherType, payload, padded to the 60-byte minimum.
    static func ethernet(_ destination: MACAddress, _ source: MACAddress, _ etherType: UInt16, _ payload: [UInt8])
        -> [UInt8]
    {
        let frame = bytes(destination) + bytes(source) + bytes16(etherType) + payload
        return frame + [UInt8](repeating: 0, count: max(0, 60 - frame.count))
    }

    /// An IPv4 datagram (IHL 5, TTL 64, DF unless fragmented) around `payload`.
    static func ipv4(
        _ source: IPAddress, _ destination: IPAddress, protocol proto: UInt8, _ payload: [UInt8],
        identification: UInt16 = 0x1234, fragment: UInt16 = 0x4000
    ) -> [UInt8] {
        var header: [UInt8] = [0x45, 0x00] + bytes16(UInt16(20 + payload.count)) + bytes16(identification)
        header += bytes16(fragment) + [64, proto, 0, 0] + bytes(source) + bytes(destination)
        var sum: UInt32 = 0
        for index in stride(from: 0, to: 20, by: 2) { sum += UInt32(header[index]) << 8 | UInt32(header[index + 1]) }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        let checksum = ~UInt16(sum)
        header[10] = UInt8(checksum >> 8)
        header[11] = UInt8(checksum & 0xFF)
        return header + payload
    }

    /// An IPv6 packet (hop limit 255 for ND, 64 otherwise) around `payload`.
    static func ipv6(_ source: IPAddress, _ destination: IPAddress, next: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let hopLimit: UInt8 = next == 58 ? 255 : 64
        return [0x60, 0, 0, 0] + bytes16(UInt16(payload.count)) + [next, hopLimit] + bytes(source)
            + bytes(destination) + payload
    }

    /// A UDP datagram with `payload` (checksum 0: none).
    static func udp(_ sourcePort: UInt16, _ destinationPort: UInt16, _ payload: [UInt8] = []) -> [UInt8] {
        bytes16(sourcePort) + bytes16(destinationPort) + bytes16(UInt16(8 + payload.count)) + [0, 0] + payload
    }

    /// A 20-byte TCP header with `flags` and `payload`.
    static func tcp(_ sourcePort: UInt16, _ destinationPort: UInt16, flags: UInt8, _ payload: [UInt8] = []) -> [UInt8] {
        bytes16(sourcePort) + bytes16(destinationPort) + bytes32(1000) + bytes32(flags & TCPFlag.ack != 0 ? 2000 : 0)
            + [0x50, flags] + bytes16(65535) + [0, 0, 0, 0] + payload
    }

    /// An ICMP (or ICMPv6) echo message of `type` (8 request, 0 reply; 128, 129 for ICMPv6).
    static func echo(type: UInt8) -> [UInt8] {
        [type, 0, 0, 0, 0x00, 0x01, 0x00, 0x01]
    }

    /// An Ethernet/IPv4 ARP message.
    static func arp(
        operation: UInt16, senderMAC: MACAddress, senderIP: IPAddress, targetMAC: MACAddress, targetIP: IPAddress
    ) -> [UInt8] {
        [0x00, 0x01, 0x08, 0x00, 6, 4] + bytes16(operation) + bytes(senderMAC) + bytes(senderIP) + bytes(targetMAC)
            + bytes(targetIP)
    }

    /// An ICMPv6 Neighbor Discovery message: NS (135) and NA (136) carry `target`; `options` are link-layer
    /// address options (type 1 source, type 2 target).
    static func ndp(type: UInt8, target: IPAddress? = nil, options: [(UInt8, MACAddress)] = []) -> [UInt8] {
        var message: [UInt8] = [type, 0, 0, 0]
        message += type == 136 ? [0x60, 0, 0, 0] : [0, 0, 0, 0]
        if let target { message += bytes(target) }
        for (optionType, mac) in options { message += [optionType, 1] + bytes(mac) }
        return message
    }

    // MARK: Whole frames

    /// An Ethernet IPv4 UDP frame.
    static func udpFrame(
        from source: MACAddress, to destination: MACAddress, _ sourceIP: String, _ sourcePort: UInt16,
        _ destinationIP: String, _ destinationPort: UInt16, payload: [UInt8] = []
    ) -> [UInt8] {
        ethernet(
            destination, source, EtherType.ipv4,
            ipv4(ip(sourceIP), ip(destinationIP), protocol: 17, udp(sourcePort, destinationPort, payload)))
    }

    /// An Ethernet IPv4 TCP frame.
    static func tcpFrame(
        from source: MACAddress, to destination: MACAddress, _ sourceIP: String, _ sourcePort: UInt16,
        _ destinationIP: String, _ destinationPort: UInt16, flags: UInt8, payload: [UInt8] = []
    ) -> [UInt8] {
        ethernet(
            destination, source, EtherType.ipv4,
            ipv4(ip(sourceIP), ip(destinationIP), protocol: 6, tcp(sourcePort, destinationPort, flags: flags, payload)))
    }

    /// An Ethernet ICMPv6 Neighbor Discovery frame.
    static func ndpFrame(
        from source: MACAddress, to destination: MACAddress, _ sourceIP: String, _ destinationIP: String,
        _ message: [UInt8]
    ) -> [UInt8] {
        ethernet(destination, source, EtherType.ipv6, ipv6(ip(sourceIP), ip(destinationIP), next: 58, message))
    }
}
