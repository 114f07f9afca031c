/// A ServerHello (RFC 8446 §4.1.3, RFC 5246 §7.4.1.3), as far as netvet reads it.
///
/// A TLS 1.3 HelloRetryRequest has the same layout and is returned as a ServerHello too.
public struct TLSServerHello: Hashable, Sendable {
    /// `legacy_version` of the hello (0x0303 for TLS 1.3; the real choice is in `selectedVersion`).
    public var legacyVersion: TLSVersion
    /// Length of `legacy_session_id_echo` (0…32).
    public var sessionIDLength: Int
    /// The cipher suite the server chose.
    public var cipherSuite: TLSCipherSuite
    /// The compression method the server chose.
    public var compressionMethod: UInt8
    /// Every extension in wire order.
    public var extensions: [TLSExtension]
    /// The version selected through supported_versions (RFC 8446 §4.2.1), if sent.
    public var selectedVersion: TLSVersion?
    /// The ALPN protocol the server selected (RFC 7301 §3.1), as raw bytes, if sent.
    public var selectedALPN: [UInt8]?

    /// An empty hello of the given version, filled in by the parser.
    public init(legacyVersion: TLSVersion) {
        self.legacyVersion = legacyVersion
        self.sessionIDLength = 0
        self.cipherSuite = TLSCipherSuite(rawValue: 0)
        self.compressionMethod = 0
        self.extensions = []
        self.selectedVersion = nil
        self.selectedALPN = nil
    }

    /// The extension types in wire order.
    public var extensionTypes: [TLSExtensionType] { extensions.map(\.type) }

    /// The negotiated version: `selectedVersion` if present, else `legacyVersion`.
    public var negotiatedVersion: TLSVersion { selectedVersion ?? legacyVersion }
}
