import Foundation

/// tshark, the reference dissector of the agreement tests (STYLE.md §7.3): the one place the test targets
/// find it, run it and split its `-T fields` output.
public enum TShark {
    /// tshark's path (`PATH`, then the system directories), or nil when it is not installed.
    public static let executable: String? = Subprocess.executable("tshark")

    /// Whether tshark is installed.
    public static var isAvailable: Bool { executable != nil }

    /// Why tshark tests are skipped when `isAvailable` is false.
    public static let unavailableReason =
        "needs tshark on PATH (apt-get install tshark; scripts/install-deps.sh installs it)"

    /// How `fields` prints a field that occurs more than once in a packet.
    public enum Occurrence: Sendable {
        /// Every occurrence, joined by `aggregator` (tshark's default: `-E occurrence=a -E aggregator=,`).
        case all(aggregator: String = ",")
        /// Only the first (`-E occurrence=f`): keeps values that contain the aggregator intact.
        case first

        var arguments: [String] {
            switch self {
            case .all(let aggregator): return ["-E", "occurrence=a", "-E", "aggregator=\(aggregator)"]
            case .first: return ["-E", "occurrence=f"]
            }
        }
    }

    /// tshark isn't installed (`run` and `fields` need it).
    public struct NotInstalled: Error, CustomStringConvertible {
        public var description: String { TShark.unavailableReason }
    }

    /// Runs tshark with `arguments` (given as they are) and returns what it left behind; throws
    /// `NotInstalled` without tshark, `Subprocess.Failure` if it cannot be started. A non-zero exit status
    /// is the caller's to judge.
    public static func run(_ arguments: [String], timeout: TimeInterval = 600) throws -> Subprocess.Result {
        guard let executable else { throw NotInstalled() }
        return try Subprocess.run(executable, arguments, timeout: timeout)
    }

    /// `tshark -n -r capture [-o preference…] [-Y filter] -T fields -E separator=/t <occurrence> -e field…`:
    /// one row per packet (empty lines dropped), one column per entry of `fields`, empty where the packet
    /// lacks the field. `preferences` are `name:value` pairs, each passed with `-o`. The rows are what
    /// tshark printed, whatever its exit status. Throws as `run` does.
    public static func fields(
        _ capture: URL, filter: String? = nil, fields: [String], occurrence: Occurrence = .all(),
        preferences: [String] = []
    ) throws -> [[String]] {
        var arguments = ["-n", "-r", capture.path] + preferences.flatMap { ["-o", $0] }
        if let filter { arguments += ["-Y", filter] }
        arguments += ["-T", "fields", "-E", "separator=/t"] + occurrence.arguments + fields.flatMap { ["-e", $0] }
        return rows(try run(arguments).stdout)
    }

    /// The lines of tshark's `-T fields` output (empty lines dropped), each split at tabs.
    public static func rows(_ output: Data) -> [[String]] {
        String(decoding: output, as: UTF8.self).split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// The raw bytes of `layer` (`lldp`, `cdp`) in each packet of `capture` matching `filter`, from
    /// `tshark -n -r capture -Y filter -T json -x`; a packet without that layer gives an empty array, so the
    /// rows stay aligned with those of `fields` for the same filter. Throws as `run` does, or if the output
    /// is not tshark's JSON.
    public static func rawLayer(_ capture: URL, filter: String, layer: String) throws -> [[UInt8]] {
        let output = try run(["-n", "-r", capture.path, "-Y", filter, "-T", "json", "-x"]).stdout
        guard let packets = try JSONSerialization.jsonObject(with: output) as? [[String: Any]] else {
            throw NotJSON()
        }
        return packets.map { packet in
            let layers = (packet["_source"] as? [String: Any])?["layers"] as? [String: Any]
            guard let raw = layers?[layer + "_raw"] as? [Any], let hex = raw.first as? String else { return [] }
            return bytes(fromHex: hex) ?? []
        }
    }

    /// tshark's `-T json` output was not an array of packets.
    public struct NotJSON: Error, CustomStringConvertible {
        public var description: String { "tshark -T json printed no array of packets" }
    }

    /// Bytes from tshark's hex (`0a1b…`, optionally `:`-separated, either case); nil on an odd digit count or
    /// a character that is not a hex digit.
    public static func bytes(fromHex hex: String) -> [UInt8]? {
        let digits = hex.utf8.filter { $0 != UInt8(ascii: ":") }
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index + 1 < digits.count {
            guard let high = digits[index].asciiHexDigitValue, let low = digits[index + 1].asciiHexDigitValue else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
