import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetFingerprint
import NetVetTestSupport
import NetVetWire
import Testing

/// The fingerprint stage end to end: generated frames through the auditor, identity in the JSON report.
/// Signatures come from the test fixture (Tests/Fixtures/Rules/fingerprints), the OUI table from Rules/.
@Suite("Identity in the audit report")
struct IdentityAuditTests {
    static let fixture = PackagePaths.root.appendingPathComponent("Tests/Fixtures/Rules").path

    /// Audits `frames` with the real OUI table and `signatures`.
    static func audit(_ frames: [MemoryFrameSource.Frame], signatures: SignatureDatabase) throws -> AuditReport {
        let vendors = try RulesLoading.vendorRegistry(
            explicit: PackagePaths.root.appendingPathComponent("Rules").path)
        let auditor = Auditor(options: AuditOptions(vendors: vendors, signatures: signatures))
        try auditor.run(MemoryFrameSource(linkType: .ethernet, frames: frames))
        return auditor.finish()
    }

    /// The `identity` object of the device with `mac` in the rendered JSON report.
    static func identity(_ report: AuditReport, _ mac: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(JSONReport.render(report).utf8)) as? [String: Any]
        let devices = try #require(object?["devices"] as? [[String: Any]])
        let device = try #require(devices.first { $0["mac"] as? String == mac }, "no device \(mac)")
        return try #require(device["identity"] as? [String: Any])
    }

    @Test("a SADP camera and a DHIP camera behind a Hikvision OUI get their identities in the JSON")
    func discoveryIdentities() throws {
        let packets: [(UInt8, [UInt8], (UInt16, UInt16), String)] = [
            (64, [239, 255, 255, 250], (37020, 37020), "7-sadp-probe-match"),
            (108, [239, 255, 255, 251], (37810, 37810), "7-dhip-notify"),
        ]
        var frames: [MemoryFrameSource.Frame] = []
        for (index, (source, destination, ports, name)) in packets.enumerated() {
            frames.append(
                MemoryFrameSource.Frame(
                    time: PacketTime(seconds: 1_700_000_000 + Int64(index), microseconds: 0),
                    bytes: DiscoveryEvidenceTests.udpFrame(
                        source: source, destination: destination, ports: ports,
                        payload: try DiscoveryEvidenceTests.seed(name))))
        }
        let report = try Self.audit(frames, signatures: try SignatureDatabase.load(directory: Self.fixture))

        let camera = try Self.identity(report, "44:19:b6:00:00:40")
        #expect(camera["vendor"] as? String == "Hikvision")
        #expect(camera["model"] as? String == "DS-2CD2043G2-I")
        #expect(camera["firmware"] as? String == "V5.6.5")
        #expect(camera["type"] as? String == "camera")
        #expect(camera["brand"] is NSNull && camera["os"] is NSNull && camera["chip_maker"] is NSNull)
        // 1 - (1 - 0.95)(1 - 0.9)(1 - 0.6) = 0.998, printed with two decimals.
        #expect(camera["confidence"] as? Double == 1.0)
        #expect(JSONReport.render(report).contains("\"confidence\": 1.00"))
        #expect(
            camera["signatures"] as? [String] == [
                "Rules/fingerprints/cameras.yaml:4", "Rules/fingerprints/cameras.yaml:9",
                "Rules/fingerprints/cameras.yaml:14",
            ])
        #expect((camera["conflicts"] as? [Any])?.isEmpty == true)

        // Dahua's own discovery protocol outweighs the (Hikvision) OUI, which stays visible as a conflict.
        let dahua = try Self.identity(report, "44:19:b6:00:00:6c")
        #expect(dahua["vendor"] as? String == "Dahua")
        #expect(dahua["model"] as? String == "IPC-HDW5421S")
        #expect(dahua["confidence"] as? Double == 0.9)
        let conflicts = try #require(dahua["conflicts"] as? [[String: Any]])
        #expect(conflicts.count == 1)
        #expect(conflicts.first?["attribute"] as? String == "vendor")
        #expect(conflicts.first?["value"] as? String == "Hikvision")
        #expect(conflicts.first?["confidence"] as? Double == 0.6)
        #expect(conflicts.first?["signatures"] as? [String] == ["Rules/fingerprints/cameras.yaml:14"])

        // The table shows the identity's vendor, model and type.
        let table = TableReport.render(report)
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix("44:19:b6:00:00:40") })
        #expect(row.contains("Hikvision") && row.contains("DS-2CD2043G2-I") && row.contains("camera"))
        #expect(table.contains("MODEL") && table.contains("TYPE"))
    }

    @Test("server names of the flows a device opened are flow/server_name evidence")
    func flowServerNames() throws {
        let database = try SignatureDatabase.load(files: [
            (
                path: "t.yaml",
                text: """
                version: 1
                signatures:
                  - id: example.client
                    match: {source: flow, field: server_name, equals: camera.example}
                    yields: {vendor: Example, type: phone}
                    confidence: 0.7
                    provenance: test
                """
            )
        ])
        let report = try Self.audit(
            DripFeedAuditTests.frames(DripFeedAuditTests.httpRequest, .whole), signatures: database)
        let client = try Self.identity(report, "02:00:00:00:00:10")
        #expect(client["vendor"] as? String == "Example")
        #expect(client["type"] as? String == "phone")
        #expect(client["signatures"] as? [String] == ["t.yaml:3"])
        // The server opened nothing: the name is not its evidence.
        let server = try Self.identity(report, "02:00:00:00:00:64")
        #expect(server["vendor"] is NSNull)
        #expect(server["type"] as? String == "unknown")
        #expect(server["confidence"] as? Double == 0)
    }
}
