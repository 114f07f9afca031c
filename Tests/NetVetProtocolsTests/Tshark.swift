import Foundation

/// Runs tshark over third-party corpus captures for the agreement tests (STYLE.md §7.3).
///
/// A small private copy: the helpers of other test targets are not visible from this one.
enum Tshark {
    /// `../shared/corpus` relative to the package root; the captures are never copied into the repo.
    static let corpus: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/corpus").standardizedFileURL

    /// The tshark executable, if installed in a usual place.
    static let executable: String? = ["/usr/bin/tshark", "/usr/local/bin/tshark", "/opt/homebrew/bin/tshark"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A reason to skip corpus tests (no corpus, no tshark), or `nil` when they can run.
    static var skipReason: String? {
        guard FileManager.default.fileExists(atPath: corpus.path) else { return "no corpus at \(corpus.path)" }
        guard executable != nil else { return "tshark not installed" }
        return nil
    }

    /// The rows of `tshark -r file -Y filter -T fields -e ...`: one array of field strings per packet,
    /// multiple occurrences joined with `,` (tshark's default aggregator). Empty if tshark fails.
    static func fields(_ relativePath: String, filter: String, fields: [String]) -> [[String]] {
        guard let executable else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            [
                "-r", corpus.appendingPathComponent(relativePath).path, "-Y", filter, "-T", "fields", "-E",
                "separator=/t",
            ]
            + fields.flatMap { ["-e", $0] }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return [] }
        // Read before waiting, so a full pipe cannot block tshark.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Bytes from tshark's hex (`0a1b...`, optionally `:`-separated); `nil` on an odd digit count or non-hex.
    static func bytes(fromHex hex: String) -> [UInt8]? {
        let digits = hex.utf8.filter { $0 != UInt8(ascii: ":") }
        guard digits.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var index = digits.startIndex
        while index < digits.endIndex {
            let next = digits.index(index, offsetBy: 2)
            guard let byte = UInt8(String(decoding: digits[index..<next], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
            index = next
        }
        return out
    }
}

extension Tshark {
    /// The raw bytes of `layer` (`lldp`, `cdp`) in each packet matching `filter`, from `tshark -T json -x`;
    /// packets without that layer give an empty array so rows stay aligned with `fields`.
    static func rawLayer(_ relativePath: String, filter: String, layer: String) -> [[UInt8]] {
        guard let executable else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-r", corpus.appendingPathComponent(relativePath).path, "-Y", filter, "-T", "json", "-x"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return [] }
        // Read before waiting, so a full pipe cannot block tshark.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let packets = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] else { return [] }
        return packets.map { packet in
            let layers = (packet["_source"] as? [String: Any])?["layers"] as? [String: Any]
            guard let raw = layers?[layer + "_raw"] as? [Any], let hex = raw.first as? String else { return [] }
            return bytes(fromHex: hex) ?? []
        }
    }
}
