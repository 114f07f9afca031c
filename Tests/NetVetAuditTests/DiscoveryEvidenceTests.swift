import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetTestSupport
import NetVetWire
import Testing

/// Camera and network-gear discovery end to end: WS-Discovery/ONVIF and SNMP from corpus captures, and
/// SADP, DHIP and SNMP from the hand-built fuzz seeds (Tests/Fuzz/corpus/protocols, family bytes 6 and 7;
/// the corpus has no SADP or DHIP traffic) wrapped in Ethernet/IPv4/UDP frames.
@Suite("Discovery evidence")
struct DiscoveryEvidenceTests {
    /// Ethernet / IPv4 / UDP from `source` (MAC 44:19:b6:00:00:`source`) to `destination`, ports as given.
    static func udpFrame(
        source: UInt8, destination: [UInt8], ports: (UInt16, UInt16), payload: [UInt8]
    ) -> [UInt8] {
        // To a multicast MAC; identification 1, no fragmentation flags, checksum zero, no Ethernet padding.
        let destinationIP = IPv4Address(destination[0], destination[1], destination[2], destination[3])
        return FrameBuilder.ethernet(
            MACAddress(0x01, 0x00, 0x5E, 0x7F, 0xFF, 0xFA), MACAddress(0x44, 0x19, 0xB6, 0x00, 0x00, source), 0x0800,
            FrameBuilder.ipv4(
                .v4(IPv4Address(192, 168, 1, source)), .v4(destinationIP), protocol: 17,
                FrameBuilder.udp(ports.0, ports.1, payload), identification: 1, fragment: 0, checksum: false),
            padded: false)
    }

    /// A fuzz seed's message (its byte 0 is the family selector).
    static func seed(_ name: String) throws -> [UInt8] {
        let url = PackagePaths.root.appendingPathComponent("Tests/Fuzz/corpus/protocols/\(name)")
        return Array(try Data(contentsOf: url).dropFirst())
    }

    static func evidence(_ report: AuditReport, _ mac: String) -> [String] {
        EvidenceCorpusTests.evidence(report, mac)
    }

    @Test("SADP, DHIP and SNMP from memory frames: model, firmware, MAC; no serial and no community in the report")
    func memoryFrames() throws {
        let packets: [(UInt8, [UInt8], (UInt16, UInt16), String)] = [
            (64, [239, 255, 255, 250], (37020, 37020), "7-sadp-probe-match"),
            (9, [239, 255, 255, 250], (37020, 37020), "7-sadp-probe"),
            (108, [239, 255, 255, 251], (37810, 37810), "7-dhip-notify"),
            (108, [192, 168, 1, 9], (37810, 5050), "7-dhip-search"),
            (2, [192, 168, 1, 9], (161, 40000), "8-snmp-v2c-response"),
            (9, [192, 168, 1, 2], (40000, 161), "8-snmp-v2c-get"),
            (20, [192, 168, 1, 9], (40001, 162), "8-snmp-v1-trap"),
            (64, [239, 255, 255, 250], (3702, 3702), "7-wsd-hello"),
        ]
        var frames: [MemoryFrameSource.Frame] = []
        for (index, (source, destination, ports, name)) in packets.enumerated() {
            frames.append(
                MemoryFrameSource.Frame(
                    time: PacketTime(seconds: 1_700_000_000 + Int64(index), microseconds: 0),
                    bytes: Self.udpFrame(
                        source: source, destination: destination, ports: ports, payload: try Self.seed(name))))
        }
        let auditor = Auditor()
        try auditor.run(MemoryFrameSource(linkType: .ethernet, frames: frames))
        let report = auditor.finish()
        let camera = Self.evidence(report, "44:19:b6:00:00:40")
        #expect(camera.contains("sadp.model=DS-2CD2043G2-I"))
        #expect(camera.contains("sadp.device_type=139"))
        #expect(camera.contains("sadp.firmware=V5.6.5build 200316; V7.3 build 200311"))
        #expect(camera.contains("sadp.mac=44:19:b6:aa:bb:cc"))
        #expect(camera.contains("sadp.serial_present=true") && camera.contains("sadp.activated=true"))
        #expect(camera.contains("onvif.hardware=DS-2CD2043G2-I"))
        #expect(camera.contains("onvif.name=HIKVISION DS-2CD2043G2-I"))
        #expect(camera.contains("onvif.type=NetworkVideoTransmitter"))
        #expect(camera.contains("onvif.xaddr=http://192.168.1.64/onvif/device_service"))
        #expect(camera.contains("onvif.endpoint=urn:uuid:5f5a69c2-e0ae-504f-829b-00fc3b2b2a9e"))
        let dahua = Self.evidence(report, "44:19:b6:00:00:6c")
        #expect(
            dahua == [
                "dhip.device_type=IPC-HDW5421S", "dhip.device_class=IPC", "dhip.vendor=Dahua",
                "dhip.firmware=2.800.0000000.25.R", "dhip.mac=3c:ef:8c:41:6c:ce", "dhip.serial_present=true",
            ])
        let agent = Self.evidence(report, "44:19:b6:00:00:02")
        #expect(agent.contains("snmp.version=2c") && agent.contains("snmp.community_in_clear=default"))
        #expect(agent.contains("snmp.sys_object_id=1.3.6.1.4.1.9.1.1208") && agent.contains("snmp.sys_name=sw-core-1"))
        #expect(agent.contains { $0.hasPrefix("snmp.sys_descr=Cisco IOS Software, C2960") })
        // The manager's request and the SADP probe say nothing about the tool that sent them but SNMP facts.
        #expect(Self.evidence(report, "44:19:b6:00:00:09") == ["snmp.version=2c", "snmp.community_in_clear=default"])
        let trapSender = Self.evidence(report, "44:19:b6:00:00:14")
        #expect(trapSender.contains("snmp.sys_object_id=1.3.6.1.4.1.8072.3.2.10"))
        #expect(trapSender.contains("snmp.sys_descr=Linux camera") && trapSender.contains("snmp.version=1"))
        let json = JSONReport.render(report)
        #expect(!json.contains("AAWRE12345678") && !json.contains("3C06520PAN00001"))
        #expect(!json.contains("public") && !json.contains("private"))
    }

    @Test(
        "ONVIF Hello and ProbeMatches of two cameras (iotls amcrest-cam-wired.pcap)",
        .requiresCorpus("iotls/Traffic/amcrest-cam-wired.pcap"))
    func onvifCorpus() throws {
        let report = try EvidenceCorpusTests.audit("iotls/Traffic/amcrest-cam-wired.pcap")
        let amcrest = Self.evidence(report, "9c:8e:cd:0a:33:1b")
        #expect(amcrest.contains("onvif.hardware=IPM-723W"))
        #expect(amcrest.contains("onvif.name=Amcrest"))
        #expect(amcrest.contains("onvif.location=country/china"))
        #expect(amcrest.contains("onvif.type=NetworkVideoTransmitter") && amcrest.contains("onvif.type=Device"))
        #expect(amcrest.contains("onvif.xaddr=http://192.168.10.128/onvif/device_service"))
        let microseven = Self.evidence(report, "00:fc:5c:e0:81:86")
        #expect(microseven.contains("onvif.name=Microseven"))
        #expect(microseven.contains("onvif.model=C6F0SgZ0N0P0L0"))
        #expect(microseven.contains("onvif.xaddr=http://192.168.10.240:8080/onvif/devices"))
    }

    @Test(
        "SNMPv1 agent: default community in clear, sysObjectID and sysName (zeek snmpv1_get.pcap)",
        .requiresCorpus("zeek/Traces/snmp/snmpv1_get.pcap"))
    func snmpCorpus() throws {
        let report = try EvidenceCorpusTests.audit("zeek/Traces/snmp/snmpv1_get.pcap")
        let agent = Self.evidence(report, "08:00:37:15:e6:bc")
        #expect(agent.contains("snmp.community_in_clear=default") && agent.contains("snmp.version=1"))
        #expect(agent.contains("snmp.sys_object_id=1.3.6.1.4.1.2001.1.1.1.297.93.1.27.2.2.1"))
        #expect(agent.contains("snmp.sys_name=B6300"))
    }
}
