/// What an Authorization or Proxy-Authorization field reveals, without its credentials (RFC 9110 §11.6.2).
///
/// Only the scheme is kept: user names, passwords, tokens and digests never leave the parser.
public struct HTTPAuthorization: Hashable, Sendable {
    /// The scheme (`Basic`, `Digest`, `Bearer`).
    public var scheme: HTTPAuthenticationScheme
    /// True when the credentials crossed the wire readable (Basic: base64 only).
    public var credentialsInClear: Bool

    /// The authorization for `scheme`; `credentialsInClear` follows from it.
    public init(scheme: HTTPAuthenticationScheme) {
        self.scheme = scheme
        self.credentialsInClear = scheme.sendsCredentialsInClear
    }
}
