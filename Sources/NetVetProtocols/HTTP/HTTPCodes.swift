/// Which protocol a message head belongs to, from its version token (`HTTP/1.1`, `RTSP/1.0`).
public enum HTTPProtocolFamily: String, Hashable, Sendable, CustomStringConvertible {
    /// HTTP/1.x (RFC 9112).
    case http = "HTTP"
    /// RTSP/1.0 (RFC 2326), which reuses the HTTP/1.1 message syntax.
    case rtsp = "RTSP"

    public var description: String { rawValue }
}

/// A request method (RFC 9110 §9, RFC 2326 §10); an open set, kept as sent (methods are case-sensitive).
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let get = Self(rawValue: "GET")
    public static let head = Self(rawValue: "HEAD")
    public static let post = Self(rawValue: "POST")
    public static let put = Self(rawValue: "PUT")
    public static let delete = Self(rawValue: "DELETE")
    public static let connect = Self(rawValue: "CONNECT")
    public static let options = Self(rawValue: "OPTIONS")
    public static let trace = Self(rawValue: "TRACE")
    public static let patch = Self(rawValue: "PATCH")
    /// RTSP: fetch the media description.
    public static let describe = Self(rawValue: "DESCRIBE")
    /// RTSP: set up a stream's transport.
    public static let setup = Self(rawValue: "SETUP")
    /// RTSP: start playing.
    public static let play = Self(rawValue: "PLAY")
    /// RTSP: pause.
    public static let pause = Self(rawValue: "PAUSE")
    /// RTSP: end the session.
    public static let teardown = Self(rawValue: "TEARDOWN")
    /// RTSP: read a parameter (often a keep-alive).
    public static let getParameter = Self(rawValue: "GET_PARAMETER")

    public var description: String { rawValue }
}

/// An authentication scheme (RFC 9110 §11.1, IANA "HTTP Authentication Schemes"); an open set,
/// compared case-insensitively through `normalized`.
public struct HTTPAuthenticationScheme: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The scheme as sent.
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// RFC 7617: user and password in base64, readable by anyone on the path.
    public static let basic = Self(rawValue: "Basic")
    /// RFC 7616: a hashed challenge-response.
    public static let digest = Self(rawValue: "Digest")
    /// RFC 6750: an OAuth bearer token.
    public static let bearer = Self(rawValue: "Bearer")
    public static let ntlm = Self(rawValue: "NTLM")
    public static let negotiate = Self(rawValue: "Negotiate")

    /// The scheme lower-cased (schemes are case-insensitive).
    public var normalized: String { rawValue.lowercased() }

    /// True for Basic, whose credentials are only base64-encoded.
    public var sendsCredentialsInClear: Bool { normalized == "basic" }

    public var description: String { rawValue }
}

extension ProtocolAnomaly {
    /// The first line is not an HTTP/RTSP request line or status line (`.malformed`).
    public static let httpBadStartLine = ProtocolAnomaly("http.bad_start_line")
    /// No empty line within `HTTPParser.maxHeadSize` bytes; the lines before the limit are returned.
    public static let httpHeadTooLong = ProtocolAnomaly("http.head_too_long")
    /// A line ended with a bare LF instead of CR LF (RFC 9112 §2.2 tolerates it; some stacks do not).
    public static let httpBareLineFeed = ProtocolAnomaly("http.bare_lf")
    /// A field line without a colon or with an empty name; skipped.
    public static let httpHeaderWithoutColon = ProtocolAnomaly("http.header_without_colon")
    /// Whitespace between a field name and its colon (RFC 9112 §5.1: a request smuggling vector).
    public static let httpWhitespaceBeforeColon = ProtocolAnomaly("http.whitespace_before_colon")
    /// A field line starting with whitespace: obsolete line folding (RFC 9112 §5.2); ignored.
    public static let httpObsoleteLineFolding = ProtocolAnomaly("http.obsolete_line_folding")
    /// More than `HTTPParser.maxHeaders` field lines; the rest were not read.
    public static let httpTooManyHeaders = ProtocolAnomaly("http.too_many_headers")
    /// A Content-Length that is not a decimal number of at most 18 digits.
    public static let httpBadContentLength = ProtocolAnomaly("http.bad_content_length")
    /// Two Content-Length fields with different values (RFC 9112 §6.3: a smuggling vector).
    public static let httpConflictingContentLength = ProtocolAnomaly("http.conflicting_content_length")
    /// A CSeq that is not a decimal number (RFC 2326 §12.17).
    public static let httpBadCSeq = ProtocolAnomaly("http.bad_cseq")
    /// A value, target or name longer than its limit was cut.
    public static let httpFieldTruncated = ProtocolAnomaly("http.field_truncated")
    /// More than `HTTPParser.maxChallenges` WWW-Authenticate fields; the rest were not kept.
    public static let httpTooManyChallenges = ProtocolAnomaly("http.too_many_challenges")
}
