/// An SSDP request method (UPnP Device Architecture 2.0 §1.2–1.3); an open set.
public struct SSDPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Advertisement: `NOTIFY * HTTP/1.1` (§1.2).
    public static let notify = Self(rawValue: "NOTIFY")
    /// Search: `M-SEARCH * HTTP/1.1` (§1.3).
    public static let search = Self(rawValue: "M-SEARCH")

    public var description: String { rawValue }
}

/// The NTS header of a NOTIFY (UDA 2.0 §1.2.2–1.2.4); an open set.
public struct SSDPNotificationSubtype: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `ssdp:alive`: the device or service is available.
    public static let alive = Self(rawValue: "ssdp:alive")
    /// `ssdp:byebye`: it is leaving.
    public static let byebye = Self(rawValue: "ssdp:byebye")
    /// `ssdp:update`: its boot ID changes.
    public static let update = Self(rawValue: "ssdp:update")

    public var description: String { rawValue }
}

extension ProtocolAnomaly {
    /// The first line is neither an `HTTP/1.x` request line nor a status line: not SSDP.
    public static let ssdpBadStartLine = ProtocolAnomaly("ssdp.bad_start_line")
    /// A line ended with a bare LF, or the datagram ended without the empty line that closes the head.
    public static let ssdpMissingCRLF = ProtocolAnomaly("ssdp.missing_crlf")
    /// A line was longer than `SSDPParser.maxLineLength`; its value was cut.
    public static let ssdpLineTooLong = ProtocolAnomaly("ssdp.line_too_long")
    /// More than `SSDPParser.maxHeaders` header lines; the rest were not read.
    public static let ssdpTooManyHeaders = ProtocolAnomaly("ssdp.too_many_headers")
    /// A header line without a colon (or with an empty name); it was skipped.
    public static let ssdpHeaderWithoutColon = ProtocolAnomaly("ssdp.header_without_colon")
    /// A version other than HTTP/1.1 (UDA requires 1.1).
    public static let ssdpUnexpectedVersion = ProtocolAnomaly("ssdp.unexpected_version")
    /// (The audit.) A LOCATION path was not remembered: the table of description paths held its maximum
    /// (NetVetObserve's `HTTPAnalyzer.maxDescriptionLocations`).
    public static let ssdpLocationTableFull = ProtocolAnomaly("ssdp.location_table_full")
}
