import NetVetDecode
import NetVetTestSupport
import NetVetWire
import Testing

/// ICMPv6 Neighbor Discovery (RFC 4861): NS, NA, RS, RA and their link-layer address options.
@Suite struct NDPTests {
    @Test func neighborSolicitationWithSourceLinkLayerAddress() {
        let packet = Decode.packet(SampleFrames.ndpNeighborSolicitation, .ethernet)
        #expect(packet.transport == .icmpv6 && packet.icmpType == 135)
        #expect(packet.hopLimit == 255)
        #expect(packet.sourceIP == .v6(Address.hostLinkLocal))
        #expect(packet.destinationIP == .v6(Address.v6("ff02::1:ff01:203")))
        #expect(packet.ndp?.type == 135)
        #expect(packet.ndp?.target == Address.routerLinkLocal)
        #expect(packet.ndp?.sourceLinkLayer == Address.host)
        #expect(packet.ndp?.targetLinkLayer == nil)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func neighborAdvertisementWithTargetLinkLayerAddress() {
        let packet = Decode.packet(SampleFrames.ndpNeighborAdvertisement, .ethernet)
        #expect(packet.ndp?.type == 136)
        #expect(packet.ndp?.target == Address.routerLinkLocal)
        #expect(packet.ndp?.targetLinkLayer == Address.router)
        #expect(packet.ndp?.sourceLinkLayer == nil)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func routerSolicitation() {
        let packet = Decode.packet(SampleFrames.ndpRouterSolicitation, .ethernet)
        #expect(packet.ndp?.type == 133)
        #expect(packet.ndp?.target == nil)
        #expect(packet.ndp?.sourceLinkLayer == Address.host)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func routerAdvertisementWithSeveralOptions() {
        let packet = Decode.packet(SampleFrames.ndpRouterAdvertisement, .ethernet)
        #expect(packet.ndp?.type == 134)
        #expect(packet.ndp?.target == nil)
        #expect(packet.ndp?.sourceLinkLayer == Address.router)
        #expect(packet.ndp?.targetLinkLayer == nil)
        #expect(packet.anomalies.isEmpty, "MTU and a 32-byte prefix option are walked over")
    }

    @Test func duplicateAddressDetection() {
        let packet = Decode.packet(SampleFrames.ndpDuplicateAddressDetection, .ethernet)
        #expect(packet.sourceIP == .v6(.unspecified))
        #expect(packet.ndp?.type == 135)
        #expect(packet.ndp?.target == Address.hostLinkLocal)
        #expect(packet.ndp?.sourceLinkLayer == nil)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func optionZeroLength() {
        let packet = Decode.packet(SampleFrames.ndpNeighborSolicitation.setting(79, to: 0), .ethernet)
        #expect(Decode.names(packet) == ["ndp.option_zero_length"])
        #expect(packet.ndp?.sourceLinkLayer == nil)
        #expect(packet.ndp?.target == Address.routerLinkLocal, "the fixed part is kept")
    }

    @Test func optionLengthTooLarge() {
        // Two units (16 bytes) where 8 remain.
        let packet = Decode.packet(SampleFrames.ndpNeighborSolicitation.setting(79, to: 2), .ethernet)
        #expect(Decode.names(packet) == ["ndp.option_truncated"])
        #expect(packet.ndp?.target == Address.routerLinkLocal)
        // The prefix option of the RA (offset 86) grown to 5 units: the earlier options are kept.
        let advertisement = Decode.packet(SampleFrames.ndpRouterAdvertisement.setting(87, to: 5), .ethernet)
        #expect(Decode.names(advertisement) == ["ndp.option_truncated"])
        #expect(advertisement.ndp?.sourceLinkLayer == Address.router)
    }

    @Test func optionWithoutItsLengthByteIsTruncated() {
        // One byte appended after the RS option, and counted in the IPv6 payload length.
        let frame = SampleFrames.ndpRouterSolicitation.setting16(18, to: 17) + [0x01]
        let packet = Decode.packet(frame, .ethernet)
        #expect(Decode.names(packet) == ["ndp.option_truncated"])
        #expect(packet.ndp?.sourceLinkLayer == Address.host)
    }

    @Test func linkLayerOptionOfAnotherSizeIsIgnored() {
        // A 16-byte source link-layer option (a non-Ethernet link) names no MAC, and is not an anomaly.
        var frame = SampleFrames.ndpRouterSolicitation.setting16(18, to: 24).setting(63, to: 2)
        frame += [UInt8](repeating: 0, count: 8)
        let packet = Decode.packet(frame, .ethernet)
        #expect(packet.ndp?.sourceLinkLayer == nil)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func cutFixedPartIsNDPTruncated() {
        // The NS body needs 20 bytes (reserved, target); the payload length leaves 16.
        let packet = Decode.packet(SampleFrames.ndpNeighborSolicitation.setting16(18, to: 20), .ethernet)
        #expect(Decode.names(packet) == ["ndp.truncated"])
        #expect(packet.ndp?.type == 135)
        #expect(packet.ndp?.target == nil)
    }

    @Test func optionCountIsBounded() {
        var limits = Limits()
        limits.maxNDPOptions = 1
        let packet = Decode.packet(SampleFrames.ndpRouterAdvertisement, .ethernet, limits: limits)
        #expect(packet.ndp?.sourceLinkLayer == Address.router, "the first option is read")
        limits.maxNDPOptions = 0
        let none = Decode.packet(SampleFrames.ndpNeighborSolicitation, .ethernet, limits: limits)
        #expect(none.ndp?.sourceLinkLayer == nil)
    }
}
