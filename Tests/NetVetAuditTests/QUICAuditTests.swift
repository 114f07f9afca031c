import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetInventory
import NetVetTestSupport
import NetVetWire
import Testing

/// The QUIC stage of the audit over the corpus: flow names and fingerprints from Initial packets.
@Suite("QUIC in the audit")
struct QUICAuditTests {
    /// Audits one corpus capture in process. Throws if it cannot be read: the tests that call it require it
    /// (`.requiresCorpus(path)`).
    static func audit(_ path: String) throws -> AuditReport {
        let file = Corpus.path(path)
        let auditor = Auditor(options: AuditOptions())
        try auditor.run(try PcapFileSource(path: file))
        return auditor.finish()
    }

    @Test(
        "quic-tls-handshake.pcapng: the flow's sni, server name, ALPN and JA4 (q) are in the report",
        .requiresCorpus("ja4/pcap/quic-tls-handshake.pcapng"))
    func foxIOCapture() throws {
        let report = try Self.audit("ja4/pcap/quic-tls-handshake.pcapng")
        let flow = try #require(report.flows.first { $0.ipProtocol == 17 && $0.server.port == 443 })
        #expect(flow.sni == "www.google.com")
        #expect(flow.serverName == "www.google.com")
        #expect(flow.alpnOffered == ["h3"])
        // FoxIO's rust ja4 snapshot for this capture.
        #expect(flow.ja4 == "q13d0310h3_55b375c5d22e_cd85d2d88918")
        #expect(flow.ja4Raw?.hasPrefix("q13d0310h3_") == true)
        let client = try #require(report.devices.first { $0.mac == flow.client.mac })
        let evidence = client.evidence.map { "\($0.source).\($0.field)=\($0.value)" }
        #expect(evidence.contains("quic.sni=www.google.com"))
        #expect(evidence.contains("quic.ja4=q13d0310h3_55b375c5d22e_cd85d2d88918"))
        #expect(!report.anomalies.contains { $0.name.hasPrefix("quic.") })
    }

    @Test("arkime quicietf.pcap: the JA4 its MANIFEST label gives", .requiresCorpus("arkime/pcap/quicietf.pcap"))
    func arkimeCapture() throws {
        let report = try Self.audit("arkime/pcap/quicietf.pcap")
        let flow = try #require(report.flows.first { $0.ja4 != nil })
        #expect(flow.ja4 == "q13d0311h3_55b375c5d22e_3512bcbbc9ec")
        #expect(flow.sni == "ssl.gstatic.com")
    }

    @Test(
        "Firefox to Google (zeek trace): ClientHello and ServerHello give JA4, JA4S and TLS 1.3",
        .requiresCorpus("zeek/Traces/quic/quic_win11_firefox_google.pcap"))
    func serverHello() throws {
        let report = try Self.audit("zeek/Traces/quic/quic_win11_firefox_google.pcap")
        let flow = try #require(report.flows.first { $0.ja4s != nil })
        #expect(flow.sni == "www.google.com")
        #expect(flow.ja4s?.hasPrefix("q13") == true)
        #expect(flow.tlsVersion == "1.3")
    }

    @Test("SNI and ALPN of every QUIC ClientHello in the corpus agree with tshark", .requiresCorpus, .requiresTShark)
    func corpusAgreement() throws {
        var files = 0
        var checked = 0
        var agreed = 0
        var differences: [String] = []
        for capture in try Corpus.captures() {
            // Cheap filter: only captures where netvet saw a UDP flow to port 443 are shown to tshark.
            guard let report = try? Self.audit(capture.path),
                report.flows.contains(where: { $0.ipProtocol == 17 && ($0.server.port == 443 || $0.client.port == 443) }
                )
            else { continue }
            files += 1
            for hello in try Self.tsharkHellos(Corpus.url(capture.path)) {
                checked += 1
                let flow = report.flows.first {
                    $0.ipProtocol == 17 && $0.client.ip.description == hello.source && Int($0.client.port) == hello.port
                }
                let ours = [flow?.sni ?? "", flow?.alpnOffered.joined(separator: ",") ?? ""]
                if ours == [hello.sni, hello.alpn] {
                    agreed += 1
                } else {
                    differences.append(
                        "\(capture.path) \(hello.source):\(hello.port): \(ours) ≠ \([hello.sni, hello.alpn])")
                }
            }
        }
        print(
            "quic corpus agreement: \(files) captures with UDP 443, \(checked) ClientHellos, \(agreed) agree with tshark"
        )
        for difference in differences { print("quic corpus agreement: DIFFERENCE \(difference)") }
        #expect(differences.isEmpty)
        #expect(checked >= 20)
    }

    /// One QUIC ClientHello as tshark decodes it.
    struct TSharkHello {
        var source: String
        var port: Int
        var sni: String
        var alpn: String
    }

    /// The first ClientHello of each client address and port in `capture`, per tshark.
    static func tsharkHellos(_ capture: URL) throws -> [TSharkHello] {
        let rows = try TShark.fields(
            capture, filter: "quic && tls.handshake.type == 1",
            fields: [
                "ip.src", "ipv6.src", "udp.srcport", "tls.handshake.extensions_server_name",
                "tls.handshake.extensions_alpn_str",
            ],
            occurrence: .first)
        var hellos: [TSharkHello] = []
        var seen = Set<String>()
        for columns in rows {
            guard columns.count >= 5, let port = Int(columns[2]) else { continue }
            let source = columns[0].isEmpty ? columns[1] : columns[0]
            // A retransmitted or second-Initial ClientHello of the same flow is the same hello.
            guard seen.insert("\(source):\(port)").inserted else { continue }
            hellos.append(TSharkHello(source: source, port: port, sni: columns[3], alpn: columns[4]))
        }
        return hellos
    }
}
