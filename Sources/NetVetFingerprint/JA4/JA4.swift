import NetVetCrypto
import NetVetProtocols

/// The transport a hello travelled over: JA4's first character.
public enum JA4Transport: Sendable {
    /// TLS over TCP: `t`.
    case tcp
    /// TLS inside QUIC: `q`.
    case quic
    /// DTLS: `d`.
    case dtls

    /// The fingerprint letter.
    public var letter: String {
        switch self {
        case .tcp: return "t"
        case .quic: return "q"
        case .dtls: return "d"
        }
    }
}

/// A JA4 client fingerprint in its four published forms (FoxIO JA4.md "Raw Output").
public struct JA4Fingerprint: Hashable, Sendable {
    /// `ja4`: sorted lists, hashed (`t13d1516h2_8daaf6152771_e5627efa2ab1`).
    public var hashed: String
    /// `ja4_r`: sorted lists, raw.
    public var raw: String
    /// `ja4_o`: wire-order lists (SNI and ALPN kept), hashed.
    public var originalHashed: String
    /// `ja4_ro`: wire-order lists (SNI and ALPN kept), raw.
    public var originalRaw: String
}

/// JA4 of a ClientHello, per FoxIO's specification
/// (https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4.md):
///
///     a = transport, version (2), SNI d/i, cipher count (2), extension count (2), ALPN first+last
///     b = sha256(sorted ciphers, 4-hex, comma-joined)[0..<12]
///     c = sha256(sorted extensions without 0000 and 0010 [+ "_" + signature algorithms in order])[0..<12]
///
/// GREASE values (RFC 8701) are dropped everywhere; an empty list hashes to `000000000000`.
public enum JA4 {
    /// The JA4 fingerprints of `hello`; `nil` only if OpenSSL cannot provide SHA-256.
    public static func fingerprint(of hello: TLSClientHello, transport: JA4Transport = .tcp) -> JA4Fingerprint? {
        let ciphers = hello.cipherSuites.map(\.rawValue).filter { !TLSGREASE.isGREASE($0) }
        let extensions = hello.extensions.map(\.type.rawValue).filter { !TLSGREASE.isGREASE($0) }
        let signatures = hello.signatureAlgorithms.map(\.rawValue).filter { !TLSGREASE.isGREASE($0) }

        let prefix =
            transport.letter + versionCode(clientVersion(hello, transport: transport))
            + (hello.hasExtension(.serverName) ? "d" : "i") + countCode(ciphers.count)
            + countCode(extensions.count) + alpnCode(hello.alpnProtocols.first)

        let sortedCiphers = hexList(ciphers.sorted())
        let sortedExtensions = hexList(
            extensions.filter {
                $0 != TLSExtensionType.serverName.rawValue
                    && $0 != TLSExtensionType.applicationLayerProtocolNegotiation.rawValue
            }.sorted())
        let originalCiphers = hexList(ciphers)
        let originalExtensions = hexList(extensions)
        let signatureList = hexList(signatures)

        func withSignatures(_ list: String) -> String {
            signatureList.isEmpty ? list : list + "_" + signatureList
        }
        guard let cipherHash = truncatedSHA256(sortedCiphers),
            let extensionHash = truncatedSHA256(sortedExtensions, hashing: withSignatures(sortedExtensions)),
            let originalCipherHash = truncatedSHA256(originalCiphers),
            // JA4.md zeroes part c when "the sorted extensions list" (SNI and ALPN removed) is empty; the
            // `_o` form applies the same test, as FoxIO's python does (a hello with SNI alone: zeros).
            let originalExtensionHash = truncatedSHA256(
                sortedExtensions, hashing: withSignatures(originalExtensions))
        else { return nil }

        return JA4Fingerprint(
            hashed: prefix + "_" + cipherHash + "_" + extensionHash,
            raw: prefix + "_" + sortedCiphers + "_" + withSignatures(sortedExtensions),
            originalHashed: prefix + "_" + originalCipherHash + "_" + originalExtensionHash,
            originalRaw: prefix + "_" + originalCiphers + "_" + withSignatures(originalExtensions))
    }

    /// The version JA4 reports: the highest non-GREASE supported_versions value (the lowest code for
    /// DTLS, whose codes count down), else `legacy_version`.
    public static func clientVersion(_ hello: TLSClientHello, transport: JA4Transport = .tcp) -> TLSVersion {
        let offered = hello.supportedVersions.map(\.rawValue).filter { !TLSGREASE.isGREASE($0) }
        let best = transport == .dtls ? offered.min() : offered.max()
        return best.map(TLSVersion.init(rawValue:)) ?? hello.legacyVersion
    }

    /// JA4's two-character version code (`13`, `12`, … `s3`, `s2`, `d1`…`d3`); `00` when unknown.
    public static func versionCode(_ version: TLSVersion) -> String {
        switch version {
        case .tls13: return "13"
        case .tls12: return "12"
        case .tls11: return "11"
        case .tls10: return "10"
        case .ssl3: return "s3"
        case .ssl2: return "s2"
        case .dtls10: return "d1"
        case .dtls12: return "d2"
        case .dtls13: return "d3"
        default: return "00"
        }
    }

    /// First and last character of an ALPN value (JA4.md "ALPN Extension Value"): `00` for none or empty;
    /// if either end byte is not ASCII alphanumeric, the first and last digit of the value's hex instead.
    public static func alpnCode(_ value: [UInt8]?) -> String {
        guard let value, let first = value.first, let last = value.last else { return "00" }
        if isAlphanumeric(first), isAlphanumeric(last) {
            return String(decoding: [first, last], as: UTF8.self)
        }
        let hex = Digest.hex(value)
        guard let hexFirst = hex.first, let hexLast = hex.last else { return "00" }
        return String(hexFirst) + String(hexLast)
    }

    /// A count as two decimal digits, capped at 99.
    static func countCode(_ count: Int) -> String {
        let capped = min(count, 99)
        return capped < 10 ? "0\(capped)" : "\(capped)"
    }

    /// Four lower-case hex digits.
    static func hex4(_ value: UInt16) -> String {
        Digest.hex([UInt8(value >> 8), UInt8(value & 0xFF)])
    }

    /// Values as 4-hex codes joined by commas.
    static func hexList(_ values: [UInt16]) -> String {
        values.map(hex4).joined(separator: ",")
    }

    /// The first 12 hex digits of SHA-256 of `text` (defaults to `list`), or `000000000000` when `list` is
    /// empty; `nil` if SHA-256 is unavailable.
    static func truncatedSHA256(_ list: String, hashing text: String? = nil) -> String? {
        if list.isEmpty { return "000000000000" }
        return Digest.hex(of: text ?? list, .sha256).map { String($0.prefix(12)) }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}

/// A JA4S server fingerprint, hashed and raw (FoxIO JA4S.md).
public struct JA4SFingerprint: Hashable, Sendable {
    /// `ja4s`: `t120400_c030_4e8089b08790`.
    public var hashed: String
    /// `ja4s_r`: `t120400_c030_0005,0017,ff01,0000`.
    public var raw: String
}

/// JA4S of a ServerHello, per https://github.com/FoxIO-LLC/ja4/blob/main/technical_details/JA4S.md:
///
///     transport, version (2: selected supported_versions else legacy), extension count (2), ALPN chosen
///     _ cipher suite chosen (4 hex) _ sha256(extensions in wire order)[0..<12]
public enum JA4S {
    /// The JA4S fingerprints of `hello`; `nil` only if OpenSSL cannot provide SHA-256.
    public static func fingerprint(of hello: TLSServerHello, transport: JA4Transport = .tcp) -> JA4SFingerprint? {
        let extensions = hello.extensions.map(\.type.rawValue).filter { !TLSGREASE.isGREASE($0) }
        let prefix =
            transport.letter + JA4.versionCode(hello.negotiatedVersion) + JA4.countCode(extensions.count)
            + JA4.alpnCode(hello.selectedALPN)
        let list = JA4.hexList(extensions)
        guard let hash = JA4.truncatedSHA256(list) else { return nil }
        let cipher = JA4.hex4(hello.cipherSuite.rawValue)
        return JA4SFingerprint(
            hashed: prefix + "_" + cipher + "_" + hash, raw: prefix + "_" + cipher + "_" + list)
    }
}
