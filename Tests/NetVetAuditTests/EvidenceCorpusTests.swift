import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetInventory
import Testing

/// The application stage end to end on real third-party captures (../shared/corpus): evidence and flow
/// names that tshark and FoxIO's reference outputs also show. Skipped, with a message, without the corpus.
@Suite("Evidence on corpus captures")
struct EvidenceCorpusTests {
    static let corpus = ScenarioTests.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static func audit(_ path: String) throws -> AuditReport? {
        let file = corpus.appendingPathComponent(path).path
        guard FileManager.default.fileExists(atPath: file) else {
            print("SKIPPED evidence test: \(file) not found (../shared/corpus is absent)")
            return nil
        }
        let vendors = try RulesLoading.vendorRegistry(
            explicit: ScenarioTests.packageRoot.appendingPathComponent("Rules").path)
        let auditor = Auditor(options: AuditOptions(vendors: vendors))
        try auditor.run(try PcapFileSource(path: file))
        return auditor.finish()
    }

    static func evidence(_ report: AuditReport, _ mac: String) -> [String] {
        report.devices.first { $0.mac.description == mac }?.evidence.map {
            "\($0.source).\($0.field)=\($0.value)"
        } ?? []
    }

    @Test("LLDP: switch names and capabilities")
    func lldp() throws {
        guard let report = try Self.audit("arkime/pcap/wireshark-lldp.pcap") else { return }
        let procurve = Self.evidence(report, "00:13:21:57:ca:7f")
        #expect(procurve.contains("lldp.system_name=ProCurve Switch 2600-8-PWR"))
        #expect(procurve.contains("lldp.capabilities=bridge"))
        #expect(procurve.contains("lldp.management_address=15.255.122.148"))
        #expect(Self.evidence(report, "00:01:30:f9:ad:a0").contains("lldp.capabilities=bridge,router"))
    }

    @Test("CDP: platform and software of a Cisco switch")
    func cdp() throws {
        guard let report = try Self.audit("tcpdump/tests/3560_CDP.pcap") else { return }
        let cisco = Self.evidence(report, "00:19:06:ea:b8:85")
        #expect(cisco.contains("cdp.platform=cisco WS-C3560G-24PS"))
        #expect(cisco.contains("cdp.port=GigabitEthernet0/5"))
    }

    @Test("TLS: SNI and the JA4 that FoxIO's reference gives for this capture")
    func tls() throws {
        guard let report = try Self.audit("arkime/pcap/tls13.pcap") else { return }
        let flow = try #require(report.flows.first { $0.sni != nil })
        #expect(flow.sni == "blog.cloudflare.com")
        #expect(flow.serverName == "blog.cloudflare.com")
        #expect(flow.ja4 == "t00d1815h2_a30347de7a75_2a77702ff8e0")
        #expect(flow.alpnOffered == ["h2", "http/1.1"])
    }

    @Test("DHCP and SSH evidence")
    func dhcpAndSSH() throws {
        guard let dhcp = try Self.audit("arkime/pcap/wireshark-dhcp.pcap"),
            let ssh = try Self.audit("ja4/pcap/ssh.pcapng")
        else { return }
        #expect(Self.evidence(dhcp, "00:0b:82:01:fc:42").contains("dhcp.parameter_request_list=1,3,6,42"))
        #expect(Self.evidence(ssh, "68:3a:1e:20:05:cc").contains("ssh.server=OpenSSH_8.9p1 Ubuntu-3ubuntu0.1"))
        #expect(Self.evidence(ssh, "68:ec:c5:b4:5a:9b").contains("ssh.client=OpenSSH_7.6p1 Ubuntu-4ubuntu0.5"))
    }
}
