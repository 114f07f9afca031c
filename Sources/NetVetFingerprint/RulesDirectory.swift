import Foundation

/// Finds the `Rules/` directory (policy, fingerprints, the OUI table) for an installed or a source-tree run.
public enum RulesDirectory {
    /// The environment variable that names the rules directory.
    public static let environmentVariable = "NETVET_RULES_DIR"

    /// The first existing directory among the candidates, in order; nil if none exists.
    ///
    /// Candidates: `explicit` (a `--rules-dir` option); `$NETVET_RULES_DIR`; `<executable dir>/../share/netvet/Rules`
    /// (an installed layout such as `/usr/local/bin` + `/usr/local/share`); `<executable dir>/Rules` (an
    /// unpacked archive); the repository's `Rules/` next to `Sources/` (a `swift run` or `swift test` from the
    /// source tree). A candidate that does not exist is skipped, so a caller that wants a mistyped explicit
    /// path to be an error must check it before calling.
    public static func locate(explicit: String?, environment: [String: String]) -> String? {
        candidates(explicit: explicit, environment: environment).first(where: isDirectory)
    }

    /// The candidate directories in search order, existing or not (empty values are left out).
    static func candidates(explicit: String?, environment: [String: String]) -> [String] {
        var result: [String] = []
        if let explicit, !explicit.isEmpty { result.append(explicit) }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            result.append(fromEnvironment)
        }
        if let executable = Bundle.main.executableURL {
            let directory = executable.deletingLastPathComponent()
            result.append(
                directory.appendingPathComponent("../share/netvet/Rules", isDirectory: true).standardizedFileURL.path)
            result.append(directory.appendingPathComponent("Rules", isDirectory: true).standardizedFileURL.path)
        }
        // This file is <repo>/Sources/NetVetFingerprint/RulesDirectory.swift: three levels up is the repository.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        result.append(repository.appendingPathComponent("Rules", isDirectory: true).path)
        return result
    }

    /// True if `path` names a directory (following symbolic links).
    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
