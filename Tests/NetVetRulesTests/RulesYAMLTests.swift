import NetVetRules
import Testing

/// A toy supplier list, the shape issue 10 plans for `Rules/suppliers/*.yaml`, loaded with the shared
/// reader: what a loader of another schema looks like on top of `RulesYAML` (a few lines per entry kind).
private struct Supplier: Equatable {
    var name: String
    var countries: [String]
    var approved: Bool
    var maxDevices: Int?
    var location: RuleLocation
}

private func loadSuppliers(_ files: [RulesFile]) throws(RulesError) -> [Supplier] {
    var names = UniqueNames("supplier", ignoresCase: true)
    var result: [Supplier] = []
    for file in files {
        let top = try RulesYAML.document(file, sections: ["suppliers"])
        for node in try top.required("suppliers").sequence("suppliers") {
            let entry = try node.mapping("a supplier", keys: ["name", "countries", "approved", "max_devices"])
            let nameNode = try entry.required("name")
            let name = try nameNode.nonEmptyString("name")
            try names.claim(name, at: nameNode, entry: node.location)
            result.append(
                Supplier(
                    name: name, countries: try entry.required("countries").stringList("countries"),
                    approved: try entry.required("approved").boolean("approved"),
                    maxDevices: try entry["max_devices"].map { (node) throws(RulesError) in
                        try node.integer("max_devices", in: 1...1_000_000)
                    }, location: node.location))
        }
    }
    return result
}

/// The toy loader's error for one file, or nil when it loads.
private func supplierError(_ text: String, path: String = "Rules/suppliers/a.yaml") -> String? {
    do {
        _ = try loadSuppliers([RulesFile(path: path, text: text)])
        return nil
    } catch {
        return error.description
    }
}

@Suite("RulesYAML: the strict reader every rules file shares")
struct RulesYAMLTests {
    @Test("a non-signature schema loads with locations")
    func toySchema() throws {
        let text = """
            version: 1
            suppliers:
              - name: Acme
                countries: [DE, FR]
                approved: true
              - {name: Globex, countries: [US], approved: false, max_devices: 40}
            """
        let suppliers = try loadSuppliers([RulesFile(path: "Rules/suppliers/a.yaml", text: text)])
        #expect(
            suppliers == [
                Supplier(
                    name: "Acme", countries: ["DE", "FR"], approved: true, maxDevices: nil,
                    location: RuleLocation(path: "Rules/suppliers/a.yaml", line: 3)),
                Supplier(
                    name: "Globex", countries: ["US"], approved: false, maxDevices: 40,
                    location: RuleLocation(path: "Rules/suppliers/a.yaml", line: 6)),
            ])
    }

    @Test("unknown keys, at the key's line, with the allowed ones")
    func unknownKey() {
        #expect(
            supplierError(
                "version: 1\nsuppliers:\n  - name: A\n    countries: [DE]\n    approved: true\n    colour: red\n")
                == "Rules/suppliers/a.yaml:6: unknown key 'colour' (expected: name, countries, approved, max_devices)")
        #expect(
            supplierError("version: 1\nsupplier: []\n")
                == "Rules/suppliers/a.yaml:2: unknown key 'supplier' (expected: version, suppliers)")
    }

    @Test("duplicate keys: YAML's own check, and keys equal only as text")
    func duplicateKey() {
        #expect(
            supplierError("version: 1\nsuppliers:\n  - {name: A, name: B, countries: [DE], approved: true}\n")
                == "Rules/suppliers/a.yaml:3: duplicate key 'name'")
        // `1` (an integer) and `'1'` (a string) are different YAML keys but the same key to a loader.
        let node = try? RulesYAML.parse(RulesFile(path: "t.yaml", text: "a: x\n1: y\n'1': z\n"))
        #expect(throws: RulesError(path: "t.yaml", line: 2, message: "duplicate key '1'")) {
            _ = try node?.mapping("the file")
        }
    }

    @Test("duplicate names across files cite the first definition")
    func duplicateName() {
        let first = RulesFile(
            path: "Rules/suppliers/a.yaml",
            text: "version: 1\nsuppliers:\n  - {name: Acme, countries: [DE], approved: true}\n")
        let second = RulesFile(
            path: "Rules/suppliers/b.yaml",
            text: "version: 1\nsuppliers:\n  - name: ACME\n    countries: [DE]\n    approved: true\n")
        #expect(
            throws: RulesError(
                path: "Rules/suppliers/b.yaml", line: 3,
                message: "duplicate supplier 'ACME' (first defined at Rules/suppliers/a.yaml:3)")
        ) {
            _ = try loadSuppliers([first, second])
        }
    }

    @Test("missing keys, wrong kinds and bad values, each at its line")
    func typedAccessors() {
        let head = "version: 1\nsuppliers:\n"
        #expect(
            supplierError(head + "  - {name: A, approved: true}\n")
                == "Rules/suppliers/a.yaml:3: missing key 'countries'")
        #expect(
            supplierError(head + "  - {name: A, countries: DE, approved: true}\n")
                == "Rules/suppliers/a.yaml:3: 'countries' must be a list")
        #expect(
            supplierError(head + "  - {name: A, countries: [], approved: true}\n")
                == "Rules/suppliers/a.yaml:3: 'countries' is empty")
        #expect(
            supplierError(head + "  - {name: A, countries: [DE, ' '], approved: true}\n")
                == "Rules/suppliers/a.yaml:3: 'countries' is empty")
        #expect(
            supplierError(head + "  - name: A\n    countries: [DE]\n    approved: yes\n")
                == "Rules/suppliers/a.yaml:5: 'approved' must be true or false, found 'yes'")
        #expect(
            supplierError(head + "  - {name: A, countries: [DE], approved: true, max_devices: 0}\n")
                == "Rules/suppliers/a.yaml:3: 'max_devices' must be an integer in 1...1000000, found '0'")
        #expect(
            supplierError(head + "  - {name: {first: A}, countries: [DE], approved: true}\n")
                == "Rules/suppliers/a.yaml:3: 'name' must be a string")
        #expect(supplierError(head + "  - just a name\n") == "Rules/suppliers/a.yaml:3: a supplier must be a mapping")
        #expect(
            supplierError(head + "  - {[a]: 1}\n") == "Rules/suppliers/a.yaml:3: keys must be plain strings")
    }

    @Test("the file: empty, not a mapping, wrong version, YAML syntax")
    func fileLevel() throws {
        #expect(supplierError("# nothing yet\n") == "Rules/suppliers/a.yaml:1: empty file")
        #expect(supplierError("- a\n") == "Rules/suppliers/a.yaml:1: the file must be a mapping")
        #expect(supplierError("suppliers: []\n") == "Rules/suppliers/a.yaml:1: missing key 'version'")
        #expect(
            supplierError("version: 2\nsuppliers: []\n") == "Rules/suppliers/a.yaml:1: unsupported version (expected 1)"
        )
        let syntax = try #require(supplierError("version: 1\nsuppliers:\n  - {name: A\n"))
        #expect(syntax.hasPrefix("Rules/suppliers/a.yaml:4: YAML: "), "\(syntax)")
    }

    @Test("identifiers and choices")
    func identifiersAndChoices() throws {
        let node = try RulesYAML.parse(RulesFile(path: "p.yaml", text: "id: Bad_ID\nseverity: loud\n"))
        let mapping = try node.mapping("a rule", keys: ["id", "severity"])
        #expect(throws: RulesError(path: "p.yaml", line: 1, message: "id 'Bad_ID' must match [a-z0-9][a-z0-9._-]*")) {
            _ = try mapping.required("id").identifier("id")
        }
        #expect(
            throws: RulesError(path: "p.yaml", line: 2, message: "'severity' must be one of: low, high; found 'loud'")
        ) {
            _ = try mapping.required("severity").choice("severity", from: ["low", "high"])
        }
        #expect(mapping.keys == ["id", "severity"])
        #expect(try mapping.required("id").location == RuleLocation(path: "p.yaml", line: 1))
    }
}
