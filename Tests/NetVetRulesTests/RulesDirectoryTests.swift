import Foundation
import NetVetRules
import Testing

@Suite("RulesDirectory")
struct RulesDirectoryTests {
    @Test(
        "An explicit directory wins, then the environment, then the source tree; a missing explicit or environment path is nil"
    )
    func order() throws {
        let explicit = FileManager.default.temporaryDirectory.appendingPathComponent(
            "netvet-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: explicit, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: explicit) }
        let fromEnvironment = FileManager.default.temporaryDirectory.appendingPathComponent(
            "netvet-rules-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: fromEnvironment, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: fromEnvironment) }

        let environment = ["NETVET_RULES_DIR": fromEnvironment.path]
        #expect(RulesDirectory.locate(explicit: explicit.path, environment: environment) == explicit.path)
        #expect(RulesDirectory.locate(explicit: nil, environment: environment) == fromEnvironment.path)
        // A mistyped path must be reported, not replaced by another directory.
        #expect(RulesDirectory.locate(explicit: "/nonexistent/rules", environment: environment) == nil)
        #expect(RulesDirectory.locate(explicit: nil, environment: ["NETVET_RULES_DIR": "/nonexistent/rules"]) == nil)
        let fallback = try #require(RulesDirectory.locate(explicit: nil, environment: [:]))
        #expect(FileManager.default.fileExists(atPath: fallback + "/" + "oui/ieee-registry.tsv"))
    }

    @Test("not found names what was asked for, or says how to name a directory")
    func notFound() {
        #expect(
            RulesDirectory.NotFound(requested: "/no/such/rules").description
                == "/no/such/rules: rules directory not found")
        #expect(
            RulesDirectory.NotFound(requested: nil).description
                == "cannot find the Rules directory; pass --rules-dir DIR or set NETVET_RULES_DIR")
        #expect(throws: RulesDirectory.NotFound(requested: "/no/such/rules")) {
            try RulesDirectory.locate(explicit: "/no/such/rules")
        }
    }
}

@Suite("RulesFile.read: every *.yaml of a folder, sorted, with display paths")
struct RulesFileTests {
    @Test("sub-folders included, other files left out, paths relative to Rules' parent or as given")
    func read() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("netvet-rf-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("Rules/policy/sub")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        for (path, text) in [
            ("Rules/policy/b.yaml", "b"), ("Rules/policy/a.yaml", "a"), ("Rules/policy/sub/c.yaml", "c"),
        ] {
            try text.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        try "x".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let files = try RulesFile.read(folder: "policy", in: root.appendingPathComponent("Rules").path)
        #expect(
            files == [
                RulesFile(path: "Rules/policy/a.yaml", text: "a"), RulesFile(path: "Rules/policy/b.yaml", text: "b"),
                RulesFile(path: "Rules/policy/sub/c.yaml", text: "c"),
            ])
        #expect(try RulesFile.read(folder: "suppliers", in: root.appendingPathComponent("Rules").path).isEmpty)
        try FileManager.default.moveItem(at: root.appendingPathComponent("Rules"), to: root.appendingPathComponent("r"))
        let other = try RulesFile.read(folder: "policy", in: root.appendingPathComponent("r").path + "/")
        #expect(other.first?.path == root.appendingPathComponent("r").path + "/policy/a.yaml")
    }

    @Test("a file that is not UTF-8 is an error for the whole file")
    func notUTF8() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("netvet-rf-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("Rules/policy")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try Data([0x61, 0xFF, 0xFE]).write(to: folder.appendingPathComponent("bad.yaml"))
        let error = #expect(throws: RulesError.self) {
            try RulesFile.read(folder: "policy", in: root.appendingPathComponent("Rules").path)
        }
        #expect(error?.description == "Rules/policy/bad.yaml: not UTF-8 text")
    }
}
