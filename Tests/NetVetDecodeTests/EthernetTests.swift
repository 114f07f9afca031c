import NetVetDecode
import NetVetTestSupport
import NetVetWire
import Testing

/// Ethernet II, IEEE 802.1Q / 802.1ad tags and IEEE 802.3 with LLC and SNAP.
@Suite struct EthernetTests {
    /// The IPv4 ICMP echo request of `SampleFrames.ethernetICMPEcho`, without its Ethernet header.
    static let icmpEchoIPv4 = Array(SampleFrames.ethernetICMPEcho[14...])

    /// An Ethernet frame from the host to the router whose tags carry `tcis` (the first with the 802.1ad TPID,
    /// the rest 802.1Q), then EtherType IPv4 and `icmpEchoIPv4`.
    static func tagged(_ tcis: [UInt16]) -> [UInt8] {
        var frame = Array(SampleFrames.ethernetICMPEcho[0..<12])
        for (index, tci) in tcis.enumerated() {
            let tpid: UInt16 = index == 0 ? EtherType.qinq : EtherType.vlan
            frame += [UInt8(tpid >> 8), UInt8(tpid & 0xFF), UInt8(tci >> 8), UInt8(tci & 0xFF)]
        }
        return frame + [0x08, 0x00] + icmpEchoIPv4
    }

    @Test func ethernetIIReadsAddressesAndEtherType() {
        let packet = Decode.packet(SampleFrames.ethernetTCPSYN, .ethernet)
        #expect(packet.destinationMAC == Address.router)
        #expect(packet.sourceMAC == Address.host)
        #expect(packet.transmitterMAC == nil)
        #expect(packet.etherType == EtherType.ipv4)
        #expect(packet.network == .ipv4)
        #expect(packet.vlanDepth == 0)
        #expect(packet.outerVLAN == nil && packet.innerVLAN == nil)
        #expect(packet.wireLength == 74)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func unknownEtherTypeKeepsTheLinkLayerOnly() {
        // 0x88cc (LLDP) has no decoder here: the EtherType is kept as read, nothing else is decoded.
        let packet = Decode.packet(SampleFrames.ethernetTCPSYN.setting16(12, to: 0x88CC), .ethernet)
        #expect(packet.etherType == 0x88CC)
        #expect(packet.network == .none)
        #expect(packet.sourceMAC == Address.host)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func singleVLANTag() {
        let packet = Decode.packet(SampleFrames.vlanICMPEchoReply, .ethernet)
        #expect(packet.outerVLAN == 100, "the PCP bits (5) are not part of the VLAN id")
        #expect(packet.innerVLAN == nil)
        #expect(packet.vlanDepth == 1)
        #expect(packet.etherType == EtherType.ipv4)
        #expect(packet.sourceIP == Address.cloudflareIPv4)
        #expect(packet.transport == .icmp)
        #expect(packet.icmpType == 0)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func qinqReadsOuterAndInnerVLAN() {
        let packet = Decode.packet(SampleFrames.qinqUDP, .ethernet)
        #expect(packet.outerVLAN == 200)
        #expect(packet.innerVLAN == 100, "the PCP bits (1) are not part of the VLAN id")
        #expect(packet.vlanDepth == 2)
        #expect(packet.etherType == EtherType.ipv4)
        #expect(packet.transport == .udp)
        #expect(packet.sourcePort == 40001 && packet.destinationPort == 53)
        #expect(packet.payloadOffset == 50 && packet.payloadLength == 22)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func legacyQinQTPID() {
        let packet = Decode.packet(SampleFrames.qinqUDP.setting16(12, to: EtherType.qinqLegacy), .ethernet)
        #expect(packet.outerVLAN == 200 && packet.innerVLAN == 100)
        #expect(packet.network == .ipv4)
    }

    @Test func tagsUpToTheLimitAreFollowed() {
        let limits = Limits.default
        let tcis = (1...limits.maxVLANDepth).map { UInt16($0 * 10) }
        let packet = Decode.packet(Self.tagged(tcis), .ethernet)
        #expect(packet.vlanDepth == limits.maxVLANDepth)
        #expect(packet.outerVLAN == 10)
        #expect(packet.innerVLAN == UInt16(limits.maxVLANDepth * 10), "the innermost tag wins")
        #expect(packet.network == .ipv4 && packet.transport == .icmp)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func oneTagMoreThanTheLimitIsTooMany() {
        let limits = Limits.default
        let tcis = (0...limits.maxVLANDepth).map { UInt16($0 + 1) }
        let packet = Decode.packet(Self.tagged(tcis), .ethernet)
        #expect(Decode.names(packet) == ["vlan.too_many_tags"])
        #expect(packet.vlanDepth == limits.maxVLANDepth)
        #expect(packet.network == .none, "nothing after the tags is trusted")
        #expect(packet.sourceMAC == Address.host, "the Ethernet header is kept")
    }

    @Test func theVLANLimitIsConfigurable() {
        var limits = Limits()
        limits.maxVLANDepth = 1
        #expect(Decode.anomalies(SampleFrames.qinqUDP, .ethernet, limits: limits) == ["vlan.too_many_tags"])
        #expect(Decode.anomalies(SampleFrames.vlanICMPEchoReply, .ethernet, limits: limits).isEmpty)
    }

    @Test func cutVLANTagIsTruncated() {
        let frame = Array(SampleFrames.qinqUDP[0..<20])
        #expect(Decode.anomalies(frame, .ethernet) == ["vlan.truncated"])
        #expect(Decode.anomalies(frame, .ethernet, wireLength: 72) == ["capture.snaplen_cut"])
        #expect(Decode.packet(frame, .ethernet).outerVLAN == 200)
    }

    @Test func llcSNAPCarriesIPv4() {
        let packet = Decode.packet(SampleFrames.llcSNAPICMP, .ethernet)
        #expect(packet.etherType == EtherType.ipv4)
        #expect(packet.network == .ipv4)
        #expect(packet.sourceIP == Address.hostIPv4 && packet.destinationIP == Address.routerIPv4)
        #expect(packet.transport == .icmp && packet.icmpType == 8)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func llcWithoutSNAPHasNoNetworkLayer() {
        let packet = Decode.packet(SampleFrames.llcSTP, .ethernet)
        #expect(packet.destinationMAC == MACAddress(0x01, 0x80, 0xC2, 0x00, 0x00, 0x00))
        #expect(packet.sourceMAC == Address.router)
        #expect(packet.network == .none)
        #expect(packet.etherType == 0)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func snapHeaderCutIsLLCTruncated() {
        let frame = Array(SampleFrames.llcSNAPICMP[0..<19])
        #expect(Decode.anomalies(frame, .ethernet) == ["llc.truncated"])
        #expect(Decode.anomalies(frame, .ethernet, wireLength: 60) == ["capture.snaplen_cut"])
    }

    /// The 802.3 length field bounds the LLC payload (so Ethernet padding is not read as data): a length
    /// that covers the payload decodes it cleanly; one that cuts it gives the anomaly of the layer it cuts.
    @Test func the8023LengthFieldBoundsTheLLCPayload() {
        for length: UInt16 in [37, 1500] {
            let packet = Decode.packet(SampleFrames.llcSNAPICMP.setting16(12, to: length), .ethernet)
            #expect(packet.network == .ipv4, "802.3 length \(length)")
            #expect(packet.anomalies.isEmpty, "802.3 length \(length)")
        }
        #expect(Decode.anomalies(SampleFrames.llcSNAPICMP.setting16(12, to: 0), .ethernet) == ["llc.truncated"])
        #expect(Decode.anomalies(SampleFrames.llcSNAPICMP.setting16(12, to: 1), .ethernet) == ["llc.truncated"])
        let cut = Decode.packet(SampleFrames.llcSNAPICMP.setting16(12, to: 35), .ethernet)
        #expect(cut.network == .ipv4)
        #expect(
            Decode.anomalies(SampleFrames.llcSNAPICMP.setting16(12, to: 35), .ethernet) == [
                "ipv4.total_length_too_large"
            ])
        // 1501...1535 is neither a length nor an EtherType (IEEE 802.3 §3.2.6): nothing is decoded.
        let undefined = Decode.packet(SampleFrames.llcSNAPICMP.setting16(12, to: 1501), .ethernet)
        #expect(undefined.network == .none)
    }
}
