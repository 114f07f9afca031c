import NetVetProtocols
import NetVetTestSupport
import NetVetWire
import Testing

/// Parses `bytes` as NBNS.
private func parseNBNS(_ bytes: [UInt8]) -> ParseResult<NBNSMessage> {
    bytes.withUnsafeBytes { NBNSParser.parse($0) }
}

/// The encoded name field for `name` (padded with `pad` to 15 bytes) and `suffix`: a 32-byte label in
/// RFC 1001 §14.1 first-level encoding, then the empty root label (34 bytes).
private func encodedName(_ name: String, _ suffix: UInt8, pad: UInt8 = 0x20) -> [UInt8] {
    let bytes = Array(name.utf8.prefix(15)) + [UInt8](repeating: pad, count: max(0, 15 - name.utf8.count)) + [suffix]
    return [0x20] + bytes.flatMap { [UInt8(ascii: "A") + ($0 >> 4), UInt8(ascii: "A") + ($0 & 0x0F)] } + [0x00]
}

/// A broadcast name query for FILESERVER<20>, as Windows sends it (hand-written).
private let nameQuery: [UInt8] =
    [0x8A, 0x31, 0x01, 0x10]  // transaction 0x8a31, flags: query, RD, B
    + [0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  // 1 question, no records
    + encodedName("FILESERVER", 0x20)  // question name FILESERVER<20>
    + [0x00, 0x20, 0x00, 0x01]  // type NB, class IN

/// A broadcast registration of DESKTOP-1<00> with its address record (hand-written).
private let registration: [UInt8] =
    [0x80, 0x05, 0x29, 0x10]  // transaction 0x8005, flags: registration, RD, B
    + [0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01]  // 1 question, 1 additional record
    + encodedName("DESKTOP-1", 0x00)  // question name DESKTOP-1<00> (offset 12)
    + [0x00, 0x20, 0x00, 0x01]  // type NB, class IN
    + [0xC0, 0x0C]  // additional: name is a pointer to offset 12
    + [0x00, 0x20, 0x00, 0x01, 0x00, 0x04, 0x93, 0xE0]  //   type NB, class IN, TTL 300000
    + [0x00, 0x06, 0x00, 0x00, 0xC0, 0xA8, 0x01, 0x17]  //   6 bytes: flags B-node unique, 192.168.1.23

/// A node status (NBSTAT) response from DESKTOP-1 with three names and its unit ID (hand-written).
private let nodeStatus: [UInt8] =
    [0x00, 0x2C, 0x84, 0x00]  // transaction 0x002c, flags: response, query, AA
    + [0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]  // 1 answer
    + encodedName("*", 0x00, pad: 0x00)  // answer name: the wildcard *<00>
    + [0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00]  // type NBSTAT, class IN, TTL 0
    + [0x00, 0x65, 0x03]  // 101 bytes of data: 3 names
    + Array("DESKTOP-1      ".utf8) + [0x00, 0x04, 0x00]  //   DESKTOP-1<00>, active unique
    + Array("WORKGROUP      ".utf8) + [0x00, 0x84, 0x00]  //   WORKGROUP<00>, active group
    + Array("DESKTOP-1      ".utf8) + [0x20, 0x04, 0x00]  //   DESKTOP-1<20>, active unique
    + [0x00, 0x15, 0x5D, 0x01, 0x02, 0x03] + [UInt8](repeating: 0, count: 40)  //   unit ID, statistics

/// The samples by name, for the table-driven tests.
private let samples: [(String, [UInt8])] = [
    ("query", nameQuery), ("registration", registration), ("node status", nodeStatus),
]

@Suite("NBNS")
struct NBNSTests {
    @Test("RFC 1001 §14.1's FRED example decodes to FRED padded with spaces")
    func rfcExample() throws {
        let query: [UInt8] =
            [0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]  // id 1, query, 1 question
            + [0x20] + Array("EGFCEFEECACACACACACACACACACACACA".utf8) + [0x00]  // "FRED", 11 spaces, suffix 0x20
            + [0x00, 0x20, 0x00, 0x01]  // NB, IN
        let name = try #require(parseNBNS(query).message?.questions.first?.name)
        #expect(name.name == "FRED" && name.suffix == 0x20 && name.description == "FRED<20>")
    }

    @Test("a name query gives the question name and suffix")
    func query() throws {
        let result = parseNBNS(nameQuery)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(!message.isResponse && message.opcode == .query && message.isBroadcast)
        #expect(message.questions.count == 1)
        #expect(message.questions.first?.name.name == "FILESERVER")
        #expect(message.questions.first?.name.suffix == 0x20)
        #expect(message.questions.first?.type == .nb)
    }

    @Test("a registration follows the pointer in its additional record")
    func registrationRecord() throws {
        let result = parseNBNS(registration)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        #expect(message.opcode == .registration)
        let record = try #require(message.additionals.first)
        #expect(record.name?.description == "DESKTOP-1<00>")
        #expect(record.ttl == 300_000)
        #expect(record.addresses == [NBNSAddressEntry(flags: 0, address: IPv4Address(192, 168, 1, 23))])
    }

    @Test("a node status response gives the name table and the unit ID")
    func nodeStatusResponse() throws {
        let result = parseNBNS(nodeStatus)
        let message = try #require(result.message)
        #expect(result.anomalies.isEmpty)
        let status = try #require(message.answers.first?.nodeStatus)
        #expect(status.names.map(\.name.description) == ["DESKTOP-1<00>", "WORKGROUP<00>", "DESKTOP-1<20>"])
        #expect(status.names.map(\.isGroup) == [false, true, false])
        #expect(status.unitID == MACAddress("00:15:5d:01:02:03"))
        #expect(message.answers.first?.name?.name == "*")
        #expect(message.answers.first?.name?.description == "*" + String(repeating: "<00>", count: 15))
        #expect(message.allNames.count == 4)
    }

    @Test("bad name length, bad encoding, bad labels and pointer loops are named")
    func namedAnomalies() {
        let header: [UInt8] = [0, 1, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 0]  // query, 1 question
        let short = header + [0x04] + Array("EGFC".utf8) + [0x00, 0x00, 0x20, 0x00, 0x01]  // 4-byte label
        #expect(parseNBNS(short).anomalies == [.nbnsBadNameLength])
        var badEncoding = nameQuery
        badEncoding[13] = UInt8(ascii: "Z")  // outside A...P
        #expect(parseNBNS(badEncoding).anomalies == [.nbnsBadNameEncoding])
        #expect(parseNBNS(badEncoding).message?.questions.isEmpty == true)
        let reserved = header + [0x40] + [UInt8](repeating: 0x41, count: 64) + [0x00, 0x00, 0x20, 0x00, 0x01]
        #expect(parseNBNS(reserved).anomalies == [.nbnsBadLabel, .nbnsTruncated])
        let loop = header + [0xC0, 0x0C, 0x00, 0x20, 0x00, 0x01]  // the name points at itself
        #expect(parseNBNS(loop).anomalies == [.nbnsBadLabel, .nbnsTruncated])
        let outside = header + [0xC0, 0xFF, 0x00, 0x20, 0x00, 0x01]  // points past the end
        #expect(parseNBNS(outside).anomalies == [.nbnsBadLabel, .nbnsTruncated])
        let many: [UInt8] = [0, 1, 0x01, 0x10, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0]  // 65535 questions, none present
        #expect(parseNBNS(many).anomalies == [.nbnsTooManyRecords, .nbnsTruncated])
        #expect(NBNSRecordType(rawValue: 0x99).description == "0x0099")
        #expect(NBNSOpcode(rawValue: 3).description == "0x3")
    }

    @Test("a scope after the encoded name is kept")
    func scope() throws {
        var withScope = nameQuery
        withScope.replaceSubrange(45...45, with: [0x04] + Array("corp".utf8) + [0x00])  // scope "corp"
        let name = try #require(parseNBNS(withScope).message?.questions.first?.name)
        #expect(name.scope == "corp" && name.description == "FILESERVER<20>.corp")
    }

    @Test("record data lengths too small or too large are noticed", arguments: [-1, 1, 0x100])
    func rdataLength(delta: Int) {
        for (name, sample, offset) in [("registration", registration, 60), ("node status", nodeStatus, 54)] {
            var mutated = sample
            let length = (Int(sample[offset]) << 8 | Int(sample[offset + 1])) + delta
            mutated[offset] = UInt8(truncatingIfNeeded: length >> 8)
            mutated[offset + 1] = UInt8(truncatingIfNeeded: length)
            #expect(!parseNBNS(mutated).anomalies.isEmpty, "\(name): rdlength changed by \(delta)")
        }
    }

    @Test("header counts too small or too large are noticed or harmless", arguments: samples.map(\.0))
    func countMutations(name: String) {
        guard let sample = samples.first(where: { $0.0 == name })?.1 else { return }
        let original = parseNBNS(sample).message
        for offset in stride(from: 4, to: 12, by: 2) {
            for value in [sample[offset + 1] &+ 1, sample[offset + 1] &- 1] {
                var mutated = sample
                mutated[offset + 1] = value
                let result = parseNBNS(mutated)
                #expect(!result.anomalies.isEmpty || result.message != original, "\(name): count at \(offset)")
            }
        }
    }

    @Test("truncation at every offset gives malformed or a message with an anomaly", arguments: samples.map(\.0))
    func truncation(name: String) {
        guard let sample = samples.first(where: { $0.0 == name })?.1 else { return }
        for length in 0..<sample.count {
            switch parseNBNS(Array(sample.prefix(length))) {
            case .malformed(let anomalies):
                #expect(anomalies == [.nbnsTruncated] && length < 12, "\(name) cut at \(length)")
            case .message(_, let anomalies):
                #expect(!anomalies.isEmpty, "\(name) cut at \(length)")
            case .needMoreData:
                Issue.record("\(name) cut at \(length): a datagram parser never needs more data")
            }
        }
    }

    /// Every corpus capture with NBNS, found once with
    /// `for f in ../shared/corpus/**/*.pcap*; do tshark -r $f -T fields -e frame.protocols | grep -qw nbns && echo $f; done`.
    static let corpusFiles = [
        "arkime/pcap/nbns.pcap", "ja4/pcap/latest.pcapng", "ja4/pcap/ssh2.pcapng", "ndpi/pcap/1kxun.pcap",
        "ndpi/pcap/netbios.pcap", "ndpi/pcap/wechat.pcap", "zeek/Traces/wikipedia.pcap",
    ]

    @Test("names, node status names and unit IDs agree with tshark on the corpus", .requiresCorpus, .requiresTShark)
    func corpusAgreement() throws {
        var compared = 0
        var disagreements: [String] = []
        for file in Self.corpusFiles {
            let rows = try TShark.fields(
                Corpus.url(file), filter: "nbns",
                fields: ["udp.payload", "nbns.name", "nbns.netbios_name", "nbns.unit_id"])
            for row in rows where row.count == 4 {
                guard let payload = TShark.bytes(fromHex: row[0]) else { continue }
                compared += 1
                let message = parseNBNS(payload).message
                let records = (message?.answers ?? []) + (message?.authorities ?? []) + (message?.additionals ?? [])
                let names = (message?.questions.map(\.name) ?? []) + records.compactMap(\.name)
                let statuses = records.compactMap(\.nodeStatus)
                let ours = [
                    names.map(\.description).joined(separator: ","),
                    statuses.flatMap { $0.names.map(\.name.name) }.joined(separator: ","),
                    statuses.compactMap { $0.unitID?.description }.joined(separator: ","),
                ]
                // tshark appends " (service)" to known suffixes; the name itself ends at "<xx>".
                let theirNames = row[1].split(separator: ",").map { field in
                    field.range(of: " (").map { String(field[..<$0.lowerBound]) } ?? String(field)
                }
                let theirs = [theirNames.joined(separator: ","), row[2], row[3]]
                if ours != theirs { disagreements.append("\(file): ours \(ours), tshark \(theirs)") }
            }
        }
        print("NBNS corpus agreement: \(compared - disagreements.count)/\(compared) messages")
        #expect(compared > 0)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}
