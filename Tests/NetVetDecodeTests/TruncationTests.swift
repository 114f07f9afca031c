import NetVetDecode
import NetVetWire
import Testing

/// Truncation at every offset (STYLE.md §7.1): every prefix of every sample frame, for every link type it is
/// valid under, decoded as a malformed frame (wire length = prefix length) and as a snap-length cut (wire
/// length = the full frame). The decoder must never trap, never read past the prefix, name an anomaly
/// whenever a header is cut, say `capture.snaplen_cut` (and nothing else) for a capture cut, and keep every
/// field whose bytes the prefix holds.
@Suite struct TruncationTests {
    /// A decoded field compared between a prefix and the whole frame.
    enum Field: String, CaseIterable, Sendable {
        case destinationMAC, sourceMAC, transmitterMAC, vlans, arp, ipHeader, transportHeader, icmp, ndpTarget,
            ndpLinkLayer

        /// The field's value in `packet`, as text.
        func value(_ packet: DecodedPacket) -> String {
            switch self {
            case .destinationMAC: return Decode.text(packet.destinationMAC)
            case .sourceMAC: return Decode.text(packet.sourceMAC)
            case .transmitterMAC: return Decode.text(packet.transmitterMAC)
            case .vlans:
                return "\(Decode.text(packet.outerVLAN)) \(Decode.text(packet.innerVLAN)) \(packet.vlanDepth)"
            case .arp: return String(describing: packet.arp)
            case .ipHeader:
                return "\(Decode.text(packet.sourceIP)) \(Decode.text(packet.destinationIP)) \(packet.hopLimit)"
            case .transportHeader:
                return "\(packet.transport) \(packet.sourcePort) \(packet.destinationPort) \(packet.tcpFlags)"
            case .icmp: return "\(packet.transport) \(packet.icmpType) \(packet.icmpCode)"
            case .ndpTarget: return "\(Decode.text(packet.ndp?.type)) \(Decode.text(packet.ndp?.target))"
            case .ndpLinkLayer:
                return "\(Decode.text(packet.ndp?.sourceLinkLayer)) \(Decode.text(packet.ndp?.targetLinkLayer))"
            }
        }
    }

    /// A frame, the link type it is decoded as, and what a prefix of it must keep.
    struct Sample: Sendable, CustomTestStringConvertible {
        var name: String
        var linkType: LinkType
        var bytes: [UInt8]
        /// The end of the last header or datagram the decoder checks (padding and an FCS come after it): a
        /// prefix shorter than this is cut.
        var checkedEnd: Int
        /// True when radiotap flags a trailing FCS, which an uncut decode trims before reading the frame.
        var hasFCS = false
        /// For an 802.11 data frame, the prefix length that ends with the MAC header: an uncut frame without a
        /// body is legal (no MSDU), so only a capture cut there is an anomaly.
        var emptyBodyAt: Int? = nil
        /// The prefix length from which each field must equal the whole frame's.
        var kept: [Field: Int]

        var testDescription: String { "\(name) as \(linkType)" }
    }

    /// An Ethernet sample: the MACs are kept once both are present (12 bytes), before the EtherType.
    static func ethernet(_ name: String, _ bytes: [UInt8], checkedEnd: Int, _ kept: [Field: Int]) -> Sample {
        Sample(
            name: name, linkType: .ethernet, bytes: bytes, checkedEnd: checkedEnd,
            kept: kept.merging([.destinationMAC: 12, .sourceMAC: 12]) { first, _ in first })
    }

    /// `body` (an IPv4 or IPv6 loopback packet) behind a DLT_NULL or DLT_LOOP family header.
    static func loopback(_ linkType: LinkType, _ header: [UInt8], _ body: [UInt8], isIPv6: Bool) -> Sample {
        let ipEnd = isIPv6 ? 44 : 24
        return Sample(
            name: "loopback-\(header.map { String($0, radix: 16) }.joined(separator: "-"))", linkType: linkType,
            bytes: header + body, checkedEnd: 4 + body.count,
            kept: [.ipHeader: ipEnd, .transportHeader: ipEnd + 8])
    }

    /// Every sample frame under every link type it is valid for (raw IP and loopback under each variant).
    static let samples: [Sample] = {
        var samples: [Sample] = [
            ethernet(
                "ethernetTCPSYN", SampleFrames.ethernetTCPSYN, checkedEnd: 74, [.ipHeader: 34, .transportHeader: 54]),
            ethernet(
                "ethernetTCPData", SampleFrames.ethernetTCPData, checkedEnd: 84, [.ipHeader: 34, .transportHeader: 54]),
            ethernet(
                "ethernetUDPPadded", SampleFrames.ethernetUDPPadded, checkedEnd: 48,
                [.ipHeader: 34, .transportHeader: 42]),
            ethernet("ethernetICMPEcho", SampleFrames.ethernetICMPEcho, checkedEnd: 74, [.ipHeader: 34, .icmp: 38]),
            ethernet(
                "vlanICMPEchoReply", SampleFrames.vlanICMPEchoReply, checkedEnd: 50,
                [.vlans: 18, .ipHeader: 38, .icmp: 42]),
            ethernet(
                "qinqUDP", SampleFrames.qinqUDP, checkedEnd: 72, [.vlans: 22, .ipHeader: 42, .transportHeader: 50]),
            ethernet("llcSNAPICMP", SampleFrames.llcSNAPICMP, checkedEnd: 50, [.ipHeader: 42, .icmp: 46]),
            ethernet("llcSTP", SampleFrames.llcSTP, checkedEnd: 16, [:]),
            ethernet("arpRequest", SampleFrames.arpRequest, checkedEnd: 42, [.arp: 42]),
            ethernet("arpReply", SampleFrames.arpReply, checkedEnd: 42, [.arp: 42]),
            ethernet("ipv4OptionsIGMP", SampleFrames.ipv4OptionsIGMP, checkedEnd: 46, [.ipHeader: 38]),
            ethernet(
                "ipv4FirstFragment", SampleFrames.ipv4FirstFragment, checkedEnd: 50,
                [.ipHeader: 34, .transportHeader: 42]),
            ethernet("ipv4LaterFragment", SampleFrames.ipv4LaterFragment, checkedEnd: 50, [.ipHeader: 34]),
            ethernet(
                "ipv6FragmentFirst", SampleFrames.ipv6FragmentFirst, checkedEnd: 86,
                [.ipHeader: 54, .transportHeader: 78]),
            ethernet("ipv6FragmentLater", SampleFrames.ipv6FragmentLater, checkedEnd: 86, [.ipHeader: 54]),
            ethernet(
                "ndpNeighborSolicitation", SampleFrames.ndpNeighborSolicitation, checkedEnd: 86,
                [.ipHeader: 54, .icmp: 58, .ndpTarget: 78, .ndpLinkLayer: 86]),
            ethernet(
                "ndpNeighborAdvertisement", SampleFrames.ndpNeighborAdvertisement, checkedEnd: 86,
                [.ipHeader: 54, .icmp: 58, .ndpTarget: 78, .ndpLinkLayer: 86]),
            ethernet(
                "ndpRouterSolicitation", SampleFrames.ndpRouterSolicitation, checkedEnd: 70,
                [.ipHeader: 54, .icmp: 58, .ndpTarget: 62, .ndpLinkLayer: 70]),
            ethernet(
                "ndpRouterAdvertisement", SampleFrames.ndpRouterAdvertisement, checkedEnd: 118,
                [.ipHeader: 54, .icmp: 58, .ndpTarget: 70, .ndpLinkLayer: 78]),
            ethernet(
                "ndpDuplicateAddressDetection", SampleFrames.ndpDuplicateAddressDetection, checkedEnd: 78,
                [.ipHeader: 54, .icmp: 58, .ndpTarget: 78, .ndpLinkLayer: 78]),
            Sample(
                name: "sllUDP", linkType: .linuxSLL, bytes: SampleFrames.sllUDP, checkedEnd: 66,
                kept: [.sourceMAC: 16, .ipHeader: 36, .transportHeader: 44]),
            Sample(
                name: "sll2ICMPv6Echo", linkType: .linuxSLL2, bytes: SampleFrames.sll2ICMPv6Echo, checkedEnd: 76,
                kept: [.sourceMAC: 20, .ipHeader: 60, .icmp: 64]),
            Sample(
                name: "wifiToDS", linkType: .ieee80211, bytes: SampleFrames.wifiToDS, checkedEnd: 82, emptyBodyAt: 24,
                kept: [.sourceMAC: 16, .transmitterMAC: 16, .destinationMAC: 22, .ipHeader: 52, .transportHeader: 60]),
            Sample(
                name: "wifiFromDS", linkType: .ieee80211, bytes: SampleFrames.wifiFromDS, checkedEnd: 98,
                emptyBodyAt: 24,
                kept: [.destinationMAC: 10, .transmitterMAC: 16, .sourceMAC: 22, .ipHeader: 52, .transportHeader: 60]),
            Sample(
                name: "wifiFourAddress", linkType: .ieee80211, bytes: SampleFrames.wifiFourAddress, checkedEnd: 66,
                emptyBodyAt: 30,
                kept: [.transmitterMAC: 16, .destinationMAC: 22, .sourceMAC: 30, .ipHeader: 58, .icmp: 62]),
            Sample(
                name: "wifiQoSToDS", linkType: .ieee80211, bytes: SampleFrames.wifiQoSToDS, checkedEnd: 94,
                emptyBodyAt: 26,
                kept: [.sourceMAC: 16, .transmitterMAC: 16, .destinationMAC: 22, .ipHeader: 54, .transportHeader: 74]),
            Sample(
                name: "wifiProtected", linkType: .ieee80211, bytes: SampleFrames.wifiProtected, checkedEnd: 24,
                kept: [.sourceMAC: 16, .transmitterMAC: 16, .destinationMAC: 22]),
            Sample(
                name: "wifiBeacon", linkType: .ieee80211, bytes: SampleFrames.wifiBeacon, checkedEnd: 2,
                kept: [.sourceMAC: 0, .destinationMAC: 0, .transmitterMAC: 0]),
            Sample(
                name: "radiotapToDS", linkType: .ieee80211Radiotap, bytes: SampleFrames.radiotapToDS, checkedEnd: 96,
                emptyBodyAt: 38,
                kept: [.sourceMAC: 30, .transmitterMAC: 30, .destinationMAC: 36, .ipHeader: 66, .transportHeader: 74]),
            Sample(
                name: "radiotapQoSFromDSWithFCS", linkType: .ieee80211Radiotap,
                bytes: SampleFrames.radiotapQoSFromDSWithFCS, checkedEnd: 123, hasFCS: true, emptyBodyAt: 49,
                kept: [.destinationMAC: 33, .transmitterMAC: 39, .sourceMAC: 45, .ipHeader: 77, .transportHeader: 85]),
            Sample(
                name: "radiotapExtendedPresentWithFCS", linkType: .ieee80211Radiotap,
                bytes: SampleFrames.radiotapExtendedPresentWithFCS, checkedEnd: 131, hasFCS: true, emptyBodyAt: 57,
                kept: [.destinationMAC: 41, .transmitterMAC: 47, .sourceMAC: 53, .ipHeader: 85, .transportHeader: 93]),
        ]
        for linkType in [LinkType.raw, .rawLinktype, .ipv4] {
            samples.append(
                Sample(
                    name: "rawIPv4UDP", linkType: linkType, bytes: SampleFrames.rawIPv4UDP, checkedEnd: 50,
                    kept: [.ipHeader: 20, .transportHeader: 28]))
        }
        for linkType in [LinkType.raw, .rawLinktype, .ipv6] {
            samples.append(
                Sample(
                    name: "rawIPv6TCPSYN", linkType: linkType, bytes: SampleFrames.rawIPv6TCPSYN, checkedEnd: 80,
                    kept: [.ipHeader: 40, .transportHeader: 60]))
        }
        for (header, isIPv6) in CookedAndRawTests.nullFamilies {
            let body = isIPv6 ? SampleFrames.loopbackIPv6UDP : SampleFrames.loopbackIPv4UDP
            samples.append(loopback(.null, header, body, isIPv6: isIPv6))
        }
        samples.append(loopback(.loop, [0, 0, 0, 2], SampleFrames.loopbackIPv4UDP, isIPv6: false))
        samples.append(loopback(.loop, [0, 0, 0, 24], SampleFrames.loopbackIPv6UDP, isIPv6: true))
        return samples
    }()

    @Test func everySupportedLinkTypeHasASample() {
        let covered = Set(Self.samples.map(\.linkType))
        for linkType in LinkType.supported {
            #expect(covered.contains(linkType), "no truncation sample for \(linkType)")
        }
    }

    @Test(arguments: samples)
    func wholeSampleDecodesCleanly(sample: Sample) {
        let packet = Decode.packet(sample.bytes, sample.linkType)
        #expect(packet.anomalies.isEmpty, "\(Decode.summary(packet))")
    }

    @Test(arguments: samples)
    func everyPrefixAsAMalformedFrame(sample: Sample) {
        let whole = Decode.packet(sample.bytes, sample.linkType)
        // An uncut frame with an FCS loses 4 more bytes to the trim, so its checked bytes end 4 bytes later.
        let checkedEnd = sample.hasFCS ? sample.bytes.count : sample.checkedEnd
        let shift = sample.hasFCS ? 4 : 0
        for count in 0...sample.bytes.count {
            let packet = Self.decodePrefix(sample, count: count, wireLength: count)
            let names = Decode.names(packet)
            if let emptyBody = sample.emptyBodyAt, count == emptyBody + shift {
                #expect(names.isEmpty, "\(sample.name): an 802.11 frame without a body: \(names)")
            } else if count < checkedEnd {
                #expect(!names.isEmpty, "\(sample.name): \(count) bytes decode without an anomaly")
                #expect(!names.contains("capture.snaplen_cut"), "\(sample.name): \(count) bytes")
            } else {
                #expect(names.isEmpty, "\(sample.name): \(count) bytes: \(names)")
            }
            Self.expectKeptFields(sample, packet, whole, count: count, shift: shift)
        }
    }

    @Test(arguments: samples)
    func everyPrefixAsASnapLengthCut(sample: Sample) {
        let whole = Decode.packet(sample.bytes, sample.linkType)
        for count in 0...sample.bytes.count {
            let packet = Self.decodePrefix(sample, count: count, wireLength: sample.bytes.count)
            let names = Decode.names(packet)
            if count < sample.checkedEnd {
                #expect(names == ["capture.snaplen_cut"], "\(sample.name): \(count) of \(sample.bytes.count) bytes")
            } else {
                #expect(names.isEmpty, "\(sample.name): \(count) of \(sample.bytes.count) bytes: \(names)")
            }
            #expect(packet.wireLength == sample.bytes.count)
            Self.expectKeptFields(sample, packet, whole, count: count, shift: 0)
        }
    }

    /// A length that overruns its own IP datagram is malformed even in a frame the capture cut, when the cut
    /// fell after the datagram (in Ethernet padding or a trailer): the capture lost none of its bytes.
    @Test func overrunInsideACapturedDatagramIsNotASnapLengthCut() {
        // UDP length 15 in a 34-byte IPv4 datagram; the capture kept 52 of the 60 bytes.
        let udp = Array(SampleFrames.ethernetUDPPadded.setting16(38, to: 15)[0..<52])
        #expect(Decode.anomalies(udp, .ethernet, wireLength: 60) == ["udp.length_too_large"])
        // TCP data offset 15 (60 bytes) in a 52-byte segment, followed by a 4-byte trailer the capture cut short.
        let tcp = SampleFrames.ethernetTCPData.setting(46, to: 0xF0) + [0x00, 0x00, 0x00, 0x00]
        #expect(Decode.anomalies(tcp, .ethernet, wireLength: 94) == ["tcp.data_offset_too_large"])
        // An NDP option of 2 units where 8 bytes of IPv6 payload remain.
        let solicitation = SampleFrames.ndpNeighborSolicitation.setting(79, to: 2) + [0x00, 0x00]
        #expect(Decode.anomalies(solicitation, .ethernet, wireLength: 96) == ["ndp.option_truncated"])
        // The same overruns in datagrams the cut did reach are capture cuts.
        let cutUDP = Array(SampleFrames.ethernetUDPPadded.setting16(16, to: 46).setting16(38, to: 40)[0..<50])
        #expect(Decode.anomalies(cutUDP, .ethernet, wireLength: 60) == ["capture.snaplen_cut"])
    }

    /// Decodes the first `count` bytes of `sample` twice, with different bytes after them in memory, and
    /// expects the same result: a decoder that read past the prefix would see the difference.
    static func decodePrefix(_ sample: Sample, count: Int, wireLength: Int) -> DecodedPacket {
        let zeros = Decode.prefix(sample.bytes, count: count, sample.linkType, wireLength: wireLength, filler: 0x00)
        let ones = Decode.prefix(sample.bytes, count: count, sample.linkType, wireLength: wireLength, filler: 0xFF)
        #expect(Decode.summary(zeros) == Decode.summary(ones), "\(sample.name): \(count) bytes read past the end")
        #expect(zeros.payloadOffset + zeros.payloadLength <= count, "\(sample.name): payload beyond \(count) bytes")
        return zeros
    }

    /// Every field whose bytes the prefix holds has the whole frame's value.
    static func expectKeptFields(
        _ sample: Sample, _ packet: DecodedPacket, _ whole: DecodedPacket, count: Int, shift: Int
    ) {
        for (field, threshold) in sample.kept where count >= threshold + shift {
            #expect(
                field.value(packet) == field.value(whole),
                "\(sample.name): \(field) lost at \(count) bytes (kept from \(threshold + shift))")
        }
    }
}
