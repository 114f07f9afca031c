import NetVetDecode
import NetVetInventory
import NetVetProtocols
import NetVetWire
import Testing

@testable import NetVetObserve

/// The analyzers' own tables are bounded, and hitting a bound is counted, never silent.
@Suite("Analyzer tables: bounded and counted")
struct AnalyzerBoundsTests {
    static func sink() -> ObservationSink {
        ObservationSink(devices: DeviceTable(), flows: FlowTable())
    }

    @Test("DNS answers beyond maxResolvedNames are not kept and count dns.answer_table_full; known pairs refresh")
    func answerTable() {
        var analyzer = DNSAnalyzer()
        var sink = Self.sink()
        let perMessage = 32
        let messages = DNSAnalyzer.maxResolvedNames / perMessage + 1
        let client = IPAddress.v4(IPv4Address(10, 0, 0, 1))
        func message(_ index: Int, name: String) -> DNSMessage {
            let answers = (0..<perMessage).map { offset in
                let value = UInt32(index * perMessage + offset)
                return DNSResourceRecord(
                    name: DNSName(labels: [name, "example"]), type: .a, recordClass: .internet, isCacheFlush: false,
                    ttl: 60, dataLength: 4, data: .ipv4(IPv4Address(rawValue: 0x0A00_0000 | value)))
            }
            return DNSMessage(
                header: DNSHeader(
                    id: 1, flags: 0x8180, questionCount: 1, answerCount: UInt16(perMessage), authorityCount: 0,
                    additionalCount: 0),
                questions: [
                    DNSQuestion(
                        name: DNSName(labels: [name, "example"]), type: .a, recordClass: .internet,
                        isUnicastResponseRequested: false)
                ],
                answers: answers)
        }
        for index in 0..<messages { analyzer.rememberAnswers(message(index, name: "first"), client: client, &sink) }
        #expect(sink.protocolAnomalies["dns.answer_table_full"] == perMessage)
        // The first address is known: a later answer refreshes its name, and nothing more is counted.
        analyzer.rememberAnswers(message(0, name: "second"), client: client, &sink)
        #expect(analyzer.name(client: client, address: .v4(IPv4Address(rawValue: 0x0A00_0000))) == "second.example")
        #expect(sink.protocolAnomalies["dns.answer_table_full"] == perMessage)
        // The last message's addresses were never kept.
        let dropped = IPAddress.v4(IPv4Address(rawValue: 0x0A00_0000 | UInt32(messages * perMessage - 1)))
        #expect(analyzer.name(client: client, address: dropped) == nil)
    }

    @Test("SSDP LOCATION paths beyond maxDescriptionLocations are refused; known paths are still accepted")
    func locationTable() {
        var analyzer = HTTPAnalyzer()
        var accepted = 0
        for index in 0..<HTTPAnalyzer.maxDescriptionLocations
        where analyzer.rememberDescriptionLocation("http://192.168.1.\(index % 250):80/d\(index).xml") {
            accepted += 1
        }
        #expect(accepted == HTTPAnalyzer.maxDescriptionLocations)
        let new = analyzer.rememberDescriptionLocation("http://192.168.1.9:80/new.xml")
        let known = analyzer.rememberDescriptionLocation("http://192.168.1.9:80/d7.xml")
        let none = analyzer.rememberDescriptionLocation(nil)
        #expect(!new && known && none)
    }
}
