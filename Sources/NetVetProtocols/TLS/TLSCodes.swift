/// Open code types of the TLS handshake (STYLE.md §2: protocol numbers are open types).
///
/// Every type keeps unknown values representable and prints them as four (or two) lower-case hex
/// digits, the form JA4 and Wireshark use; named constants cover what netvet interprets.

/// Hex digits for the `description` of the code types below.
private func hex(_ value: UInt16, digits: Int) -> String {
    let text = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
}

/// GREASE values (RFC 8701 §2): `0x0a0a`, `0x1a1a` … `0xfafa`, which clients send to keep peers
/// tolerant of unknown values; fingerprints ignore them.
public enum TLSGREASE {
    /// True for the sixteen reserved GREASE values of cipher suites, extensions, groups, versions and
    /// signature algorithms (both bytes equal, low nibble of each `0xa`).
    @inlinable
    public static func isGREASE(_ value: UInt16) -> Bool {
        value & 0x0F0F == 0x0A0A && value >> 8 == value & 0xFF
    }
}

/// A TLS record content type (RFC 8446 §5.1).
public struct TLSContentType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let changeCipherSpec = Self(rawValue: 20)
    public static let alert = Self(rawValue: 21)
    public static let handshake = Self(rawValue: 22)
    public static let applicationData = Self(rawValue: 23)

    public var description: String { hex(UInt16(rawValue), digits: 2) }
}

/// A TLS handshake message type (RFC 8446 §4).
public struct TLSHandshakeType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let clientHello = Self(rawValue: 1)
    public static let serverHello = Self(rawValue: 2)
    public static let certificate = Self(rawValue: 11)
    public static let serverKeyExchange = Self(rawValue: 12)
    public static let certificateRequest = Self(rawValue: 13)
    public static let serverHelloDone = Self(rawValue: 14)

    public var description: String { hex(UInt16(rawValue), digits: 2) }
}

/// A protocol version as it appears in records, hellos and supported_versions (RFC 8446 §4.2.1).
public struct TLSVersion: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let ssl2 = Self(rawValue: 0x0002)
    public static let ssl3 = Self(rawValue: 0x0300)
    public static let tls10 = Self(rawValue: 0x0301)
    public static let tls11 = Self(rawValue: 0x0302)
    public static let tls12 = Self(rawValue: 0x0303)
    public static let tls13 = Self(rawValue: 0x0304)
    public static let dtls10 = Self(rawValue: 0xFEFF)
    public static let dtls12 = Self(rawValue: 0xFEFD)
    public static let dtls13 = Self(rawValue: 0xFEFC)

    /// True for a GREASE value (RFC 8701).
    public var isGREASE: Bool { TLSGREASE.isGREASE(rawValue) }

    public var description: String { hex(rawValue, digits: 4) }
}

/// A cipher suite code point (RFC 8446 §B.4, RFC 5246 §A.5); SCSVs are cipher suites here too.
public struct TLSCipherSuite: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let tlsAES128GCMSHA256 = Self(rawValue: 0x1301)
    public static let tlsAES256GCMSHA384 = Self(rawValue: 0x1302)
    public static let tlsChaCha20Poly1305SHA256 = Self(rawValue: 0x1303)
    public static let ecdheRSAWithAES128GCMSHA256 = Self(rawValue: 0xC02F)
    public static let ecdheECDSAWithAES128GCMSHA256 = Self(rawValue: 0xC02B)
    public static let ecdheRSAWithAES256GCMSHA384 = Self(rawValue: 0xC030)
    public static let rsaWithAES128CBCSHA = Self(rawValue: 0x002F)
    /// TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746 §3.3).
    public static let emptyRenegotiationInfoSCSV = Self(rawValue: 0x00FF)
    /// TLS_FALLBACK_SCSV (RFC 7507).
    public static let fallbackSCSV = Self(rawValue: 0x5600)

    /// True for a GREASE value (RFC 8701).
    public var isGREASE: Bool { TLSGREASE.isGREASE(rawValue) }

    public var description: String { hex(rawValue, digits: 4) }
}

/// An extension type (IANA "TLS ExtensionType Values"; RFC 8446 §4.2).
public struct TLSExtensionType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let serverName = Self(rawValue: 0)
    public static let statusRequest = Self(rawValue: 5)
    public static let supportedGroups = Self(rawValue: 10)
    public static let ecPointFormats = Self(rawValue: 11)
    public static let signatureAlgorithms = Self(rawValue: 13)
    public static let applicationLayerProtocolNegotiation = Self(rawValue: 16)
    public static let signedCertificateTimestamp = Self(rawValue: 18)
    public static let padding = Self(rawValue: 21)
    public static let extendedMasterSecret = Self(rawValue: 23)
    public static let sessionTicket = Self(rawValue: 35)
    public static let preSharedKey = Self(rawValue: 41)
    public static let supportedVersions = Self(rawValue: 43)
    public static let pskKeyExchangeModes = Self(rawValue: 45)
    public static let keyShare = Self(rawValue: 51)
    public static let renegotiationInfo = Self(rawValue: 0xFF01)

    /// True for a GREASE value (RFC 8701).
    public var isGREASE: Bool { TLSGREASE.isGREASE(rawValue) }

    public var description: String { hex(rawValue, digits: 4) }
}

/// A signature scheme of signature_algorithms (RFC 8446 §4.2.3).
public struct TLSSignatureScheme: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let ecdsaSecp256r1SHA256 = Self(rawValue: 0x0403)
    public static let rsaPSSRSAESHA256 = Self(rawValue: 0x0804)
    public static let rsaPKCS1SHA256 = Self(rawValue: 0x0401)
    public static let ed25519 = Self(rawValue: 0x0807)

    /// True for a GREASE value (RFC 8701).
    public var isGREASE: Bool { TLSGREASE.isGREASE(rawValue) }

    public var description: String { hex(rawValue, digits: 4) }
}

/// A named group of supported_groups, formerly elliptic_curves (RFC 8446 §4.2.7, RFC 8422 §5.1.1).
public struct TLSNamedGroup: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let secp256r1 = Self(rawValue: 23)
    public static let secp384r1 = Self(rawValue: 24)
    public static let x25519 = Self(rawValue: 29)
    public static let x25519MLKEM768 = Self(rawValue: 0x11EC)

    /// True for a GREASE value (RFC 8701).
    public var isGREASE: Bool { TLSGREASE.isGREASE(rawValue) }

    public var description: String { hex(rawValue, digits: 4) }
}
