import NetVetProtocols
import NetVetTestSupport
import NetVetWire
import Testing

/// Parses `bytes` as an LLDPDU.
private func parseLLDP(_ bytes: [UInt8]) -> ParseResult<LLDPMessage> {
    bytes.withUnsafeBytes { LLDPParser.parse($0) }
}

/// One TLV: the 7-bit `type` and 9-bit length of `value` packed into 2 bytes (§8.4), then `value`.
private func tlv(_ type: UInt8, _ value: [UInt8]) -> [UInt8] {
    [type << 1 | UInt8(value.count >> 8 & 1), UInt8(value.count & 0xFF)] + value
}

/// An access switch's LLDPDU (hand-written, modelled on Cisco and ProCurve switches).
private let switchLLDPDU: [UInt8] =
    [0x02, 0x07, 0x04, 0x00, 0x1B, 0x2C, 0x3D, 0x4E, 0x5F]  // chassis ID, len 7: MAC 00:1b:2c:3d:4e:5f
    + [0x04, 0x08, 0x05] + Array("Gi1/0/7".utf8)  // port ID, len 8: interface name
    + [0x06, 0x02, 0x00, 0x78]  // TTL, len 2: 120 s
    + [0x08, 0x14] + Array("GigabitEthernet1/0/7".utf8)  // port description, len 20
    + [0x0A, 0x08] + Array("core-sw1".utf8)  // system name, len 8
    + [0x0C, 0x24] + Array("Cisco IOS Software, C2960X, 15.2(7)E3".utf8.prefix(36))  // system description, len 36
    + [0x0E, 0x04, 0x00, 0x14, 0x00, 0x04]  // capabilities, len 4: bridge+router, bridge enabled
    + [0x10, 0x0C, 0x05, 0x01, 0xC0, 0xA8, 0x01, 0x02]  // management address, len 12: 5, IPv4 192.168.1.2
    + [0x02, 0x00, 0x00, 0x00, 0x07, 0x00]  //   ifIndex 7, no OID
    + [0xFE, 0x06, 0x00, 0x80, 0xC2, 0x01, 0x00, 0x0A]  // 802.1 port VLAN ID 10
    + [0xFE, 0x06, 0x00, 0x12, 0x0F, 0x04, 0x05, 0xF2]  // 802.3 maximum frame size 1522
    + [0x00, 0x00]  // end

/// An IP phone's LLDP-MED LLDPDU (hand-written, modelled on a desk phone).
private let phoneLLDPDU: [UInt8] =
    [0x02, 0x06, 0x05, 0x01, 0xC0, 0xA8, 0x01, 0x32]  // chassis ID, len 6: network address IPv4 192.168.1.50
    + [0x04, 0x07, 0x03, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55]  // port ID, len 7: MAC 00:11:22:33:44:55
    + [0x06, 0x02, 0x00, 0xB4]  // TTL 180 s
    + [0x0A, 0x0F] + Array("SEP001122334455".utf8)  // system name, len 15
    + [0x0E, 0x04, 0x00, 0x24, 0x00, 0x24]  // capabilities: bridge+telephone, both enabled
    + [0xFE, 0x07, 0x00, 0x12, 0xBB, 0x01, 0x00, 0x33, 0x03]  // MED capabilities, class III endpoint
    + [0xFE, 0x06, 0x00, 0x12, 0xBB, 0x05] + Array("12".utf8)  // MED hardware revision "12"
    + [0xFE, 0x0C, 0x00, 0x12, 0xBB, 0x06] + Array("boot-1.2".utf8)  // MED firmware revision, len 12
    + [0xFE, 0x0D, 0x00, 0x12, 0xBB, 0x07] + Array("sip88xx.1".utf8)  // MED software revision, len 13
    + [0xFE, 0x0D, 0x00, 0x12, 0xBB, 0x08] + Array("FCH1234AB".utf8)  // MED serial number (not kept), len 13
    + [0xFE, 0x17, 0x00, 0x12, 0xBB, 0x09] + Array("Cisco Systems, Inc.".utf8)  // MED manufacturer, len 23
    + [0xFE, 0x0B, 0x00, 0x12, 0xBB, 0x0A] + Array("CP-8845".utf8)  // MED model name, len 11
    + [0xFE, 0x04, 0x00, 0x12, 0xBB, 0x0B]  // MED asset ID, empty
    + [0x00, 0x00]  // end
    + [0x00, 0x00, 0x00, 0x00]  // Ethernet padding

/// A Linux lldpd station's LLDPDU with an IPv6 management address (hand-written).
private let stationLLDPDU: [UInt8] =
    [0x02, 0x07, 0x04, 0x52, 0x54, 0x00, 0xAB, 0xCD, 0xEF]  // chassis ID: MAC 52:54:00:ab:cd:ef
    + [0x04, 0x07, 0x03, 0x52, 0x54, 0x00, 0xAB, 0xCD, 0xEF]  // port ID: MAC
    + [0x06, 0x02, 0x00, 0x78]  // TTL 120 s
    + [0x0A, 0x05] + Array("nas01".utf8)  // system name, len 5
    + [0x0C, 0x12] + Array("Debian GNU/Linux 12".utf8.prefix(18))  // system description, len 18
    + [0x0E, 0x04, 0x00, 0x80, 0x00, 0x80]  // capabilities: station, enabled
    + [0x10, 0x18, 0x11, 0x02]  // management address, len 24: string len 17, IPv6
    + [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0x50, 0x54, 0x00, 0xFF, 0xFE, 0xAB, 0xCD, 0xEF]  //   fe80::5054:ff:feab:cdef
    + [0x02, 0x00, 0x00, 0x00, 0x02, 0x00]  //   ifIndex 2, no OID
    + [0x00, 0x00]  // end

/// The samples by name, for the table-driven tests.
private let samples: [(String, [UInt8])] = [
    ("switch", switchLLDPDU), ("phone", phoneLLDPDU), ("station", stationLLDPDU),
]

/// Offsets of each TLV header in `sample`, the end TLV included.
private func tlvOffsets(_ sample: [UInt8]) -> [Int] {
    var offsets: [Int] = []
    var index = 0
    while index + 2 <= sample.count {
        offsets.append(index)
        if sample[index] >> 1 == 0 { break }
        index += 2 + (Int(sample[index] & 1) << 8 | Int(sample[index + 1]))
    }
    return offsets
}

@Suite("LLDP")
struct LLDPTests {
    @Test("a switch LLDPDU gives identifiers, names, capabilities, address and 802.1/802.3 TLVs")
    func switchFrame() throws {
        let result = parseLLDP(switchLLDPDU)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.chassisID?.macAddress == MACAddress("00:1b:2c:3d:4e:5f"))
        #expect(message.portID?.subtype == 5 && message.portID?.text == "Gi1/0/7")
        #expect(message.timeToLive == 120)
        #expect(message.portDescription == "GigabitEthernet1/0/7")
        #expect(message.systemName == "core-sw1")
        #expect(message.systemDescription == "Cisco IOS Software, C2960X, 15.2(7)E")
        #expect(message.capabilities == [.bridge, .router] && message.enabledCapabilities == [.bridge])
        #expect(message.capabilities?.names == ["bridge", "router"])
        #expect(message.managementAddresses.first?.address == IPAddress("192.168.1.2"))
        #expect(message.managementAddresses.first?.interfaceNumber == 7)
        #expect(message.portVLANID == 10 && message.maximumFrameSize == 1522)
        #expect(message.organizationTLVs.map(\.organization) == [.ieee8021, .ieee8023])
        #expect(message.inventory == nil)
    }

    @Test("a phone LLDPDU gives LLDP-MED inventory without the serial number's value")
    func phoneFrame() throws {
        let result = parseLLDP(phoneLLDPDU)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.chassisID?.networkAddress == IPAddress("192.168.1.50"))
        #expect(message.portID?.macAddress == MACAddress("00:11:22:33:44:55"))
        #expect(message.capabilities?.names == ["bridge", "telephone"])
        let inventory = try #require(message.inventory)
        #expect(inventory.hardwareRevision == "12" && inventory.firmwareRevision == "boot-1.2")
        #expect(inventory.softwareRevision == "sip88xx.1")
        #expect(inventory.hasSerialNumber)
        #expect(inventory.manufacturerName == "Cisco Systems, Inc." && inventory.modelName == "CP-8845")
        #expect(inventory.assetID == "")
        #expect(LLDPOrganization.lldpMED.description == "00-12-bb")
    }

    @Test("a station LLDPDU gives an IPv6 management address")
    func stationFrame() throws {
        let result = parseLLDP(stationLLDPDU)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.chassisID?.macAddress == MACAddress("52:54:00:ab:cd:ef"))
        #expect(message.managementAddresses.first?.address == IPAddress("fe80::5054:ff:feab:cdef"))
        #expect(message.capabilities == .station)
    }

    @Test("the 9-bit length reaches past 255 and over-long strings are cut and named")
    func longLength() throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 300)
        let frame = Array(switchLLDPDU.prefix(23)) + [0x0D, 0x2C] + long + [0x00, 0x00]  // desc, len 0x12c = 300
        let result = parseLLDP(frame)
        #expect(result.anomalies == [.lldpStringTooLong])
        #expect(result.message?.systemDescription?.utf8.count == 255)
        #expect(tlv(6, long).prefix(2) == [0x0D, 0x2C])
    }

    @Test("missing, misordered and repeated TLVs and wrong fixed lengths are named")
    func namedAnomalies() {
        let chassis: [UInt8] = [0x02, 0x07, 0x04, 0x00, 0x1B, 0x2C, 0x3D, 0x4E, 0x5F]  // chassis ID MAC
        let port: [UInt8] = [0x04, 0x02, 0x07, 0x31]  // port ID, locally assigned "1"
        let ttl: [UInt8] = [0x06, 0x02, 0x00, 0x78]  // TTL 120
        let end: [UInt8] = [0x00, 0x00]
        #expect(parseLLDP(chassis + port + ttl + end).anomalies.isEmpty)
        #expect(parseLLDP(port + ttl + end).anomalies == [.lldpMissingChassisID])
        #expect(parseLLDP(chassis + ttl + end).anomalies == [.lldpMissingPortID])
        #expect(parseLLDP(chassis + port + end).anomalies == [.lldpMissingTTL])
        #expect(parseLLDP(port + chassis + ttl + end).anomalies == [.lldpMandatoryTLVOrder])
        #expect(parseLLDP(chassis + port + ttl + ttl + end).anomalies == [.lldpDuplicateTLV])
        #expect(parseLLDP(chassis + port + ttl).anomalies == [.lldpEndMissing])
        #expect(parseLLDP(chassis + port + [0x06, 0x01, 0x78] + end).anomalies == [.lldpTLVLengthMismatch])
        let shortMAC: [UInt8] = [0x02, 0x04, 0x04, 0x00, 0x1B, 0x2C]  // chassis MAC subtype with 3 bytes
        #expect(parseLLDP(shortMAC + port + ttl + end).anomalies == [.lldpTLVLengthMismatch])
        #expect(parseLLDP(chassis + port + ttl + [0xFE, 0x02, 0x00, 0x80] + end).anomalies == [.lldpTLVLengthMismatch])
        #expect(parseLLDP(chassis + port + ttl + [0x0E, 0x02, 0x00, 0x14] + end).anomalies == [.lldpTLVLengthMismatch])
        let badAddress: [UInt8] = [0x10, 0x03, 0x21, 0x01, 0x02]  // address string length 33
        #expect(parseLLDP(chassis + port + ttl + badAddress + end).anomalies == [.lldpTLVLengthMismatch])
        #expect(parseLLDP(chassis + port + ttl + [0x00, 0x01, 0x00]).anomalies == [.lldpTLVLengthMismatch])
        // 200 empty TLVs of type 12, more than the cap.
        let empties = chassis + port + ttl + Array(repeating: [0x18, 0x00], count: 200).flatMap { $0 }
        #expect(parseLLDP(empties).anomalies == [.lldpTooManyTLVs])
        #expect(parseLLDP([0x02]).anomalies == [.lldpTruncated])
        #expect(LLDPTLVType(rawValue: 0x50).description == "0x50")
        #expect(LLDPCapabilities(rawValue: 0x8001).names == ["other", "bit15"])
    }

    @Test("every TLV length made smaller or larger never traps and is noticed", arguments: samples.map(\.0))
    func lengthMutations(name: String) {
        guard let sample = samples.first(where: { $0.0 == name })?.1 else { return }
        let original = parseLLDP(sample).message
        for offset in tlvOffsets(sample) {
            let length = Int(sample[offset] & 1) << 8 | Int(sample[offset + 1])
            for newLength in [length - 1, length + 1, 511] where newLength >= 0 {
                var mutated = sample
                mutated[offset] = sample[offset] & 0xFE | UInt8(newLength >> 8 & 1)
                mutated[offset + 1] = UInt8(newLength & 0xFF)
                let result = parseLLDP(mutated)
                #expect(
                    !result.anomalies.isEmpty || result.message != original,
                    "\(name): length at \(offset) set to \(newLength)")
            }
        }
    }

    @Test("truncation at every offset gives malformed or a message with an anomaly", arguments: samples.map(\.0))
    func truncation(name: String) {
        guard let sample = samples.first(where: { $0.0 == name })?.1 else { return }
        // Cutting padding after the end TLV loses nothing, so only cuts before the end of the end TLV count.
        let endOfEnd = (tlvOffsets(sample).last ?? 0) + 2
        for length in 0..<endOfEnd {
            switch parseLLDP(Array(sample.prefix(length))) {
            case .malformed(let anomalies):
                #expect(anomalies == [.lldpTruncated] && length < 2, "\(name) cut at \(length)")
            case .message(_, let anomalies):
                #expect(!anomalies.isEmpty, "\(name) cut at \(length)")
            case .needMoreData:
                Issue.record("\(name) cut at \(length): a frame parser never needs more data")
            }
        }
    }

    /// Every corpus capture with LLDP, found once with
    /// `for f in ../shared/corpus/**/*.pcap*; do tshark -r $f -T fields -e frame.protocols | grep -qw lldp && echo $f; done`.
    static let corpusFiles = [
        "arkime/pcap/wireshark-lldp.pcap", "tcpdump/tests/lldp-app-priority.pcap", "tcpdump/tests/lldp_mudurl.pcap",
        "zeek/Traces/lldp.pcap",
    ]

    @Test(
        "system name, description, chassis MAC, management IPv4 and capabilities agree with tshark", .requiresCorpus,
        .requiresTShark)
    func corpusAgreement() throws {
        var compared = 0
        var disagreements: [String] = []
        for file in Self.corpusFiles {
            let payloads = try TShark.rawLayer(Corpus.url(file), filter: "lldp", layer: "lldp")
            let rows = try TShark.fields(
                Corpus.url(file), filter: "lldp",
                fields: [
                    "lldp.tlv.system.name", "lldp.tlv.system.desc", "lldp.chassis.id.mac", "lldp.mgn.addr.ip4",
                    "lldp.tlv.system_cap", "lldp.tlv.enable_system_cap",
                ])
            for (payload, row) in zip(payloads, rows) where row.count == 6 && !payload.isEmpty {
                compared += 1
                let message = parseLLDP(payload).message
                let ours = [
                    message?.systemName ?? "", message?.systemDescription ?? "",
                    message?.chassisID?.macAddress?.description ?? "",
                    message?.managementAddresses.compactMap { address -> String? in
                        if case .v4(let v4) = address.address { return v4.description }
                        return nil
                    }.joined(separator: ",") ?? "",
                    message?.capabilities.map { hex4($0.rawValue) } ?? "",
                    message?.enabledCapabilities.map { hex4($0.rawValue) } ?? "",
                ]
                if ours != row { disagreements.append("\(file): ours \(ours), tshark \(row)") }
            }
        }
        print("LLDP corpus agreement: \(compared - disagreements.count)/\(compared) LLDPDUs")
        #expect(compared > 0)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}

/// `value` as `0x` and 4 lower-case hex digits, as tshark prints 16-bit bit sets.
private func hex4(_ value: UInt16) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
