import Foundation
import NetVetExport
import NetVetTestSupport
import Testing

/// UPnP device descriptions served over HTTP in the corpus: the `upnp` evidence netvet's audit gives the
/// serving device equals the root device's elements in the bodies tshark reassembles (`http.file_data` of
/// `http.response && xml`, per `eth.src`).
@Suite("UPnP descriptions on corpus captures")
struct UPnPCorpusTests {
    /// The corpus captures that carry device descriptions over HTTP (`grep -l urn:schemas-upnp-org:device-1-0`
    /// plus Belkin's own namespace).
    static let captures = [
        "iotls/Traffic/lgtv-wired.pcap", "iotls/Traffic/t-philips-hub.pcap", "iotls/Traffic/zmodo-doorbell.pcap",
        "ja4/pcap/http1.pcapng",
    ]

    /// Evidence field → description element.
    static let elements = [
        ("manufacturer", "manufacturer"), ("model_name", "modelName"), ("model_number", "modelNumber"),
        ("friendly_name", "friendlyName"),
    ]

    @Test("upnp evidence equals the root device's elements in tshark's reassembled bodies", .requiresCorpus)
    func descriptions() throws {
        guard Subprocess.executable("tshark") != nil else {
            Issue.record("tshark not found in PATH")
            return
        }
        var agree = 0
        var total = 0
        for path in Self.captures {
            let report = try EvidenceCorpusTests.audit(path)
            let file = Corpus.path(path)
            let result = try Subprocess.run(
                "tshark",
                [
                    "-r", file, "-n", "-Y", "http.response && xml", "-T", "fields", "-E", "occurrence=f", "-e",
                    "eth.src",
                    "-e", "http.file_data",
                ])
            #expect(result.status == 0)
            var expected = Set<String>()
            for line in String(decoding: result.stdout, as: UTF8.self).split(separator: "\n") {
                let columns = line.split(separator: "\t", maxSplits: 1)
                guard columns.count == 2 else { continue }
                let body = String(columns[1])
                // Only device descriptions; the root device's fields come before any embedded device.
                guard body.contains("<root"), let device = body.range(of: "<device>") else { continue }
                let rootDevice = body[device.upperBound...].components(separatedBy: "<deviceList>")[0]
                for (field, element) in Self.elements {
                    guard let value = Self.element(element, in: rootDevice) else { continue }
                    expected.insert("\(columns[0]) upnp.\(field)=\(value)")
                }
            }
            var reported = Set<String>()
            for entry in report.devices {
                for item in entry.evidence where item.source == "upnp" && item.field != "serial_present" {
                    reported.insert("\(entry.mac) upnp.\(item.field)=\(item.value)")
                }
            }
            #expect(!expected.isEmpty, "\(path): tshark shows no device description")
            #expect(reported == expected, "\(path)")
            agree += reported.intersection(expected).count
            total += reported.union(expected).count
        }
        print("upnp description fields: \(agree)/\(total) agree")
    }

    /// The trimmed, entity-decoded text of the first `<name>…</name>` in `text` (tshark prints CR and LF
    /// as `\r` and `\n`).
    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.range(of: "<\(name)>"),
            let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
        else { return nil }
        var value = String(text[open.upperBound..<close.lowerBound])
        for escape in ["\\r", "\\n", "\\t"] { value = value.replacingOccurrences(of: escape, with: " ") }
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
            value = value.replacingOccurrences(of: entity, with: character)
        }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}
