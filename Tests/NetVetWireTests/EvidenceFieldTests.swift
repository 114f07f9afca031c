import Foundation
import NetVetWire
import Testing

/// The repository root: this file is <repo>/Tests/NetVetWireTests/EvidenceFieldTests.swift.
private let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The rows of the first Markdown table after the line starting with `heading` in docs/`document`, as
/// the backticked names of each cell (header and `|---|` rows left out).
private func tableRows(_ document: String, after heading: String) throws -> [[[String]]] {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/" + document), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let start = try #require(lines.firstIndex { $0.hasPrefix(heading) }, "\(heading) in docs/\(document)")
    let rows = lines[(start + 1)...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }.dropFirst(2)
    return rows.map { row in
        row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map { cell in
            cell.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }
                .map { String($0.element) }
        }
    }
}

/// `txt.<key>` is the family `txt.`; any other name is one field.
private func field(_ source: String, _ name: String) -> EvidenceField {
    name.hasSuffix("<key>")
        ? EvidenceField(source: source, field: String(name.dropLast("<key>".count)), isFamily: true)
        : EvidenceField(source: source, field: name)
}

@Suite("EvidenceField: the registry of produced evidence fields")
struct EvidenceFieldTests {
    @Test("docs/REPORT.md's evidence table lists exactly the recorded fields")
    func reportTable() throws {
        var documented: Set<EvidenceField> = []
        for row in try tableRows("REPORT.md", after: "Evidence fields by source:") where row.count >= 2 {
            let (sources, names) = (row[0], row[1])
            // A row means each of its sources has each of its fields (`http`, `rtsp`).
            for source in sources { for name in names { documented.insert(field(source, name)) } }
        }
        let registered = Set(EvidenceField.recorded)
        #expect(documented.count > 50)
        #expect(
            documented.subtracting(registered).isEmpty,
            "documented, not registered: \(documented.subtracting(registered))")
        #expect(
            registered.subtracting(documented).isEmpty,
            "registered, not documented: \(registered.subtracting(documented))")
    }

    @Test("docs/FINGERPRINTS.md's pseudo-source table lists exactly the pseudo fields")
    func pseudoSourceTable() throws {
        // One cell per row: `oui` / `name`.
        let documented = Set(
            try tableRows("FINGERPRINTS.md", after: "### Pseudo-sources").compactMap { row in
                row.first.flatMap { $0.count == 2 ? field($0[0], $0[1]) : nil }
            })
        #expect(documented == Set(EvidenceField.pseudo))
    }

    @Test("no field is registered twice; all is recorded then pseudo")
    func unique() {
        #expect(Set(EvidenceField.all).count == EvidenceField.all.count)
        #expect(EvidenceField.all == EvidenceField.recorded + EvidenceField.pseudo)
        #expect(EvidenceField.sources.contains("tuya") && EvidenceField.sources.contains("flow"))
    }

    @Test("lookup: exact fields, family members, prefixes")
    func lookup() {
        #expect(EvidenceField.isProduced(source: "dhcp", field: "hostname", isPrefix: false))
        #expect(!EvidenceField.isProduced(source: "dhcp", field: "hostnme", isPrefix: false))
        #expect(!EvidenceField.isProduced(source: "dhcpv6", field: "hostname", isPrefix: false))
        #expect(EvidenceField.isProduced(source: "mdns", field: "txt.md", isPrefix: false))
        #expect(!EvidenceField.isProduced(source: "mdns", field: "txt.", isPrefix: false))
        #expect(EvidenceField.isProduced(source: "mdns", field: "txt.", isPrefix: true))
        #expect(EvidenceField.isProduced(source: "mdns", field: "txt.mod", isPrefix: true))
        #expect(EvidenceField.isProduced(source: "tls", field: "cert_", isPrefix: true))
        #expect(!EvidenceField.isProduced(source: "tls", field: "certificate", isPrefix: true))
        #expect(EvidenceField.isProduced(source: "rtsp", field: "server", isPrefix: false))
        #expect(EvidenceField.isProduced(source: "oui", field: "name", isPrefix: false))
        #expect(!EvidenceField.isProduced(source: "bacnet", field: "vendor", isPrefix: false))
        #expect(EvidenceField.mdnsTXT.description == "mdns/txt.<key>")
    }
}
