/// The start of a server's first flight (RFC 5246 §7.3): its ServerHello and, in TLS 1.2 and older, the
/// certificate chain of its Certificate message, as far as netvet reads it.
public struct TLSServerFlight: Hashable, Sendable {
    /// The ServerHello that opens the flight.
    public var serverHello: TLSServerHello
    /// The DER of the first `TLSHandshakeParser.maximumCertificates` certificates of the Certificate
    /// message, leaf first; only certificates wholly present in the bytes given are kept.
    public var certificates: [[UInt8]]
    /// Certificates whose length field was read (at least `certificates.count`; more when the chain is
    /// longer than the limit).
    public var certificateCount: Int
    /// True when the ServerHello negotiated TLS 1.3 (or a draft): its certificates are encrypted and the
    /// flight is not read further (RFC 8446 §4.4.2).
    public var certificatesEncrypted: Bool
    /// True once a Certificate message began in the flight.
    public var hasCertificateMessage: Bool
    /// `nil` when the flight is decided (Certificate message whole, TLS 1.3, resumption, ServerHelloDone,
    /// or the bytes were declared complete); otherwise the fewest further bytes that could add to it.
    public var moreNeeded: Int?

    /// A flight holding only `serverHello`, filled in by the parser.
    public init(serverHello: TLSServerHello) {
        self.serverHello = serverHello
        self.certificates = []
        self.certificateCount = 0
        self.certificatesEncrypted = false
        self.hasCertificateMessage = false
        self.moreNeeded = nil
    }

    /// The leaf (server) certificate's DER, if it was wholly present.
    public var leafCertificate: [UInt8]? { certificates.first }

    /// True while more of the flight could still add certificates.
    public var isPending: Bool { moreNeeded != nil }
}
