import Foundation
import NetVetCapture
import NetVetTestSupport
import NetVetWire
import Testing

/// Every capture of the shared third-party corpus (`../shared/corpus/MANIFEST.tsv`, kind=capture)
/// opens and delivers exactly the number of packets its `packets=N` label says (STYLE.md §7.3).
@Suite struct CorpusTests {
    /// The link type each manifest `encap` label stands for.
    static let encapsulations: [String: LinkType] = [
        "ether": .ethernet, "linux-sll": .linuxSLL, "linux-sll2": .linuxSLL2, "null": .null, "rawip": .raw,
        "ieee-802-11": .ieee80211, "ieee-802-11-radiotap": .ieee80211Radiotap,
    ]

    @Test(.requiresCorpus) func everyCorpusCaptureDeliversItsLabelledPacketCount() throws {
        let entries = try Corpus.captures()
        #expect(!entries.isEmpty, "MANIFEST.tsv lists no captures")
        var checked = 0
        for entry in entries {
            let path = Corpus.path(entry.path)
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
