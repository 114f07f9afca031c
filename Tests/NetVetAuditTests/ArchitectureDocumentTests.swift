import Foundation
import NetVetTestSupport
import Testing

/// docs/ARCHITECTURE.md stays true: its module table names every target of Package.swift (test targets
/// aside, which it lists in prose) and nothing that does not exist.
@Suite("docs/ARCHITECTURE.md matches Package.swift")
struct ArchitectureDocumentTests {
    static let root = PackagePaths.root

    /// Target names declared in Package.swift, by kind.
    static func targets() throws -> (modules: Set<String>, tests: Set<String>) {
        let text = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        var modules = Set<String>()
        var tests = Set<String>()
        let pattern = try NSRegularExpression(
            pattern: #"\.(target|executableTarget|systemLibrary|testTarget)\(\s*name:\s*"([^"]+)""#)
        let range = NSRange(text.startIndex..., in: text)
        for match in pattern.matches(in: text, range: range) {
            guard let kind = Range(match.range(at: 1), in: text), let name = Range(match.range(at: 2), in: text)
            else { continue }
            if text[kind] == "testTarget" {
                tests.insert(String(text[name]))
            } else {
                modules.insert(String(text[name]))
            }
        }
        return (modules, tests)
    }

    /// The first column of the module table: the backquoted names of rows that start with "| `".
    static func documentedModules() throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
        var names = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(3)
            guard let end = cell.firstIndex(of: "`") else { continue }
            names.insert(String(cell[..<end]))
        }
        return names
    }

    @Test("every module in Package.swift is in the table, and every module in the table exists")
    func modulesMatch() throws {
        let (modules, tests) = try Self.targets()
        let documented = try Self.documentedModules()
        #expect(modules.count >= 15)
        #expect(
            modules.subtracting(documented).isEmpty,
            "missing from docs/ARCHITECTURE.md: \(modules.subtracting(documented).sorted())")
        #expect(
            documented.subtracting(modules).isEmpty, "not in Package.swift: \(documented.subtracting(modules).sorted())"
        )
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
        for test in tests.sorted() {
            #expect(text.contains("`\(test)`"), "docs/ARCHITECTURE.md does not name the test target \(test)")
        }
    }

    @Test("every type the packet walk names exists in Sources")
    func walkNamesExist() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("docs/ARCHITECTURE.md"), encoding: .utf8)
        let sources = try Self.sourceText()
        let walk =
            text.components(separatedBy: "## One packet's walk").last?.components(separatedBy: "## Where").first ?? ""
        let pattern = try NSRegularExpression(pattern: #"`([A-Z][A-Za-z]+)(?:[.(`])"#)
        var names = Set<String>()
        for match in pattern.matches(in: walk, range: NSRange(walk.startIndex..., in: walk)) {
            if let range = Range(match.range(at: 1), in: walk) { names.insert(String(walk[range])) }
        }
        #expect(names.count > 15)
        // Standard library types the walk names for what crosses a stage.
        let standard: Set = ["UnsafeRawBufferPointer"]
        for name in names.sorted() where !standard.contains(name) {
            let declared = ["struct", "class", "enum", "protocol", "typealias", "actor"].contains {
                sources.contains("\($0) \(name)")
            }
            #expect(declared, "docs/ARCHITECTURE.md names \(name), which Sources does not declare")
        }
    }

    /// Every Swift file under Sources, concatenated.
    static func sourceText() throws -> String {
        let sources = root.appendingPathComponent("Sources")
        var text = ""
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if url.pathExtension == "swift" { text += try String(contentsOf: url, encoding: .utf8) }
        }
        return text
    }
}
