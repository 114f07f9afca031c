import NetVetProtocols
import NetVetTestSupport
import NetVetWire
import Testing

/// Parses `bytes` as DHCPv6.
private func parseDHCPv6(_ bytes: [UInt8]) -> ParseResult<DHCPv6Message> {
    bytes.withUnsafeBytes { DHCPv6Parser.parse($0) }
}

/// A Windows 10 SOLICIT (written by hand for these tests, modelled on the Windows client's options).
private let windowsSolicit: [UInt8] =
    [0x01, 0x6A, 0x2C, 0x09]  // SOLICIT, transaction id 0x6a2c09
    + [0x00, 0x08, 0x00, 0x02, 0x00, 0x00]  // 8 elapsed time, len 2: 0
    + [0x00, 0x01, 0x00, 0x0E]  // 1 client id, len 14
    + [0x00, 0x01, 0x00, 0x01, 0x2B, 0x3C, 0x4D, 0x5E]  //   DUID-LLT, hw type 1, time
    + [0x00, 0x15, 0x5D, 0x01, 0x02, 0x03]  //   link-layer address
    + [0x00, 0x03, 0x00, 0x0C, 0x0E, 0x00, 0x15, 0x5D, 0, 0, 0, 0, 0, 0, 0, 0]  // 3 IA_NA, len 12: IAID, T1, T2
    + [0x00, 0x27, 0x00, 0x11, 0x00, 0x0F] + Array("DESKTOP-4F7K2QP".utf8)  // 39 FQDN, len 17: flags 0, partial
    + [0x00, 0x10, 0x00, 0x0E, 0x00, 0x00, 0x01, 0x37]  // 16 vendor class, len 14: enterprise 311
    + [0x00, 0x08] + Array("MSFT 5.0".utf8)  //   item, len 8
    + [0x00, 0x06, 0x00, 0x08, 0x00, 0x11, 0x00, 0x17, 0x00, 0x18, 0x00, 0x27]  // 6 ORO, len 8: 17, 23, 24, 39

/// A dhcpcd SOLICIT with a DUID-LL, a fully qualified FQDN and two vendor class items (hand-written).
private let dhcpcdSolicit: [UInt8] =
    [0x01, 0x00, 0x00, 0x2A]  // SOLICIT, transaction id 42
    + [0x00, 0x01, 0x00, 0x0A, 0x00, 0x03, 0x00, 0x01]  // 1 client id, len 10: DUID-LL, hw type 1
    + [0xB8, 0x27, 0xEB, 0x11, 0x22, 0x33]  //   link-layer address
    + [0x00, 0x06, 0x00, 0x06, 0x00, 0x17, 0x00, 0x18, 0x00, 0x27]  // 6 ORO, len 6: 23, 24, 39
    + [0x00, 0x27, 0x00, 0x0C, 0x01]  // 39 FQDN, len 12, flags S
    + [0x05] + Array("raspi".utf8) + [0x03] + Array("lan".utf8) + [0x00]  //   raspi.lan.
    + [0x00, 0x10, 0x00, 0x12, 0x00, 0x00, 0x9F, 0x08]  // 16 vendor class, len 18: enterprise 40712
    + [0x00, 0x05] + Array("dhcpcd".utf8.prefix(5))  //   item "dhcpc"
    + [0x00, 0x05] + Array("Linux".utf8)  //   item "Linux"

/// A RELAY-FORW carrying a SOLICIT with a DUID-EN (hand-written).
private let relayForward: [UInt8] =
    [0x0C, 0x00]  // RELAY-FORW, hop count 0
    + [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01]  // link-address 2001:db8::1
    + [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x11, 0x22, 0xFF, 0xFE, 0x33, 0x44, 0x55]  // peer fe80::211:22ff:fe33:4455
    + [0x00, 0x09, 0x00, 0x12]  // 9 relay message, len 18
    + [0x01, 0x00, 0x00, 0x07]  //   SOLICIT, transaction id 7
    + [0x00, 0x01, 0x00, 0x0A, 0x00, 0x02, 0x00, 0x00, 0x00, 0x09, 0xAB, 0xCD, 0xEF, 0x01]  //   DUID-EN 9, 4 bytes

/// The samples by name, for the table-driven tests.
private let samples: [(String, [UInt8])] = [
    ("windows", windowsSolicit), ("dhcpcd", dhcpcdSolicit), ("relay", relayForward),
]

/// Offsets where each top-level option of `sample` starts, after a `headerLength`-byte header.
private func optionOffsets(_ sample: [UInt8], headerLength: Int) -> [Int] {
    var offsets: [Int] = []
    var index = headerLength
    while index + 4 <= sample.count {
        offsets.append(index)
        index += 4 + Int(sample[index + 2]) << 8 + Int(sample[index + 3])
    }
    return offsets
}

/// The header length of a sample: 34 for relay messages, else 4.
private func headerLength(_ sample: [UInt8]) -> Int { sample.first.map { $0 >= 12 && $0 <= 13 } == true ? 34 : 4 }

@Suite("DHCPv6")
struct DHCPv6Tests {
    @Test("a Windows SOLICIT gives DUID-LLT, ORO, vendor class and a partial FQDN")
    func windows() throws {
        let result = parseDHCPv6(windowsSolicit)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.messageType == .solicit && message.transactionID == 0x6A_2C09)
        #expect(
            message.clientID
                == .linkLayerPlusTime(hardwareType: 1, time: 0x2B3C_4D5E, address: [0, 0x15, 0x5D, 1, 2, 3]))
        #expect(message.clientID?.macAddress == MACAddress("00:15:5d:01:02:03"))
        #expect(message.optionRequest == [17, 23, 24, 39])
        #expect(message.vendorClass == DHCPv6VendorClass(enterpriseNumber: 311, data: ["MSFT 5.0"]))
        #expect(message.clientFQDN == DHCPv6ClientFQDN(flags: 0, name: "DESKTOP-4F7K2QP", isFullyQualified: false))
        #expect(message.optionCodes.map(\.rawValue) == [8, 1, 3, 39, 16, 6])
        #expect(message.relay == nil && message.relayedMessage == nil)
    }

    @Test("a dhcpcd SOLICIT gives DUID-LL, a fully qualified FQDN and two vendor class items")
    func dhcpcd() throws {
        let result = parseDHCPv6(dhcpcdSolicit)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.clientID?.type == .linkLayer)
        #expect(message.clientID?.macAddress == MACAddress("b8:27:eb:11:22:33"))
        #expect(message.clientFQDN == DHCPv6ClientFQDN(flags: 1, name: "raspi.lan", isFullyQualified: true))
        #expect(message.vendorClass?.enterpriseNumber == 40712)
        #expect(message.vendorClass?.data == ["dhcpc", "Linux"])
    }

    @Test("a RELAY-FORW gives the relay header and the relayed SOLICIT")
    func relay() throws {
        let result = parseDHCPv6(relayForward)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.messageType == .relayForward && message.transactionID == nil)
        #expect(message.relay?.linkAddress == IPv6Address("2001:db8::1"))
        #expect(message.relay?.peerAddress == IPv6Address("fe80::211:22ff:fe33:4455"))
        let inner = try #require(message.relayedMessage)
        #expect(inner.messageType == .solicit && inner.transactionID == 7)
        #expect(inner.clientID == .enterprise(number: 9, identifier: [0xAB, 0xCD, 0xEF, 0x01]))
        #expect(message.innermostMessage == inner)
    }

    @Test("relay nesting deeper than the limit stops with relay_too_deep")
    func relayDepth() throws {
        var message = [UInt8](windowsSolicit)
        for _ in 0..<DHCPv6Parser.maxRelayDepth {
            let length = UInt16(message.count)
            message =
                [0x0C, 0x00] + [UInt8](repeating: 0, count: 32)  // RELAY-FORW, hops, link and peer ::
                + [0x00, 0x09, UInt8(length >> 8), UInt8(length & 0xFF)] + message  // 9 relay message
        }
        let result = parseDHCPv6(message)
        #expect(result.anomalies == [.dhcpv6RelayTooDeep])
        var depth = 0
        var current = try #require(result.message)
        while let inner = current.relayedMessage {
            depth += 1
            current = inner
        }
        #expect(depth == DHCPv6Parser.maxRelayDepth - 1)
    }

    @Test("DUID forms: UUID, unknown type, too short and too long")
    func duids() {
        let uuid = [0x00, 0x04] + [UInt8](1...16)  // DUID-UUID, 16 bytes
        let uuidMessage: [UInt8] = [0x01, 0, 0, 1] + [0x00, 0x01, 0x00, 0x12] + uuid  // 1 client id, len 18
        #expect(parseDHCPv6(uuidMessage).message?.clientID == .uuid([UInt8](1...16)))
        let unknown: [UInt8] = [0x01, 0, 0, 1, 0x00, 0x01, 0x00, 0x03, 0x00, 0x63, 0x07]  // type 0x63, 1 byte
        #expect(parseDHCPv6(unknown).message?.clientID == .other(type: DHCPv6DUIDType(rawValue: 0x63), bytes: [7]))
        #expect(parseDHCPv6(unknown).anomalies.isEmpty)
        let shortLLT: [UInt8] = [0x01, 0, 0, 1, 0x00, 0x01, 0x00, 0x05, 0x00, 0x01, 0x00, 0x01, 0x00]  // LLT, no time
        #expect(parseDHCPv6(shortLLT).anomalies == [.dhcpv6BadDUID])
        #expect(parseDHCPv6(shortLLT).message?.clientID?.type == .linkLayerPlusTime)
        let longDUID: [UInt8] = [0x01, 0, 0, 1, 0x00, 0x02, 0x00, 0x83, 0x00, 0x02] + [UInt8](repeating: 1, count: 129)
        #expect(parseDHCPv6(longDUID).anomalies == [.dhcpv6BadDUID])
        #expect(DHCPv6DUIDType(rawValue: 0x63).description == "0x0063")
    }

    @Test("odd ORO, short vendor class, bad FQDN and repeats are named")
    func namedAnomalies() {
        let header: [UInt8] = [0x03, 0x00, 0x00, 0x01]  // REQUEST, transaction id 1
        #expect(
            parseDHCPv6(header + [0x00, 0x06, 0x00, 0x03, 0x00, 0x17, 0x00]).anomalies == [.dhcpv6OptionLengthMismatch])
        #expect(parseDHCPv6(header + [0x00, 0x10, 0x00, 0x02, 0x00, 0x00]).anomalies == [.dhcpv6OptionLengthMismatch])
        let itemPastEnd = header + [0x00, 0x10, 0x00, 0x08, 0, 0, 0x01, 0x37, 0x00, 0x09, 0x41, 0x42]  // item len 9
        #expect(parseDHCPv6(itemPastEnd).anomalies == [.dhcpv6VendorClassTruncated])
        #expect(parseDHCPv6(header + [0x00, 0x27, 0x00, 0x03, 0x00, 0xC0, 0x0C]).anomalies == [.dhcpv6FQDNBadName])
        #expect(parseDHCPv6(header + [0x00, 0x27, 0x00, 0x00]).anomalies == [.dhcpv6OptionLengthMismatch])
        let repeated = header + [0x00, 0x06, 0x00, 0x02, 0x00, 0x17, 0x00, 0x06, 0x00, 0x02, 0x00, 0x18]
        #expect(parseDHCPv6(repeated).anomalies == [.dhcpv6OptionRepeated])
        #expect(parseDHCPv6(repeated).message?.optionRequest == [23])
        #expect(DHCPv6MessageType(rawValue: 0x23).description == "0x23")
        #expect(DHCPv6OptionCode(rawValue: 0x52).description == "0x0052")
    }

    @Test("every option length made smaller or larger never traps and is noticed", arguments: samples.map(\.0))
    func lengthMutations(name: String) {
        guard let sample = samples.first(where: { $0.0 == name })?.1 else { return }
        let original = parseDHCPv6(sample).message
        for offset in optionOffsets(sample, headerLength: headerLength(sample)) {
            for replacement in [[0x00, 0x00], [0xFF, 0xFF], [sample[offset + 2], sample[offset + 3] &+ 1]] as [[UInt8]]
            {
                var mutated = sample
                mutated[offset + 2] = replacement[0]
                mutated[offset + 3] = replacement[1]
                let result = parseDHCPv6(mutated)
                #expect(
                    !result.anomalies.isEmpty || result.message != original,
                    "\(name): length at \(offset) set to \(replacement)")
            }
        }
    }

    @Test("an option running past the end is option_truncated with the earlier options kept")
    func optionPastEnd() {
        let result = parseDHCPv6(dhcpcdSolicit + [0x00, 0x0F, 0x00, 0x20, 0x00])  // 15 user class, len 32, 1 byte
        #expect(result.anomalies == [.dhcpv6OptionTruncated])
        #expect(result.message?.clientFQDN?.name == "raspi.lan")
    }

    @Test("truncation at every offset is malformed, an anomaly, or a cut between options", arguments: samples.map(\.0))
    func truncation(name: String) {
        guard let sample = samples.first(where: { $0.0 == name })?.1 else { return }
        let header = headerLength(sample)
        // DHCPv6 has no end marker, so a cut exactly between top-level options is a valid shorter message.
        let boundaries = Set(optionOffsets(sample, headerLength: header) + [header, sample.count])
        for length in 0..<sample.count {
            switch parseDHCPv6(Array(sample.prefix(length))) {
            case .malformed(let anomalies):
                #expect(anomalies == [.dhcpv6Truncated] && length < header, "\(name) cut at \(length)")
            case .message(_, let anomalies):
                #expect(!anomalies.isEmpty || boundaries.contains(length), "\(name) cut at \(length)")
            case .needMoreData:
                Issue.record("\(name) cut at \(length): a datagram parser never needs more data")
            }
        }
    }

    /// Every corpus capture with DHCPv6, found once with
    /// `for f in ../shared/corpus/**/*.pcap*; do tshark -r $f -T fields -e frame.protocols | grep -qw dhcpv6 && echo $f; done`.
    static let corpusFiles = [
        "arkime/pcap/wireshark-dhcpv6.pcap", "ja4/pcap/dhcpv6.pcap", "ndpi/pcap/1kxun.pcap", "ndpi/pcap/android.pcap",
        "tcpdump/tests/dhcpv4v6-rfc5970-rfc8572.pcap", "tcpdump/tests/dhcpv6-mud.pcap",
        "tcpdump/tests/dhcpv6-rfc6355-duid-uuid.pcap", "tcpdump/tests/dhcpv6-vendor-specific-information.pcap",
    ]

    @Test(
        "message types, DUID MACs, vendor class and FQDN agree with tshark on the corpus", .requiresCorpus,
        .requiresTShark)
    func corpusAgreement() throws {
        var compared = 0
        var disagreements: [String] = []
        for file in Self.corpusFiles {
            let rows = try TShark.fields(
                Corpus.url(file), filter: "dhcpv6",
                fields: [
                    "udp.payload", "dhcpv6.msgtype", "dhcpv6.duidllt.link_layer_addr", "dhcpv6.duidll.link_layer_addr",
                    "dhcpv6.vendorclass.data", "dhcpv6.client_domain",
                ])
            for row in rows where row.count == 6 {
                guard let payload = TShark.bytes(fromHex: row[0]) else { continue }
                compared += 1
                var levels: [DHCPv6Message] = []
                var next = parseDHCPv6(payload).message
                while let current = next {
                    levels.append(current)
                    next = current.relayedMessage
                }
                let macs = levels.flatMap { [$0.clientID, $0.serverID] }.compactMap { $0?.macAddress?.description }
                let theirMACs = (row[2].split(separator: ",") + row[3].split(separator: ",")).map(String.init)
                let inner = levels.last
                let ours = [
                    levels.map { String($0.messageType.rawValue) }.joined(separator: ","),
                    macs.sorted().joined(separator: ","),
                    inner?.vendorClass?.data.joined(separator: ",") ?? "",
                    inner?.clientFQDN?.name ?? "",
                ]
                let theirs = [row[1], theirMACs.sorted().joined(separator: ","), row[4], row[5]]
                if ours != theirs { disagreements.append("\(file): ours \(ours), tshark \(theirs)") }
            }
        }
        print("DHCPv6 corpus agreement: \(compared - disagreements.count)/\(compared) messages")
        #expect(compared > 0)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}
