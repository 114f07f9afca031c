import NetVetProtocols
import NetVetTestSupport
import NetVetWire
import Testing

/// Parses `bytes` as a CDP payload.
private func parseCDP(_ bytes: [UInt8]) -> ParseResult<CDPMessage> {
    bytes.withUnsafeBytes { CDPParser.parse($0) }
}

// The samples below are hand-written, modelled on a Catalyst access switch and a Cisco desk phone; their
// checksums were computed once with an independent script implementing Wireshark's CDP checksum.

/// A Catalyst switch's CDPv2 message (248 bytes, even length).
private let switchCDP: [UInt8] =
    [0x02, 0xB4, 0x28, 0xED]  // version 2, TTL 180, checksum
    + [0x00, 0x01, 0x00, 0x1B] + Array("sw-access-1.example.com".utf8)  // device ID, len 27
    + [0x00, 0x05, 0x00, 0x69]  // software version, len 105:
    + Array("Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), ".utf8)  //   first 60 bytes
    + Array("Version 15.2(7)E3, RELEASE SOFTWARE (fc3)".utf8)  //   last 41 bytes
    + [0x00, 0x06, 0x00, 0x1B] + Array("cisco WS-C2960X-48FPD-L".utf8)  // platform, len 27
    + [0x00, 0x02, 0x00, 0x11, 0x00, 0x00, 0x00, 0x01]  // addresses, len 17: 1 entry
    + [0x01, 0x01, 0xCC, 0x00, 0x04, 0xC0, 0xA8, 0x01, 0x02]  //   NLPID 0xcc (IPv4), 4 bytes: 192.168.1.2
    + [0x00, 0x03, 0x00, 0x18] + Array("GigabitEthernet1/0/7".utf8)  // port ID, len 24
    + [0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x28]  // capabilities: switch, IGMP, len 8
    + [0x00, 0x09, 0x00, 0x08] + Array("corp".utf8)  // VTP domain, len 8
    + [0x00, 0x0A, 0x00, 0x06, 0x00, 0x01]  // native VLAN 1, len 6
    + [0x00, 0x0B, 0x00, 0x05, 0x01]  // duplex full, len 5
    + [0x00, 0x16, 0x00, 0x11, 0x00, 0x00, 0x00, 0x01]  // management addresses, len 17: 1 entry
    + [0x01, 0x01, 0xCC, 0x00, 0x04, 0xC0, 0xA8, 0x01, 0x02]  //   NLPID 0xcc (IPv4), 4 bytes: 192.168.1.2

/// A Cisco IP phone's CDPv2 message (137 bytes: odd length, last byte with the high bit set).
private let phoneCDP: [UInt8] =
    [0x02, 0xB4, 0xD0, 0x50]  // version 2, TTL 180, checksum
    + [0x00, 0x01, 0x00, 0x13] + Array("SEP001122334455".utf8)  // device ID, len 19
    + [0x00, 0x02, 0x00, 0x2D, 0x00, 0x00, 0x00, 0x02]  // addresses, len 45: 2 entries
    + [0x01, 0x01, 0xCC, 0x00, 0x04, 0xC0, 0xA8, 0x01, 0x32]  //   NLPID 0xcc (IPv4), 4 bytes: 192.168.1.50
    + [0x02, 0x08, 0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00, 0x86, 0xDD, 0x00, 0x10]  //   802.2 SNAP 0x86dd (IPv6), 16 bytes:
    + [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xFF, 0xFE, 0x33, 0x44, 0x55]  //   fe80::211:22ff:fe33:4455
    + [0x00, 0x03, 0x00, 0x0A] + Array("Port 1".utf8)  // port ID, len 10
    + [0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x04, 0x90]  // capabilities: host, phone, mac-relay, len 8
    + [0x00, 0x05, 0x00, 0x12] + Array("sip8845.14-1-1".utf8)  // software version, len 18
    + [0x00, 0x06, 0x00, 0x17] + Array("Cisco IP Phone 8845".utf8)  // platform, len 23
    + [0x00, 0x0B, 0x00, 0x05, 0x01]  // duplex full, len 5
    + [0x00, 0x1F, 0x00, 0x05, 0x8A]  // unknown TLV 0x1f, 1 byte, len 5

/// The samples by name, for the table-driven tests.
private let samples: [(String, [UInt8])] = [("switch", switchCDP), ("phone", phoneCDP)]

/// Offsets of each TLV header in `sample` (after the 4-byte header).
private func tlvOffsets(_ sample: [UInt8]) -> [Int] {
    var offsets: [Int] = []
    var index = 4
    while index + 4 <= sample.count {
        offsets.append(index)
        index += max(4, Int(sample[index + 2]) << 8 | Int(sample[index + 3]))
    }
    return offsets
}

@Suite("CDP")
struct CDPTests {
    @Test("a switch message gives names, addresses, capabilities, VLAN and duplex")
    func switchMessage() throws {
        let result = parseCDP(switchCDP)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.version == 2 && message.timeToLive == 180 && message.isChecksumValid)
        #expect(message.deviceID == "sw-access-1.example.com")
        #expect(message.platform == "cisco WS-C2960X-48FPD-L")
        #expect(message.portID == "GigabitEthernet1/0/7")
        #expect(message.softwareVersion?.hasPrefix("Cisco IOS Software, C2960X Software") == true)
        #expect(message.addresses.map(\.address) == [IPAddress("192.168.1.2")])
        #expect(message.managementAddresses.map(\.address) == [IPAddress("192.168.1.2")])
        #expect(message.capabilities == [.switch, .igmp] && message.capabilities?.names == ["switch", "igmp"])
        #expect(message.vtpManagementDomain == "corp")
        #expect(message.nativeVLAN == 1 && message.isFullDuplex == true)
    }

    @Test("a phone message verifies with the odd-length checksum and gives IPv4 and IPv6 addresses")
    func phoneMessage() throws {
        let result = parseCDP(phoneCDP)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.isChecksumValid)
        #expect(message.deviceID == "SEP001122334455" && message.platform == "Cisco IP Phone 8845")
        #expect(message.addresses.map(\.address) == [IPAddress("192.168.1.50"), IPAddress("fe80::211:22ff:fe33:4455")])
        #expect(message.capabilities == [.host, .phone, .macRelay])
        #expect(message.tlvTypes.last == CDPTLVType(rawValue: 0x1F))
        #expect(CDPTLVType(rawValue: 0x1F).description == "0x001f")
    }

    @Test("a changed byte, an unknown version and wrong fixed lengths are named")
    func namedAnomalies() {
        var damaged = switchCDP
        damaged[10] ^= 0x01
        #expect(parseCDP(damaged).anomalies == [.cdpBadChecksum])
        var version = switchCDP
        version[0] = 3
        #expect(parseCDP(version).anomalies.contains(.cdpUnknownVersion))
        // Without valid checksums, the remaining cases are checked apart from cdp.bad_checksum.
        func others(_ bytes: [UInt8]) -> [ProtocolAnomaly] {
            parseCDP(bytes).anomalies.filter { $0 != .cdpBadChecksum }
        }
        let header: [UInt8] = [0x02, 0xB4, 0x00, 0x00]  // version 2, TTL 180, checksum not computed
        #expect(others(header + [0x00, 0x0A, 0x00, 0x05, 0x01]) == [.cdpTLVLengthMismatch])  // native VLAN, 1 byte
        #expect(others(header + [0x00, 0x0B, 0x00, 0x06, 0x01, 0x00]) == [.cdpTLVLengthMismatch])  // duplex, 2 bytes
        #expect(others(header + [0x00, 0x04, 0x00, 0x06, 0x00, 0x28]) == [.cdpTLVLengthMismatch])  // caps, 2 bytes
        #expect(others(header + [0x00, 0x02, 0x00, 0x06, 0x00, 0x00]) == [.cdpTLVLengthMismatch])  // no count
        let pastEntry: [UInt8] = [0x00, 0x02, 0x00, 0x0D, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0xCC, 0x00, 0x04]
        #expect(others(header + pastEntry) == [.cdpTLVLengthMismatch])  // address entry without its 4 bytes
        #expect(others(header + [0x00, 0x01, 0x00, 0x02, 0x41]) == [.cdpTLVLengthTooSmall])  // length 2 < 4
        #expect(others(header + [0x00, 0x01, 0x00, 0x09, 0x41]) == [.cdpTLVTruncated])  // 5 value bytes claimed, 1
        #expect(others(header + [0x00, 0x01, 0x00]) == [.cdpTLVTruncated])  // header cut
        let twice: [UInt8] = [0x00, 0x01, 0x00, 0x05, 0x41, 0x00, 0x01, 0x00, 0x05, 0x42]  // device ID "A" then "B"
        #expect(others(header + twice) == [.cdpDuplicateTLV])
        #expect(parseCDP(header + twice).message?.deviceID == "A")
        let long = [0x00, 0x06, 0x01, 0x04] + [UInt8](repeating: 0x78, count: 256)  // platform, 256 bytes
        #expect(others(header + long) == [.cdpStringTooLong])
        #expect(parseCDP(header + long).message?.platform?.utf8.count == 255)
        let many = header + Array(repeating: [0x00, 0x30, 0x00, 0x04], count: 200).flatMap { $0 }  // 200 empty TLVs
        #expect(others(many) == [.cdpTooManyTLVs])
        #expect(parseCDP([0x02, 0xB4, 0x00]).anomalies == [.cdpTruncated])
        #expect(CDPCapabilities(rawValue: 0x8000_0001).names == ["router", "bit31"])
    }

    @Test("every TLV length made smaller or larger never traps and is noticed", arguments: samples.map(\.0))
    func lengthMutations(name: String) {
        guard let sample = samples.first(where: { $0.0 == name })?.1 else { return }
        for offset in tlvOffsets(sample) {
            let length = Int(sample[offset + 2]) << 8 | Int(sample[offset + 3])
            for newLength in [length - 1, length + 1, 0, 3, 0xFFFF] where newLength >= 0 {
                var mutated = sample
                mutated[offset + 2] = UInt8(newLength >> 8)
                mutated[offset + 3] = UInt8(newLength & 0xFF)
                #expect(!parseCDP(mutated).anomalies.isEmpty, "\(name): length at \(offset) set to \(newLength)")
            }
        }
    }

    @Test("truncation at every offset gives malformed or a message with an anomaly", arguments: samples.map(\.0))
    func truncation(name: String) {
        guard let sample = samples.first(where: { $0.0 == name })?.1 else { return }
        for length in 0..<sample.count {
            switch parseCDP(Array(sample.prefix(length))) {
            case .malformed(let anomalies):
                #expect(anomalies == [.cdpTruncated] && length < 4, "\(name) cut at \(length)")
            case .message(_, let anomalies):
                #expect(!anomalies.isEmpty, "\(name) cut at \(length)")
            case .needMoreData:
                Issue.record("\(name) cut at \(length): a frame parser never needs more data")
            }
        }
    }

    /// Every corpus capture with CDP, found once with
    /// `for f in ../shared/corpus/**/*.pcap*; do tshark -r $f -T fields -e frame.protocols | grep -qw cdp && echo $f; done`.
    static let corpusFiles = ["tcpdump/tests/3560_CDP.pcap"]

    @Test(
        "device ID, platform, port, addresses, VLAN, duplex and checksum agree with tshark", .requiresCorpus,
        .requiresTShark)
    func corpusAgreement() throws {
        var compared = 0
        var disagreements: [String] = []
        for file in Self.corpusFiles {
            let payloads = try TShark.rawLayer(Corpus.url(file), filter: "cdp", layer: "cdp")
            let rows = try TShark.fields(
                Corpus.url(file), filter: "cdp",
                fields: [
                    "cdp.deviceid", "cdp.platform", "cdp.portid", "cdp.nrgyz.ip_address", "cdp.native_vlan",
                    "cdp.duplex", "cdp.checksum.status",
                ])
            for (payload, row) in zip(payloads, rows) where row.count == 7 && !payload.isEmpty {
                compared += 1
                let message = parseCDP(payload).message
                let addresses = (message?.addresses ?? []) + (message?.managementAddresses ?? [])
                let ours = [
                    message?.deviceID ?? "", message?.platform ?? "", message?.portID ?? "",
                    addresses.compactMap { $0.address?.description }.joined(separator: ","),
                    message?.nativeVLAN.map { String($0) } ?? "",
                    message?.isFullDuplex.map { $0 ? "1" : "0" } ?? "",
                    message?.isChecksumValid == true ? "1" : "0",
                ]
                if ours != row { disagreements.append("\(file): ours \(ours), tshark \(row)") }
            }
        }
        print("CDP corpus agreement: \(compared - disagreements.count)/\(compared) messages")
        #expect(compared > 0)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}
