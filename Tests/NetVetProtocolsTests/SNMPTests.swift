import Foundation
import NetVetProtocols
import NetVetTestSupport
import NetVetWire
import Testing

/// Parses `bytes` as one SNMP datagram.
private func parseSNMP(_ bytes: [UInt8]) -> ParseResult<SNMPMessage> {
    bytes.withUnsafeBytes { SNMPParser.parse($0) }
}

/// A BER TLV with a short or two-byte long-form length (X.690 §8.1.3).
private func ber(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
    content.count < 0x80
        ? [tag, UInt8(content.count)] + content
        : [tag, 0x82, UInt8(content.count >> 8), UInt8(content.count & 0xFF)] + content
}

/// Hand-built SNMP messages (RFC 1157 §4, RFC 3416 §3); the corpus has real ones (see the agreement test).
private enum SNMPSamples {
    /// SNMPv2c GetRequest for sysDescr.0 with community "public".
    static let getRequest: [UInt8] = [
        0x30, 0x29,  // Message SEQUENCE, 41 bytes
        0x02, 0x01, 0x01,  // version INTEGER 1 (v2c)
        0x04, 0x06, 0x70, 0x75, 0x62, 0x6C, 0x69, 0x63,  // community OCTET STRING "public"
        0xA0, 0x1C,  // GetRequest-PDU, 28 bytes
        0x02, 0x04, 0x00, 0x00, 0x12, 0x34,  // request-id 0x1234
        0x02, 0x01, 0x00,  // error-status 0
        0x02, 0x01, 0x00,  // error-index 0
        0x30, 0x0E,  // variable-bindings SEQUENCE OF, 14 bytes
        0x30, 0x0C,  // VarBind SEQUENCE, 12 bytes
        0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00,  // name OID 1.3.6.1.2.1.1.1.0 (sysDescr.0)
        0x05, 0x00,  // value NULL (unSpecified)
    ]
    /// Offsets of every length byte of `getRequest`.
    static let getRequestLengthOffsets = [1, 3, 6, 14, 16, 22, 25, 28, 30, 32, 42]

    /// The agent's Response with community "s3cret": sysDescr.0, sysObjectID.0 (Cisco) and sysName.0.
    static let response: [UInt8] = [
        0x30, 0x5F,  // Message SEQUENCE, 95 bytes
        0x02, 0x01, 0x01,  // version 1 (v2c)
        0x04, 0x06, 0x73, 0x33, 0x63, 0x72, 0x65, 0x74,  // community "s3cret"
        0xA2, 0x52,  // Response-PDU, 82 bytes
        0x02, 0x04, 0x00, 0x00, 0x12, 0x34,  // request-id 0x1234
        0x02, 0x01, 0x00,  // error-status 0
        0x02, 0x01, 0x00,  // error-index 0
        0x30, 0x44,  // variable-bindings, 68 bytes
        0x30, 0x19,  // VarBind, 25 bytes
        0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00,  // sysDescr.0
        0x04, 0x0D, 0x4C, 0x69, 0x6E, 0x75, 0x78, 0x20, 0x63, 0x61, 0x6D, 0x20, 0x34, 0x2E, 0x39,  // "Linux cam 4.9"
        0x30, 0x15,  // VarBind, 21 bytes
        0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x02, 0x00,  // sysObjectID.0
        0x06, 0x09, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x09, 0x01, 0x89, 0x38,  // OID 1.3.6.1.4.1.9.1.1208 (0x89 0x38)
        0x30, 0x10,  // VarBind, 16 bytes
        0x06, 0x08, 0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x05, 0x00,  // sysName.0
        0x04, 0x04, 0x73, 0x77, 0x2D, 0x31,  // "sw-1"
    ]

    /// An SNMPv1 Trap (community "private") from a Net-SNMP agent: enterprise, agent address, generic 6
    /// (enterpriseSpecific), specific 1, time-stamp 500, one binding.
    static let trapV1: [UInt8] = {
        // 1.3.6.1.4.1.8072.3.2.10 (8072 = 0xBF 0x08 in base 128)
        let enterprise = ber(0x06, [0x2B, 0x06, 0x01, 0x04, 0x01, 0xBF, 0x08, 0x03, 0x02, 0x0A])
        let header =
            enterprise + ber(0x40, [192, 168, 1, 20]) + ber(0x02, [6]) + ber(0x02, [1]) + ber(0x43, [0x01, 0xF4])
        let binding = ber(
            0x30,
            ber(0x06, [0x2B, 0x06, 0x01, 0x02, 0x01, 0x01, 0x03, 0x00]) + ber(0x43, [0x00, 0xFF, 0xFF, 0xFF, 0xFF]))
        return ber(0x30, ber(0x02, [0]) + ber(0x04, Array("private".utf8)) + ber(0xA4, header + ber(0x30, binding)))
    }()

    /// An SNMPv3 discovery request (RFC 3414 §4): version 3, then msgGlobalData and the rest.
    static let v3: [UInt8] =
        ber(
            0x30,
            ber(0x02, [3])
                + ber(0x30, ber(0x02, [1]) + ber(0x02, [0x00, 0xFF, 0xE3]) + ber(0x04, [4]) + ber(0x02, [3])))
}

@Suite("SNMP parser")
struct SNMPParserTests {
    @Test("a v2c GetRequest: version, community kept only as a default of length 6, PDU header, one binding")
    func getRequest() throws {
        let result = parseSNMP(SNMPSamples.getRequest)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.version == .v2c && message.version.description == "2c")
        #expect(message.community == SNMPCommunity(length: 6, isWellKnownDefault: true))
        #expect(message.pduType == .getRequest && message.pduType?.isFromAgent == false)
        #expect(message.requestID == 0x1234 && message.errorStatus == 0 && message.errorIndex == 0)
        #expect(message.variableBindings == [SNMPVariableBinding(name: .sysDescr, value: .null)])
        #expect(message.systemDescription == nil)
    }

    @Test("a Response: sysDescr, sysObjectID with its enterprise number, sysName; the community never kept")
    func response() throws {
        let result = parseSNMP(SNMPSamples.response)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.pduType == .response && message.pduType?.isFromAgent == true)
        #expect(message.community == SNMPCommunity(length: 6, isWellKnownDefault: false))
        #expect(message.systemDescription == "Linux cam 4.9")
        #expect(message.systemObjectID?.description == "1.3.6.1.4.1.9.1.1208")
        #expect(message.systemObjectID?.enterpriseNumber == 9)
        #expect(message.systemName == "sw-1")
        #expect(!String(describing: message).contains("s3cret"))
        #expect(!String(describing: message).contains("115, 51, 99"))
    }

    @Test("a v1 Trap: enterprise, agent address, trap codes, time-stamp and bindings")
    func trap() throws {
        let result = parseSNMP(SNMPSamples.trapV1)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.version == .v1 && message.pduType == .trapV1)
        #expect(message.community?.isWellKnownDefault == true)
        let trap = try #require(message.trap)
        #expect(trap.enterprise?.description == "1.3.6.1.4.1.8072.3.2.10" && trap.enterprise?.enterpriseNumber == 8072)
        #expect(trap.agentAddress == IPv4Address(192, 168, 1, 20))
        #expect(trap.genericTrap == 6 && trap.specificTrap == 1 && trap.timeStamp == 500)
        #expect(message.variableBindings.first?.value == .timeTicks(0xFFFF_FFFF))
    }

    @Test("SNMPv3: the version only; an unknown version is flagged")
    func v3() throws {
        let result = parseSNMP(SNMPSamples.v3)
        #expect(result.anomalies.isEmpty)
        let message = try #require(result.message)
        #expect(message.version == .v3 && message.community == nil && message.pduType == nil)
        let unknown = parseSNMP(ber(0x30, ber(0x02, [2]) + ber(0x04, [0x61])))
        #expect(unknown.anomalies == [.snmpUnknownVersion] && unknown.message?.community == nil)
    }

    @Test("not SNMP is malformed")
    func notSNMP() {
        for bytes: [UInt8] in [
            [], [0x30], [0x30, 0x00], [0x04, 0x01, 0x00], [0x30, 0x03, 0x04, 0x01, 0x00], Array("GET /".utf8),
        ] {
            #expect(parseSNMP(bytes).anomalies == [.snmpNotSNMP], "\(bytes)")
        }
    }

    @Test("every length field one too small and one too large gives an anomaly, never a trap")
    func lengthFields() {
        for offset in SNMPSamples.getRequestLengthOffsets {
            for delta in [-1, 1] {
                var bytes = SNMPSamples.getRequest
                bytes[offset] = UInt8(truncatingIfNeeded: Int(bytes[offset]) + delta)
                #expect(!parseSNMP(bytes).anomalies.isEmpty, "offset \(offset) \(delta)")
            }
        }
        var huge = SNMPSamples.getRequest
        huge[1] = 0x84
        #expect(parseSNMP(huge).anomalies == [.snmpNotSNMP])
    }

    @Test("every byte replaced by boundary values never traps")
    func mutations() {
        for sample in [SNMPSamples.getRequest, SNMPSamples.response, SNMPSamples.trapV1] {
            for offset in sample.indices {
                for value: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0x81, 0x84, 0x85, 0x9F, 0xFF] {
                    var bytes = sample
                    bytes[offset] = value
                    _ = parseSNMP(bytes)
                }
            }
        }
    }

    @Test("truncation at every offset: a partial message with snmp.truncated, or malformed")
    func truncation() {
        for sample in [SNMPSamples.getRequest, SNMPSamples.response, SNMPSamples.trapV1] {
            for length in 0..<sample.count {
                let result = parseSNMP(Array(sample[0..<length]))
                if result.message != nil {
                    #expect(result.anomalies.contains(.snmpTruncated), "length \(length)")
                } else {
                    #expect(result.anomalies == [.snmpNotSNMP], "length \(length)")
                }
            }
        }
    }

    @Test("values: limits on bindings, OID arcs and octet strings; bad integers and OIDs")
    func values() throws {
        let binding = ber(0x30, ber(0x06, [0x2B, 0x06]) + ber(0x05, []))
        let many = ber(
            0x30,
            ber(0x02, [1]) + ber(0x04, [])
                + ber(
                    0xA2,
                    ber(0x02, [1]) + ber(0x02, [0]) + ber(0x02, [0])
                        + ber(0x30, Array(Array(repeating: binding, count: 70).joined()))))
        let parsedMany = parseSNMP(many)
        #expect(parsedMany.anomalies == [.snmpTooManyBindings])
        #expect(parsedMany.message?.variableBindings.count == SNMPParser.maxVariableBindings)
        #expect(parsedMany.message?.community == SNMPCommunity(length: 0, isWellKnownDefault: false))
        func one(_ value: [UInt8]) -> ParseResult<SNMPMessage> {
            parseSNMP(
                ber(
                    0x30,
                    ber(0x02, [1]) + ber(0x04, Array("public".utf8))
                        + ber(
                            0xA2,
                            ber(0x02, [1]) + ber(0x02, [0]) + ber(0x02, [0])
                                + ber(0x30, ber(0x30, ber(0x06, [0x2B]) + value))))
            )
        }
        let long = one(ber(0x04, Array(repeating: 0x41, count: SNMPParser.maxValueLength + 1)))
        #expect(long.anomalies == [.snmpValueTruncated])
        #expect(one(ber(0x02, Array(repeating: 1, count: 9))).anomalies == [.snmpBadValue])
        #expect(one(ber(0x06, [0x2B, 0x86])).anomalies == [.snmpBadValue])
        #expect(one(ber(0x06, [0x2B] + Array(repeating: 0xFF, count: 10) + [0x01])).anomalies == [.snmpBadValue])
        #expect(one(ber(0x06, Array(repeating: 0x01, count: 200))).anomalies == [.snmpBadValue])
        #expect(one(ber(0x02, [0xFF])).message?.variableBindings.first?.value == .integer(-1))
        #expect(
            one(ber(0x46, [0x00, 0xFF, 0, 0, 0, 0, 0, 0, 0x01])).message?.variableBindings.first?.value
                == .counter64(0xFF00_0000_0000_0001))
        #expect(
            one(ber(0x40, [10, 0, 0, 1])).message?.variableBindings.first?.value == .ipAddress(IPv4Address(10, 0, 0, 1))
        )
        #expect(one(ber(0x81, [])).message?.variableBindings.first?.value == .noSuchInstance)
        #expect(one(ber(0x60, [1])).message?.variableBindings.first?.value == .other(tag: 0x60))
        #expect(one([0x04, 0x80]).anomalies == [.snmpBadLength])
    }

    /// Every corpus capture with SNMP, found once with `tshark -r F -Y snmp` over all corpus captures.
    static let corpusFiles = [
        "arkime/pcap/SNMPv2c_get_requests.pcap", "ndpi/pcap/snmp.pcap",
        "suricata-verify/tests/snmp-v2c-get/SNMPv2c_get_requests.pcap", "zeek/Traces/snmp/snmpv1_get.pcap",
        "zeek/Traces/snmp/snmpv1_get_short.pcap", "zeek/Traces/snmp/snmpv1_set.pcap",
        "zeek/Traces/snmp/snmpv1_trap.pcap", "zeek/Traces/snmp/snmpv2_get.pcap",
        "zeek/Traces/snmp/snmpv2_get_bulk.pcap", "zeek/Traces/snmp/snmpv2_get_next.pcap",
    ]

    @Test(
        "agreement with tshark: version, community presence/length/default-ness, PDU type, binding names, system values",
        .requiresCorpus, .requiresTShark
    )
    func corpusAgreement() throws {
        var compared = 0
        var agreed = 0
        var systemValues = 0
        for file in Self.corpusFiles {
            let rows = TShark.rows(
                try TShark.run(
                    ["-n", "-r", Corpus.path(file)] + [
                        "-Y", "snmp && !icmp", "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|", "-e",
                        "udp.payload", "-e", "snmp.version", "-e", "snmp.msgVersion", "-e", "snmp.community", "-e",
                        "snmp.data", "-e", "snmp.name", "-e", "snmp.value.octets", "-e", "snmp.value.oid",
                    ]
                ).stdout)
            for row in rows where row.count == 8 {
                let payload = try #require(TShark.bytes(fromHex: row[0]))
                let message = try #require(parseSNMP(payload).message, "\(file)")
                compared += 1
                var problems: [String] = []
                let version = Int64(row[1].isEmpty ? row[2] : row[1])
                if version != message.version.rawValue { problems.append("version \(row[1])\(row[2])") }
                // The community is compared in the test only: the parser never keeps it.
                let community = row[3]
                // An empty community (`04 00`) still crossed in clear: tshark prints it empty.
                if message.version.isCommunityBased && message.community == nil {
                    problems.append("community presence")
                }
                if let kept = message.community {
                    if kept.isWellKnownDefault != (community == "public" || community == "private") {
                        problems.append("default community")
                    }
                    if kept.length != community.utf8.count { problems.append("community length") }
                }
                if let type = message.pduType, Int(row[4]) != Int(type.rawValue) - 0xA0 { problems.append("pdu") }
                let names = message.variableBindings.map(\.name.description).joined(separator: "|")
                if message.version.isCommunityBased && names != row[5] { problems.append("names \(names) \(row[5])") }
                // sysDescr and sysName values against tshark's `snmp.value.octets`, sysObjectID against `snmp.value.oid`.
                let octets = row[6].split(separator: "|").map(String.init)
                for (name, text) in [("sysDescr", message.systemDescription), ("sysName", message.systemName)] {
                    guard let text else { continue }
                    systemValues += 1
                    let hex = text.utf8.map { String(format: "%02x", $0) }.joined()
                    if !octets.contains(hex) { problems.append(name) }
                }
                if let oid = message.systemObjectID {
                    systemValues += 1
                    if !row[7].split(separator: "|").contains(Substring(oid.description)) {
                        problems.append("sysObjectID")
                    }
                }
                if problems.isEmpty { agreed += 1 }
                #expect(problems.isEmpty, "\(file): \(problems)")
            }
        }
        print(
            "SNMP corpus agreement: \(agreed)/\(compared) messages (\(systemValues) sysDescr/sysObjectID/sysName values)"
        )
        #expect(compared >= 100)
    }
}
