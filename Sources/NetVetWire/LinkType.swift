/// A capture's data-link type, as libpcap's `pcap_datalink` reports it (DLT_* values).
///
/// Open type: unknown values stay representable (STYLE.md §2) so an unsupported link type can be named
/// in an error rather than silently decoded as zero packets.
public struct LinkType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// BSD loopback: a 4-byte address family in host byte order of the capturing machine.
    public static let null = LinkType(rawValue: 0)
    /// Ethernet II / 802.3 (DLT_EN10MB).
    public static let ethernet = LinkType(rawValue: 1)
    /// Raw IP, version taken from the first nibble (DLT_RAW on Linux).
    public static let raw = LinkType(rawValue: 12)
    /// Raw IP as LINKTYPE_RAW (the value stored in files; some libpcap builds pass it through).
    public static let rawLinktype = LinkType(rawValue: 101)
    /// IEEE 802.11 frames without a radio header.
    public static let ieee80211 = LinkType(rawValue: 105)
    /// OpenBSD loopback: a 4-byte address family in network byte order.
    public static let loop = LinkType(rawValue: 108)
    /// Linux cooked capture v1 (the `any` device).
    public static let linuxSLL = LinkType(rawValue: 113)
    /// IEEE 802.11 with a radiotap header.
    public static let ieee80211Radiotap = LinkType(rawValue: 127)
    /// Raw IPv4 only.
    public static let ipv4 = LinkType(rawValue: 228)
    /// Raw IPv6 only.
    public static let ipv6 = LinkType(rawValue: 229)
    /// Linux cooked capture v2.
    public static let linuxSLL2 = LinkType(rawValue: 276)

    /// The link types the decoder understands.
    public static let supported: [LinkType] = [
        .null, .ethernet, .raw, .rawLinktype, .ieee80211, .loop, .linuxSLL, .ieee80211Radiotap, .ipv4, .ipv6,
        .linuxSLL2,
    ]

    /// True if netvet can decode frames of this type.
    public var isSupported: Bool { LinkType.supported.contains(self) }

    /// The stable name used in reports (`capture.link_types`).
    public var name: String {
        switch self {
        case .null: return "null"
        case .ethernet: return "ethernet"
        case .raw, .rawLinktype: return "raw-ip"
        case .ieee80211: return "ieee802.11"
        case .loop: return "loop"
        case .linuxSLL: return "linux-sll"
        case .ieee80211Radiotap: return "ieee802.11-radiotap"
        case .ipv4: return "raw-ipv4"
        case .ipv6: return "raw-ipv6"
        case .linuxSLL2: return "linux-sll2"
        default: return "dlt-\(rawValue)"
        }
    }

    public var description: String { name }
}
