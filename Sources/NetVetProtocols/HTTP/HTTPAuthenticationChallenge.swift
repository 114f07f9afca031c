/// A WWW-Authenticate challenge, reduced to its scheme and realm (RFC 9110 §11.6.1, §11.5).
public struct HTTPAuthenticationChallenge: Hashable, Sendable {
    /// The scheme (`Digest`, `Basic`).
    public var scheme: HTTPAuthenticationScheme
    /// The `realm` parameter (`IP Camera`), unquoted; `nil` if absent.
    public var realm: String?

    /// A challenge from its parts.
    public init(scheme: HTTPAuthenticationScheme, realm: String?) {
        self.scheme = scheme
        self.realm = realm
    }
}
