/// An SSDP message (UPnP Device Architecture 2.0 §1.1–1.3): HTTP-over-UDP request or response head.
///
/// Header values are copied bounded (`SSDPParser.maxFieldLength`) and decoded leniently; the first
/// occurrence of each header wins.
public struct SSDPMessage: Hashable, Sendable {
    /// The request method (`NOTIFY`, `M-SEARCH`), `nil` for a response.
    public var method: SSDPMethod?
    /// The request target (`*` in SSDP), `nil` for a response.
    public var requestTarget: String?
    /// The status code of a response (`200`), `nil` for a request.
    public var statusCode: Int?
    /// The version after `HTTP/` (`1.1`).
    public var version: String
    /// SERVER: `OS/version UPnP/2.0 product/version` (responses and NOTIFY).
    public var server: String?
    /// USN: the unique service name (`uuid:…::urn:…`).
    public var uniqueServiceName: String?
    /// NT: notification type (NOTIFY).
    public var notificationType: String?
    /// NTS: notification subtype (NOTIFY).
    public var notificationSubtype: SSDPNotificationSubtype?
    /// ST: search target (M-SEARCH and its responses).
    public var searchTarget: String?
    /// LOCATION: the URL of the device description.
    public var location: String?
    /// CACHE-CONTROL (`max-age=1800`).
    public var cacheControl: String?
    /// USER-AGENT (M-SEARCH).
    public var userAgent: String?
    /// The names of all other headers, in wire order, as on the wire (values are not kept).
    public var otherHeaderNames: [String]

    /// An empty message with the given start line.
    public init(method: SSDPMethod?, requestTarget: String?, statusCode: Int?, version: String) {
        self.method = method
        self.requestTarget = requestTarget
        self.statusCode = statusCode
        self.version = version
        self.otherHeaderNames = []
    }

    /// True for a NOTIFY advertisement.
    public var isNotify: Bool { method == .notify }
    /// True for an M-SEARCH request.
    public var isSearch: Bool { method == .search }
    /// True for a search response.
    public var isResponse: Bool { statusCode != nil }
}
