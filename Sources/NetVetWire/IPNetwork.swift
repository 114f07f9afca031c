/// A CIDR block of either family (`10.0.0.0/8`, `fd00::/8`).
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The network address with host bits cleared.
    public let address: IPAddress
    /// The prefix length: 0...32 for IPv4, 0...128 for IPv6.
    public let prefixLength: Int

    /// Parses `ADDRESS/LENGTH`; `nil` when either part is malformed or the length is out of range.
    /// Host bits set in ADDRESS are cleared (`10.1.2.3/8` is `10.0.0.0/8`).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let length = Int(parts[1]), let address = IPAddress(parts[0]) else { return nil }
        switch address {
        case .v4(let v4):
            guard (0...32).contains(length) else { return nil }
            self.address = .v4(IPv4Address(rawValue: v4.rawValue & IPNetwork.mask32(length)))
        case .v6(let v6):
            guard (0...128).contains(length) else { return nil }
            let (maskHigh, maskLow) = IPNetwork.mask128(length)
            self.address = .v6(IPv6Address(high: v6.high & maskHigh, low: v6.low & maskLow))
        }
        self.prefixLength = length
    }

    /// True when `candidate` is inside this block (always false across families).
    @inlinable
    public func contains(_ candidate: IPAddress) -> Bool {
        switch (address, candidate) {
        case (.v4(let network), .v4(let host)):
            return host.rawValue & IPNetwork.mask32(prefixLength) == network.rawValue
        case (.v6(let network), .v6(let host)):
            let (maskHigh, maskLow) = IPNetwork.mask128(prefixLength)
            return host.high & maskHigh == network.high && host.low & maskLow == network.low
        default:
            return false
        }
    }

    @usableFromInline
    static func mask32(_ length: Int) -> UInt32 {
        length <= 0 ? 0 : length >= 32 ? ~0 : ~UInt32(0) << UInt32(32 - length)
    }

    @usableFromInline
    static func mask128(_ length: Int) -> (UInt64, UInt64) {
        if length <= 0 { return (0, 0) }
        if length >= 128 { return (~0, ~0) }
        if length <= 64 { return (length == 64 ? ~0 : ~UInt64(0) << UInt64(64 - length), 0) }
        return (~0, ~UInt64(0) << UInt64(128 - length))
    }

    public var description: String { "\(address)/\(prefixLength)" }

    /// The default local networks: RFC 1918, RFC 6598 shared space (100.64/10), IPv4 link-local
    /// (169.254/16), loopback (127/8, ::1), RFC 4193 unique-local (fc00::/7) and IPv6 link-local (fe80::/10).
    public static let defaultLocal: [IPNetwork] = [
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8",
        "fc00::/7", "fe80::/10", "::1/128",
    ].compactMap { IPNetwork($0) }
}

/// The set of networks netvet treats as local (on this site); everything else is external.
public struct LocalNetworks: Sendable {
    /// The configured blocks.
    public let networks: [IPNetwork]
    private let v4: [(network: UInt32, mask: UInt32)]
    private let v6: [(high: UInt64, low: UInt64, maskHigh: UInt64, maskLow: UInt64)]

    /// A set over `networks`.
    public init(_ networks: [IPNetwork] = IPNetwork.defaultLocal) {
        self.networks = networks
        var v4: [(UInt32, UInt32)] = []
        var v6: [(UInt64, UInt64, UInt64, UInt64)] = []
        for network in networks {
            switch network.address {
            case .v4(let address): v4.append((address.rawValue, IPNetwork.mask32(network.prefixLength)))
            case .v6(let address):
                let (maskHigh, maskLow) = IPNetwork.mask128(network.prefixLength)
                v6.append((address.high, address.low, maskHigh, maskLow))
            }
        }
        self.v4 = v4
        self.v6 = v6
    }

    /// True if `address` is in a local block. Multicast, broadcast and unspecified addresses count as
    /// local too: they never leave the site.
    public func isLocal(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let host):
            if host.isMulticastOrBroadcast || host == .unspecified { return true }
            for entry in v4 where host.rawValue & entry.mask == entry.network { return true }
            return false
        case .v6(let host):
            if host.isMulticast || host == .unspecified { return true }
            for entry in v6 where host.high & entry.maskHigh == entry.high && host.low & entry.maskLow == entry.low {
                return true
            }
            return false
        }
    }
}
