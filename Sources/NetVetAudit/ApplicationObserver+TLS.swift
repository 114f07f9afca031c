import NetVetCrypto
import NetVetFingerprint
import NetVetInventory
import NetVetProtocols
import NetVetWire

/// What netvet keeps of a server's leaf certificate: the X.509 facts it reports and the JA4X.
struct ServerCertificate {
    var subject: String
    var issuer: String
    var alternativeNames: [String]
    var notAfter: String?
    var isSelfSigned: Bool
    var ja4x: JA4XFingerprint?
}

extension ApplicationObserver {
    /// Subject alternative names recorded as device evidence per certificate.
    static let maxEvidenceAlternativeNames = 4

    /// The server direction of TLS: records the ServerHello as soon as it is whole (JA4S, version, ALPN),
    /// then keeps reading the flight until its Certificate message is complete (TLS ≤ 1.2), TLS 1.3 is
    /// negotiated, the flight ends without one, or the stream prefix limit is reached. Returns true when
    /// decided, false when more bytes are needed, and nil when the bytes are not a server flight (the
    /// caller then reads them as a lone hello).
    mutating func observeServerFlight(
        _ prefix: UnsafeRawBufferPointer, _ slot: Int, _ sender: MACAddress?, _ time: PacketTime,
        _ devices: inout DeviceTable, _ flows: inout FlowTable, _ counts: inout AnomalyCounts
    ) -> Bool? {
        let flight: TLSServerFlight
        switch TLSHandshakeParser.parseServerFlight(prefix, isComplete: prefixIsFinal) {
        case .needMoreData:
            return false
        case .malformed:
            return nil
        case .message(let parsed, let anomalies):
            // The hello's fields are known now, even if the certificate never arrives; writing them again
            // on a later, longer prefix changes nothing (the fingerprints come from the cache).
            recordServerHello(parsed.serverHello, slot, &flows)
            if parsed.isPending { return false }
            // Anomalies are counted once, when the flight is decided.
            count(anomalies)
            flight = parsed
        }
        guard let der = flight.leafCertificate else { return true }
        var hash = FNV()
        der.withUnsafeBytes { hash.addBytes($0, 0..<der.count) }
        guard let certificate = Self.cached(&certificateCache, hash.value, { Self.serverCertificate(der) }) else {
            count([.tlsCertificateMalformed])
            return true
        }
        flows.updateApplication(at: slot) { application in
            application.ja4x = certificate.ja4x?.hashed
            application.certSubject = certificate.subject
            application.certIssuer = certificate.issuer
            application.certNotAfter = certificate.notAfter
        }
        // A certificate describes the server device only when that server is on the LAN: the MAC of an
        // external server's packets is the gateway's.
        guard let sender, flows.isLocal(flows.flow(at: slot).server.ip) else { return true }
        func evidence(_ field: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            devices.addEvidence(sender, source: "tls", field: field, value: value, at: time, anomalies: &counts)
        }
        evidence("cert_subject", certificate.subject)
        evidence("cert_issuer", certificate.issuer)
        for name in certificate.alternativeNames.prefix(Self.maxEvidenceAlternativeNames) {
            evidence("cert_san", name)
        }
        evidence("cert_self_signed", certificate.isSelfSigned ? "true" : "false")
        evidence("ja4x", certificate.ja4x?.hashed)
        return true
    }

    /// Writes a ServerHello's JA4S, JA3S, negotiated version and ALPN into the flow.
    mutating func recordServerHello(_ hello: TLSServerHello, _ slot: Int, _ flows: inout FlowTable) {
        let (ja4s, ja3s) = serverFingerprints(hello)
        flows.updateApplication(at: slot) { application in
            application.ja4s = ja4s?.hashed
            application.ja3s = ja3s?.hashed
            application.tlsVersion = Self.versionName(hello.negotiatedVersion.rawValue)
            application.alpn = hello.selectedALPN.map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Reads a leaf certificate with OpenSSL; nil if it is not a readable certificate.
    static func serverCertificate(_ der: [UInt8]) -> ServerCertificate? {
        guard let certificate = X509Certificate(der: der) else { return nil }
        return ServerCertificate(
            subject: certificate.subject, issuer: certificate.issuer,
            alternativeNames: certificate.alternativeNames.map(\.description), notAfter: certificate.notAfter,
            isSelfSigned: certificate.isSelfSigned, ja4x: JA4X.fingerprint(of: certificate))
    }
}
