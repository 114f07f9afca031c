import Foundation
import NetVetFingerprint
import NetVetTestSupport
import Testing

/// A rules file is input like any other: a cut or damaged signature file must give a clear
/// `path:line: message` error (or still load, when the damage happens to leave valid YAML), never a trap
/// or a hang. Real signature files from `Rules/fingerprints`, cut at many offsets and with bytes changed.
@Suite("Signature loader on damaged files")
struct IdentityLoaderRobustnessTests {
    static let root = PackagePaths.root

    /// The first 6 KiB of a real signature file of the repository (signatures, chip makers).
    static func sample(_ name: String) throws -> String {
        let text = try String(
            contentsOf: root.appendingPathComponent("Rules/fingerprints/\(name)"), encoding: .utf8)
        return String(decoding: Array(text.utf8.prefix(6144)), as: UTF8.self)
    }

    /// Loads `text` as one file; the outcome as text: "ok" or the error's description.
    static func outcome(_ text: String) -> String {
        do {
            _ = try SignatureDatabase.load(files: [(path: "Rules/fingerprints/damaged.yaml", text: text)])
            return "ok"
        } catch {
            return error.description
        }
    }

    @Test(
        "cut at every 7th byte: loads or names the file and a line", arguments: ["chip-makers.yaml", "endpoints.yaml"])
    func truncations(name: String) throws {
        let bytes = Array(try Self.sample(name).utf8)
        for cut in stride(from: 0, to: bytes.count, by: 7) {
            let result = Self.outcome(String(decoding: bytes[0..<cut], as: UTF8.self))
            #expect(result == "ok" || result.hasPrefix("Rules/fingerprints/damaged.yaml:"), "cut at \(cut): \(result)")
        }
    }

    @Test("bytes replaced by YAML's special characters: loads or names the file and a line")
    func mutations() throws {
        let bytes = Array(try Self.sample("endpoints.yaml").utf8)
        let specials = Array(":-[]{}&*!|>'\"%@`#,?\t\n\0".utf8) + [0xFF, 0xC3]
        // A fixed linear congruential sequence: the same mutations on every run.
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<300 {
            var mutated = bytes
            for _ in 0..<3 { mutated[next() % mutated.count] = specials[next() % specials.count] }
            let result = Self.outcome(String(decoding: mutated, as: UTF8.self))
            #expect(result == "ok" || result.hasPrefix("Rules/fingerprints/damaged.yaml:"), "\(result)")
        }
    }
}
