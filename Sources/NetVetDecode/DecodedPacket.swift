import NetVetWire

/// The network layer a frame carried.
public enum NetworkLayer: UInt8, Sendable {
    /// Nothing decodable above the link layer (an unknown EtherType, an 802.11 management frame).
    case none
    case arp
    case ipv4
    case ipv6
}

/// The transport layer a packet carried, when its header was readable.
public enum TransportLayer: UInt8, Sendable {
    case none
    case tcp
    case udp
    case icmp
    case icmpv6
    /// Another IP protocol (GRE, ESP, SCTP, ...); `DecodedPacket.ipProtocol` says which.
    case other
}

/// An ARP message for Ethernet/IPv4 (RFC 826).
public struct ARPMessage: Sendable, Equatable {
    /// 1 = request, 2 = reply (others are kept as read).
    public var operation: UInt16 = 0
    public var senderMAC: MACAddress = .zero
    public var senderIP: IPv4Address = .unspecified
    public var targetMAC: MACAddress = .zero
    public var targetIP: IPv4Address = .unspecified
    public init() {}
}

/// The part of an ICMPv6 Neighbor Discovery message (RFC 4861 §4) that binds addresses to MACs.
public struct NDPMessage: Sendable, Equatable {
    /// 133 RS, 134 RA, 135 NS, 136 NA, 137 Redirect.
    public var type: UInt8 = 0
    /// The target address of NS, NA and Redirect; `nil` for RS and RA.
    public var target: IPv6Address?
    /// The Source Link-Layer Address option (type 1), when present with a 6-byte address.
    public var sourceLinkLayer: MACAddress?
    /// The Target Link-Layer Address option (type 2), when present with a 6-byte address.
    public var targetLinkLayer: MACAddress?
    public init() {}
}

/// Everything netvet reads from one frame, from link layer to transport header.
///
/// A plain value with no references: building one allocates nothing. Offsets point into the frame the
/// decoder was given, which is valid only during the callback that lent it.
public struct DecodedPacket: Sendable {
    /// How the frame was framed.
    public var linkType: LinkType
    /// The on-wire length of the frame (what byte counters add).
    public var wireLength: Int

    /// The original sender's MAC: Ethernet source, SLL source (6-byte addresses only), 802.11 SA.
    public var sourceMAC: MACAddress?
    /// The destination MAC: Ethernet destination, 802.11 DA. SLL has none.
    public var destinationMAC: MACAddress?
    /// 802.11 only: the transmitter (TA), e.g. the access point relaying a frame; `nil` elsewhere.
    public var transmitterMAC: MACAddress?
    /// The outermost VLAN id, when tagged.
    public var outerVLAN: UInt16?
    /// The innermost VLAN id, when more than one tag was present (QinQ).
    public var innerVLAN: UInt16?
    /// VLAN tags decoded.
    public var vlanDepth: Int = 0
    /// The EtherType of the payload after VLAN tags (0 when the link layer has none).
    public var etherType: UInt16 = 0

    /// What the network layer was.
    public var network: NetworkLayer = .none
    /// Set when `network == .arp`.
    public var arp = ARPMessage()
    /// IP source and destination, set when the IP header was valid.
    public var sourceIP: IPAddress?
    public var destinationIP: IPAddress?
    /// IPv4 protocol or the IPv6 upper-layer header after the extension chain.
    public var ipProtocol: UInt8 = 0
    /// IPv4 TTL or IPv6 hop limit.
    public var hopLimit: UInt8 = 0
    /// True for any fragment (IPv4 MF or offset, IPv6 fragment header).
    public var isFragment = false
    /// True for a fragment other than the first: it carries no transport header.
    public var isLaterFragment = false
    /// The fragment identification (IPv4 identification, IPv6 fragment header), valid when `isFragment`.
    public var fragmentID: UInt32 = 0

    /// What the transport layer was.
    public var transport: TransportLayer = .none
    /// TCP/UDP ports (0 otherwise).
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    /// TCP sequence number (0 otherwise).
    public var tcpSequence: UInt32 = 0
    /// TCP flags (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, URG 0x20, ECE 0x40, CWR 0x80).
    public var tcpFlags: UInt8 = 0
    /// ICMP/ICMPv6 type and code.
    public var icmpType: UInt8 = 0
    public var icmpCode: UInt8 = 0
    /// Set for ICMPv6 Neighbor Discovery messages.
    public var ndp: NDPMessage?

    /// Offset and length of a non-IP link-layer payload the decoder did not read (LLDP, CDP after SNAP),
    /// 0/0 otherwise.
    public var linkPayloadOffset = 0
    public var linkPayloadLength = 0

    /// Offset and length of the transport payload in the frame (TCP/UDP data), 0/0 when none.
    public var payloadOffset = 0
    public var payloadLength = 0

    /// What was odd about this frame.
    public var anomalies = AnomalySet()

    /// An empty packet of the given framing.
    public init(linkType: LinkType, wireLength: Int) {
        self.linkType = linkType
        self.wireLength = wireLength
    }

    /// Makes this the empty packet of the given framing, in place: field by field, since assigning a new
    /// value builds it on the stack and copies all of it (a `memcpy` per packet). A test checks that every
    /// stored property is reset (`DecodedPacketResetTests`).
    mutating func reset(linkType: LinkType, wireLength: Int) {
        self.linkType = linkType
        self.wireLength = wireLength
        sourceMAC = nil
        destinationMAC = nil
        transmitterMAC = nil
        outerVLAN = nil
        innerVLAN = nil
        vlanDepth = 0
        etherType = 0
        // The decoder writes `arp` only for an ARP packet and `ndp` only for ICMPv6 ND.
        if network == .arp { arp = ARPMessage() }
        network = .none
        sourceIP = nil
        destinationIP = nil
        ipProtocol = 0
        hopLimit = 0
        isFragment = false
        isLaterFragment = false
        fragmentID = 0
        transport = .none
        sourcePort = 0
        destinationPort = 0
        tcpSequence = 0
        tcpFlags = 0
        icmpType = 0
        icmpCode = 0
        if ndp != nil { ndp = nil }
        linkPayloadOffset = 0
        linkPayloadLength = 0
        payloadOffset = 0
        payloadLength = 0
        anomalies = AnomalySet()
    }
}

/// TCP flag bits.
public enum TCPFlag {
    public static let fin: UInt8 = 0x01
    public static let syn: UInt8 = 0x02
    public static let rst: UInt8 = 0x04
    public static let psh: UInt8 = 0x08
    public static let ack: UInt8 = 0x10
    public static let urg: UInt8 = 0x20
    public static let ece: UInt8 = 0x40
    public static let cwr: UInt8 = 0x80
}

/// EtherType values the decoder dispatches on (open: any other value is kept as read).
public enum EtherType {
    public static let ipv4: UInt16 = 0x0800
    public static let arp: UInt16 = 0x0806
    public static let vlan: UInt16 = 0x8100
    public static let ipv6: UInt16 = 0x86DD
    public static let qinq: UInt16 = 0x88A8
    /// Pre-standard QinQ tag used by some switches.
    public static let qinqLegacy: UInt16 = 0x9100
    /// IEEE 802.1AB LLDP.
    public static let lldp: UInt16 = 0x88CC
    /// Cisco Discovery Protocol: SNAP protocol id 0x2000 under OUI 00-00-0C (not an EtherType on the wire).
    public static let cdp: UInt16 = 0x2000
}
