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

    /// The rules directory for this process: `locate(explicit:environment:)` with the process environment.
    /// Throws `NotFound` (naming `explicit` or `$NETVET_RULES_DIR` when one was given) if there is none.
    public static func locate(explicit: String?) throws(NotFound) -> String {
        let environment = ProcessInfo.processInfo.environment.filter { $0.key == environmentVariable }
        guard let directory = locate(explicit: explicit, environment: environment) else {
            let requested = [explicit, environment[environmentVariable]].compactMap { $0 }.first { !$0.isEmpty }
            throw NotFound(requested: requested)
        }
        return directory
    }

    /// No rules directory: the one asked for is not a directory, or none of the usual places exists.
    public struct NotFound: Error, CustomStringConvertible, Equatable {
        /// The directory given by `--rules-dir` or `$NETVET_RULES_DIR`; nil when neither was given.
        public var requested: String?

        /// Creates the error for `requested` (nil: nothing was asked for and nothing was found).
        public init(requested: String?) { self.requested = requested }

        /// `DIR: rules directory not found`, or how to name one when none was asked for.
        public var description: String {
            if let requested { return "\(requested): rules directory not found" }
            return "cannot find the Rules directory; pass --rules-dir DIR or set \(RulesDirectory.environmentVariable)"
        }
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
        // This file is <repo>/Sources/NetVetRules/RulesDirectory.swift: three levels up is the repository.
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
