import Foundation
import NetVetExport
import NetVetTestSupport
import NetVetWire
import Testing

/// The output schema is the product's API (STYLE.md §6): these tests fail when a JSON field or an
/// anomaly name is added without documentation.
@Suite("Documentation covers the output")
struct DocumentationTests {
    static let docs = PackagePaths.root.appendingPathComponent("docs")

    @Test("every anomaly name is documented in docs/ANOMALIES.md")
    func anomaliesDocumented() throws {
        let text = try String(
            contentsOf: DocumentationTests.docs.appendingPathComponent("ANOMALIES.md"), encoding: .utf8)
        for anomaly in Anomaly.allCases {
            #expect(text.contains("`\(anomaly.name)`"), "docs/ANOMALIES.md lacks \(anomaly.name)")
        }
    }

    @Test("every JSON key of a full report is documented in docs/REPORT.md")
    func reportFieldsDocumented() throws {
        let text = try String(contentsOf: DocumentationTests.docs.appendingPathComponent("REPORT.md"), encoding: .utf8)
        var keys = Set<String>()
        // The office scenario has TCP flows, VLANs, gateways and vendors: every field appears in it.
        for capture in ["Samples/office-lan/capture.pcap", "Samples/damaged-capture/capture.pcap"] {
            collectKeys(JSONReport.document(try ScenarioTests.audit(capture)), into: &keys, insideAnomalies: false)
        }
        #expect(keys.count > 40)
        for key in keys.sorted() {
            #expect(text.contains("`\(key)`") || text.contains(".\(key)`"), "docs/REPORT.md lacks field \(key)")
        }
    }

    /// Collects object keys, skipping the anomaly-name keys (documented in ANOMALIES.md).
    private func collectKeys(_ value: JSONValue, into keys: inout Set<String>, insideAnomalies: Bool) {
        switch value {
        case .object(let members):
            for (key, member) in members {
                if !insideAnomalies { keys.insert(key) }
                collectKeys(member, into: &keys, insideAnomalies: key == "anomalies")
            }
        case .array(let values):
            for member in values { collectKeys(member, into: &keys, insideAnomalies: false) }
        default:
            break
        }
    }
}
