import NetVetDecode
import NetVetWire

/// Builds real frames to the RFC layouts, with correct lengths, for every test that needs a frame it can
/// vary: Ethernet II, IPv4 (header checksum computed, or left zero where a test's frames always had it
/// zero), IPv6, UDP and TCP (transport checksums zero: the decoder does not check them), ARP, ICMP echo and
/// Neighbor Discovery. The decoder's fixed samples (`SampleFrames`, with every checksum right) stay byte
/// literals with a gloss per row.
public enum FrameBuilder {
    // The devices of the inventory tests: the sample frames' addresses plus a randomised MAC.
    public static let host = Address.host
    public static let router = Address.router
    public static let printer = Address.printer
    public static let accessPoint = Address.accessPoint
    public static let randomised = MACAddress(0xDA, 0xA1, 0x19, 0x00, 0x00, 0x01)

    /// The frame decoded by the default decoder; `wireLength` defaults to the frame length.
    public static func decode(_ frame: [UInt8], _ linkType: LinkType = .ethernet, wireLength: Int? = nil)
        -> DecodedPacket
    {
        frame.withUnsafeBytes { PacketDecoder().decode($0, linkType: linkType, wireLength: wireLength ?? frame.count) }
    }

    /// Parses an address literal the test knows to be valid (`0.0.0.0` if it is not: the test then fails on
    /// the value).
    public static func ip(_ text: String) -> IPAddress {
        IPAddress(text) ?? .v4(.unspecified)
    }

    /// The six octets of `mac`, first on the wire first.
    public static func bytes(_ mac: MACAddress) -> [UInt8] { (0..<6).map(mac.octet) }
    /// `value` in network byte order.
    public static func bytes16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xFF)] }
    /// `value` in network byte order.
    public static func bytes32(_ value: UInt32) -> [UInt8] {
        bytes16(UInt16(value >> 16)) + bytes16(UInt16(value & 0xFFFF))
    }

    /// The 4 or 16 bytes of `address` in network byte order.
    public static func bytes(_ address: IPAddress) -> [UInt8] {
        switch address {
        case .v4(let v4): return bytes32(v4.rawValue)
        case .v6(let v6): return (0..<8).flatMap { bytes16(v6.group($0)) }
        }
    }

    // MARK: Layers

    /// Ethernet II: destination, source, EtherType, payload; `padded` (the default) pads the frame with
    /// zeros to the 60-byte minimum a NIC sends, else the frame ends where the payload does.
    public static func ethernet(
        _ destination: MACAddress, _ source: MACAddress, _ etherType: UInt16, _ payload: [UInt8], padded: Bool = true
    ) -> [UInt8] {
        let frame = bytes(destination) + bytes(source) + bytes16(etherType) + payload
        guard padded else { return frame }
        return frame + [UInt8](repeating: 0, count: max(0, 60 - frame.count))
    }

    /// An IPv4 datagram around `payload`: IHL 5, TOS 0, the given identification, flags and fragment offset
    /// (`fragment`, DF by default), TTL and protocol; the header checksum computed, or zero when
    /// `checksum` is false.
    public static func ipv4(
        _ source: IPAddress, _ destination: IPAddress, protocol proto: UInt8, _ payload: [UInt8],
        identification: UInt16 = 0x1234, fragment: UInt16 = 0x4000, ttl: UInt8 = 64, checksum: Bool = true
    ) -> [UInt8] {
        var header: [UInt8] = [0x45, 0x00] + bytes16(UInt16(20 + payload.count)) + bytes16(identification)
        header += bytes16(fragment) + [ttl, proto, 0, 0] + bytes(source) + bytes(destination)
        if checksum {
            var sum: UInt32 = 0
            for index in stride(from: 0, to: 20, by: 2) {
                sum += UInt32(header[index]) << 8 | UInt32(header[index + 1])
            }
            while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
            let value = ~UInt16(sum)
            header[10] = UInt8(value >> 8)
            header[11] = UInt8(value & 0xFF)
        }
        return header + payload
    }

    /// An IPv6 packet (hop limit 255 for ICMPv6, as Neighbor Discovery requires; 64 otherwise) around
    /// `payload`.
    public static func ipv6(_ source: IPAddress, _ destination: IPAddress, next: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let hopLimit: UInt8 = next == 58 ? 255 : 64
        return [0x60, 0, 0, 0] + bytes16(UInt16(payload.count)) + [next, hopLimit] + bytes(source)
            + bytes(destination) + payload
    }

    /// A UDP datagram with `payload` (checksum 0: none).
    public static func udp(_ sourcePort: UInt16, _ destinationPort: UInt16, _ payload: [UInt8] = []) -> [UInt8] {
        bytes16(sourcePort) + bytes16(destinationPort) + bytes16(UInt16(8 + payload.count)) + [0, 0] + payload
    }

    /// A 20-byte TCP header (no options, checksum and urgent pointer 0) with `flags` and `payload`. The
    /// acknowledgment number defaults to 2000 when `flags` has ACK, else 0.
    public static func tcp(
        _ sourcePort: UInt16, _ destinationPort: UInt16, sequence: UInt32 = 1000, acknowledgment: UInt32? = nil,
        flags: UInt8, window: UInt16 = 65535, _ payload: [UInt8] = []
    ) -> [UInt8] {
        let acknowledgment = acknowledgment ?? (flags & TCPFlag.ack != 0 ? 2000 : 0)
        return bytes16(sourcePort) + bytes16(destinationPort) + bytes32(sequence) + bytes32(acknowledgment)
            + [0x50, flags] + bytes16(window) + [0, 0, 0, 0] + payload
    }

    /// An ICMP (or ICMPv6) echo message of `type` (8 request, 0 reply; 128, 129 for ICMPv6).
    public static func echo(type: UInt8) -> [UInt8] {
        [type, 0, 0, 0, 0x00, 0x01, 0x00, 0x01]
    }

    /// An Ethernet/IPv4 ARP message.
    public static func arp(
        operation: UInt16, senderMAC: MACAddress, senderIP: IPAddress, targetMAC: MACAddress, targetIP: IPAddress
    ) -> [UInt8] {
        [0x00, 0x01, 0x08, 0x00, 6, 4] + bytes16(operation) + bytes(senderMAC) + bytes(senderIP) + bytes(targetMAC)
            + bytes(targetIP)
    }

    /// An ICMPv6 Neighbor Discovery message: NS (135) and NA (136) carry `target`; `options` are link-layer
    /// address options (type 1 source, type 2 target).
    public static func ndp(type: UInt8, target: IPAddress? = nil, options: [(UInt8, MACAddress)] = []) -> [UInt8] {
        var message: [UInt8] = [type, 0, 0, 0]
        message += type == 136 ? [0x60, 0, 0, 0] : [0, 0, 0, 0]
        if let target { message += bytes(target) }
        for (optionType, mac) in options { message += [optionType, 1] + bytes(mac) }
        return message
    }

    // MARK: Whole frames

    /// An Ethernet IPv4 UDP frame (defaults of `ethernet` and `ipv4`: padded, identification 0x1234, DF,
    /// checksum computed).
    public static func udpFrame(
        from source: MACAddress, to destination: MACAddress, _ sourceIP: String, _ sourcePort: UInt16,
        _ destinationIP: String, _ destinationPort: UInt16, payload: [UInt8] = []
    ) -> [UInt8] {
        ethernet(
            destination, source, EtherType.ipv4,
            ipv4(ip(sourceIP), ip(destinationIP), protocol: 17, udp(sourcePort, destinationPort, payload)))
    }

    /// An Ethernet IPv4 TCP frame (defaults of `ethernet`, `ipv4` and `tcp`).
    public static func tcpFrame(
        from source: MACAddress, to destination: MACAddress, _ sourceIP: String, _ sourcePort: UInt16,
        _ destinationIP: String, _ destinationPort: UInt16, flags: UInt8, payload: [UInt8] = []
    ) -> [UInt8] {
        ethernet(
            destination, source, EtherType.ipv4,
            ipv4(ip(sourceIP), ip(destinationIP), protocol: 6, tcp(sourcePort, destinationPort, flags: flags, payload)))
    }

    /// An Ethernet ICMPv6 Neighbor Discovery frame.
    public static func ndpFrame(
        from source: MACAddress, to destination: MACAddress, _ sourceIP: String, _ destinationIP: String,
        _ message: [UInt8]
    ) -> [UInt8] {
        ethernet(destination, source, EtherType.ipv6, ipv6(ip(sourceIP), ip(destinationIP), next: 58, message))
    }
}
