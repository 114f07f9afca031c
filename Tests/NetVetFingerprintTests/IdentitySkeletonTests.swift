import Foundation
import NetVetFingerprint
import NetVetRules
import Testing

@Suite("Signature skeletons (netvet fingerprint)")
struct IdentitySkeletonTests {
    static let evidence: [(source: String, field: String, value: String)] = [
        ("dhcp", "hostname", "cam-lobby"), ("dhcp", "vendor_class", "udhcp 1.29.3"),
        ("upnp", "model_name", "Cam 'Pro' 2"), ("upnp", "manufacturer", "Acme"), ("sadp", "mac", "aa-bb-cc-dd-ee-ff"),
        ("mdns", "txt.md", "AcmeCam"),
    ]
    static let oui = VendorInfo(name: "Espressif Inc.", country: "CN", registry: "MA-L")

    static func skeleton() -> String {
        let identity = IdentityEngine(database: .empty).identify(evidence: evidence, oui: oui)
        return SignatureSkeleton.header(devices: 1, of: 1, minConfidence: 0.5)
            + SignatureSkeleton.render(mac: "24:0a:c4:00:00:01", oui: oui, identity: identity, evidence: evidence)
    }

    @Test("the skeleton lists the evidence and matches on the most specific fields, never one unit's values")
    func content() {
        let text = Self.skeleton()
        #expect(text.contains("# 24:0a:c4:00:00:01  OUI: Espressif Inc. (CN, MA-L)"))
        #expect(text.contains("#   dhcp / hostname = 'cam-lobby'"))
        #expect(text.contains("        - {source: upnp, field: model_name, equals: 'Cam ''Pro'' 2'}"))
        #expect(text.contains("        - {source: mdns, field: txt.md, equals: 'AcmeCam'}"))
        #expect(text.contains("        - {source: upnp, field: manufacturer, equals: 'Acme'}"))
        #expect(!text.contains("field: hostname") && !text.contains("field: mac"))
    }

    @Test("the loader rejects the skeleton until its placeholders are edited, then it matches the device")
    func loopCloses() throws {
        let text = Self.skeleton()
        #expect(throws: RulesError.self) { try SignatureDatabase.load(files: [(path: "new.yaml", text: text)]) }
        do {
            _ = try SignatureDatabase.load(files: [(path: "new.yaml", text: text)])
        } catch {
            #expect(error.message == "'id' is still the placeholder '?': edit it before adding the signature")
        }
        let edited = text.replacingOccurrences(of: "id: '?'", with: "id: acme.cam")
            .replacingOccurrences(of: "description: '?'", with: "description: Acme cameras")
            .replacingOccurrences(of: "vendor: '?'", with: "vendor: Acme")
            .replacingOccurrences(of: "model: '?'", with: "model: Cam Pro 2")
            .replacingOccurrences(of: "type: '?'", with: "type: camera")
            .replacingOccurrences(of: "confidence: '?'", with: "confidence: 0.9")
            .replacingOccurrences(of: "provenance: '?'", with: "provenance: 'observed: test'")
        let database = try SignatureDatabase.load(files: [(path: "new.yaml", text: edited)])
        let identity = IdentityEngine(database: database).identify(evidence: Self.evidence, oui: Self.oui)
        #expect(identity.vendor == "Acme")
        #expect(identity.type == .camera)
        #expect(identity.confidence == 0.9)
    }

    @Test("a device with nothing to match on gets no skeleton")
    func nothing() {
        let text = SignatureSkeleton.render(
            mac: "02:00:00:00:00:01", oui: nil, identity: DeviceIdentity(), evidence: [])
        #expect(text.contains("# no evidence to match on"))
        #expect(!text.contains("- id:"))
    }
}
