import Yams

/// The strict YAML reader every rules file goes through (signatures now; policy and supplier lists next).
///
/// A loader parses a file with `document(_:sections:)` (or `parse(_:)` for a file of another shape), then
/// walks `RulesNode`s with typed accessors, declaring the keys each mapping allows. Every defect, a YAML
/// syntax error included, is a `RulesError` at `path:line` (STYLE.md §4, p0f's `readfp.c`): duplicate
/// keys, unknown keys, missing keys, wrong kinds and bad values. The reader never guesses: the first
/// defect stops loading.
public enum RulesYAML {
    /// The `version` every rules file declares today.
    public static let currentVersion = "1"

    /// The root node of `file`'s single YAML document, with line marks. Throws a YAML syntax error at its
    /// line, a duplicate key at the line of its first occurrence, and `empty file` at line 1 when the
    /// file holds no document (only comments, or nothing).
    public static func parse(_ file: RulesFile) throws(RulesError) -> RulesNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: file.text)
        } catch let error as YamlError {
            throw rulesError(error, path: file.path)
        } catch {
            throw RulesError(path: file.path, line: 0, message: "YAML: \(error)")
        }
        guard let root else { throw RulesError(path: file.path, line: 1, message: "empty file") }
        return RulesNode(root, path: file.path)
    }

    /// The top-level mapping of a versioned rules file: `version` plus any of `sections` and no other key,
    /// with `version` equal to `currentVersion` (`unsupported version (expected 1)` otherwise).
    public static func document(_ file: RulesFile, sections: [String]) throws(RulesError) -> RulesMapping {
        let top = try parse(file).mapping("the file", keys: ["version"] + sections)
        let version = try top.required("version")
        guard try version.string("version") == currentVersion else {
            throw version.error("unsupported version (expected \(currentVersion))")
        }
        return top
    }

    /// A YAML error from Yams as a `RulesError` at its line.
    static func rulesError(_ error: YamlError, path: String) -> RulesError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let prefix = context.map { $0.text + ": " } ?? ""
            return RulesError(path: path, line: mark.line, message: "YAML: \(prefix)\(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = Array(Set(duplicates)).sorted().map { "'\($0)'" }.joined(separator: ", ")
            return RulesError(path: path, line: context.mark.line, message: "duplicate key \(keys)")
        case .reader(let problem, _, _, _):
            return RulesError(path: path, line: 0, message: "YAML: \(problem)")
        default:
            return RulesError(path: path, line: 0, message: "YAML: \(error)")
        }
    }
}
