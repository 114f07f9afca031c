/// An SSH identification string (RFC 4253 §4.2): `SSH-protoversion-softwareversion SP comments CR LF`.
public struct SSHIdentification: Hashable, Sendable {
    /// `2.0` (or `1.99` for servers that also speak SSH 1).
    public var protocolVersion: String
    /// `OpenSSH_9.6p1` (the product and its version; no spaces by the RFC).
    public var softwareVersion: String
    /// The optional comments after the first space (`Ubuntu-3ubuntu13`), `nil` if none.
    public var comments: String?
    /// Lines the server sent before the identification line (allowed by §4.2).
    public var precedingLineCount: Int

    /// An identification from its parts.
    public init(protocolVersion: String, softwareVersion: String, comments: String?, precedingLineCount: Int) {
        self.protocolVersion = protocolVersion
        self.softwareVersion = softwareVersion
        self.comments = comments
        self.precedingLineCount = precedingLineCount
    }
}
