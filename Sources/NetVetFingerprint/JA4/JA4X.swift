import NetVetCrypto

/// A JA4X certificate fingerprint, hashed and raw (FoxIO JA4X.md "Raw Output").
public struct JA4XFingerprint: Hashable, Sendable {
    /// `ja4x`: `issuer_subject_extensions`, each the first 12 hex digits of a SHA-256
    /// (`96a6439c8f5c_96a6439c8f5c_aae71e8db6d7`).
    public var hashed: String
    /// `ja4x_r`: the three comma-joined OID lists (`550403,550406_550403_551d0f,551d25`).
    public var raw: String
}

/// JA4X of an X.509 certificate, per FoxIO's specification
/// (https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4X.md):
///
///     a = sha256(issuer attribute OIDs, in the order seen)[0..<12]
///     b = sha256(subject attribute OIDs, in the order seen)[0..<12]
///     c = sha256(extension OIDs, in the order seen)[0..<12]
///
/// Each OID is written as the lower-case hex of its DER content bytes (`2.5.4.3` → `550403`) and joined
/// with `,`. Nothing is sorted, and an empty list hashes the empty string (`e3b0c44298fc`), as FoxIO's
/// python does. JA4X describes how a certificate was made (the generating software), not who it names.
public enum JA4X {
    /// The fingerprint of `certificate`; `nil` only when OpenSSL cannot supply SHA-256.
    public static func fingerprint(of certificate: X509Certificate) -> JA4XFingerprint? {
        let parts = [
            certificate.issuerAttributes.map(\.oidBytes), certificate.subjectAttributes.map(\.oidBytes),
            certificate.extensionOIDs,
        ].map { oids in oids.map(Digest.hex).joined(separator: ",") }
        var hashes: [String] = []
        for part in parts {
            guard let digest = Digest.hex(of: part, .sha256) else { return nil }
            hashes.append(String(digest.prefix(12)))
        }
        return JA4XFingerprint(hashed: hashes.joined(separator: "_"), raw: parts.joined(separator: "_"))
    }

    /// The fingerprint of a DER certificate; `nil` if it is not a readable certificate.
    public static func fingerprint(der: [UInt8]) -> JA4XFingerprint? {
        X509Certificate(der: der).flatMap(fingerprint(of:))
    }
}
