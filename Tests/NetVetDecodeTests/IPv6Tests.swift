import NetVetDecode
import NetVetTestSupport
import NetVetWire
import Testing

/// IPv6 (RFC 8200): fixed header, extension-header chain, fragments, and the payload length mutated.
@Suite struct IPv6Tests {
    /// A raw IPv6 packet (host to 2001:db8:1::50, hop limit 64) whose payload is `payload` and whose first
    /// next header is `nextHeader`.
    static func packet(nextHeader: UInt8, payload: [UInt8]) -> [UInt8] {
        let length = UInt16(payload.count)
        var bytes: [UInt8] = [
            0x60, 0x00, 0x00, 0x00,  // IPv6, traffic class 0, flow label 0
            UInt8(length >> 8), UInt8(length & 0xFF), nextHeader, 0x40,  // payload length, next header, hop limit 64
        ]
        bytes += Array(SampleFrames.ipv6FragmentFirst[22..<54])  // source and destination of the sample
        return bytes + payload
    }

    /// `count` destination-options headers (8 bytes each: next header, length 0, PadN of 4), the last
    /// followed by "no next header" (59).
    static func destinationOptions(_ count: Int) -> [UInt8] {
        var chain: [UInt8] = []
        for index in 0..<count {
            chain += [index == count - 1 ? 59 : 60, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00]
        }
        return chain
    }

    @Test func fixedHeaderFields() {
        let packet = Decode.packet(SampleFrames.rawIPv6TCPSYN, .raw)
        #expect(packet.network == .ipv6)
        #expect(packet.sourceIP == .v6(Address.hostGlobal))
        #expect(packet.destinationIP == .v6(Address.cloudflareIPv6))
        #expect(packet.hopLimit == 64)
        #expect(packet.ipProtocol == 6)
        #expect(!packet.isFragment)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func hopByHopAndFragmentHeadersFirstFragment() {
        let packet = Decode.packet(SampleFrames.ipv6FragmentFirst, .ethernet)
        #expect(packet.etherType == EtherType.ipv6)
        #expect(packet.sourceIP == .v6(Address.hostGlobal))
        #expect(packet.destinationIP == .v6(Address.v6("2001:db8:1::50")))
        #expect(packet.isFragment && !packet.isLaterFragment)
        #expect(packet.ipProtocol == 17, "the upper layer after the chain, not the first next header")
        #expect(packet.transport == .udp)
        #expect(packet.sourcePort == 5000 && packet.destinationPort == 6000)
        #expect(packet.payloadOffset == 78 && packet.payloadLength == 8)
        #expect(packet.anomalies.isEmpty, "a UDP length covering later fragments is not an anomaly")
    }

    @Test func laterFragmentHasNoTransportHeader() {
        let packet = Decode.packet(SampleFrames.ipv6FragmentLater, .ethernet)
        #expect(packet.isFragment && packet.isLaterFragment)
        #expect(packet.ipProtocol == 17)
        #expect(packet.transport == .none)
        #expect(packet.payloadLength == 0)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func badVersion() {
        let packet = Decode.packet(SampleFrames.ipv6FragmentFirst.setting(14, to: 0x40), .ethernet)
        #expect(Decode.names(packet) == ["ipv6.bad_version"])
        #expect(packet.sourceIP == nil)
    }

    @Test func cutFixedHeaderIsTruncated() {
        let frame = Array(SampleFrames.rawIPv6TCPSYN[0..<39])
        #expect(Decode.anomalies(frame, .raw) == ["ipv6.truncated"])
        #expect(Decode.anomalies(frame, .raw, wireLength: 80) == ["capture.snaplen_cut"])
    }

    @Test func payloadLengthTooLarge() {
        let frame = SampleFrames.rawIPv6TCPSYN.setting16(4, to: 41)
        let packet = Decode.packet(frame, .raw)
        #expect(Decode.names(packet) == ["ipv6.payload_length_too_large"])
        #expect(packet.transport == .tcp, "the bytes present are still decoded")
        #expect(Decode.anomalies(frame, .raw, wireLength: 81) == ["capture.snaplen_cut"])
    }

    @Test func payloadLengthTooSmallCutsTheNextHeader() {
        // One byte short of the 40-byte TCP header (with options): the TCP data offset no longer fits.
        #expect(
            Decode.anomalies(SampleFrames.rawIPv6TCPSYN.setting16(4, to: 39), .raw)
                == ["tcp.data_offset_too_large"])
        // Short of the fragment header.
        #expect(
            Decode.anomalies(SampleFrames.ipv6FragmentFirst.setting16(18, to: 12), .ethernet)
                == ["ipv6.extension_truncated"])
    }

    @Test func payloadLengthZeroUsesTheFrame() {
        // Zero is a jumbogram's payload length (RFC 2675): the bytes the frame holds are the payload.
        let packet = Decode.packet(SampleFrames.rawIPv6TCPSYN.setting16(4, to: 0), .raw)
        #expect(packet.transport == .tcp)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func hopByHopLengthTooLarge() {
        // 5 units = 48 bytes in a 32-byte payload.
        let frame = SampleFrames.ipv6FragmentFirst.setting(55, to: 5)
        #expect(Decode.anomalies(frame, .ethernet) == ["ipv6.extension_truncated"])
    }

    @Test func extensionChainAtTheLimitIsFollowed() {
        let limits = Limits.default
        let bytes = Self.packet(nextHeader: 60, payload: Self.destinationOptions(limits.maxIPv6ExtensionHeaders))
        let packet = Decode.packet(bytes, .ipv6)
        #expect(packet.anomalies.isEmpty)
        #expect(packet.ipProtocol == 59)
        #expect(packet.transport == .none)
    }

    @Test func extensionChainOneTooLong() {
        let limits = Limits.default
        let bytes = Self.packet(
            nextHeader: 60, payload: Self.destinationOptions(limits.maxIPv6ExtensionHeaders + 1))
        let packet = Decode.packet(bytes, .ipv6)
        #expect(Decode.names(packet) == ["ipv6.extension_chain_too_long"])
        #expect(packet.sourceIP == .v6(Address.hostGlobal), "the fixed header is kept")
    }

    @Test func authenticationHeaderIsSkipped() {
        // AH (RFC 4302): next header 6, length 4 (= (4 + 2) × 4 = 24 bytes), reserved, SPI, sequence, ICV.
        let authentication: [UInt8] = [
            0x06, 0x04, 0x00, 0x00,  // next header 6 (TCP), payload length 4, reserved
            0x00, 0x00, 0x10, 0x01,  // SPI 0x1001
            0x00, 0x00, 0x00, 0x01,  // sequence number 1
            0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC,  // ICV (12 bytes)
        ]
        let tcp = Array(SampleFrames.rawIPv6TCPSYN[40...])
        let packet = Decode.packet(Self.packet(nextHeader: 51, payload: authentication + tcp), .ipv6)
        #expect(packet.ipProtocol == 6)
        #expect(packet.transport == .tcp)
        #expect(packet.sourcePort == 50123 && packet.destinationPort == 443)
        #expect(packet.payloadOffset == 104 && packet.payloadLength == 0)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func encryptedAndEmptyPayloadsHaveNoTransport() {
        for next: UInt8 in [50, 59] {
            let packet = Decode.packet(Self.packet(nextHeader: next, payload: [0, 0, 0, 1, 0, 0, 0, 1]), .ipv6)
            #expect(packet.ipProtocol == next)
            #expect(packet.transport == .none)
            #expect(packet.anomalies.isEmpty)
        }
    }

    @Test func unknownUpperLayerIsOther() {
        let packet = Decode.packet(Self.packet(nextHeader: 132, payload: [0, 0, 0, 0]), .ipv6)
        #expect(packet.ipProtocol == 132)
        #expect(packet.transport == .other)
    }
}
