import Foundation

/// Where the repository's own files are, found from this file's path (the tests run from SwiftPM's build
/// directory, so the working directory says nothing).
public enum PackagePaths {
    /// The package root: this file is `Tests/NetVetTestSupport/PackagePaths.swift`.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // NetVetTestSupport
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `Rules/`: policy, fingerprint signatures and the OUI table.
    public static let rules = root.appendingPathComponent("Rules")

    /// `Samples/`: scenario captures with their expected output.
    public static let samples = root.appendingPathComponent("Samples")

    /// `Tests/Fixtures/`: small files the unit tests read (a certificate, rule files).
    public static let fixtures = root.appendingPathComponent("Tests/Fixtures")

    /// `Tests/Fuzz/`: the fuzz seeds (`corpus/<target>`) and saved crashers (`regressions/<target>`).
    public static let fuzz = root.appendingPathComponent("Tests/Fuzz")

    /// `docs/`.
    public static let docs = root.appendingPathComponent("docs")

    /// `relativePath` under the package root.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The bytes of the file at `relativePath` under the package root; throws if it cannot be read.
    public static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url(relativePath)))
    }

    /// Every file of `directory` whose name does not start with `.`, sorted by name, with its bytes; empty
    /// when the directory does not exist. Throws if a listed file cannot be read.
    public static func files(in directory: URL) throws -> [(name: String, bytes: [UInt8])] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        return try names.filter { !$0.hasPrefix(".") }.sorted().map { name in
            (name, [UInt8](try Data(contentsOf: directory.appendingPathComponent(name))))
        }
    }
}
