import NetVetWire

/// Decoded RDATA (RFC 1035 §3.3–3.4, RFC 3596 §2.2, RFC 2782, RFC 6763 §6).
public enum DNSRecordData: Hashable, Sendable {
    /// A: an IPv4 address.
    case ipv4(IPv4Address)
    /// AAAA: an IPv6 address.
    case ipv6(IPv6Address)
    /// CNAME, PTR or NS: a domain name.
    case name(DNSName)
    /// SRV: priority, weight, port and target host.
    case service(priority: UInt16, weight: UInt16, port: UInt16, target: DNSName)
    /// TXT: the character-strings, each at most 255 bytes, decoded leniently.
    case text([String])
    /// Any other type, or a decoded type whose RDATA was malformed: only its length is kept.
    case other(length: Int)

    /// For TXT, the strings as RFC 6763 §6 key/value attributes, in wire order; empty otherwise.
    public var textAttributes: [DNSTextAttribute] {
        guard case .text(let strings) = self else { return [] }
        return strings.compactMap(DNSTextAttribute.init(parsing:))
    }
}
