import Foundation
import NetVetFingerprint
import NetVetTestSupport
import NetVetWire
import Testing

/// The repository root.
private let repositoryRoot = PackagePaths.root

/// A valid signature file with one signature; `extra` lines are appended inside the signature's mapping.
private func signatureFile(
    id: String = "test.one", match: String = "{source: dhcp, field: vendor_class, equals: x}",
    yields: String = "{vendor: Acme}", confidence: String = "0.9", extra: String = ""
) -> String {
    """
    version: 1
    signatures:
      - id: \(id)
        match: \(match)
        yields: \(yields)
        confidence: \(confidence)
        provenance: 'test fixture'
    \(extra)
    """
}

/// Loads `files` (displayed path, text) and returns the error's description, or nil when it loads.
private func loadError(_ files: [(String, String)]) -> String? {
    do {
        _ = try SignatureDatabase.load(files: files.map { (path: $0.0, text: $0.1) })
        return nil
    } catch {
        return error.description
    }
}

@Suite("Signature loader: strict, every error at path:line")
struct IdentityLoaderTests {
    @Test("a valid file loads with its location")
    func validFile() throws {
        let database = try SignatureDatabase.load(files: [(path: "Rules/fingerprints/a.yaml", text: signatureFile())])
        #expect(database.signatures.count == 1)
        #expect(database.signatures.first?.location.description == "Rules/fingerprints/a.yaml:3")
        #expect(database.files == [.init(path: "Rules/fingerprints/a.yaml", signatures: 1, chipMakers: 0, brands: 0)])
    }

    @Test("unknown key in a signature")
    func unknownKey() {
        let text = signatureFile(extra: "    colour: red")
        #expect(
            loadError([("Rules/fingerprints/a.yaml", text)])
                == "Rules/fingerprints/a.yaml:8: unknown key 'colour' (expected: id, description, match, yields, "
                + "confidence, provenance)")
    }

    @Test("unknown key in a condition")
    func unknownConditionKey() {
        let text = signatureFile(match: "{source: dhcp, field: vendor_class, equal: x}")
        #expect(
            loadError([("Rules/fingerprints/a.yaml", text)])
                == "Rules/fingerprints/a.yaml:4: unknown key 'equal' (expected: source, field, equals, prefix, "
                + "suffix, contains, regex)")
    }

    @Test("duplicate id across two files cites the first")
    func duplicateID() {
        #expect(
            loadError([
                ("Rules/fingerprints/a.yaml", signatureFile(id: "same.id")),
                ("Rules/fingerprints/b.yaml", "# comment\n" + signatureFile(id: "same.id")),
            ]) == "Rules/fingerprints/b.yaml:4: duplicate id 'same.id' (first defined at Rules/fingerprints/a.yaml:3)")
    }

    @Test("bad regular expression")
    func badRegex() throws {
        let message = try #require(
            loadError([
                ("Rules/fingerprints/a.yaml", signatureFile(match: "{source: sadp, field: model, regex: '^(DS-'}"))
            ]))
        #expect(message.hasPrefix("Rules/fingerprints/a.yaml:4: bad regex '^(DS-': "), "\(message)")
    }

    @Test("unknown device type")
    func unknownType() {
        #expect(
            loadError([("Rules/fingerprints/a.yaml", signatureFile(yields: "{vendor: Acme, type: webcam}"))])
                == "Rules/fingerprints/a.yaml:5: unknown device type 'webcam' (expected one of: "
                + DeviceType.allCases.map(\.rawValue).joined(separator: ", ") + ")")
    }

    @Test("confidence outside (0, 1]", arguments: ["0", "1.5", "-0.1", "high", "nan"])
    func badConfidence(_ value: String) {
        #expect(
            loadError([("Rules/fingerprints/a.yaml", signatureFile(confidence: value))])
                == "Rules/fingerprints/a.yaml:6: confidence must be a number with 0 < confidence <= 1, found '\(value)'"
        )
    }

    @Test("a placeholder no regex captures")
    func undefinedCapture() {
        let text = signatureFile(
            match: "{source: sadp, field: model, regex: '^(?<model>DS-[0-9A-Z]+)'}", yields: "{model: '{modle}'}")
        #expect(
            loadError([("Rules/fingerprints/a.yaml", text)])
                == "Rules/fingerprints/a.yaml:5: model uses {modle}, which no regex of this signature's match captures")
    }

    @Test("an empty file")
    func emptyFile() {
        #expect(
            loadError([("Rules/fingerprints/a.yaml", "# nothing yet\n")]) == "Rules/fingerprints/a.yaml:1: empty file")
    }

    @Test("a skeleton's '?' placeholders are refused until edited")
    func placeholder() {
        #expect(
            loadError([("Rules/fingerprints/a.yaml", signatureFile(yields: "{vendor: '?'}"))])
                == "Rules/fingerprints/a.yaml:5: 'vendor' is still the placeholder '?': edit it before adding the signature"
        )
    }

    @Test("two operators in one condition, and none")
    func operatorCount() {
        #expect(
            loadError([
                (
                    "Rules/fingerprints/a.yaml",
                    signatureFile(match: "{source: dhcp, field: hostname, equals: a, prefix: b}")
                )
            ]) == "Rules/fingerprints/a.yaml:4: a condition takes exactly one operator, found 'equals' and 'prefix'")
        #expect(
            loadError([("Rules/fingerprints/a.yaml", signatureFile(match: "{source: dhcp, field: hostname}"))])
                == "Rules/fingerprints/a.yaml:4: a condition needs one operator: equals, prefix, suffix, contains or regex"
        )
    }

    @Test("missing key, bad id, empty all, wrong version, duplicate YAML key")
    func otherDefects() {
        let missing =
            "version: 1\nsignatures:\n  - id: a\n    match: {source: dhcp, field: hostname, equals: c}\n"
            + "    yields: {vendor: V}\n    provenance: p\n"
        #expect(loadError([("f.yaml", missing)]) == "f.yaml:3: missing key 'confidence'")
        #expect(
            loadError([("f.yaml", signatureFile(id: "Bad_ID"))])
                == "f.yaml:3: id 'Bad_ID' must match [a-z0-9][a-z0-9._-]*")
        #expect(loadError([("f.yaml", signatureFile(match: "{all: []}"))]) == "f.yaml:4: 'all' is empty")
        #expect(
            loadError([("f.yaml", "version: 2\nbrands:\n  - {brand: A, manufacturer: B, provenance: p}\n")])
                == "f.yaml:1: unsupported version (expected 1)")
        #expect(loadError([("f.yaml", "version: 1\nversion: 1\n")]) == "f.yaml:1: duplicate key 'version'")
    }

    @Test("a field no analyzer produces is refused at its line, with the source's known fields")
    func unproducedField() {
        let known = EvidenceField.fields(of: "dhcp").map(\.displayField).joined(separator: ", ")
        #expect(
            loadError([("Rules/fingerprints/a.yaml", signatureFile(match: "{source: dhcp, field: hostnme, equals: x}"))]
            )
                == "Rules/fingerprints/a.yaml:4: evidence field dhcp/hostnme is not produced by any analyzer "
                + "(known fields of dhcp: \(known))")
        #expect(known.hasPrefix("hostname, vendor_class, parameter_request_list, client_fqdn"))
        let nested = signatureFile(
            match: "\n      all:\n        - {source: oui, field: name, prefix: Acme}\n"
                + "        - {source: lldp, field: sys_descr, contains: x}")
        #expect(
            loadError([("Rules/fingerprints/a.yaml", nested)])
                == "Rules/fingerprints/a.yaml:7: evidence field lldp/sys_descr is not produced by any analyzer "
                + "(known fields of lldp: system_name, system_description, port_description, capabilities, "
                + "management_address, manufacturer, model, firmware, software, hardware)")
        let source = loadError([("f.yaml", signatureFile(match: "{source: bacnet, field: vendor, equals: x}"))])
        #expect(
            source?.hasPrefix(
                "f.yaml:4: evidence field bacnet/vendor is not produced by any analyzer: no analyzer records source "
                    + "'bacnet' (known sources: cdp, cwmp, dhcp, dhcpv6, dhip, dns, flow, ftp, http, ") == true,
            "\(source ?? "")")
    }

    @Test("a field prefix is accepted when some produced field starts with it (mDNS txt.<key>)")
    func fieldPrefixes() {
        for field in ["'txt.*'", "'txt.mo*'", "'tx*'", "txt.md", "txt.usb_MFG"] {
            #expect(
                loadError([("f.yaml", signatureFile(match: "{source: mdns, field: \(field), equals: x}"))]) == nil,
                "\(field)")
        }
        #expect(loadError([("f.yaml", signatureFile(match: "{source: tls, field: 'cert_*', equals: x}"))]) == nil)
        #expect(
            loadError([("f.yaml", signatureFile(match: "{source: mdns, field: 'text.*', equals: x}"))])
                == "f.yaml:4: evidence field mdns/text.* is not produced by any analyzer (known fields of mdns: "
                + "hostname, service, instance, txt.<key>)")
        // A family needs a key: `txt.` alone is never recorded.
        #expect(
            loadError([("f.yaml", signatureFile(match: "{source: mdns, field: 'txt.', equals: x}"))])?.hasPrefix(
                "f.yaml:4: evidence field mdns/txt. is not produced") == true)
    }

    @Test("brands and chip makers load; duplicates are errors")
    func brandsAndChipMakers() throws {
        let text = """
            version: 1
            brands:
              - {brand: EZVIZ, manufacturer: Hikvision, provenance: p}
              - {brand: ezviz, manufacturer: Hikvision, provenance: p}
            """
        #expect(
            loadError([("Rules/fingerprints/brands.yaml", text)])
                == "Rules/fingerprints/brands.yaml:4: duplicate brand 'ezviz' (first defined at Rules/fingerprints/brands.yaml:3)"
        )
        let makers = """
            version: 1
            chip_makers:
              - name: Espressif
                oui: {prefix: Espressif, equals: x}
                provenance: p
            """
        #expect(
            loadError([("Rules/fingerprints/chip-makers.yaml", makers)])
                == "Rules/fingerprints/chip-makers.yaml:4: oui takes exactly one operator, found 'prefix' and 'equals'")
    }

    @Test("load(directory:) reads *.yaml under fingerprints/ in sorted order, paths relative to Rules' parent")
    func directoryLoad() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("netvet-fp-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("Rules/fingerprints/sub")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try signatureFile(id: "b.one").write(
            to: root.appendingPathComponent("Rules/fingerprints/b.yaml"), atomically: true, encoding: .utf8)
        try signatureFile(id: "a.one").write(
            to: root.appendingPathComponent("Rules/fingerprints/a.yaml"), atomically: true, encoding: .utf8)
        try signatureFile(id: "c.one").write(
            to: folder.appendingPathComponent("c.yaml"), atomically: true, encoding: .utf8)
        try "not yaml: [".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let database = try SignatureDatabase.load(directory: root.appendingPathComponent("Rules").path)
        #expect(database.signatures.map(\.id) == ["a.one", "b.one", "c.one"])
        #expect(
            database.signatures.map(\.location.description) == [
                "Rules/fingerprints/a.yaml:3", "Rules/fingerprints/b.yaml:3", "Rules/fingerprints/sub/c.yaml:3",
            ])
        // A directory not named Rules is shown as given.
        try FileManager.default.moveItem(at: root.appendingPathComponent("Rules"), to: root.appendingPathComponent("r"))
        let other = try SignatureDatabase.load(directory: root.appendingPathComponent("r").path)
        #expect(other.signatures.first?.location.path == root.appendingPathComponent("r").path + "/fingerprints/a.yaml")
    }

    @Test("the repository's Rules/fingerprints loads, and quickly")
    func repositoryRules() throws {
        let clock = ContinuousClock()
        var database = SignatureDatabase.empty
        let elapsed = try clock.measure {
            database = try SignatureDatabase.load(directory: repositoryRoot.appendingPathComponent("Rules").path)
        }
        print(
            "Rules/fingerprints: \(database.signatures.count) signatures, \(database.chipMakers.count) chip makers, "
                + "\(database.brands.count) brands in \(database.files.count) files, loaded in \(elapsed)")
        #expect(database.chipMakers.contains { $0.name == "Espressif" })
        #expect(elapsed < .seconds(5))
    }
}
