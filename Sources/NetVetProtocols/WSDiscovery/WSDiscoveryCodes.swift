/// A WS-Discovery message kind: the last path segment of its `wsa:Action` URI, or the local name of the
/// SOAP Body's first element (WS-Discovery 1.1 §4–6, and the 2005/04 draft ONVIF cameras speak); an open set.
public struct WSDiscoveryAction: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// A target service announces itself (§4.1): describes the sender.
    public static let hello = Self(rawValue: "Hello")
    /// A target service leaves (§4.2).
    public static let bye = Self(rawValue: "Bye")
    /// A client looks for target services by type and scope (§5.2).
    public static let probe = Self(rawValue: "Probe")
    /// A target service answers a Probe (§5.3): describes the sender.
    public static let probeMatches = Self(rawValue: "ProbeMatches")
    /// A client looks for one endpoint's transport addresses (§6.1).
    public static let resolve = Self(rawValue: "Resolve")
    /// A target service answers a Resolve (§6.2): describes the sender.
    public static let resolveMatches = Self(rawValue: "ResolveMatches")

    /// The kinds this parser knows.
    public static let known: Set<Self> = [.hello, .bye, .probe, .probeMatches, .resolve, .resolveMatches]

    /// True for the kinds a target service sends about itself (Hello, ProbeMatches, ResolveMatches).
    public var describesSender: Bool { self == .hello || self == .probeMatches || self == .resolveMatches }

    public var description: String { rawValue }
}

extension ProtocolAnomaly {
    /// The datagram is not an XML document with a SOAP `Envelope` (`.malformed`).
    public static let wsdNotSOAP = ProtocolAnomaly("wsd.not_soap")
    /// The document ended before the `Envelope` was closed; the elements before the cut are kept.
    public static let wsdTruncated = ProtocolAnomaly("wsd.truncated")
    /// Neither the action URI nor the Body names one of the six WS-Discovery messages.
    public static let wsdUnknownAction = ProtocolAnomaly("wsd.unknown_action")
    /// A text value was longer than `WSDiscoveryParser.maxFieldLength`; it was cut.
    public static let wsdFieldTruncated = ProtocolAnomaly("wsd.field_truncated")
    /// More elements than `WSDiscoveryParser.maxElements`, more matches than `maxEntries`, or more
    /// types, scopes or addresses in one match than `maxValues`; the rest were not kept.
    public static let wsdTooManyValues = ProtocolAnomaly("wsd.too_many_values")
}
