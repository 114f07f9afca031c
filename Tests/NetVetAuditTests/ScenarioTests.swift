import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetTestSupport
import Testing

/// Scenario tests (suricata-verify style): every `Samples/<scenario>/*.pcap` is audited and its JSON
/// report compared byte for byte with `<name>.expected.json` beside it. Adding a folder adds a test.
///
/// To re-record after a reviewed change, run with `NETVET_RECORD=1`: the expected files are rewritten
/// and the test fails, so a recording never passes silently.
@Suite("Samples scenarios")
struct ScenarioTests {
    static let samples = PackagePaths.samples

    /// Every capture under Samples/, as a path relative to the package root.
    static let captures: [String] = {
        let manager = FileManager.default
        guard let folders = try? manager.contentsOfDirectory(atPath: samples.path) else { return [] }
        var result: [String] = []
        for folder in folders.sorted() where folder != "lib" {
            let files = (try? manager.contentsOfDirectory(atPath: samples.appendingPathComponent(folder).path)) ?? []
            for file in files.sorted() where file.hasSuffix(".pcap") || file.hasSuffix(".pcapng") {
                result.append("Samples/\(folder)/\(file)")
            }
        }
        return result
    }()

    @Test("there are at least three scenario folders")
    func scenarioFoldersExist() {
        let folders = Set(ScenarioTests.captures.map { $0.split(separator: "/")[1] })
        #expect(folders.count >= 3, "scenario folders: \(folders.sorted())")
    }

    @Test("audit matches the expected JSON", arguments: captures)
    func auditMatchesExpected(_ capture: String) throws {
        let report = try ScenarioTests.audit(capture)
        let actual = JSONReport.render(report)
        let expectedURL = PackagePaths.root.appendingPathComponent(
            capture.replacingOccurrences(of: ".pcapng", with: ".expected.json")
                .replacingOccurrences(of: ".pcap", with: ".expected.json"))
        if ProcessInfo.processInfo.environment["NETVET_RECORD"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            Issue.record("recorded \(expectedURL.path); review the diff, then run again without NETVET_RECORD")
            return
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(actual == expected, "\(capture): report differs from \(expectedURL.lastPathComponent)")
    }

    @Test("the same capture gives a byte-identical report run to run")
    func deterministic() throws {
        let capture = try #require(ScenarioTests.captures.first { $0.contains("office-lan") })
        #expect(
            JSONReport.render(try ScenarioTests.audit(capture)) == JSONReport.render(try ScenarioTests.audit(capture)))
    }

    @Test("the streamed JSON equals the rendered document tree")
    func streamedEqualsTree() throws {
        for capture in ScenarioTests.captures {
            let report = try ScenarioTests.audit(capture)
            #expect(JSONReport.render(report) == JSONReport.document(report).rendered(), "\(capture)")
        }
    }

    /// Audits one sample exactly as `netvet audit --format json Samples/...` run from the package root does.
    static func audit(_ capture: String) throws -> AuditReport {
        let rules = try RulesLoading.load(explicit: PackagePaths.root.appendingPathComponent("Rules").path)
        let auditor = Auditor(options: AuditOptions(vendors: rules.vendors, signatures: rules.signatures))
        try auditor.run(try PcapFileSource(path: PackagePaths.root.appendingPathComponent(capture).path))
        var report = auditor.finish()
        // Name the file as the command line would, relative to the package root.
        report.files = [capture]
        report.warnings = report.warnings.map {
            $0.replacingOccurrences(of: PackagePaths.root.appendingPathComponent(capture).path, with: capture)
        }
        return report
    }
}
