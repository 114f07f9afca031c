import Foundation
import NetVetCapture
import NetVetWire
import Testing

/// Every capture of the shared third-party corpus (`../shared/corpus/MANIFEST.tsv`, kind=capture)
/// opens and delivers exactly the number of packets its `packets=N` label says (STYLE.md §7.3).
@Suite struct CorpusTests {
    /// One capture row of the manifest.
    struct Entry {
        var path: String
        var labels: [String: String]
    }

    /// The capture rows of the manifest in `corpus`; throws if it cannot be read.
    static func captures(in corpus: URL) throws -> [Entry] {
        let manifest = try String(contentsOf: corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8)
        var entries: [Entry] = []
        for line in manifest.split(separator: "\n").dropFirst() {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 6 else { continue }
            var labels: [String: String] = [:]
            for pair in columns[5].split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2 { labels[String(parts[0])] = String(parts[1]) }
            }
            if labels["kind"] == "capture" { entries.append(Entry(path: String(columns[0]), labels: labels)) }
        }
        return entries
    }

    /// The link type each manifest `encap` label stands for.
    static let encapsulations: [String: LinkType] = [
        "ether": .ethernet, "linux-sll": .linuxSLL, "linux-sll2": .linuxSLL2, "null": .null, "rawip": .raw,
        "ieee-802-11": .ieee80211, "ieee-802-11-radiotap": .ieee80211Radiotap,
    ]

    @Test func everyCorpusCaptureDeliversItsLabelledPacketCount() throws {
        let corpus = TestSupport.corpusDirectory
        guard FileManager.default.fileExists(atPath: corpus.appendingPathComponent("MANIFEST.tsv").path) else {
            try TestSupport.skip("../shared/corpus not found at \(corpus.path)")
        }
        let entries = try Self.captures(in: corpus)
        #expect(!entries.isEmpty, "MANIFEST.tsv lists no captures")
        var checked = 0
        for entry in entries {
            let path = corpus.appendingPathComponent(entry.path).path
            guard let expected = entry.labels["packets"].flatMap({ Int($0) }) else {
                Issue.record("\(entry.path): no packets=N label")
                continue
            }
            do {
                let source = try PcapFileSource(path: path)
                let count = try TestSupport.readAll(source).count
                #expect(count == expected, "\(entry.path): \(count) frames, manifest says \(expected)")
                #expect(source.truncation == nil, "\(entry.path): \(source.truncation ?? "")")
                if let encap = entry.labels["encap"], let linkType = Self.encapsulations[encap] {
                    #expect(source.linkType == linkType, "\(entry.path): link type \(source.linkType), encap=\(encap)")
                }
                checked += 1
            } catch {
                Issue.record("\(entry.path): \(error)")
            }
        }
        print("corpus: read \(checked) of \(entries.count) captures to the end")
    }
}
