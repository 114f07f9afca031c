import NetVetDecode
import NetVetWire

/// One end of a flow.
public struct FlowEndpoint: Sendable, Hashable {
    public var ip: IPAddress
    /// TCP/UDP port; 0 for protocols without ports.
    public var port: UInt16
    /// The MAC that sent this end's packets (for an external end, the gateway that forwarded them);
    /// `nil` until this end has sent a packet on a link that shows MACs.
    public var mac: MACAddress?
}

/// A bidirectional 5-tuple flow with per-direction counters, in packet time.
///
/// The fields every packet updates come first (last seen, counters, flags, then the application stage's
/// per-direction flags at the head of `application`), so a packet touches one or two cache lines of its
/// flow instead of three or four; the endpoints, read when the flow is created and reported, come after.
public struct Flow: Sendable {
    public var lastSeen: PacketTime
    public var packetsToServer = 0
    public var packetsToClient = 0
    public var bytesToServer = 0
    public var bytesToClient = 0
    /// TCP flags seen from the client and from the server (OR of all segments).
    public var tcpFlagsFromClient: UInt8 = 0
    public var tcpFlagsFromServer: UInt8 = 0
    /// IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6, ...).
    public var ipProtocol: UInt8
    /// True when either end is outside the local networks.
    public var external: Bool
    /// Which ends' MACs are recorded (bit 0 the client's, bit 1 the server's), read instead of the
    /// endpoints themselves on every packet.
    var recordedMACs: UInt8 = 0
    /// The outer VLAN id of the first packet, if tagged.
    public var vlan: UInt16?
    /// What the application layer said (names, fingerprints), filled by the audit's parsers.
    public var application = FlowApplication()
    /// The end that opened the flow (SYN sender, or the first sender unless ports say otherwise).
    public var client: FlowEndpoint
    public var server: FlowEndpoint
    public var firstSeen: PacketTime

    /// The protocol's report name: `tcp`, `udp`, `icmp`, `icmpv6`, or the number.
    public var protocolName: String {
        switch ipProtocol {
        case 6: return "tcp"
        case 17: return "udp"
        case 1: return "icmp"
        case 58: return "icmpv6"
        default: return String(ipProtocol)
        }
    }
}

/// Application-layer facts about a flow (docs/REPORT.md: flows), owned copies.
public struct FlowApplication: Sendable {
    // The flags come first: every TCP segment reads `clientDone`/`serverDone`, and declared first they sit
    // next to the flow's counters (in the same cache line) instead of after seventeen strings. They are the
    // observe stage's working state: `package`, so no report (NetVetExport's `FlowRecord`) can show them.
    /// True once each direction's start was parsed (or given up on): no more reassembly for it.
    package var clientDone = false
    package var serverDone = false
    /// True while the direction's HTTP head was recorded and its body (a UPnP device description, a
    /// CWMP Inform) is still being reassembled, so the head is not recorded twice.
    package var clientBodyPending = false
    package var serverBodyPending = false
    /// True when the client's request may fetch a UPnP device description (a `.xml` path, or a path an
    /// SSDP LOCATION announced): the server's response body is read.
    package var descriptionRequested = false
    /// TLS ClientHello server name (SNI).
    public var sni: String?
    /// HTTP/RTSP Host header of the first request.
    public var httpHost: String?
    /// HTTP/RTSP User-Agent of the first request.
    public var userAgent: String?
    /// HTTP/RTSP Server header of the first response.
    public var httpServer: String?
    /// The name the client resolved for the server's address (a DNS answer seen earlier).
    public var dnsName: String?
    /// JA4 of the ClientHello (hashed form) and its raw form.
    public var ja4: String?
    public var ja4Raw: String?
    /// JA4S of the ServerHello.
    public var ja4s: String?
    /// JA3 (MD5) of the ClientHello and JA3S of the ServerHello.
    public var ja3: String?
    public var ja3s: String?
    /// The negotiated TLS version (`1.3`, `1.2`, ...), from the ServerHello.
    public var tlsVersion: String?
    /// The server's leaf certificate (TLS ≤ 1.2): its JA4X, subject and issuer (RFC 4514 one-line), and
    /// notAfter (RFC 3339 UTC).
    public var ja4x: String?
    public var certSubject: String?
    public var certIssuer: String?
    public var certNotAfter: String?
    /// ALPN: the protocols the client offered, and the one the server chose.
    public var alpnOffered: [String] = []
    public var alpn: String?

    public init() {}

    /// The best name for the server: SNI, then HTTP Host, then the client's DNS lookup.
    public var serverName: String? { sni ?? httpHost ?? dnsName }
}

/// The hash key of a flow: both ends in a canonical order, so either direction finds it.
struct FlowKey: Hashable {
    var lowHigh: UInt64
    var lowLow: UInt64
    var highHigh: UInt64
    var highLow: UInt64
    var lowPort: UInt16
    var highPort: UInt16
    var ipProtocol: UInt8
    var isIPv6: Bool

    /// The key of a packet from `source` to `destination`; `sourceIsLow` says whether the source is the
    /// key's low end (true for both when the ends are equal).
    init(
        source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16, ipProtocol: UInt8,
        sourceIsLow: inout Bool
    ) {
        let (sourceHigh, sourceLow, v6) = FlowKey.words(source)
        let (destinationHigh, destinationLow, _) = FlowKey.words(destination)
        sourceIsLow = (sourceHigh, sourceLow, sourcePort) <= (destinationHigh, destinationLow, destinationPort)
        if sourceIsLow {
            (lowHigh, lowLow, lowPort) = (sourceHigh, sourceLow, sourcePort)
            (highHigh, highLow, highPort) = (destinationHigh, destinationLow, destinationPort)
        } else {
            (lowHigh, lowLow, lowPort) = (destinationHigh, destinationLow, destinationPort)
            (highHigh, highLow, highPort) = (sourceHigh, sourceLow, sourcePort)
        }
        self.ipProtocol = ipProtocol
        self.isIPv6 = v6
    }

    static func words(_ address: IPAddress) -> (UInt64, UInt64, Bool) {
        switch address {
        case .v4(let v4): return (0, UInt64(v4.rawValue), false)
        case .v6(let v6): return (v6.high, v6.low, true)
        }
    }
}
