import Foundation

/// One rules file's text and the path its errors and citations show.
public struct RulesFile: Sendable, Equatable {
    /// The file as displayed: `Rules/fingerprints/cameras.yaml` (see `RulesFile.read(folder:in:)`).
    public var path: String
    /// The whole file, UTF-8.
    public var text: String

    /// A file given by its displayed path and text (tests, or files not read from a rules directory).
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// Reads every `*.yaml` file under `<rulesDirectory>/<folder>/` (sub-folders included), in sorted path
    /// order. A rules directory without that folder gives no files.
    ///
    /// `path` is relative to the rules directory's parent when that directory is named `Rules`
    /// (`Rules/fingerprints/cameras.yaml`), so messages and citations are the same on every machine, and
    /// starts with `rulesDirectory` as given otherwise. Throws `RulesError` at line 0 for a file that
    /// cannot be read or is not UTF-8.
    public static func read(folder: String, in rulesDirectory: String) throws(RulesError) -> [RulesFile] {
        let base = URL(fileURLWithPath: rulesDirectory, isDirectory: true).standardizedFileURL
        let directory = base.appendingPathComponent(folder, isDirectory: true)
        let displayBase: String
        if base.lastPathComponent == "Rules" {
            displayBase = "Rules/" + folder
        } else {
            let trimmed = rulesDirectory.hasSuffix("/") ? String(rulesDirectory.dropLast()) : rulesDirectory
            displayBase = trimmed + "/" + folder
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
            isDirectory.boolValue
        else { return [] }
        let names = (FileManager.default.enumerator(atPath: directory.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        var files: [RulesFile] = []
        for name in names {
            let display = displayBase + "/" + name
            let data: Data
            do {
                data = try Data(contentsOf: directory.appendingPathComponent(name))
            } catch {
                throw RulesError(path: display, line: 0, message: "cannot read: \(error.localizedDescription)")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RulesError(path: display, line: 0, message: "not UTF-8 text")
            }
            files.append(RulesFile(path: display, text: text))
        }
        return files
    }
}
