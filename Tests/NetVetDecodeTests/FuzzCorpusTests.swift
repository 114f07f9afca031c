import Foundation
import NetVetDecode
import NetVetTestSupport
import NetVetWire
import Testing

/// The fuzz inputs of `Sources/FuzzDecode` (`DecodeFuzzHarness`) replayed by the ordinary test suite (STYLE.md §7.4): every file of
/// `Tests/Fuzz/corpus/decode` (seeds) and `Tests/Fuzz/regressions/decode` (inputs that once crashed or broke
/// an invariant) goes through the decoder with the invariants the fuzz target checks. NetVetInventoryTests
/// replays the same files through the device and flow tables.
@Suite struct FuzzCorpusTests {
    /// One fuzz input, split as `DecodeFuzzHarness` splits it: byte 0 picks the link type
    /// (modulo `LinkType.supported.count`), byte 1 is how many bytes the capture cut (the wire length is the
    /// frame length plus it), the rest is the frame.
    struct Input {
        var linkType: LinkType
        var cut: Int
        var frame: [UInt8]

        /// `nil` for inputs shorter than 2 bytes, which the fuzz target ignores.
        init?(_ bytes: [UInt8]) {
            guard bytes.count >= 2 else { return nil }
            linkType = LinkType.supported[Int(bytes[0]) % LinkType.supported.count]
            cut = Int(bytes[1])
            frame = Array(bytes[2...])
        }

        /// The file content for `frame` of `linkType` cut by `cut` bytes.
        static func encode(_ linkType: LinkType, cut: UInt8 = 0, _ frame: [UInt8]) -> [UInt8] {
            let index = LinkType.supported.firstIndex(of: linkType) ?? 0
            return [UInt8(index), cut] + frame
        }
    }

    /// The seed inputs and the saved crashers.
    static let corpusDirectory = PackagePaths.fuzz.appendingPathComponent("corpus/decode")
    static let regressionsDirectory = PackagePaths.fuzz.appendingPathComponent("regressions/decode")

    /// Every file of `directory` (sorted by name) with its bytes; empty when the directory does not exist.
    static func files(in directory: URL) throws -> [(name: String, bytes: [UInt8])] {
        try PackagePaths.files(in: directory)
    }

    /// The seed files the corpus must hold: every truncation sample uncut, and cut by the capture after its
    /// first half.
    static var seeds: [(name: String, bytes: [UInt8])] {
        var seeds: [(String, [UInt8])] = []
        for sample in TruncationTests.samples {
            let name = "dlt\(sample.linkType.rawValue)-\(sample.name)"
            seeds.append((name, Input.encode(sample.linkType, sample.bytes)))
            let half = sample.bytes.count / 2
            let cut = UInt8(sample.bytes.count - half)
            seeds.append((name + "-snaplen", Input.encode(sample.linkType, cut: cut, Array(sample.bytes[0..<half]))))
        }
        return seeds
    }

    /// Set `NETVET_RECORD_FUZZ_SEEDS=1` to rewrite the seed files from the samples; the run then fails until
    /// it is repeated without the switch, so that the new files are reviewed.
    @Test func seedCorpusHoldsEverySample() throws {
        let record = ProcessInfo.processInfo.environment["NETVET_RECORD_FUZZ_SEEDS"] == "1"
        if record {
            try FileManager.default.createDirectory(at: Self.corpusDirectory, withIntermediateDirectories: true)
        }
        let present = Dictionary(try Self.files(in: Self.corpusDirectory), uniquingKeysWith: { first, _ in first })
        var written = 0
        for (name, bytes) in Self.seeds where present[name] != bytes {
            if record {
                try Data(bytes).write(to: Self.corpusDirectory.appendingPathComponent(name))
                written += 1
            } else {
                Issue.record(
                    "Tests/Fuzz/corpus/decode/\(name) is missing or stale; rerun with NETVET_RECORD_FUZZ_SEEDS=1")
            }
        }
        if record {
            Issue.record("recorded \(written) seed files; review them and run again without NETVET_RECORD_FUZZ_SEEDS")
        }
    }

    @Test func everyCorpusAndRegressionInputDecodesWithinTheInvariants() throws {
        let inputs = try Self.files(in: Self.corpusDirectory) + Self.files(in: Self.regressionsDirectory)
        #expect(inputs.count >= Self.seeds.count)
        for (name, bytes) in inputs {
            guard let input = Input(bytes) else { continue }
            let wireLength = input.frame.count + input.cut
            let packet = input.frame.withUnsafeBytes { frame in
                PacketDecoder().decode(frame, linkType: input.linkType, wireLength: wireLength)
            }
            #expect(packet.payloadOffset >= 0 && packet.payloadLength >= 0, "\(name)")
            #expect(packet.payloadOffset + packet.payloadLength <= input.frame.count, "\(name): payload past the frame")
            #expect(packet.wireLength == wireLength, "\(name)")
            #expect(
                input.cut != 0 || !packet.anomalies.contains(.captureSnaplenCut), "\(name): uncut frame reported cut")
            #expect(packet.vlanDepth <= Limits.default.maxVLANDepth, "\(name)")
            let zeros = Decode.prefix(
                input.frame, count: input.frame.count, input.linkType, wireLength: wireLength, filler: 0)
            let ones = Decode.prefix(
                input.frame, count: input.frame.count, input.linkType, wireLength: wireLength, filler: 0xFF)
            #expect(Decode.summary(zeros) == Decode.summary(ones), "\(name): read past the frame")
        }
    }
}
