import NetVetDecode
import NetVetTestSupport
import NetVetWire
import Testing

/// IPv4 (RFC 791): header fields, options, fragments, and every length field mutated.
@Suite struct IPv4Tests {
    @Test func headerFields() {
        let packet = Decode.packet(SampleFrames.ethernetTCPSYN, .ethernet)
        #expect(packet.network == .ipv4)
        #expect(packet.sourceIP == Address.hostIPv4)
        #expect(packet.destinationIP == Address.exampleIPv4)
        #expect(packet.ipProtocol == 6)
        #expect(packet.hopLimit == 64)
        #expect(!packet.isFragment, "DF alone is not a fragment")
        #expect(!packet.isLaterFragment)
    }

    @Test func optionsAreSkippedByTheHeaderLength() {
        let packet = Decode.packet(SampleFrames.ipv4OptionsIGMP, .ethernet)
        #expect(packet.sourceIP == Address.hostIPv4)
        #expect(packet.destinationIP == .v4(IPv4Address(224, 0, 0, 251)))
        #expect(packet.ipProtocol == 2)
        #expect(packet.hopLimit == 1)
        #expect(packet.transport == .other)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func nopAndEndOfOptionListAreWellFormed() {
        // Router Alert replaced by NOP, NOP, EOL, and a padding byte after EOL.
        let frame = SampleFrames.ipv4OptionsIGMP.setting(34, to: 1).setting(35, to: 1).setting(36, to: 0)
            .setting(37, to: 0x55)
        #expect(Decode.anomalies(frame, .ethernet).isEmpty)
    }

    /// The option length byte: below the 2-byte minimum, and past the end of the options area.
    @Test(arguments: [UInt8(0), 1, 5, 200])
    func malformedOptionLength(length: UInt8) {
        let packet = Decode.packet(SampleFrames.ipv4OptionsIGMP.setting(35, to: length), .ethernet)
        #expect(Decode.names(packet) == ["ipv4.options_malformed"])
        #expect(packet.sourceIP == Address.hostIPv4, "the fixed header is still good")
    }

    @Test func badVersion() {
        let packet = Decode.packet(SampleFrames.ethernetTCPSYN.setting(14, to: 0x65), .ethernet)
        #expect(Decode.names(packet) == ["ipv4.bad_version"])
        #expect(packet.sourceIP == nil)
    }

    @Test(arguments: [UInt8(0x40), 0x44])
    func headerLengthTooSmall(versionAndLength: UInt8) {
        let packet = Decode.packet(SampleFrames.ethernetTCPSYN.setting(14, to: versionAndLength), .ethernet)
        #expect(Decode.names(packet) == ["ipv4.hlen_too_small"])
        #expect(packet.sourceIP == nil, "a header shorter than 20 bytes is not trusted")
        #expect(packet.transport == .none)
    }

    @Test func headerLengthTooLarge() {
        // 60 header bytes announced in a 50-byte datagram.
        let frame = SampleFrames.rawIPv4UDP.setting(0, to: 0x4F)
        #expect(Decode.anomalies(frame, .raw) == ["ipv4.hlen_too_large"])
        #expect(Decode.anomalies(frame, .raw, wireLength: 1500) == ["capture.snaplen_cut"])
        // In the IGMP frame: 60 header bytes announced where the frame holds 46 after the Ethernet header.
        let igmp = SampleFrames.ipv4OptionsIGMP.setting(14, to: 0x4F)
        #expect(Decode.anomalies(igmp, .ethernet) == ["ipv4.hlen_too_large"])
    }

    @Test func totalLengthTooSmall() {
        // Below the header length.
        #expect(
            Decode.anomalies(SampleFrames.ethernetTCPSYN.setting16(16, to: 19), .ethernet)
                == ["ipv4.total_length_too_small"])
        #expect(
            Decode.anomalies(SampleFrames.ipv4OptionsIGMP.setting16(16, to: 23), .ethernet)
                == ["ipv4.total_length_too_small"])
        // Above the header length but short of the transport header: the shortage shows in the layer it cuts.
        #expect(Decode.anomalies(SampleFrames.ethernetTCPSYN.setting16(16, to: 39), .ethernet) == ["tcp.truncated"])
        #expect(
            Decode.anomalies(SampleFrames.ethernetUDPPadded.setting16(16, to: 30), .ethernet)
                == ["udp.length_too_large"])
    }

    @Test func totalLengthTooLarge() {
        let frame = SampleFrames.ethernetTCPSYN.setting16(16, to: 61)
        let packet = Decode.packet(frame, .ethernet)
        #expect(Decode.names(packet) == ["ipv4.total_length_too_large"])
        #expect(packet.transport == .tcp, "the bytes present are still decoded")
        #expect(packet.payloadOffset == 74 && packet.payloadLength == 0)
        #expect(Decode.anomalies(frame, .ethernet, wireLength: 75) == ["capture.snaplen_cut"])
    }

    @Test func totalLengthMayCoverEthernetPadding() {
        // The padded UDP frame has 46 bytes after the Ethernet header: a total length of 46 is legal (the
        // datagram then includes the padding), 47 is past the frame.
        #expect(Decode.anomalies(SampleFrames.ethernetUDPPadded.setting16(16, to: 46), .ethernet).isEmpty)
        #expect(
            Decode.anomalies(SampleFrames.ethernetUDPPadded.setting16(16, to: 47), .ethernet)
                == ["ipv4.total_length_too_large"])
    }

    @Test func cutFixedHeaderIsTruncated() {
        let frame = Array(SampleFrames.rawIPv4UDP[0..<19])
        #expect(Decode.anomalies(frame, .raw) == ["ipv4.truncated"])
        #expect(Decode.anomalies(frame, .raw, wireLength: 50) == ["capture.snaplen_cut"])
    }

    @Test func firstFragmentDecodesTheTransportHeader() {
        let packet = Decode.packet(SampleFrames.ipv4FirstFragment, .ethernet)
        #expect(packet.isFragment)
        #expect(!packet.isLaterFragment)
        #expect(packet.transport == .udp)
        #expect(packet.sourcePort == 40002 && packet.destinationPort == 9999)
        #expect(packet.payloadOffset == 42 && packet.payloadLength == 8, "the payload bytes this fragment carries")
        #expect(packet.anomalies.isEmpty, "a UDP length covering later fragments is not an anomaly")
    }

    @Test func laterFragmentHasNoTransportHeader() {
        let packet = Decode.packet(SampleFrames.ipv4LaterFragment, .ethernet)
        #expect(packet.isFragment)
        #expect(packet.isLaterFragment)
        #expect(packet.ipProtocol == 17)
        #expect(packet.transport == .none)
        #expect(packet.sourcePort == 0 && packet.destinationPort == 0)
        #expect(packet.payloadOffset == 0 && packet.payloadLength == 0)
        #expect(packet.sourceIP == Address.hostIPv4 && packet.destinationIP == Address.printerIPv4)
        #expect(packet.anomalies.isEmpty)
    }
}
