/// The document element of a Hikvision SADP datagram: `Probe` (a query from SADPTool or an NVR) or
/// `ProbeMatch` (a device's answer); an open set.
public struct SADPMessageKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `<Probe>`: a search (`<Types>inquiry</Types>`) or a command (activate, update, reset).
    public static let probe = Self(rawValue: "Probe")
    /// `<ProbeMatch>`: a device describes itself.
    public static let probeMatch = Self(rawValue: "ProbeMatch")

    public var description: String { rawValue }
}

extension ProtocolAnomaly {
    /// The datagram is not XML whose document element is `Probe` or `ProbeMatch` (`.malformed`).
    public static let sadpNotSADP = ProtocolAnomaly("sadp.not_sadp")
    /// The document ended before its document element was closed; the elements before the cut are kept.
    public static let sadpTruncated = ProtocolAnomaly("sadp.truncated")
    /// A value was longer than `SADPParser.maxFieldLength`; it was cut.
    public static let sadpFieldTruncated = ProtocolAnomaly("sadp.field_truncated")
    /// More elements than `SADPParser.maxElements`; the rest were not read.
    public static let sadpTooManyElements = ProtocolAnomaly("sadp.too_many_elements")
    /// `MAC` is present but not six hex pairs separated by `-` or `:`; `macAddress` is nil.
    public static let sadpBadMAC = ProtocolAnomaly("sadp.bad_mac")
}
