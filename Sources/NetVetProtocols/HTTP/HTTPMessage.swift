/// The head of an HTTP/1.x or RTSP/1.0 message (RFC 9112 §2–5, RFC 2326 §6–7): start line and the
/// fields netvet uses as evidence. Nothing secret is kept: the target loses its query and userinfo,
/// authorization fields keep only their scheme, and other fields keep only their names.
public struct HTTPMessage: Hashable, Sendable {
    /// HTTP or RTSP, from the version token.
    public var `protocol`: HTTPProtocolFamily
    /// The version digits (`1.1`, `1.0`).
    public var version: String
    /// The request method; `nil` for a response.
    public var method: HTTPMethod?
    /// The request target without query, fragment or userinfo (`/ISAPI/System/deviceInfo`,
    /// `rtsp://192.168.1.64:554/Streaming/Channels/101`); `nil` for a response.
    public var target: String?
    /// The response status code; `nil` for a request.
    public var statusCode: Int?
    /// The response reason phrase (`Unauthorized`); `nil` for a request.
    public var reason: String?
    /// Host.
    public var host: String?
    /// User-Agent.
    public var userAgent: String?
    /// Server.
    public var server: String?
    /// Content-Type.
    public var contentType: String?
    /// Content-Length, when it was a valid decimal.
    public var contentLength: Int?
    /// CSeq (RTSP), when it was a valid decimal.
    public var cSeq: Int?
    /// WWW-Authenticate challenges, scheme and realm only, in wire order.
    public var authenticationChallenges: [HTTPAuthenticationChallenge]
    /// Authorization, scheme only.
    public var authorization: HTTPAuthorization?
    /// Proxy-Authorization, scheme only.
    public var proxyAuthorization: HTTPAuthorization?
    /// Names of all other fields, as on the wire, in wire order (values are never kept).
    public var otherHeaderNames: [String]
    /// Bytes of the head through its empty line; for a head cut at `HTTPParser.maxHeadSize`, the bytes
    /// that were scanned.
    public var headLength: Int

    /// A message with a start line and no fields.
    public init(
        protocol: HTTPProtocolFamily, version: String, method: HTTPMethod? = nil, target: String? = nil,
        statusCode: Int? = nil, reason: String? = nil
    ) {
        self.protocol = `protocol`
        self.version = version
        self.method = method
        self.target = target
        self.statusCode = statusCode
        self.reason = reason
        self.authenticationChallenges = []
        self.otherHeaderNames = []
        self.headLength = 0
    }

    /// True for a request.
    public var isRequest: Bool { method != nil }

    /// The path of `target`: the target itself in origin form, the part after the authority in
    /// absolute form (`/` if empty); `nil` for a response.
    public var path: String? {
        guard let target else { return nil }
        guard let afterScheme = HTTPParser.afterScheme(target[...]) else { return target }
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return String(afterScheme[slash...])
    }
}
