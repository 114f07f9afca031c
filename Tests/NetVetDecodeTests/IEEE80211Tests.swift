import NetVetDecode
import NetVetTestSupport
import NetVetWire
import Testing

/// IEEE 802.11 data frames (DLT 105) and radiotap (DLT 127).
@Suite struct IEEE80211Tests {
    @Test func toDistributionSystem() {
        let packet = Decode.packet(SampleFrames.wifiToDS, .ieee80211)
        #expect(packet.sourceMAC == Address.host, "SA is address 2")
        #expect(packet.destinationMAC == Address.router, "DA is address 3")
        #expect(packet.transmitterMAC == Address.host)
        #expect(packet.etherType == EtherType.ipv4)
        #expect(packet.sourceIP == Address.hostIPv4)
        #expect(packet.sourcePort == 40005 && packet.destinationPort == 53)
        #expect(packet.payloadOffset == 60 && packet.payloadLength == 22)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func fromDistributionSystem() {
        let packet = Decode.packet(SampleFrames.wifiFromDS, .ieee80211)
        #expect(packet.destinationMAC == Address.host, "DA is address 1")
        #expect(packet.sourceMAC == Address.router, "SA is address 3")
        #expect(packet.transmitterMAC == Address.accessPoint, "the AP relayed it")
        #expect(packet.sourceIP == Address.routerIPv4)
        #expect(packet.payloadOffset == 60 && packet.payloadLength == 38)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func fourAddressFrame() {
        let packet = Decode.packet(SampleFrames.wifiFourAddress, .ieee80211)
        #expect(packet.destinationMAC == Address.router, "DA is address 3")
        #expect(packet.sourceMAC == Address.host, "SA is address 4")
        #expect(packet.transmitterMAC == Address.accessPoint)
        #expect(packet.transport == .icmp && packet.icmpType == 8)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func noDistributionSystemBits() {
        // An ad hoc (IBSS) data frame: DA is address 1, SA address 2.
        let packet = Decode.packet(SampleFrames.wifiToDS.setting(1, to: 0x00), .ieee80211)
        #expect(packet.destinationMAC == Address.accessPoint)
        #expect(packet.sourceMAC == Address.host)
        #expect(packet.network == .ipv4)
    }

    @Test func qosData() {
        let packet = Decode.packet(SampleFrames.wifiQoSToDS, .ieee80211)
        #expect(packet.sourceMAC == Address.host && packet.destinationMAC == Address.router)
        #expect(packet.transport == .tcp && packet.tcpFlags == TCPFlag.syn)
        #expect(packet.payloadOffset == 94 && packet.payloadLength == 0)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func qosDataWithHTControl() {
        // The Order bit on a QoS data frame adds a 4-byte HT Control field after QoS Control.
        let base = SampleFrames.wifiQoSToDS
        let frame = Array(base[0..<26]).setting(1, to: 0x81) + [0x00, 0x00, 0x00, 0x00] + Array(base[26...])
        let packet = Decode.packet(frame, .ieee80211)
        #expect(packet.transport == .tcp)
        #expect(packet.payloadOffset == 98)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func nullFunctionHasNoBody() {
        // Subtype 4 (null function), to-DS: a power-save signal with no body.
        let frame = Array(SampleFrames.wifiToDS[0..<24]).setting(0, to: 0x48)
        let packet = Decode.packet(frame, .ieee80211)
        #expect(packet.sourceMAC == Address.host)
        #expect(packet.network == .none)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func protectedFrameKeepsAddressesButNotTheBody() {
        let packet = Decode.packet(SampleFrames.wifiProtected, .ieee80211)
        #expect(packet.sourceMAC == Address.host && packet.destinationMAC == Address.router)
        #expect(packet.transmitterMAC == Address.host)
        #expect(packet.network == .none)
        #expect(packet.sourceIP == nil)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func managementFrameNamesNoDevice() {
        let packet = Decode.packet(SampleFrames.wifiBeacon, .ieee80211)
        #expect(packet.sourceMAC == nil && packet.destinationMAC == nil && packet.transmitterMAC == nil)
        #expect(packet.network == .none)
        #expect(packet.anomalies.isEmpty)
    }

    @Test func cutHeaderIsTruncated() {
        let frame = Array(SampleFrames.wifiToDS[0..<23])
        #expect(Decode.anomalies(frame, .ieee80211) == ["ieee80211.truncated"])
        #expect(Decode.anomalies(frame, .ieee80211, wireLength: 82) == ["capture.snaplen_cut"])
        let fourAddress = Array(SampleFrames.wifiFourAddress[0..<29])
        #expect(Decode.anomalies(fourAddress, .ieee80211) == ["ieee80211.truncated"])
        let qos = Array(SampleFrames.wifiQoSToDS[0..<25])
        #expect(Decode.anomalies(qos, .ieee80211) == ["ieee80211.truncated"])
    }

    // MARK: Radiotap

    @Test func radiotapWithoutFCS() {
        let packet = Decode.packet(SampleFrames.radiotapToDS, .ieee80211Radiotap)
        #expect(packet.sourceMAC == Address.host && packet.destinationMAC == Address.router)
        #expect(packet.payloadOffset == 74 && packet.payloadLength == 22)
        #expect(packet.anomalies.isEmpty)
    }

    @Test(arguments: [
        (SampleFrames.radiotapQoSFromDSWithFCS, 85),
        (SampleFrames.radiotapExtendedPresentWithFCS, 93),
    ])
    func radiotapWithFCS(frame: [UInt8], payloadOffset: Int) {
        let packet = Decode.packet(frame, .ieee80211Radiotap)
        #expect(packet.sourceMAC == Address.router && packet.destinationMAC == Address.host)
        #expect(packet.transmitterMAC == Address.accessPoint)
        #expect(packet.sourceIP == Address.routerIPv4)
        #expect(packet.payloadOffset == payloadOffset && packet.payloadLength == 38)
        #expect(packet.payloadOffset + packet.payloadLength == frame.count - 4, "the FCS is not payload")
        #expect(packet.anomalies.isEmpty)
    }

    @Test func fcsBytesAreNotPartOfTheDatagram() {
        // An IPv4 total length 2 bytes longer than the datagram reaches into the FCS: too large when the
        // Flags field announces an FCS (offset 16), in bounds when it does not.
        let longer = SampleFrames.radiotapQoSFromDSWithFCS.setting16(59, to: 68)
        #expect(Decode.anomalies(longer, .ieee80211Radiotap) == ["ipv4.total_length_too_large"])
        #expect(Decode.anomalies(longer.setting(16, to: 0x00), .ieee80211Radiotap).isEmpty)
    }

    @Test func fcsIsKeptWhenTheSnapLengthCutTheFrame() {
        // A snap-length cut already dropped the frame's end: nothing more is trimmed.
        let frame = Array(SampleFrames.radiotapQoSFromDSWithFCS[0..<125])
        let packet = Decode.packet(frame, .ieee80211Radiotap, wireLength: 127)
        #expect(packet.anomalies.isEmpty, "the IP datagram ends at 123, before the cut")
        #expect(packet.payloadLength == 38)
    }

    @Test(arguments: [UInt16(0), 7])
    func radiotapLengthTooSmall(length: UInt16) {
        let frame = SampleFrames.radiotapToDS.setting16LE(2, to: length)
        let packet = Decode.packet(frame, .ieee80211Radiotap)
        #expect(Decode.names(packet) == ["radiotap.bad_length"])
        #expect(packet.sourceMAC == nil)
    }

    @Test func radiotapLengthShorterThanItsPresentFields() {
        // TSFT and Flags are present but the length stops at the bitmap (8 bytes): where the 802.11 header
        // starts is unknown, so nothing after the radiotap header is read.
        for frame in [SampleFrames.radiotapQoSFromDSWithFCS, SampleFrames.radiotapToDS] {
            let packet = Decode.packet(frame.setting16LE(2, to: 8), .ieee80211Radiotap)
            #expect(Decode.names(packet) == ["radiotap.bad_length"])
            #expect(packet.sourceMAC == nil)
        }
        // The extended bitmap announces a second word the length does not hold.
        let extended = SampleFrames.radiotapExtendedPresentWithFCS.setting16LE(2, to: 8)
        #expect(Decode.anomalies(extended, .ieee80211Radiotap) == ["radiotap.bad_length"])
    }

    @Test func radiotapLengthTooLarge() {
        let frame = SampleFrames.radiotapToDS.setting16LE(2, to: 97)
        #expect(Decode.anomalies(frame, .ieee80211Radiotap) == ["radiotap.truncated"])
        #expect(Decode.anomalies(frame, .ieee80211Radiotap, wireLength: 200) == ["capture.snaplen_cut"])
    }

    @Test func radiotapBadVersion() {
        let frame = SampleFrames.radiotapToDS.setting(0, to: 1)
        #expect(Decode.anomalies(frame, .ieee80211Radiotap) == ["radiotap.bad_length"])
    }

    @Test func radiotapCutHeaderIsTruncated() {
        let frame = Array(SampleFrames.radiotapToDS[0..<7])
        #expect(Decode.anomalies(frame, .ieee80211Radiotap) == ["radiotap.truncated"])
    }
}
