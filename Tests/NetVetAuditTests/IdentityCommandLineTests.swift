import Foundation
import NetVetTestSupport
import Testing

/// `netvet rules check` and `netvet fingerprint` as a user meets them.
@Suite("netvet rules check and netvet fingerprint")
struct IdentityCommandLineTests {
    @Test("rules check prints counts per file and exits 0")
    func checkPasses() throws {
        let result = try CommandLineTests.netvet(["rules", "check", "--rules-dir", "Rules"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Rules/fingerprints/chip-makers.yaml: "))
        #expect(result.stdout.contains("ok: "))
    }

    @Test("rules check prints the first defect as path:line: message and exits 2")
    func checkFails() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("netvet-rules-\(UUID().uuidString)")
        let rules = root.appendingPathComponent("Rules")
        try FileManager.default.createDirectory(
            at: rules.appendingPathComponent("fingerprints"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: rules.appendingPathComponent("oui"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: PackagePaths.root.appendingPathComponent("Rules/oui/ieee-registry.tsv"),
            to: rules.appendingPathComponent("oui/ieee-registry.tsv"))
        try "version: 1\nbrands:\n  - {brand: A, maker: B, provenance: p}\n".write(
            to: rules.appendingPathComponent("fingerprints/brands.yaml"), atomically: true, encoding: .utf8)
        let result = try CommandLineTests.netvet(["rules", "check", "--rules-dir", rules.path])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "netvet: Rules/fingerprints/brands.yaml:3: unknown key 'maker' (expected: brand, manufacturer, provenance)"
            ),
            "\(result.stderr)")
    }

    @Test("fingerprint lists weak devices with skeletons")
    func fingerprint() throws {
        let result = try CommandLineTests.netvet([
            "fingerprint", "--min-confidence", "0.5", CommandLineTests.camera,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("# netvet fingerprint: "))
        #expect(result.stdout.contains("#   rtsp / user_agent = 'SynologySurveillance'"))
        #expect(result.stdout.contains("  - id: '?'"))
    }
}
