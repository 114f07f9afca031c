import NetVetDecode
import NetVetTestSupport
import NetVetWire
import Testing

/// ARP (RFC 826) over Ethernet.
@Suite struct ARPTests {
    @Test func requestSenderAndTarget() {
        let packet = Decode.packet(SampleFrames.arpRequest, .ethernet)
        #expect(packet.network == .arp)
        #expect(packet.etherType == EtherType.arp)
        #expect(packet.destinationMAC == .broadcast)
        #expect(packet.arp.operation == 1)
        #expect(packet.arp.senderMAC == Address.host)
        #expect(packet.arp.senderIP == IPv4Address(192, 168, 1, 23))
        #expect(packet.arp.targetMAC == .zero)
        #expect(packet.arp.targetIP == IPv4Address(192, 168, 1, 1))
        #expect(packet.sourceIP == nil, "ARP is not IP")
        #expect(packet.anomalies.isEmpty)
    }

    @Test func replySenderAndTarget() {
        let packet = Decode.packet(SampleFrames.arpReply, .ethernet)
        #expect(packet.arp.operation == 2)
        #expect(packet.arp.senderMAC == Address.router)
        #expect(packet.arp.senderIP == IPv4Address(192, 168, 1, 1))
        #expect(packet.arp.targetMAC == Address.host)
        #expect(packet.arp.targetIP == IPv4Address(192, 168, 1, 23))
        #expect(packet.anomalies.isEmpty)
    }

    @Test func ieee802HardwareTypeIsAccepted() {
        let packet = Decode.packet(SampleFrames.arpReply.setting16(14, to: 6), .ethernet)
        #expect(packet.arp.senderMAC == Address.router)
        #expect(packet.anomalies.isEmpty)
    }

    /// The hardware and protocol length fields, too small and too large, and a non-IPv4 protocol type.
    @Test(arguments: [
        (18, UInt8(5)), (18, UInt8(7)),  // hardware length
        (19, UInt8(3)), (19, UInt8(5)),  // protocol length
    ])
    func wrongAddressLengthsAreUnsupported(offset: Int, value: UInt8) {
        let packet = Decode.packet(SampleFrames.arpRequest.setting(offset, to: value), .ethernet)
        #expect(Decode.names(packet) == ["arp.unsupported_format"])
        #expect(packet.arp == ARPMessage(), "nothing is bound from an unsupported format")
    }

    @Test func otherProtocolTypeIsUnsupported() {
        let frame = SampleFrames.arpRequest.setting16(16, to: EtherType.ipv6)
        #expect(Decode.anomalies(frame, .ethernet) == ["arp.unsupported_format"])
    }

    @Test func cutBodyIsTruncated() {
        let frame = Array(SampleFrames.arpRequest[0..<41])
        #expect(Decode.anomalies(frame, .ethernet) == ["arp.truncated"])
        #expect(Decode.anomalies(frame, .ethernet, wireLength: 60) == ["capture.snaplen_cut"])
    }

    @Test func paddingIsNotPartOfTheMessage() {
        let unpadded = Array(SampleFrames.arpRequest[0..<42])
        #expect(Decode.packet(unpadded, .ethernet).arp == Decode.packet(SampleFrames.arpRequest, .ethernet).arp)
        #expect(Decode.anomalies(unpadded, .ethernet).isEmpty)
    }
}
