import Foundation
import NetVetFuzzing
import NetVetProtocols
import NetVetTestSupport
import Testing

/// The fuzz inputs of `Sources/FuzzProtocols` replayed by the ordinary test suite (STYLE.md §7.4): every file of
/// `Tests/Fuzz/corpus/protocols` (seeds, from `scripts/gen-protocol-seeds.py`) and
/// `Tests/Fuzz/regressions/protocols` (inputs that once crashed a parser) goes through
/// `ProtocolFuzzDispatch` (Tests/NetVetFuzzing), the dispatch the fuzz target uses: byte 0 picks the parser family, the rest is the
/// message. The JA3/JA4 fingerprints the target adds are covered by NetVetFingerprintTests.
@Suite struct FuzzCorpusReplayTests {
    /// Every input file of `folder` (relative to `Tests/Fuzz`), sorted by name; empty if the folder is absent.
    static func inputs(in folder: String) throws -> [(name: String, bytes: [UInt8])] {
        let directory = PackagePaths.fuzz.appendingPathComponent(folder)
        return try PackagePaths.files(in: directory).map { ("\(folder)/\($0.name)", $0.bytes) }
    }

    @Test func replaysEverySeedAndRegression() throws {
        let seeds = try Self.inputs(in: "corpus/protocols")
        let regressions = try Self.inputs(in: "regressions/protocols")
        var replayed = 0
        for (_, bytes) in seeds + regressions {
            _ = bytes.withUnsafeBytes { ProtocolFuzzDispatch.run($0) }
            replayed += 1
        }
        #expect(replayed > 0)
        #expect(replayed == seeds.count + regressions.count)
    }

    /// Each seed is a valid message of its family, so the fuzzer starts from inputs that reach deep.
    @Test func everySeedParses() throws {
        let seeds = try Self.inputs(in: "corpus/protocols")
        #expect(!seeds.isEmpty)
        var families: Set<Int> = []
        for (name, bytes) in seeds {
            let outcome = bytes.withUnsafeBytes { ProtocolFuzzDispatch.run($0) }
            #expect(outcome.messages > 0, "\(name) parses as no message of its family")
            if let family = bytes.withUnsafeBytes({ ProtocolFuzzDispatch.family(of: $0) }) {
                families.insert(family.rawValue)
            }
        }
        #expect(families.count == ProtocolFuzzDispatch.Family.allCases.count, "a family without seeds")
    }

    /// The family byte wraps modulo the number of families, as the fuzz target reads it.
    @Test func selectorByteWraps() {
        // Independent of how many families there are: 3, 3 + count and the largest 3 + k * count under 256.
        let count = UInt8(ProtocolFuzzDispatch.Family.allCases.count)
        let selectors = [UInt8(3), 3 + count, 3 + count * (252 / count)]
        let families = selectors.map { byte in [byte].withUnsafeBytes { ProtocolFuzzDispatch.family(of: $0) } }
        #expect(families == [.tls, .tls, .tls])
        #expect([UInt8]().withUnsafeBytes { ProtocolFuzzDispatch.family(of: $0) } == nil)
    }
}
