import Foundation

/// Finds the `Rules/` directory (policy, fingerprints, the OUI table) for an installed or a source-tree run.
public enum RulesDirectory {
    /// The environment variable that names the rules directory.
    public static let environmentVariable = "NETVET_RULES_DIR"

    /// The rules directory: `explicit` (a `--rules-dir` option) if given, else `$NETVET_RULES_DIR` if set;
    /// either one is returned only if it is a directory, and nil otherwise, so a mistyped path is an error
    /// rather than silently replaced by another directory. With neither, the first existing one of
    /// `<executable dir>/../share/netvet/Rules` (an installed layout such as `/usr/local/bin` +
    /// `/usr/local/share`), `<executable dir>/Rules` (an unpacked archive) and the repository's `Rules/` next
    /// to `Sources/` (a `swift run` or `swift test` from the source tree); nil if none exists.
    public static func locate(explicit: String?, environment: [String: String]) -> String? {
        if let explicit, !explicit.isEmpty { return isDirectory(explicit) ? explicit : nil }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return isDirectory(fromEnvironment) ? fromEnvironment : nil
        }
        return candidates(explicit: nil, environment: [:]).first(where: isDirectory)
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
