import Foundation
import NetVetFingerprint
import NetVetRules
import NetVetTestSupport
import NetVetWire
import Testing

/// The repository root.
private let repositoryRoot = PackagePaths.root

/// The fixture database under Tests/Fixtures/Rules/fingerprints (not product data).
private let fixture = Result { () throws(RulesError) -> SignatureDatabase in
    try SignatureDatabase.load(directory: repositoryRoot.appendingPathComponent("Tests/Fixtures/Rules").path)
}

private typealias Item = (source: String, field: String, value: String)

private let hikvisionOUI = VendorInfo(
    name: "Hangzhou Hikvision Digital Technology Co.,Ltd.", country: "CN", registry: "MA-L")
private let espressifOUI = VendorInfo(name: "Espressif Inc.", country: "CN", registry: "MA-L")

private func engine() throws -> IdentityEngine { IdentityEngine(database: try fixture.get()) }

/// The identity of a device with one inline signature file (for operator tests).
private func identify(signatures yaml: String, _ evidence: [Item], oui: VendorInfo? = nil) throws -> DeviceIdentity {
    let database = try SignatureDatabase.load(files: [(path: "t.yaml", text: "version: 1\nsignatures:\n" + yaml)])
    return IdentityEngine(database: database).identify(evidence: evidence, oui: oui)
}

/// One signature yielding vendor `V` (and model `{m}` when `captures`) when `condition` holds.
private func one(_ condition: String, captures: Bool = true) -> String {
    let model = captures ? ", model: '{m}'" : ""
    return "  - {id: s, match: \(condition), yields: {vendor: V\(model)}, confidence: 0.9, provenance: p}\n"
}

@Suite("Identity matcher: operators, fields, captures")
struct IdentityMatcherTests {
    @Test("equals, prefix, suffix and contains are ASCII case-insensitive")
    func stringOperators() throws {
        let cases: [(String, String, Bool)] = [
            ("equals: 'Hik-Connect'", "hik-connect", true), ("equals: 'Hik'", "Hik-Connect", false),
            ("prefix: 'HIK'", "hik-connect", true), ("prefix: 'connect'", "hik-connect", false),
            ("suffix: 'CONNECT'", "Hik-Connect", true), ("suffix: 'hik'", "Hik-Connect", false),
            ("contains: 'K-C'", "hik-connect", true), ("contains: 'xyz'", "hik-connect", false),
        ]
        for (operation, value, matches) in cases {
            let yaml =
                "  - {id: s, match: {source: dhcp, field: vendor_class, \(operation)}, yields: {vendor: V}, confidence: 0.9, "
                + "provenance: p}\n"
            let identity = try identify(signatures: yaml, [("dhcp", "vendor_class", value)])
            #expect((identity.vendor == "V") == matches, "\(operation) on \(value)")
        }
    }

    @Test("regex is case-sensitive unless it starts with (?i); named captures fill the template, trimmed")
    func regex() throws {
        let sensitive = one("{source: dhcp, field: vendor_class, regex: '^cam(?<m> [A-Z0-9]+ )'}")
        #expect(try identify(signatures: sensitive, [("dhcp", "vendor_class", "cam X1 ")]).model == "X1")
        #expect(try identify(signatures: sensitive, [("dhcp", "vendor_class", "CAM X1 ")]).vendor == nil)
        let insensitive = one("{source: dhcp, field: vendor_class, regex: '(?i)^cam(?<m> [A-Z0-9]+)'}")
        #expect(try identify(signatures: insensitive, [("dhcp", "vendor_class", "CAM x1")]).model == "x1")
    }

    @Test("an empty capture drops that yield, not the claim")
    func emptyCapture() throws {
        let yaml = one("{source: dhcp, field: vendor_class, regex: '^cam(?<m>[0-9]*)'}")
        let identity = try identify(signatures: yaml, [("dhcp", "vendor_class", "cam")])
        #expect(identity.vendor == "V")
        #expect(identity.model == nil)
    }

    @Test("a trailing * matches a field prefix; other sources and fields never match")
    func fieldPrefix() throws {
        let yaml = one("{source: mdns, field: 'txt.*', equals: 'X'}", captures: false)
        #expect(try identify(signatures: yaml, [("mdns", "txt.md", "x")]).vendor == "V")
        #expect(try identify(signatures: yaml, [("mdns", "hostname", "x")]).vendor == nil)
        #expect(try identify(signatures: yaml, [("dns", "txt.md", "x")]).vendor == nil)
    }

    @Test("all needs every child, any at least one; captures come from the matching children")
    func combinators() throws {
        let all = one(
            "{all: [{source: dhcp, field: vendor_class, equals: x}, {source: dhcp, field: hostname, regex: '(?<m>[0-9]+)'}]}"
        )
        #expect(
            try identify(signatures: all, [("dhcp", "vendor_class", "x"), ("dhcp", "hostname", "v42")]).model == "42")
        #expect(try identify(signatures: all, [("dhcp", "vendor_class", "x")]).vendor == nil)
        let any = one(
            "{any: [{source: dhcp, field: vendor_class, regex: '(?<m>[a-z]+)'}, {source: dhcp, field: hostname, regex: '(?<m>[0-9]+)'}]}"
        )
        #expect(try identify(signatures: any, [("dhcp", "hostname", "v42")]).model == "42")
        #expect(
            try identify(signatures: any, [("dhcp", "vendor_class", "xyz"), ("dhcp", "hostname", "42")]).model == "xyz")
        #expect(try identify(signatures: any, [("dhcp", "client_fqdn", "x")]).vendor == nil)
    }

    @Test("a condition holds when any value of the field matches")
    func anyValue() throws {
        let yaml = one("{source: dns, field: query, suffix: '.example.com'}", captures: false)
        #expect(
            try identify(signatures: yaml, [("dns", "query", "a.org"), ("dns", "query", "b.example.com")]).vendor == "V"
        )
    }
}

@Suite("Identity fusion")
struct IdentityFusionTests {
    @Test("the same evidence in any order gives the same identity (all 720 orders of 6 items)")
    func orderIndependence() throws {
        let engine = try engine()
        let items: [Item] = [
            ("sadp", "model", "DS-2CD2043G2-I"), ("sadp", "firmware", "V5.7.3 build 220112"),
            ("dhip", "vendor", "Dahua"), ("dhip", "device_class", "IPC"),
            ("flow", "server_name", "dev.ezvizlife.com"), ("rtsp", "server", "Hik RTSP Server"),
        ]
        let reference = engine.identify(evidence: items, oui: hikvisionOUI)
        #expect(reference.vendor == "Hikvision")
        var count = 0
        func permute(_ prefix: [Item], _ rest: [Item]) {
            if rest.isEmpty {
                count += 1
                #expect(engine.identify(evidence: prefix, oui: hikvisionOUI) == reference)
                return
            }
            for position in rest.indices {
                var remaining = rest
                let item = remaining.remove(at: position)
                permute(prefix + [item], remaining)
            }
        }
        permute([], items)
        #expect(count == 720)
        // Repeats do not count twice.
        #expect(engine.identify(evidence: items + items, oui: hikvisionOUI) == reference)
    }

    @Test("agreeing signals raise confidence (noisy-or)")
    func agreement() throws {
        let engine = try engine()
        let one = engine.identify(evidence: [("sadp", "model", "DS-2CD2043G2-I")], oui: nil)
        let two = engine.identify(
            evidence: [("sadp", "model", "DS-2CD2043G2-I"), ("sadp", "firmware", "V5.7.3")], oui: hikvisionOUI)
        #expect(one.confidence == 0.95)
        #expect(two.confidence > one.confidence)
        #expect(abs(two.confidence - (1 - 0.05 * 0.1 * 0.4)) < 1e-12)
        #expect(two.model == "DS-2CD2043G2-I")
        #expect(two.firmware == "V5.7.3")
        #expect(two.type == .camera)
        #expect(
            two.signatures.map(\.description) == [
                "Rules/fingerprints/cameras.yaml:4", "Rules/fingerprints/cameras.yaml:9",
                "Rules/fingerprints/cameras.yaml:14",
            ])
    }

    @Test("signatures resting on the same evidence count once, at the strongest; independent evidence adds up")
    func sameEvidenceCountsOnce() throws {
        // Two files describing the same cloud name (0.8 and 0.6), and a third signature on another name.
        let yaml = """
              - {id: a, match: {source: dns, field: query, suffix: '.acme-cloud.com'}, yields: {vendor: Acme}, confidence: 0.8, provenance: p}
              - {id: b, match: {source: dns, field: query, regex: 'acme-cloud\\.com$'}, yields: {vendor: Acme}, confidence: 0.6, provenance: p}
              - {id: c, match: {source: tls, field: sni, suffix: '.acme-cloud.com'}, yields: {vendor: Acme}, confidence: 0.5, provenance: p}

            """
        let same = try identify(signatures: yaml, [("dns", "query", "api.acme-cloud.com")])
        #expect(abs(same.confidence - 0.8) < 1e-12)
        #expect(same.signatures.count == 2)
        let independent = try identify(
            signatures: yaml, [("dns", "query", "api.acme-cloud.com"), ("tls", "sni", "api.acme-cloud.com")])
        #expect(abs(independent.confidence - (1 - 0.2 * 0.5)) < 1e-12)
    }

    @Test("conflicting vendors are kept; a losing type with confidence >= 0.5 is a conflict")
    func conflicts() throws {
        let engine = try engine()
        let identity = engine.identify(
            evidence: [
                ("sadp", "model", "DS-7608NI-K2"), ("dhip", "vendor", "Dahua"), ("dhip", "device_class", "IPC"),
                ("dhip", "device_class", "NVR"),
            ], oui: nil)
        #expect(identity.vendor == "Hikvision")
        #expect(identity.type == .camera)
        #expect(
            identity.conflicts == [
                IdentityConflict(
                    attribute: "vendor", value: "Dahua", confidence: 0.9,
                    signatures: [RuleLocation(path: "Rules/fingerprints/cameras.yaml", line: 24)]),
                IdentityConflict(
                    attribute: "type", value: "nvr", confidence: 0.7,
                    signatures: [RuleLocation(path: "Rules/fingerprints/cameras.yaml", line: 34)]),
            ])
        #expect(!identity.signatures.contains(RuleLocation(path: "Rules/fingerprints/cameras.yaml", line: 34)))
    }

    @Test("a chip maker's OUI does not name the vendor when a signature does; alone it gives <= 0.2")
    func chipMaker() throws {
        let engine = try engine()
        let shelly = engine.identify(evidence: [("mdns", "hostname", "shellyplug-s-A1B2C3")], oui: espressifOUI)
        #expect(shelly.vendor == "Shelly")
        #expect(shelly.chipMaker == "Espressif")
        #expect(shelly.model == "Shelly plug")
        #expect(shelly.type == .smartPlug)
        #expect(shelly.conflicts.isEmpty)
        #expect(shelly.confidence == 0.9)

        let alone = engine.identify(evidence: [], oui: espressifOUI)
        #expect(alone.vendor == "Espressif")
        #expect(alone.chipMaker == "Espressif")
        #expect(alone.confidence <= 0.2)
    }

    @Test("relabel: EZVIZ becomes vendor Hikvision, brand EZVIZ")
    func relabel() throws {
        let identity = try engine().identify(evidence: [("flow", "server_name", "a1.ezvizlife.com")], oui: nil)
        #expect(identity.vendor == "Hikvision")
        #expect(identity.brand == "EZVIZ")
        #expect(identity.type == .camera)
        #expect(identity.confidence == 0.8)
    }

    @Test("without any claim the OUI registrant, cleaned, is the vendor at 0.3; nothing at all is unknown")
    func ouiFallback() throws {
        let engine = try engine()
        let cisco = engine.identify(
            evidence: [("dns", "query", "x.example")],
            oui: VendorInfo(name: "Cisco Systems, Inc", country: "US", registry: "MA-L"))
        #expect(cisco.vendor == "Cisco Systems")
        #expect(cisco.confidence == 0.3)
        #expect(cisco.type == .unknown)
        #expect(cisco.signatures.isEmpty)
        let nothing = engine.identify(evidence: [], oui: nil)
        #expect(nothing == DeviceIdentity())
        #expect(nothing.isUnknown)
    }

    @Test("a type-only claim with no vendor: vendor from the OUI, type from the claim")
    func typeOnly() throws {
        let identity = try engine().identify(
            evidence: [("mdns", "txt.ty", "HP LaserJet Pro M404")],
            oui: VendorInfo(name: "HP Inc.", country: "US", registry: "MA-L"))
        #expect(identity.vendor == "HP")
        #expect(identity.type == .printer)
        #expect(identity.signatures.map(\.line) == [44])
    }

    @Test("corporate suffixes are removed from registrant names")
    func cleanedNames() {
        #expect(
            IdentityEngine.cleanedOrganization("Hangzhou Hikvision Digital Technology Co.,Ltd.")
                == "Hangzhou Hikvision Digital Technology")
        #expect(IdentityEngine.cleanedOrganization("Cisco Systems, Inc") == "Cisco Systems")
        #expect(IdentityEngine.cleanedOrganization("Murata Manufacturing Co., Ltd.") == "Murata Manufacturing")
        #expect(IdentityEngine.cleanedOrganization("Sagemcom Broadband SAS") == "Sagemcom Broadband")
        #expect(IdentityEngine.cleanedOrganization("Apple, Inc.") == "Apple")
        #expect(IdentityEngine.cleanedOrganization("Private") == "Private")
    }
}

@Suite("Identity speed: load once, fuse per device at report time")
struct IdentitySpeedTests {
    /// The fields analyzers record (families aside): synthetic signatures read only real fields, since
    /// the loader refuses any other.
    static let fields = EvidenceField.recorded.filter { !$0.isFamily }

    /// 600 synthetic signatures over the recorded fields: a third regexes with captures, some `all`/`any`.
    static func syntheticFile() -> String {
        var text = "version: 1\nsignatures:\n"
        for number in 0..<600 {
            let read = fields[number % fields.count]
            let test = "source: \(read.source), field: \(read.field)"
            let condition: String
            switch number % 6 {
            case 0, 1: condition = "{\(test), regex: '^(?<model>M\(number)-[0-9A-Z]+)'}"
            case 2: condition = "{\(test), prefix: 'Vendor\(number)/'}"
            case 3: condition = "{source: mdns, field: 'txt.*', contains: 'product\(number)'}"
            case 4:
                condition = "{all: [{\(test), equals: 'x\(number)'}, {source: oui, field: name, prefix: 'V'}]}"
            default:
                condition =
                    "{any: [{\(test), suffix: '.v\(number).example'}, {source: dns, field: query, suffix: '.w\(number).example'}]}"
            }
            let model = number % 6 < 2 ? ", model: '{model}'" : ""
            text +=
                "  - {id: s\(number), match: \(condition), yields: {vendor: Vendor\(number % 40)\(model), type: camera}, "
                + "confidence: 0.\(5 + number % 5), provenance: synthetic}\n"
        }
        return text
    }

    @Test("600 signatures load in well under a second; 200 devices of 32 evidence items fuse quickly")
    func speed() throws {
        let clock = ContinuousClock()
        let text = Self.syntheticFile()
        var database = SignatureDatabase.empty
        let loading = try clock.measure {
            database = try SignatureDatabase.load(files: [(path: "synthetic.yaml", text: text)])
        }
        #expect(database.signatures.count == 600)
        let engine = IdentityEngine(database: database)
        var devices: [[(source: String, field: String, value: String)]] = []
        for device in 0..<200 {
            var items: [(source: String, field: String, value: String)] = []
            for item in 0..<32 {
                let number = (device * 7 + item * 13) % 600
                // Mostly the field signature `number` reads (so regexes run and some match), some mDNS TXT.
                let field = item % 5 == 2 ? EvidenceField.mdnsTXT : Self.fields[number % Self.fields.count]
                let name = field.isFamily ? field.field + "md" : field.field
                items.append((field.source, name, "M\(number)-X\(item) value"))
            }
            devices.append(items)
        }
        var matched = 0
        let fusing = clock.measure {
            for evidence in devices {
                let identity = engine.identify(
                    evidence: evidence, oui: VendorInfo(name: "Vendor Inc.", country: "US", registry: "MA-L"))
                if !identity.signatures.isEmpty { matched += 1 }
            }
        }
        print(
            "identity speed (this build): 600 signatures loaded in \(loading); 200 devices fused in \(fusing) "
                + "(\(matched) matched a signature)")
        #expect(matched > 0)
        #expect(loading < .seconds(5))
        #expect(fusing < .seconds(10))
    }
}
