/// An FTP server's greeting reply (RFC 959 §4.2, §5.4): `220 text` or a multi-line `220-…` … `220 …`.
public struct FTPGreeting: Hashable, Sendable {
    /// The reply code: 220 (ready), 120 (ready in n minutes) or 421 (not available), or any other.
    public var code: Int
    /// The text of each line without its code and separator, in order (at most `BannerParser.maxLines`).
    public var lines: [String]

    /// A greeting from its parts.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// The text of the first line (where servers name themselves: `ProFTPD 1.3.5 Server`).
    public var text: String { lines.first ?? "" }
}
