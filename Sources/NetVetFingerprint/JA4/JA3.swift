import NetVetCrypto
import NetVetProtocols

/// A JA3 or JA3S fingerprint: the comma-separated decimal string and its MD5.
public struct JA3Fingerprint: Hashable, Sendable {
    /// The fingerprint string (`771,4865-4866-4867,0-23-65281,29-23-24,0`).
    public var raw: String
    /// Lower-case hex MD5 of `raw`.
    public var hashed: String
}

/// JA3 (Salesforce, https://github.com/salesforce/ja3) of a ClientHello:
///
///     SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats
///
/// in decimal, list members joined by `-`, wire order, GREASE values (RFC 8701) removed; the version is
/// the hello's `legacy_version`.
public enum JA3 {
    /// The JA3 of `hello`; `nil` only if OpenSSL cannot provide MD5.
    public static func fingerprint(of hello: TLSClientHello) -> JA3Fingerprint? {
        let fields = [
            String(hello.legacyVersion.rawValue),
            decimalList(hello.cipherSuites.map(\.rawValue)),
            decimalList(hello.extensions.map(\.type.rawValue)),
            decimalList(hello.supportedGroups.map(\.rawValue)),
            hello.ecPointFormats.map(String.init).joined(separator: "-"),
        ]
        return make(fields.joined(separator: ","))
    }

    /// Non-GREASE values in decimal joined by `-`.
    static func decimalList(_ values: [UInt16]) -> String {
        values.filter { !TLSGREASE.isGREASE($0) }.map(String.init).joined(separator: "-")
    }

    /// The fingerprint of `raw`; `nil` if MD5 is unavailable.
    static func make(_ raw: String) -> JA3Fingerprint? {
        Digest.hex(of: raw, .md5).map { JA3Fingerprint(raw: raw, hashed: $0) }
    }
}

/// JA3S of a ServerHello: `SSLVersion,Cipher,Extensions` in decimal, extensions in wire order joined by
/// `-`; the version is the hello's `legacy_version`.
public enum JA3S {
    /// The JA3S of `hello`; `nil` only if OpenSSL cannot provide MD5.
    public static func fingerprint(of hello: TLSServerHello) -> JA3Fingerprint? {
        let fields = [
            String(hello.legacyVersion.rawValue),
            String(hello.cipherSuite.rawValue),
            JA3.decimalList(hello.extensions.map(\.type.rawValue)),
        ]
        return JA3.make(fields.joined(separator: ","))
    }
}
