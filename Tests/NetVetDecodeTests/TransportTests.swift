import NetVetDecode
import NetVetWire
import Testing

/// TCP (RFC 9293), UDP (RFC 768) and ICMP (RFC 792): header fields, payload bounds, every length field.
@Suite struct TransportTests {
    /// The bytes `packet`'s payload fields point at in `frame`.
    static func payload(_ packet: DecodedPacket, in frame: [UInt8]) -> [UInt8] {
        Array(frame[packet.payloadOffset..<(packet.payloadOffset + packet.payloadLength)])
    }

    // MARK: TCP

    @Test func tcpSYNWithOptions() {
        let packet = Decode.packet(SampleFrames.ethernetTCPSYN, .ethernet)
        #expect(packet.transport == .tcp)
        #expect(packet.sourcePort == 54321 && packet.destinationPort == 443)
        #expect(packet.tcpFlags == TCPFlag.syn)
        #expect(packet.payloadOffset == 74, "after the 40-byte header with options")
        #expect(packet.payloadLength == 0)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func tcpDataSegment() {
        let frame = SampleFrames.ethernetTCPData
        let packet = Decode.packet(frame, .ethernet)
        #expect(packet.tcpFlags == TCPFlag.psh | TCPFlag.ack)
        #expect(packet.sourcePort == 51000 && packet.destinationPort == 80)
        #expect(packet.payloadOffset == 66 && packet.payloadLength == 18)
        #expect(Self.payload(packet, in: frame) == Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(packet.anomalies.isEmpty)
    }

    @Test(arguments: [UInt8(0x00), 0x40])
    func tcpDataOffsetTooSmall(offsetByte: UInt8) {
        let packet = Decode.packet(SampleFrames.ethernetTCPSYN.setting(46, to: offsetByte), .ethernet)
        #expect(Decode.names(packet) == ["tcp.data_offset_too_small"])
        #expect(packet.sourcePort == 54321, "the fixed header is kept")
        #expect(packet.payloadLength == 0)
    }

    @Test(arguments: [UInt8(0xB0), 0xF0])
    func tcpDataOffsetTooLarge(offsetByte: UInt8) {
        let frame = SampleFrames.ethernetTCPSYN.setting(46, to: offsetByte)
        let packet = Decode.packet(frame, .ethernet)
        #expect(Decode.names(packet) == ["tcp.data_offset_too_large"])
        #expect(packet.tcpFlags == TCPFlag.syn, "the fixed header is kept")
        #expect(packet.payloadLength == 0)
    }

    /// The MSS option's length byte (offset 55): below the 2-byte minimum and past the end of the header;
    /// the last option's (window scale, offset 72) running past the end.
    @Test(arguments: [(55, UInt8(0)), (55, 1), (55, 41), (72, 4), (72, 200)])
    func tcpOptionsMalformed(offset: Int, length: UInt8) {
        let packet = Decode.packet(SampleFrames.ethernetTCPSYN.setting(offset, to: length), .ethernet)
        #expect(Decode.names(packet) == ["tcp.options_malformed"])
        #expect(packet.payloadOffset == 74, "the data offset still bounds the header")
    }

    @Test func tcpEndOfOptionListStopsTheWalk() {
        // An EOL in place of SACK-permitted: what follows is padding, whatever it holds.
        let frame = SampleFrames.ethernetTCPSYN.setting(58, to: 0).setting(61, to: 0xFF)
        #expect(Decode.anomalies(frame, .ethernet).isEmpty)
    }

    @Test func tcpCutFixedHeaderIsTruncated() {
        let frame = SampleFrames.ethernetTCPSYN.setting16(16, to: 39)
        #expect(Decode.anomalies(frame, .ethernet) == ["tcp.truncated"])
    }

    // MARK: UDP

    @Test func udpPayloadStopsAtTheUDPLengthAndIgnoresPadding() {
        let frame = SampleFrames.ethernetUDPPadded
        let packet = Decode.packet(frame, .ethernet)
        #expect(packet.transport == .udp)
        #expect(packet.sourcePort == 40000 && packet.destinationPort == 7)
        #expect(packet.payloadOffset == 42 && packet.payloadLength == 6)
        #expect(Self.payload(packet, in: frame) == Array("hello\n".utf8))
        #expect(packet.anomalies.isEmpty)
    }

    @Test func udpLengthShorterThanTheDatagramTrimsThePayload() {
        let packet = Decode.packet(SampleFrames.ethernetUDPPadded.setting16(38, to: 10), .ethernet)
        #expect(packet.payloadLength == 2)
        #expect(packet.anomalies.isEmpty)
    }

    @Test(arguments: [UInt16(0), 7])
    func udpLengthTooSmall(length: UInt16) {
        let packet = Decode.packet(SampleFrames.ethernetUDPPadded.setting16(38, to: length), .ethernet)
        #expect(Decode.names(packet) == ["udp.length_too_small"])
        #expect(packet.destinationPort == 7, "the ports are kept")
        #expect(packet.payloadLength == 6, "what the IP datagram holds after the header")
    }

    @Test func udpLengthZeroIsLegalOnlyInIPv6() {
        // A jumbogram's UDP length is zero (RFC 2675).
        let frame = SampleFrames.loopbackIPv6UDP.setting16(44, to: 0)
        let packet = Decode.packet(frame, .ipv6)
        #expect(packet.anomalies.isEmpty)
        #expect(packet.payloadLength == 2)
    }

    @Test func udpLengthTooLarge() {
        let frame = SampleFrames.ethernetUDPPadded.setting16(38, to: 15)
        let packet = Decode.packet(frame, .ethernet)
        #expect(Decode.names(packet) == ["udp.length_too_large"])
        #expect(packet.payloadLength == 6, "the padding after the IP datagram is not used")
    }

    @Test func udpCutHeaderIsTruncated() {
        #expect(
            Decode.anomalies(SampleFrames.ethernetUDPPadded.setting16(16, to: 27), .ethernet)
                == ["udp.truncated"])
    }

    @Test func udpUnderIPv6() {
        let packet = Decode.packet(SampleFrames.loopbackIPv6UDP, .ipv6)
        #expect(packet.transport == .udp)
        #expect(packet.sourcePort == 50000 && packet.destinationPort == 50001)
        #expect(packet.payloadOffset == 48 && packet.payloadLength == 2)
    }

    // MARK: ICMP

    @Test func icmpEchoRequest() {
        let packet = Decode.packet(SampleFrames.ethernetICMPEcho, .ethernet)
        #expect(packet.transport == .icmp)
        #expect(packet.ipProtocol == 1)
        #expect(packet.icmpType == 8 && packet.icmpCode == 0)
        #expect(packet.hopLimit == 128)
        #expect(packet.sourcePort == 0 && packet.payloadLength == 0)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func icmpCutHeaderIsTruncated() {
        #expect(
            Decode.anomalies(SampleFrames.ethernetICMPEcho.setting16(16, to: 23), .ethernet)
                == ["icmp.truncated"])
    }

    @Test func icmpv6EchoIsNotNeighborDiscovery() {
        let packet = Decode.packet(SampleFrames.sll2ICMPv6Echo, .linuxSLL2)
        #expect(packet.transport == .icmpv6)
        #expect(packet.icmpType == 128)
        #expect(packet.ndp == nil)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func icmpv6CutHeaderIsTruncated() {
        let frame = SampleFrames.sll2ICMPv6Echo.setting16(24, to: 3)
        #expect(Decode.anomalies(frame, .linuxSLL2) == ["icmpv6.truncated"])
    }

    @Test func icmpTypeNumbersAreProtocolSpecific() {
        // Protocol 1 inside IPv6 and 58 inside IPv4 are not ICMP for that family.
        let icmpInIPv6 = SampleFrames.sll2ICMPv6Echo.setting(26, to: 1)
        #expect(Decode.packet(icmpInIPv6, .linuxSLL2).transport == .other)
        let icmpv6InIPv4 = SampleFrames.ethernetICMPEcho.setting(23, to: 58)
        #expect(Decode.packet(icmpv6InIPv4, .ethernet).transport == .other)
    }
}
