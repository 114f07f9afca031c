import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetWire
import Testing

/// The evidence field registry (`EvidenceField`) against what the analyzers really record: every field in
/// the evidence of the scenario captures and of the third-party corpus (../shared/corpus, when present)
/// must be registered, or signatures reading it would be refused by the loader.
@Suite("Evidence field registry against recorded evidence")
struct EvidenceFieldRegistryTests {
    /// Every capture under `directory` (`.pcap`, `.pcapng`, `.cap`), sorted.
    static func captures(under directory: URL) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        let urls = (enumerator?.allObjects as? [URL]) ?? []
        return urls.filter { ["pcap", "pcapng", "cap"].contains($0.pathExtension) }.sorted { $0.path < $1.path }
    }

    @Test("every recorded (source, field) is in the registry")
    func recordedFieldsAreRegistered() throws {
        let vendors = try RulesLoading.vendorRegistry(
            explicit: ScenarioTests.packageRoot.appendingPathComponent("Rules").path)
        var files = Self.captures(under: ScenarioTests.packageRoot.appendingPathComponent("Samples"))
        files += Self.captures(under: EvidenceCorpusTests.corpus)
        var seen: Set<EvidenceField> = []
        for file in files {
            let auditor = Auditor(options: AuditOptions(vendors: vendors))
            // A capture this build cannot open (an unsupported link type) records no evidence.
            guard let source = try? PcapFileSource(path: file.path) else { continue }
            try? auditor.run(source)
            for device in auditor.finish().devices {
                for item in device.evidence
                where seen.insert(EvidenceField(source: item.source, field: item.field)).inserted {
                    #expect(
                        EvidenceField.isProduced(source: item.source, field: item.field, isPrefix: false),
                        "\(item.source)/\(item.field) (in \(file.path)) is not in EvidenceField's registry")
                }
            }
        }
        // Registered fields no capture shows are listed, not failed: the corpus does not cover every analyzer.
        let unseen = EvidenceField.recorded.filter { field in
            !seen.contains { field.produces(source: $0.source, field: $0.field) }
        }
        print(
            "evidence registry: \(seen.count) distinct fields recorded in \(files.count) captures; registered but "
                + "not seen: \(unseen.map(\.description).joined(separator: ", "))")
    }
}
