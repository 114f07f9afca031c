import Foundation

/// Runs tshark over the third-party corpus for the DNS and HTTP agreement tests (STYLE.md §7.3).
///
/// The corpus is never copied into the repository: it is found at `../shared/corpus` next to the
/// package root. Tests skip (printing "SKIPPED …") when the corpus or tshark is missing.
enum DNSHTTPTshark {
    /// `../shared/corpus` relative to the package root, if it exists.
    static let corpus: URL? = {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // NetVetProtocolsTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        return FileManager.default.fileExists(atPath: corpus.path) ? corpus : nil
    }()

    /// The tshark executable, if installed in a usual place.
    static let executable: String? = {
        ["/usr/bin/tshark", "/usr/local/bin/tshark", "/opt/homebrew/bin/tshark"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs `tshark -r <corpus>/<capture> -Y <filter> -T fields -e …` and returns one array of field
    /// values per output line; `nil` if the corpus or tshark is missing or tshark fails to start.
    /// With `firstOccurrenceOnly`, a field repeated in one packet gives only its first value
    /// (`-E occurrence=f`), which keeps values that contain commas intact.
    static func fields(
        capture: String, filter: String, fields: [String], firstOccurrenceOnly: Bool = false
    ) -> [[String]]? {
        guard let corpus, let executable else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            ["-n", "-r", corpus.appendingPathComponent(capture).path, "-Y", filter, "-T", "fields"]
            + fields.flatMap { ["-e", $0] } + (firstOccurrenceOnly ? ["-E", "occurrence=f"] : [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        // Read before waiting so that a full pipe cannot block tshark.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Decodes a hex string (tshark's `udp.payload`); `nil` if it is not whole bytes of hex digits.
    static func bytes(fromHex hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index + 1 < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    /// The value of one hex digit.
    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
