import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetInventory
import NetVetTestSupport
import Testing

/// The application stage end to end on real third-party captures (../shared/corpus): evidence and flow
/// names that tshark and FoxIO's reference outputs also show. Without a capture (or the corpus) Swift Testing
/// reports its test as skipped, with the reason.
@Suite("Evidence on corpus captures")
struct EvidenceCorpusTests {
    /// Audits the corpus capture at `path` (relative to the corpus) with the repository's vendor registry.
    /// Throws if the capture cannot be read: the tests that call it require it (`.requiresCorpus(path)`).
    static func audit(_ path: String) throws -> AuditReport {
        let file = Corpus.path(path)
        let vendors = try RulesLoading.vendorRegistry(
            explicit: PackagePaths.root.appendingPathComponent("Rules").path)
        let auditor = Auditor(options: AuditOptions(vendors: vendors))
        try auditor.run(try PcapFileSource(path: file))
        return auditor.finish()
    }

    static func evidence(_ report: AuditReport, _ mac: String) -> [String] {
        report.devices.first { $0.mac.description == mac }?.evidence.map {
            "\($0.source).\($0.field)=\($0.value)"
        } ?? []
    }

    @Test("LLDP: switch names and capabilities", .requiresCorpus("arkime/pcap/wireshark-lldp.pcap"))
    func lldp() throws {
        let report = try Self.audit("arkime/pcap/wireshark-lldp.pcap")
        let procurve = Self.evidence(report, "00:13:21:57:ca:7f")
        #expect(procurve.contains("lldp.system_name=ProCurve Switch 2600-8-PWR"))
        #expect(procurve.contains("lldp.capabilities=bridge"))
        #expect(procurve.contains("lldp.management_address=15.255.122.148"))
        #expect(Self.evidence(report, "00:01:30:f9:ad:a0").contains("lldp.capabilities=bridge,router"))
    }

    @Test("CDP: platform and software of a Cisco switch", .requiresCorpus("tcpdump/tests/3560_CDP.pcap"))
    func cdp() throws {
        let report = try Self.audit("tcpdump/tests/3560_CDP.pcap")
        let cisco = Self.evidence(report, "00:19:06:ea:b8:85")
        #expect(cisco.contains("cdp.platform=cisco WS-C3560G-24PS"))
        #expect(cisco.contains("cdp.port=GigabitEthernet0/5"))
    }

    @Test(
        "TLS: SNI and the JA4 that FoxIO's reference gives for this capture", .requiresCorpus("arkime/pcap/tls13.pcap"))
    func tls() throws {
        let report = try Self.audit("arkime/pcap/tls13.pcap")
        let flow = try #require(report.flows.first { $0.sni != nil })
        #expect(flow.sni == "blog.cloudflare.com")
        #expect(flow.serverName == "blog.cloudflare.com")
        #expect(flow.ja4 == "t00d1815h2_a30347de7a75_2a77702ff8e0")
        #expect(flow.alpnOffered == ["h2", "http/1.1"])
    }

    @Test(
        "DHCP and SSH evidence", .requiresCorpus("arkime/pcap/wireshark-dhcp.pcap"),
        .requiresCorpus("ja4/pcap/ssh.pcapng"))
    func dhcpAndSSH() throws {
        let dhcp = try Self.audit("arkime/pcap/wireshark-dhcp.pcap")
        let ssh = try Self.audit("ja4/pcap/ssh.pcapng")
        #expect(Self.evidence(dhcp, "00:0b:82:01:fc:42").contains("dhcp.parameter_request_list=1,3,6,42"))
        #expect(Self.evidence(ssh, "68:3a:1e:20:05:cc").contains("ssh.server=OpenSSH_8.9p1 Ubuntu-3ubuntu0.1"))
        #expect(Self.evidence(ssh, "68:ec:c5:b4:5a:9b").contains("ssh.client=OpenSSH_7.6p1 Ubuntu-4ubuntu0.5"))
    }
}
