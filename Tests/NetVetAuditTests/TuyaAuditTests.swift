import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetTestSupport
import NetVetWire
import Testing

/// Tuya LAN discovery end to end: broadcasts through the auditor give `tuya` evidence, and the signatures
/// of Rules/ turn it into an identity.
@Suite("Tuya discovery in the audit")
struct TuyaAuditTests {
    @Test("3.1, 3.3 and 3.5 broadcasts from memory frames: evidence per sender, repeats parsed once")
    func memoryFrames() throws {
        let packets: [(UInt8, UInt16, String)] = [
            (40, 6666, "9-tuya-31-plaintext"), (42, 6667, "9-tuya-33-ecb"), (41, 6667, "9-tuya-35-gcm"),
            (40, 6666, "9-tuya-31-plaintext"),
        ]
        var frames: [MemoryFrameSource.Frame] = []
        for (index, (source, port, name)) in packets.enumerated() {
            frames.append(
                MemoryFrameSource.Frame(
                    time: PacketTime(seconds: 1_700_000_000 + Int64(index), microseconds: 0),
                    bytes: DiscoveryEvidenceTests.udpFrame(
                        source: source, destination: [255, 255, 255, 255], ports: (49154, port),
                        payload: try DiscoveryEvidenceTests.seed(name))))
        }
        let auditor = Auditor()
        try auditor.run(MemoryFrameSource(linkType: .ethernet, frames: frames))
        let report = auditor.finish()
        let plug = DiscoveryEvidenceTests.evidence(report, "44:19:b6:00:00:28")
        #expect(plug.contains("tuya.product_key=keyjnuy4s3kre7m7"))
        #expect(plug.contains("tuya.version=3.1"))
        #expect(plug.contains("tuya.device_id=bf00000000000000aa01"))
        #expect(plug.contains("tuya.encrypted=false"))
        let bulb = DiscoveryEvidenceTests.evidence(report, "44:19:b6:00:00:2a")
        #expect(bulb.contains("tuya.product_key=key4fv3xs8twchhy") && bulb.contains("tuya.encrypted=true"))
        let gcm = DiscoveryEvidenceTests.evidence(report, "44:19:b6:00:00:29")
        #expect(gcm.contains("tuya.product_key=e8dhekwuvrdogter") && gcm.contains("tuya.version=3.5"))
        // The repeated 3.1 broadcast was not parsed again: its evidence was seen once.
        let device = try #require(report.devices.first { $0.mac.description == "44:19:b6:00:00:28" })
        #expect(device.evidence.first { $0.field == "product_key" }?.count == 1)
    }

    @Test(
        "the corpus Smart Life bulb (IoTLS smartlife-bulb): Tuya product key, vendor Tuya, type light",
        .requiresCorpus("iotls/Traffic/smartlife-bulb.pcap"))
    func corpusBulb() throws {
        let file = Corpus.path("iotls/Traffic/smartlife-bulb.pcap")
        let rules = try RulesLoading.load(explicit: PackagePaths.root.appendingPathComponent("Rules").path)
        let auditor = Auditor(options: AuditOptions(vendors: rules.vendors, signatures: rules.signatures))
        try auditor.run(try PcapFileSource(path: file))
        let report = auditor.finish()
        let evidence = DiscoveryEvidenceTests.evidence(report, "dc:4f:22:5b:1a:a3")
        #expect(evidence.contains("tuya.product_key=key4fv3xs8twchhy"))
        #expect(evidence.contains("tuya.version=3.3"))
        #expect(evidence.contains("tuya.device_id=62733760dc4f225b1aa3"))
        #expect(evidence.contains("tuya.encrypted=true"))
        let identity = try IdentityAuditTests.identity(report, "dc:4f:22:5b:1a:a3")
        #expect(identity["vendor"] as? String == "Tuya")
        #expect(identity["type"] as? String == "light")
        #expect(identity["chip_maker"] as? String == "Espressif")
        #expect(report.anomalies.allSatisfy { !$0.name.hasPrefix("tuya.") })
    }
}
