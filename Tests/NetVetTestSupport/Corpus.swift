import Foundation

/// The third-party corpus of real captures and reference-tool outputs (STYLE.md §7.3): `../shared/corpus`
/// beside the package root, never copied into the repository.
///
/// Set `NETVET_CORPUS` to use another directory; `NETVET_CORPUS=/nonexistent` runs the suite as a machine
/// without the corpus would, with every corpus test reported as skipped.
public enum Corpus {
    /// `$NETVET_CORPUS` if set and not empty, else `<package root>/../shared/corpus`.
    public static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["NETVET_CORPUS"], !override.isEmpty {
            return URL(fileURLWithPath: override).standardizedFileURL
        }
        return PackagePaths.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
            .standardizedFileURL
    }()

    /// The corpus's index: one row per file, `path<TAB>…<TAB>labels` (labels in column 6).
    public static let manifest = directory.appendingPathComponent("MANIFEST.tsv")

    /// Whether the corpus is there (its `MANIFEST.tsv` exists).
    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: manifest.path)
    }

    /// Why corpus tests are skipped when `isAvailable` is false.
    public static var unavailableReason: String {
        "needs the third-party corpus ../shared/corpus (not found at \(directory.path); NETVET_CORPUS overrides)"
    }

    /// `relativePath` inside the corpus.
    public static func url(_ relativePath: String) -> URL {
        directory.appendingPathComponent(relativePath)
    }

    /// The file-system path of `relativePath` inside the corpus.
    public static func path(_ relativePath: String) -> String {
        url(relativePath).path
    }

    /// Whether `relativePath` exists inside the corpus.
    public static func contains(_ relativePath: String) -> Bool {
        FileManager.default.fileExists(atPath: path(relativePath))
    }

    /// One `kind=capture` row of `MANIFEST.tsv`.
    public struct Capture: Sendable, Equatable {
        /// The capture's path relative to the corpus directory.
        public var path: String
        /// The row's `key=value` labels (`kind`, `encap`, `packets`, …).
        public var labels: [String: String]

        /// The `encap` label (tshark's name of the link type), or `?` when the row has none.
        public var encapsulation: String { labels["encap"] ?? "?" }
    }

    /// A row of `MANIFEST.tsv` with fewer than six tab-separated columns.
    public struct MalformedManifest: Error, CustomStringConvertible {
        /// The 1-based line number.
        public var line: Int
        /// The line's text.
        public var text: String

        public var description: String { "MANIFEST.tsv:\(line): malformed row: \(text.prefix(120))" }
    }

    /// The capture rows of `MANIFEST.tsv`, in manifest order. Throws if it cannot be read or a row has fewer
    /// than six columns.
    public static func captures() throws -> [Capture] {
        let text = try String(contentsOf: manifest, encoding: .utf8)
        var result: [Capture] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            // The first line is the header.
            guard offset > 0, !line.isEmpty else { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 6 else { throw MalformedManifest(line: offset + 1, text: String(line)) }
            var labels: [String: String] = [:]
            for pair in columns[5].split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                labels[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            guard labels["kind"] == "capture" else { continue }
            result.append(Capture(path: String(columns[0]), labels: labels))
        }
        return result
    }
}
