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

/// TLS over TCP (RFC 8446, RFC 5246): the client's ClientHello (SNI, ALPN, JA4, JA3) and the server's
/// flight (ServerHello: JA4S, JA3S, version, ALPN; the leaf certificate of TLS ≤ 1.2: X.509 facts and
/// JA4X). Holds the fingerprint and certificate caches that QUIC shares.
struct TLSAnalyzer {
    /// Fingerprints and certificates cached per kind, each cleared when full.
    static let maxCachedFingerprints = 4096
    /// Subject alternative names recorded as device evidence per certificate.
    static let maxEvidenceAlternativeNames = 4

    /// Fingerprints of ClientHellos and ServerHellos already computed, keyed by a hash of the fields they
    /// depend on: a client's every connection repeats them, and JA4 needs two SHA-256s.
    var ja4Cache: [UInt64: JA4Fingerprint?] = [:]
    var ja3Cache: [UInt64: JA3Fingerprint?] = [:]
    var serverFingerprints: [UInt64: (ja4s: JA4SFingerprint?, ja3s: JA3Fingerprint?)] = [:]
    /// Leaf certificates already read (X.509 facts and JA4X), by a hash of their DER.
    var certificateCache: [UInt64: ServerCertificate?] = [:]

    /// Parses a TLS ClientHello (client side) or the server's flight; true once the direction is decided.
    mutating func analyze(_ prefix: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink)
        -> Bool
    {
        // The server's flight goes on past its ServerHello to the certificate.
        if !context.fromClient, let decided = analyzeServerFlight(prefix, context, &sink) {
            return decided
        }
        switch TLSHandshakeParser.parse(prefix) {
        case .needMoreData:
            return false
        case .malformed(let anomalies):
            sink.count(anomalies)
            return true
        case .message(.clientHello(let hello), let anomalies):
            sink.count(anomalies)
            let (ja4, ja3) = clientFingerprints(hello)
            Self.recordClientHello(hello, ja4: ja4.map { ($0.hashed, $0.raw) }, ja3: ja3?.hashed, context, &sink)
            sink.record(.tlsSNI, hello.serverName, context)
            sink.record(.tlsJA4, ja4?.hashed, context)
            return true
        case .message(.serverHello(let hello), let anomalies):
            sink.count(anomalies)
            recordServerHello(hello, context, &sink)
            return true
        }
    }

    /// The server direction: records the ServerHello as soon as it is whole (JA4S, version, ALPN), then
    /// keeps reading the flight until its Certificate message is complete (TLS ≤ 1.2), TLS 1.3 is
    /// negotiated, the flight ends without one, or the stream prefix is final. Returns true when decided,
    /// false when more bytes are needed, and nil when the bytes are not a server flight (the caller then
    /// reads them as a lone hello).
    mutating func analyzeServerFlight(
        _ prefix: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink
    ) -> Bool? {
        let flight: TLSServerFlight
        switch TLSHandshakeParser.parseServerFlight(prefix, isComplete: context.isFinalPrefix) {
        case .needMoreData:
            return false
        case .malformed:
            return nil
        case .message(let parsed, let anomalies):
            // The hello's fields are known now, even if the certificate never arrives; writing them again
            // on a later, longer prefix changes nothing (the fingerprints come from the cache).
            recordServerHello(parsed.serverHello, context, &sink)
            if parsed.isPending { return false }
            // Anomalies are counted once, when the flight is decided.
            sink.count(anomalies)
            flight = parsed
        }
        guard let der = flight.leafCertificate else { return true }
        var hash = FNV()
        der.withUnsafeBytes { hash.addBytes($0, 0..<der.count) }
        guard let certificate = Self.cached(&certificateCache, hash.value, { Self.serverCertificate(der) }) else {
            sink.count([.tlsCertificateMalformed])
            return true
        }
        sink.updateFlow(context) { application in
            application.ja4x = certificate.ja4x?.hashed
            application.certSubject = certificate.subject
            application.certIssuer = certificate.issuer
            application.certNotAfter = certificate.notAfter
        }
        // A certificate describes the server device only when that server is on the LAN: the MAC of an
        // external server's packets is the gateway's.
        guard sink.flows.isLocal(sink.flow(context).server.ip) else { return true }
        sink.record(.tlsCertSubject, certificate.subject, context)
        sink.record(.tlsCertIssuer, certificate.issuer, context)
        for name in certificate.alternativeNames.prefix(Self.maxEvidenceAlternativeNames) {
            sink.record(.tlsCertSAN, name, context)
        }
        sink.record(.tlsCertSelfSigned, certificate.isSelfSigned ? "true" : "false", context)
        sink.record(.tlsJA4X, certificate.ja4x?.hashed, context)
        return true
    }

    /// Writes a ClientHello's server name, fingerprints and offered ALPN into the flow (TLS over TCP and
    /// QUIC alike; QUIC's JA4 has its own first letter).
    static func recordClientHello(
        _ hello: TLSClientHello, ja4: (hashed: String, raw: String)?, ja3: String?, _ context: PacketContext,
        _ sink: inout ObservationSink
    ) {
        sink.updateFlow(context) { application in
            application.sni = hello.serverName
            application.ja4 = ja4?.hashed
            application.ja4Raw = ja4?.raw
            application.ja3 = ja3
            application.alpnOffered = hello.alpnProtocolNames
        }
    }

    /// Writes a ServerHello's JA4S, JA3S, negotiated version and ALPN into the flow.
    mutating func recordServerHello(_ hello: TLSServerHello, _ context: PacketContext, _ sink: inout ObservationSink) {
        let (ja4s, ja3s) = serverFingerprints(hello)
        sink.updateFlow(context) { application in
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

    /// JA4 and JA3 of `hello`, from the caches when a hello with the same fingerprinted fields was seen.
    /// JA4 sorts the extensions, so its key does too (browsers permute their order per connection);
    /// JA3 keeps the wire order, so its key does.
    mutating func clientFingerprints(_ hello: TLSClientHello) -> (JA4Fingerprint?, JA3Fingerprint?) {
        var common = FNV()
        common.add(UInt64(hello.legacyVersion.rawValue))
        // GREASE values (RFC 8701) are left out of every key: clients draw them anew for each connection,
        // and neither JA3 nor JA4 depends on them.
        for cipher in hello.cipherSuites where !TLSGREASE.isGREASE(cipher.rawValue) {
            common.add(UInt64(cipher.rawValue))
        }
        common.add(0xFFFF_0002)
        for version in hello.supportedVersions where !TLSGREASE.isGREASE(version.rawValue) {
            common.add(UInt64(version.rawValue))
        }
        var ja4Key = common
        ja4Key.add(UInt64(hello.serverName == nil ? 0 : 1))
        // Sorted in a stack buffer: `extensionTypes.map(...).sorted()` was two arrays per hello.
        withUnsafeTemporaryAllocation(of: UInt16.self, capacity: hello.extensions.count) { types in
            var count = 0
            for item in hello.extensions where !TLSGREASE.isGREASE(item.type.rawValue) {
                types[count] = item.type.rawValue
                count += 1
            }
            var sorted = UnsafeMutableBufferPointer(rebasing: types[0..<count])
            sorted.sort()
            for type in sorted { ja4Key.add(UInt64(type)) }
        }
        ja4Key.add(0xFFFF_0003)
        for algorithm in hello.signatureAlgorithms { ja4Key.add(UInt64(algorithm.rawValue)) }
        ja4Key.add(0xFFFF_0006)
        for byte in hello.alpnProtocols.first ?? [] { ja4Key.addByte(byte) }
        var ja3Key = common
        for item in hello.extensions where !TLSGREASE.isGREASE(item.type.rawValue) {
            ja3Key.add(UInt64(item.type.rawValue))
        }
        ja3Key.add(0xFFFF_0004)
        for group in hello.supportedGroups where !TLSGREASE.isGREASE(group.rawValue) {
            ja3Key.add(UInt64(group.rawValue))
        }
        ja3Key.add(0xFFFF_0005)
        for format in hello.ecPointFormats { ja3Key.addByte(format) }
        let ja4 = Self.cached(&ja4Cache, ja4Key.value) { JA4.fingerprint(of: hello) }
        let ja3 = Self.cached(&ja3Cache, ja3Key.value) { JA3.fingerprint(of: hello) }
        return (ja4, ja3)
    }

    /// JA4S and JA3S of `hello`, cached like `clientFingerprints`.
    mutating func serverFingerprints(_ hello: TLSServerHello) -> (JA4SFingerprint?, JA3Fingerprint?) {
        var hash = FNV()
        hash.add(UInt64(hello.legacyVersion.rawValue))
        hash.add(UInt64(hello.cipherSuite.rawValue))
        for item in hello.extensions { hash.add(UInt64(item.type.rawValue)) }
        hash.add(0xFFFF_0001)
        hash.add(UInt64(hello.selectedVersion?.rawValue ?? 0))
        for byte in hello.selectedALPN ?? [] { hash.addByte(byte) }
        return Self.cached(&serverFingerprints, hash.value) {
            (JA4S.fingerprint(of: hello), JA3S.fingerprint(of: hello))
        }
    }

    /// The value cached under `key`, or `compute()` stored there; a full cache is emptied first.
    static func cached<Value>(_ cache: inout [UInt64: Value], _ key: UInt64, _ compute: () -> Value) -> Value {
        if let value = cache[key] { return value }
        let value = compute()
        if cache.count >= maxCachedFingerprints { cache.removeAll(keepingCapacity: true) }
        cache[key] = value
        return value
    }

    /// `1.3`, `1.2`, `1.1`, `1.0`, `ssl3`, or the hex value.
    static func versionName(_ value: UInt16) -> String {
        switch value {
        case 0x0304: return "1.3"
        case 0x0303: return "1.2"
        case 0x0302: return "1.1"
        case 0x0301: return "1.0"
        case 0x0300: return "ssl3"
        default: return "0x" + String(value, radix: 16)
        }
    }
}
