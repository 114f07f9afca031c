/// A named oddity in a frame or in netvet's own bounded tables (Suricata decoder events, Zeek weirds).
///
/// Names are stable, dotted and documented in docs/ANOMALIES.md; reports key counts by `name`.
/// A malformed packet is never an error: the decoder keeps what it could read and records one of these.
public enum Anomaly: Int, CaseIterable, Sendable, CustomStringConvertible {
    // Link layer
    case ethernetTruncated
    case vlanTruncated
    case vlanTooManyTags
    case llcTruncated
    case sllTruncated
    case sll2Truncated
    case nullTruncated
    case nullUnknownFamily
    case radiotapTruncated
    case radiotapBadLength
    case ieee80211Truncated
    case rawIPBadVersion
    // ARP
    case arpTruncated
    case arpUnsupportedFormat
    // IPv4
    case ipv4Truncated
    case ipv4BadVersion
    case ipv4HeaderLengthTooSmall
    case ipv4HeaderLengthTooLarge
    case ipv4TotalLengthTooSmall
    case ipv4TotalLengthTooLarge
    case ipv4OptionsMalformed
    // IPv6
    case ipv6Truncated
    case ipv6BadVersion
    case ipv6PayloadLengthTooLarge
    case ipv6ExtensionTruncated
    case ipv6ExtensionChainTooLong
    // TCP
    case tcpTruncated
    case tcpDataOffsetTooSmall
    case tcpDataOffsetTooLarge
    case tcpOptionsMalformed
    // UDP
    case udpTruncated
    case udpLengthTooSmall
    case udpLengthTooLarge
    // ICMP
    case icmpTruncated
    case icmpv6Truncated
    case ndpTruncated
    case ndpOptionZeroLength
    case ndpOptionTruncated
    case ndpTooManyOptions
    // Capture
    case captureSnaplenCut
    // netvet's bounded tables
    case inventoryDeviceTableFull
    case inventoryAddressLimit
    case inventoryEvidenceLimit

    /// The stable dotted name used in reports.
    public var name: String {
        switch self {
        case .ethernetTruncated: return "ethernet.truncated"
        case .vlanTruncated: return "vlan.truncated"
        case .vlanTooManyTags: return "vlan.too_many_tags"
        case .llcTruncated: return "llc.truncated"
        case .sllTruncated: return "sll.truncated"
        case .sll2Truncated: return "sll2.truncated"
        case .nullTruncated: return "null.truncated"
        case .nullUnknownFamily: return "null.unknown_family"
        case .radiotapTruncated: return "radiotap.truncated"
        case .radiotapBadLength: return "radiotap.bad_length"
        case .ieee80211Truncated: return "ieee80211.truncated"
        case .rawIPBadVersion: return "rawip.bad_version"
        case .arpTruncated: return "arp.truncated"
        case .arpUnsupportedFormat: return "arp.unsupported_format"
        case .ipv4Truncated: return "ipv4.truncated"
        case .ipv4BadVersion: return "ipv4.bad_version"
        case .ipv4HeaderLengthTooSmall: return "ipv4.hlen_too_small"
        case .ipv4HeaderLengthTooLarge: return "ipv4.hlen_too_large"
        case .ipv4TotalLengthTooSmall: return "ipv4.total_length_too_small"
        case .ipv4TotalLengthTooLarge: return "ipv4.total_length_too_large"
        case .ipv4OptionsMalformed: return "ipv4.options_malformed"
        case .ipv6Truncated: return "ipv6.truncated"
        case .ipv6BadVersion: return "ipv6.bad_version"
        case .ipv6PayloadLengthTooLarge: return "ipv6.payload_length_too_large"
        case .ipv6ExtensionTruncated: return "ipv6.extension_truncated"
        case .ipv6ExtensionChainTooLong: return "ipv6.extension_chain_too_long"
        case .tcpTruncated: return "tcp.truncated"
        case .tcpDataOffsetTooSmall: return "tcp.data_offset_too_small"
        case .tcpDataOffsetTooLarge: return "tcp.data_offset_too_large"
        case .tcpOptionsMalformed: return "tcp.options_malformed"
        case .udpTruncated: return "udp.truncated"
        case .udpLengthTooSmall: return "udp.length_too_small"
        case .udpLengthTooLarge: return "udp.length_too_large"
        case .icmpTruncated: return "icmp.truncated"
        case .icmpv6Truncated: return "icmpv6.truncated"
        case .ndpTruncated: return "ndp.truncated"
        case .ndpOptionZeroLength: return "ndp.option_zero_length"
        case .ndpOptionTruncated: return "ndp.option_truncated"
        case .ndpTooManyOptions: return "ndp.too_many_options"
        case .captureSnaplenCut: return "capture.snaplen_cut"
        case .inventoryDeviceTableFull: return "inventory.device_table_full"
        case .inventoryAddressLimit: return "inventory.address_limit"
        case .inventoryEvidenceLimit: return "inventory.evidence_limit"
        }
    }

    public var description: String { name }
}

/// The anomalies of one packet, as a bit set (no allocation on the packet path).
public struct AnomalySet: Sendable, Equatable, Sequence {
    public var bits: UInt64 = 0
    public init() {}

    @inlinable
    public mutating func insert(_ anomaly: Anomaly) { bits |= 1 << UInt64(anomaly.rawValue) }

    @inlinable
    public func contains(_ anomaly: Anomaly) -> Bool { bits & (1 << UInt64(anomaly.rawValue)) != 0 }

    @inlinable
    public var isEmpty: Bool { bits == 0 }

    public func makeIterator() -> some IteratorProtocol<Anomaly> {
        Anomaly.allCases.lazy.filter { self.contains($0) }.makeIterator()
    }
}

/// Counts per anomaly over a run: a fixed array, allocated once.
public struct AnomalyCounts: Sendable, Equatable {
    @usableFromInline internal var counts: [Int]
    public init() { counts = [Int](repeating: 0, count: Anomaly.allCases.count) }

    @inlinable
    public mutating func record(_ anomaly: Anomaly, count: Int = 1) { counts[anomaly.rawValue] &+= count }

    /// Adds every anomaly in `set` once.
    @inlinable
    public mutating func record(_ set: AnomalySet) {
        var bits = set.bits
        while bits != 0 {
            let index = bits.trailingZeroBitCount
            counts[index] &+= 1
            bits &= bits &- 1
        }
    }

    public subscript(_ anomaly: Anomaly) -> Int { counts[anomaly.rawValue] }

    /// Adds another run's counts.
    public mutating func merge(_ other: AnomalyCounts) {
        for index in counts.indices { counts[index] &+= other.counts[index] }
    }

    /// Non-zero counts keyed by name, for reports.
    public var nonZero: [(name: String, count: Int)] {
        Anomaly.allCases.compactMap { counts[$0.rawValue] > 0 ? ($0.name, counts[$0.rawValue]) : nil }
            .sorted { $0.name < $1.name }
    }
}
