import NetVetDecode
import NetVetTestSupport
import NetVetWire
import Testing

/// Linux cooked captures (SLL v1 and v2), raw IP (DLT 12, 101, 228, 229), DLT_NULL and DLT_LOOP.
@Suite struct CookedAndRawTests {
    // MARK: Linux SLL

    @Test func sllV1() {
        let packet = Decode.packet(SampleFrames.sllUDP, .linuxSLL)
        #expect(packet.sourceMAC == Address.host)
        #expect(packet.destinationMAC == nil, "SLL records only one address")
        #expect(packet.etherType == EtherType.ipv4)
        #expect(packet.sourceIP == Address.hostIPv4 && packet.destinationIP == Address.cloudflareIPv4)
        #expect(packet.sourcePort == 40003 && packet.destinationPort == 53)
        #expect(packet.payloadOffset == 44 && packet.payloadLength == 22)
        #expect(packet.anomalies.isEmpty)
    }

    @Test(arguments: [
        (UInt16(1), UInt16(0)),  // Ethernet, no address
        (1, 4),  // Ethernet, 4-byte address
        (1, 8),  // Ethernet, 8-byte address
        (772, 6),  // ARPHRD_LOOPBACK
        (0xFFFE, 6),  // ARPHRD_NONE (tun)
    ])
    func sllV1AddressNamesAMACOnlyForSixByteEthernet(hardwareType: UInt16, addressLength: UInt16) {
        let frame = SampleFrames.sllUDP.setting16(2, to: hardwareType).setting16(4, to: addressLength)
        let packet = Decode.packet(frame, .linuxSLL)
        #expect(packet.sourceMAC == nil)
        #expect(packet.network == .ipv4, "the address never hides the payload")
        #expect(packet.anomalies.isEmpty)
    }

    @Test func sllV1IEEE802HardwareIsEthernetLike() {
        let packet = Decode.packet(SampleFrames.sllUDP.setting16(2, to: 6), .linuxSLL)
        #expect(packet.sourceMAC == Address.host)
    }

    @Test func sllV1LLCPseudoProtocol() {
        // Protocol 0x0004: an 802.2 LLC frame follows; here LLC/SNAP with IPv4.
        let header = Array(SampleFrames.sllUDP[0..<14]) + [0x00, 0x04]
        let snap: [UInt8] = [0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00]
        let packet = Decode.packet(header + snap + Array(SampleFrames.sllUDP[16...]), .linuxSLL)
        #expect(packet.network == .ipv4)
        #expect(packet.destinationPort == 53)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func sllV1VLANProtocol() {
        // Protocol 0x8100: the tag follows the cooked header.
        let header = Array(SampleFrames.sllUDP[0..<14]) + [0x81, 0x00]
        let packet = Decode.packet(header + [0x00, 0x2A, 0x08, 0x00] + Array(SampleFrames.sllUDP[16...]), .linuxSLL)
        #expect(packet.outerVLAN == 42)
        #expect(packet.network == .ipv4)
    }

    @Test func sllV1LinuxPseudoProtocolsAreNotDecoded() {
        // 0x0001 (802.3 without LLC) and 0x0003 (ETH_P_ALL) carry nothing netvet reads.
        for proto: UInt16 in [0x0001, 0x0003] {
            let packet = Decode.packet(SampleFrames.sllUDP.setting16(14, to: proto), .linuxSLL)
            #expect(packet.network == .none)
            #expect(packet.anomalies.isEmpty)
        }
    }

    @Test func sllV1CutHeaderIsTruncated() {
        let frame = Array(SampleFrames.sllUDP[0..<15])
        #expect(Decode.anomalies(frame, .linuxSLL) == ["sll.truncated"])
        #expect(Decode.anomalies(frame, .linuxSLL, wireLength: 66) == ["capture.snaplen_cut"])
    }

    @Test func sllV2() {
        let packet = Decode.packet(SampleFrames.sll2ICMPv6Echo, .linuxSLL2)
        #expect(packet.sourceMAC == Address.host)
        #expect(packet.etherType == EtherType.ipv6)
        #expect(packet.sourceIP == .v6(Address.hostGlobal) && packet.destinationIP == .v6(Address.cloudflareIPv6))
        #expect(packet.transport == .icmpv6 && packet.icmpType == 128)
        #expect(packet.anomalies.isEmpty)
    }

    @Test(arguments: [UInt8(0), 4, 8])
    func sllV2AddressLengthOtherThanSixNamesNoMAC(addressLength: UInt8) {
        let packet = Decode.packet(SampleFrames.sll2ICMPv6Echo.setting(11, to: addressLength), .linuxSLL2)
        #expect(packet.sourceMAC == nil)
        #expect(packet.network == .ipv6)
    }

    @Test func sllV2CutHeaderIsTruncated() {
        let frame = Array(SampleFrames.sll2ICMPv6Echo[0..<19])
        #expect(Decode.anomalies(frame, .linuxSLL2) == ["sll2.truncated"])
    }

    // MARK: Raw IP

    @Test(arguments: [LinkType.raw, .rawLinktype, .ipv4])
    func rawIPv4(linkType: LinkType) {
        let packet = Decode.packet(SampleFrames.rawIPv4UDP, linkType)
        #expect(packet.sourceMAC == nil && packet.destinationMAC == nil)
        #expect(packet.network == .ipv4)
        #expect(packet.sourceIP == Address.hostIPv4)
        #expect(packet.sourcePort == 40004 && packet.destinationPort == 53)
        #expect(packet.payloadOffset == 28 && packet.payloadLength == 22)
        #expect(packet.anomalies.isEmpty)
    }

    @Test(arguments: [LinkType.raw, .rawLinktype, .ipv6])
    func rawIPv6(linkType: LinkType) {
        let packet = Decode.packet(SampleFrames.rawIPv6TCPSYN, linkType)
        #expect(packet.network == .ipv6)
        #expect(packet.transport == .tcp && packet.tcpFlags == TCPFlag.syn)
        #expect(packet.payloadOffset == 80 && packet.payloadLength == 0)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func rawIPWithAnotherVersionNibble() {
        let frame = SampleFrames.rawIPv4UDP.setting(0, to: 0x55)
        #expect(Decode.anomalies(frame, .raw) == ["rawip.bad_version"])
        #expect(Decode.anomalies(frame, .rawLinktype) == ["rawip.bad_version"])
        #expect(Decode.anomalies(frame, .ipv4) == ["ipv4.bad_version"])
        #expect(Decode.anomalies(SampleFrames.rawIPv4UDP, .ipv6) == ["ipv6.bad_version"])
    }

    @Test func emptyRawFrameIsTruncated() {
        #expect(Decode.anomalies([], .raw) == ["ipv4.truncated"])
        #expect(Decode.anomalies([], .raw, wireLength: 60) == ["capture.snaplen_cut"])
    }

    // MARK: DLT_NULL and DLT_LOOP

    /// Loopback family headers, as written by the capturing host, and the IP version they announce.
    static let nullFamilies: [(header: [UInt8], isIPv6: Bool)] = [
        ([0x02, 0x00, 0x00, 0x00], false),  // AF_INET, little-endian host
        ([0x00, 0x00, 0x00, 0x02], false),  // AF_INET, big-endian host
        ([0x18, 0x00, 0x00, 0x00], true),  // AF_INET6 24 (NetBSD, OpenBSD), little-endian
        ([0x00, 0x00, 0x00, 0x18], true),  // AF_INET6 24, big-endian
        ([0x1C, 0x00, 0x00, 0x00], true),  // AF_INET6 28 (FreeBSD), little-endian
        ([0x00, 0x00, 0x00, 0x1C], true),  // AF_INET6 28, big-endian
        ([0x1E, 0x00, 0x00, 0x00], true),  // AF_INET6 30 (macOS), little-endian
        ([0x00, 0x00, 0x00, 0x1E], true),  // AF_INET6 30, big-endian
        ([0x0A, 0x00, 0x00, 0x00], true),  // AF_INET6 10 (Linux), little-endian
    ]

    @Test(arguments: nullFamilies)
    func nullFamilyInEitherByteOrder(header: [UInt8], isIPv6: Bool) {
        let body = isIPv6 ? SampleFrames.loopbackIPv6UDP : SampleFrames.loopbackIPv4UDP
        let packet = Decode.packet(header + body, .null)
        #expect(packet.network == (isIPv6 ? .ipv6 : .ipv4))
        #expect(packet.transport == .udp)
        #expect(packet.sourcePort == 50000 && packet.destinationPort == 50001)
        #expect(packet.payloadOffset == header.count + body.count - 2 && packet.payloadLength == 2)
        #expect(packet.sourceMAC == nil)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func nullUnknownFamily() {
        let packet = Decode.packet([0x07, 0x00, 0x00, 0x00] + SampleFrames.loopbackIPv4UDP, .null)
        #expect(Decode.names(packet) == ["null.unknown_family"])
        #expect(packet.network == .none)
    }

    @Test func nullFamilyThatDisagreesWithTheVersion() {
        // A 50-byte IPv4 packet announced as IPv6 (one under 40 bytes would be ipv6.truncated first).
        let frame = [0x1E, 0x00, 0x00, 0x00] + SampleFrames.rawIPv4UDP
        #expect(Decode.anomalies(frame, .null) == ["ipv6.bad_version"])
    }

    @Test func nullCutHeaderIsTruncated() {
        #expect(Decode.anomalies([0x02, 0x00, 0x00], .null) == ["null.truncated"])
        #expect(Decode.anomalies([0x02, 0x00, 0x00], .null, wireLength: 34) == ["capture.snaplen_cut"])
    }

    @Test func loopIsAlwaysNetworkOrder() {
        let v4 = Decode.packet([0x00, 0x00, 0x00, 0x02] + SampleFrames.loopbackIPv4UDP, .loop)
        #expect(v4.network == .ipv4 && v4.anomalies.isEmpty)
        let v6 = Decode.packet([0x00, 0x00, 0x00, 0x18] + SampleFrames.loopbackIPv6UDP, .loop)
        #expect(v6.network == .ipv6 && v6.anomalies.isEmpty)
        // A little-endian family is a different, unknown number on DLT_LOOP.
        let swapped = Decode.packet([0x02, 0x00, 0x00, 0x00] + SampleFrames.loopbackIPv4UDP, .loop)
        #expect(Decode.names(swapped) == ["null.unknown_family"])
    }

    @Test func unsupportedLinkTypeDecodesNothing() {
        let packet = Decode.packet(SampleFrames.ethernetTCPSYN, LinkType(rawValue: 147))
        #expect(packet.network == .none)
        #expect(packet.sourceMAC == nil)
        #expect(packet.anomalies.isEmpty)
        #expect(packet.wireLength == 74)
    }
}
