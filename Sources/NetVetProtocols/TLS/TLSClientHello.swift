/// One extension of a hello as it appeared on the wire: its type and the length of its data.
///
/// The data itself is decoded into the hello's typed fields for the extensions netvet interprets and
/// not kept otherwise (STYLE.md §2: copy only what must outlive the packet).
public struct TLSExtension: Hashable, Sendable {
    /// The extension type, GREASE included.
    public var type: TLSExtensionType
    /// The declared length of `extension_data`.
    public var length: Int

    /// An extension record.
    public init(type: TLSExtensionType, length: Int) {
        self.type = type
        self.length = length
    }
}

/// A ClientHello (RFC 8446 §4.1.2, RFC 5246 §7.4.1.2), as far as netvet reads it.
///
/// Lists keep their wire order and their GREASE values; fingerprints decide what to drop. Fields of
/// extensions the client did not send are empty (or `nil`).
public struct TLSClientHello: Hashable, Sendable {
    /// `legacy_version` of the hello (0x0303 for TLS 1.3 clients; the real offer is in `supportedVersions`).
    public var legacyVersion: TLSVersion
    /// Length of `legacy_session_id` (0…32; longer values are reported as `tls.session_id_too_long`).
    public var sessionIDLength: Int
    /// `cipher_suites` in wire order, GREASE and SCSVs included.
    public var cipherSuites: [TLSCipherSuite]
    /// `legacy_compression_methods` in wire order.
    public var compressionMethods: [UInt8]
    /// Every extension in wire order, GREASE included.
    public var extensions: [TLSExtension]
    /// The first `host_name` of server_name (RFC 6066 §3), if any.
    public var serverName: String?
    /// The ALPN protocol names (RFC 7301 §3.1) in wire order, as raw bytes (they need not be text).
    public var alpnProtocols: [[UInt8]]
    /// supported_versions (RFC 8446 §4.2.1) in wire order, GREASE included.
    public var supportedVersions: [TLSVersion]
    /// signature_algorithms (RFC 8446 §4.2.3) in wire order.
    public var signatureAlgorithms: [TLSSignatureScheme]
    /// supported_groups (RFC 8446 §4.2.7) in wire order.
    public var supportedGroups: [TLSNamedGroup]
    /// ec_point_formats (RFC 8422 §5.1.2) in wire order.
    public var ecPointFormats: [UInt8]

    /// An empty hello of the given version, filled in by the parser.
    public init(legacyVersion: TLSVersion) {
        self.legacyVersion = legacyVersion
        self.sessionIDLength = 0
        self.cipherSuites = []
        self.compressionMethods = []
        self.extensions = []
        self.serverName = nil
        self.alpnProtocols = []
        self.supportedVersions = []
        self.signatureAlgorithms = []
        self.supportedGroups = []
        self.ecPointFormats = []
    }

    /// The extension types in wire order.
    public var extensionTypes: [TLSExtensionType] { extensions.map(\.type) }

    /// True if the client sent an extension of `type`.
    public func hasExtension(_ type: TLSExtensionType) -> Bool {
        extensions.contains { $0.type == type }
    }

    /// The ALPN protocol names decoded as UTF-8 (invalid bytes replaced), for display.
    public var alpnProtocolNames: [String] {
        alpnProtocols.map { String(decoding: $0, as: UTF8.self) }
    }
}
