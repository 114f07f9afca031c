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
        // Built as bytes in one buffer: a String per number and per list was most of JA3's cost (clients
        // that permute their extensions per connection, as Chrome does, miss the fingerprint cache).
        var text: [UInt8] = []
        text.reserveCapacity(256)
        appendDecimal(hello.legacyVersion.rawValue, to: &text)
        text.append(UInt8(ascii: ","))
        appendDecimalList(hello.cipherSuites, \.rawValue, to: &text)
        text.append(UInt8(ascii: ","))
        appendDecimalList(hello.extensions, \.type.rawValue, to: &text)
        text.append(UInt8(ascii: ","))
        appendDecimalList(hello.supportedGroups, \.rawValue, to: &text)
        text.append(UInt8(ascii: ","))
        for (index, format) in hello.ecPointFormats.enumerated() {
            if index > 0 { text.append(UInt8(ascii: "-")) }
            appendDecimal(UInt16(format), to: &text)
        }
        return make(String(decoding: text, as: UTF8.self))
    }

    /// Non-GREASE values in decimal joined by `-`.
    static func decimalList(_ values: [UInt16]) -> String {
        var text: [UInt8] = []
        appendDecimalList(values, \.self, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the non-GREASE `value`s of `items` in decimal, joined by `-`.
    static func appendDecimalList<Item>(_ items: [Item], _ value: (Item) -> UInt16, to text: inout [UInt8]) {
        var first = true
        for item in items {
            let number = value(item)
            if TLSGREASE.isGREASE(number) { continue }
            if !first { text.append(UInt8(ascii: "-")) }
            first = false
            appendDecimal(number, to: &text)
        }
    }

    /// Appends `value` in decimal, without leading zeros.
    static func appendDecimal(_ value: UInt16, to text: inout [UInt8]) {
        var divisor: UInt16 = 10000
        var remaining = value
        var started = false
        while divisor > 0 {
            let digit = remaining / divisor
            remaining %= divisor
            if digit > 0 || started || divisor == 1 {
                text.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: digit))
                started = true
            }
            divisor /= 10
        }
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
