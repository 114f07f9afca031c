import Foundation
import NetVetCrypto
import NetVetFingerprint
import NetVetFuzzing
import NetVetProtocols
import NetVetTestSupport
import Testing

@Suite("X.509 certificates (OpenSSL) and JA4X")
struct X509CertificateTests {
    /// `Tests/Fixtures/camera-self-signed.der`: a self-made EC P-256 certificate, written by
    /// `scripts/gen-test-certificate.sh` (openssl req -x509; see the command there), named like a camera's.
    static let fixture = PackagePaths.fixtures.appendingPathComponent("camera-self-signed.der")

    static func cameraCertificate() throws -> [UInt8] { [UInt8](try Data(contentsOf: fixture)) }

    @Test("subject, issuer, SANs, validity, serial, key and signature of the camera certificate")
    func cameraFields() throws {
        let certificate = try #require(X509Certificate(der: try Self.cameraCertificate()))
        #expect(certificate.subject == "CN=IPC-A1B2C3,OU=IPC,O=Example Cameras Co.\\, Ltd.,C=CN")
        #expect(certificate.issuer == certificate.subject)
        #expect(certificate.subjectCommonName == "IPC-A1B2C3")
        #expect(certificate.subjectOrganization == "Example Cameras Co., Ltd.")
        #expect(certificate.subjectOrganizationalUnit == "IPC")
        #expect(certificate.issuerCommonName == "IPC-A1B2C3")
        #expect(certificate.subjectAttributes.map(\.name) == ["C", "O", "OU", "CN"])
        #expect(certificate.subjectAttributes.map(\.oid) == ["2.5.4.6", "2.5.4.10", "2.5.4.11", "2.5.4.3"])
        #expect(
            certificate.alternativeNames.map(\.description) == [
                "DNS:ipc-a1b2c3.local", "DNS:camera.example", "IP:192.168.1.64", "IP:fd00::64",
                "email:admin@example.com", "URI:http://192.168.1.64/",
            ])
        #expect(certificate.dnsNames == ["ipc-a1b2c3.local", "camera.example"])
        #expect(certificate.notBefore == "2026-12-04T05:30:08Z")
        #expect(certificate.notAfter == "2036-12-01T05:30:08Z")
        #expect(certificate.serialNumber == "1234abcd")
        #expect(certificate.isSelfSigned)
        #expect(certificate.signatureAlgorithm == "ecdsa-with-SHA256")
        #expect(certificate.keyType == "id-ecPublicKey")
        // subjectKeyIdentifier, authorityKeyIdentifier, basicConstraints, subjectAltName.
        #expect(certificate.extensionOIDs.map(Digest.hex) == ["551d0e", "551d23", "551d13", "551d11"])
    }

    @Test("JA4X of the camera certificate: OID hex lists in order, each hashed")
    func cameraJA4X() throws {
        let ja4x = try #require(JA4X.fingerprint(der: try Self.cameraCertificate()))
        #expect(ja4x.raw == "550406,55040a,55040b,550403_550406,55040a,55040b,550403_551d0e,551d23,551d13,551d11")
        let names = try #require(Digest.hex(of: "550406,55040a,55040b,550403", .sha256))
        let extensions = try #require(Digest.hex(of: "551d0e,551d23,551d13,551d11", .sha256))
        #expect(ja4x.hashed == "\(names.prefix(12))_\(names.prefix(12))_\(extensions.prefix(12))")
    }

    @Test("the JA4X.md example lists hash to the published parts")
    func specExample() throws {
        let names = try #require(Digest.hex(of: "550403,550406,550408,55040a", .sha256))
        let extensions = try #require(Digest.hex(of: "551d0f,551d25,551d11", .sha256))
        #expect(names.prefix(12) == "96a6439c8f5c")
        #expect(extensions.prefix(12) == "aae71e8db6d7")
    }

    @Test("truncation at every offset and every byte flipped: nil or a certificate, never a trap")
    func malformed() throws {
        let der = try Self.cameraCertificate()
        for cut in 0..<der.count {
            #expect(X509Certificate(der: Array(der[..<cut])) == nil, "cut \(cut)")
        }
        for index in der.indices {
            var flipped = der
            flipped[index] ^= 0xFF
            if let certificate = X509Certificate(der: flipped) {
                _ = JA4X.fingerprint(of: certificate)
            }
        }
        #expect(X509Certificate(der: []) == nil)
        #expect(X509Certificate(der: [0x30, 0x00]) == nil)
    }

    @Test("the certificate fuzz seed reaches X.509 and JA4X through ProtocolFuzzDispatch")
    func fuzzSeed() throws {
        let seed = PackagePaths.root.appendingPathComponent(
            "Tests/Fuzz/corpus/protocols/3-tls-server-flight-certificate")
        let bytes = [UInt8](try Data(contentsOf: seed))
        let outcome = bytes.withUnsafeBytes { ProtocolFuzzDispatch.run($0) }
        #expect(outcome.certificates.count == 2)  // the same leaf, read whole and as a final prefix
        let certificate = try #require(outcome.certificates.first.flatMap { X509Certificate(der: $0) })
        #expect(certificate.subject == "CN=NVR-0001,O=Example Cameras,C=CN")
        #expect(certificate.dnsNames == ["nvr.local"])
        #expect(JA4X.fingerprint(of: certificate) != nil)
    }

    // MARK: - Conformance

    /// Reference values netvet deliberately does not reproduce: "capture#stream.JA4X.n" → why.
    static let knownDifferences: [String: String] = [:]

    @Test(
        "JA4X agrees with FoxIO's python ja4 on every certificate of the ja4 corpus",
        .requiresCorpus("ja4/expected/python"), .requiresTShark)
    func conformance() throws {
        let expectedDirectory = JA4Tests.corpus.appendingPathComponent("expected/python")
        var checked = 0
        var agreed = 0
        var exceptions: [String] = []
        let files = try FileManager.default.contentsOfDirectory(atPath: expectedDirectory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        for file in files {
            let capture = String(file.dropLast(".json".count))
            let data = try Data(contentsOf: expectedDirectory.appendingPathComponent(file))
            let references = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
            guard references.contains(where: { $0["JA4X.1"] != nil }) else { continue }
            let chains = try Self.certificateChains(
                in: JA4Tests.corpus.appendingPathComponent("pcap/\(capture)"))
            for reference in references {
                guard let stream = reference["stream"] as? Int else { continue }
                for index in 1...9 {
                    guard let expected = reference["JA4X.\(index)"] as? String else { break }
                    checked += 1
                    let key = "\(capture)#\(stream).JA4X.\(index)"
                    let chain = chains[stream] ?? []
                    let ours = index <= chain.count ? JA4X.fingerprint(der: chain[index - 1])?.hashed : nil
                    if ours == expected {
                        agreed += 1
                    } else if let reason = Self.knownDifferences[key] {
                        print("ja4x conformance: \(key) KNOWN DIFFERENCE: \(reason)")
                    } else {
                        exceptions.append("\(key): \(ours ?? "nil") ≠ \(expected)")
                    }
                }
            }
        }
        print("ja4x conformance: \(checked) certificates checked, \(agreed) agree")
        for exception in exceptions { print("ja4x conformance: DIFFERENCE \(exception)") }
        #expect(exceptions.isEmpty)
        #expect(checked >= 52)
    }

    /// The certificate chain of the last Certificate message of each TCP stream of `capture` (FoxIO's
    /// python keeps the last one a stream shows), from tshark's `tls.handshake.certificate` (hex DER).
    static func certificateChains(in capture: URL) throws -> [Int: [[UInt8]]] {
        var chains: [Int: [[UInt8]]] = [:]
        for columns in try TShark.fields(
            capture, filter: "tcp && tls.handshake.type == 11",
            fields: ["tcp.stream", "tls.handshake.certificate"], preferences: ["tcp.desegment_tcp_streams:TRUE"])
        {
            guard columns.count >= 2, let stream = Int(columns[0]), !columns[1].isEmpty else { continue }
            chains[stream] = columns[1].split(separator: ",").map { JA4Tests.bytes(fromHex: String($0)) }
        }
        return chains
    }
}
