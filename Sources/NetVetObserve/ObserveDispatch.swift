import NetVetDecode
import NetVetProtocols
import NetVetWire

/// The observe stage's dispatch, declared once: which analyzer reads which frames, datagrams and streams
/// (by EtherType, UDP port, TCP port or content probe), and each analyzer's state. Adding a protocol is a
/// parser folder in NetVetProtocols, an analyzer file in Analyzers/, its evidence fields in
/// `EvidenceField`, and its entries here.
enum ObserveDispatch {
    /// The well-known ports the stage dispatches on, each written once (IANA service registry).
    enum Port {
        static let ftp: UInt16 = 21
        static let telnet: UInt16 = 23
        static let dns: UInt16 = 53
        static let dhcpServer: UInt16 = 67
        static let dhcpClient: UInt16 = 68
        static let nbns: UInt16 = 137
        static let snmp: UInt16 = 161
        static let snmpTrap: UInt16 = 162
        static let https: UInt16 = 443
        static let dhcpv6Client: UInt16 = 546
        static let dhcpv6Server: UInt16 = 547
        static let ssdp: UInt16 = 1900
        static let wsDiscovery: UInt16 = 3702
        static let dhipLegacy: UInt16 = 5050
        static let mdns: UInt16 = 5353
        static let llmnr: UInt16 = 5355
        static let tuyaPlain: UInt16 = 6666
        static let tuyaEncrypted: UInt16 = 6667
        static let sadp: UInt16 = 37020
        static let dhip: UInt16 = 37810
    }

    /// How a datagram's ports select a route.
    enum PortSide {
        /// Either port.
        case either
        /// The destination port.
        case destination
        /// The destination port, sent from `source` (DHCP's 68 → 67 and 67 → 68).
        case pair(source: UInt16)
    }

    /// One row of the UDP table.
    struct DatagramRule {
        var port: UInt16
        var side: PortSide
        var route: DatagramRoute
    }

    /// The UDP table. When several rows match a datagram, the route declared first in `DatagramRoute`
    /// wins (QUIC on 443 before everything; DNS before SSDP; WS-Discovery before SADP before DHIP before
    /// SNMP).
    static let datagramRules: [DatagramRule] = [
        DatagramRule(port: Port.https, side: .either, route: .quic),
        DatagramRule(port: Port.dhcpServer, side: .pair(source: Port.dhcpClient), route: .dhcp),
        DatagramRule(port: Port.dhcpClient, side: .pair(source: Port.dhcpServer), route: .dhcp),
        DatagramRule(port: Port.dhcpv6Server, side: .pair(source: Port.dhcpv6Client), route: .dhcpv6),
        DatagramRule(port: Port.dns, side: .either, route: .dns),
        DatagramRule(port: Port.mdns, side: .either, route: .dns),
        DatagramRule(port: Port.llmnr, side: .either, route: .dns),
        DatagramRule(port: Port.nbns, side: .destination, route: .nbns),
        DatagramRule(port: Port.ssdp, side: .either, route: .ssdp),
        DatagramRule(port: Port.tuyaPlain, side: .destination, route: .tuya),
        DatagramRule(port: Port.tuyaEncrypted, side: .destination, route: .tuya),
        DatagramRule(port: Port.wsDiscovery, side: .either, route: .wsDiscovery),
        DatagramRule(port: Port.sadp, side: .either, route: .sadp),
        DatagramRule(port: Port.dhip, side: .either, route: .dhip),
        DatagramRule(port: Port.dhipLegacy, side: .either, route: .dhip),
        DatagramRule(port: Port.snmp, side: .either, route: .snmp),
        DatagramRule(port: Port.snmpTrap, side: .destination, route: .snmp),
    ]

    /// How a TCP direction's start selects a route.
    enum StreamMatch {
        /// Either port.
        case eitherPort(UInt16)
        /// The server's direction, from this port (a greeting or banner the server sends first).
        case serverPort(UInt16)
        /// The bytes: `StreamProbe.test` says yes, not yet (wait for more), or no.
        case probe(StreamProbe)
    }

    /// The TCP table, tried in order on the start of each direction until an analyzer takes it.
    static let streamRules: [(match: StreamMatch, route: StreamRoute)] = [
        (.eitherPort(Port.dns), .dnsStream),
        (.probe(.tlsRecord), .tls),
        (.probe(.sshIdentification), .ssh),
        (.serverPort(Port.ftp), .ftp),
        (.serverPort(Port.telnet), .telnet),
        (.probe(.httpHead), .http),
    ]

    /// The link-layer table: EtherType → route.
    static let linkRules: [(etherType: UInt16, route: LinkRoute)] = [
        (EtherType.lldp, .lldp),
        (EtherType.cdp, .cdp),
    ]

    /// `datagramRules` as lookup tables by port (built once): no per-datagram search.
    static let datagramTables = DatagramTables(datagramRules)

    /// The route of a datagram from `sourcePort` to `destinationPort`, if any analyzer reads it.
    @inline(__always)
    static func datagramRoute(_ sourcePort: UInt16, _ destinationPort: UInt16) -> DatagramRoute? {
        datagramTables.route(sourcePort, destinationPort)
    }

    /// The route of a link-layer frame of `etherType`.
    @inline(__always)
    static func linkRoute(_ etherType: UInt16) -> LinkRoute? {
        for rule in linkRules where rule.etherType == etherType { return rule.route }
        return nil
    }
}

/// Analyzers of UDP datagrams, in precedence order (a lower raw value wins when several rows match).
enum DatagramRoute: UInt8, CaseIterable {
    case quic = 0, dhcp, dhcpv6, dns, nbns, ssdp, tuya, wsDiscovery, sadp, dhip, snmp
}

/// Analyzers of TCP direction starts.
enum StreamRoute {
    case dnsStream, tls, ssh, ftp, telnet, http
}

/// Analyzers of link-layer frames.
enum LinkRoute {
    case lldp, cdp
}

/// Content probes on a TCP direction's first bytes.
enum StreamProbe {
    /// A TLS handshake record (content type 22).
    case tlsRecord
    /// An SSH identification string (`SSH-`, RFC 4253 §4.2).
    case sshIdentification
    /// An HTTP/1.x or RTSP head (`HttpHeadProbe`).
    case httpHead

    /// True if the bytes start like the protocol, false if they may still (wait for more), nil if not.
    func test(_ start: UnsafeRawBufferPointer) -> Bool? {
        switch self {
        case .tlsRecord: return start.first == 0x16 ? true : nil
        case .sshIdentification:
            let matches = start.count >= 4 ? start.starts(with: "SSH-".utf8) : "SSH-".utf8.starts(with: start)
            return matches ? true : nil
        case .httpHead: return HTTPAnalyzer.httpStart(start)
        }
    }
}

/// `ObserveDispatch.datagramRules` as tables indexed by port (65,536 entries each, built once).
struct DatagramTables: Sendable {
    /// Route raw value + 1 per port (0: none): either port, destination port, destination of a pair.
    private var either: [UInt8]
    private var destination: [UInt8]
    private var pair: [UInt8]
    /// The source port a pair row requires, per destination port.
    private var pairSource: [UInt16]

    init(_ rules: [ObserveDispatch.DatagramRule]) {
        either = [UInt8](repeating: 0, count: 65_536)
        destination = either
        pair = either
        pairSource = [UInt16](repeating: 0, count: 65_536)
        func set(_ table: inout [UInt8], _ port: UInt16, _ route: DatagramRoute) {
            let value = route.rawValue + 1
            let index = Int(port)
            if table[index] == 0 || value < table[index] { table[index] = value }
        }
        for rule in rules {
            switch rule.side {
            case .either: set(&either, rule.port, rule.route)
            case .destination: set(&destination, rule.port, rule.route)
            case .pair(let source):
                set(&pair, rule.port, rule.route)
                pairSource[Int(rule.port)] = source
            }
        }
    }

    /// The first-declared route among the rows that match.
    @inline(__always)
    func route(_ sourcePort: UInt16, _ destinationPort: UInt16) -> DatagramRoute? {
        let source = Int(sourcePort)
        let target = Int(destinationPort)
        // 0 means none: subtracting 1 wraps it to 255, above every route.
        var best = either[source] &- 1
        best = min(best, either[target] &- 1)
        best = min(best, destination[target] &- 1)
        if pair[target] != 0 && pairSource[target] == sourcePort { best = min(best, pair[target] &- 1) }
        return DatagramRoute(rawValue: best)
    }
}

/// Every analyzer's state, one stored property each (stateless analyzers have none), and the calls from
/// a route to its analyzer.
struct Analyzers {
    /// (client, answer address) → name, from DNS answers.
    var dns = DNSAnalyzer()
    /// JA4/JA3 and certificate caches, shared by TLS over TCP and QUIC.
    var tls = TLSAnalyzer()
    /// SSDP LOCATION paths, so a request for one reads the description in its response.
    var http = HTTPAnalyzer()
    /// QUIC handshakes being joined from Initials.
    var quic = QUICAnalyzer()
    /// The Tuya discovery cipher.
    var tuya = TuyaAnalyzer()

    /// Runs the analyzer of `route` on a datagram.
    mutating func analyze(
        _ route: DatagramRoute, _ payload: UnsafeRawBufferPointer, _ context: PacketContext,
        _ sink: inout ObservationSink
    ) {
        switch route {
        case .quic: quic.analyze(payload, context, &sink, fingerprints: &tls)
        case .dhcp: DHCPAnalyzer.analyze(payload, context, &sink)
        case .dhcpv6: DHCPv6Analyzer.analyze(payload, context, &sink)
        case .dns: dns.analyze(payload, context, &sink)
        case .nbns: NBNSAnalyzer.analyze(payload, context, &sink)
        case .ssdp: SSDPAnalyzer.analyze(payload, context, &sink, descriptions: &http)
        case .tuya: tuya.analyze(payload, context, &sink)
        case .wsDiscovery: WSDiscoveryAnalyzer.analyze(payload, context, &sink)
        case .sadp: SADPAnalyzer.analyze(payload, context, &sink)
        case .dhip: DHIPAnalyzer.analyze(payload, context, &sink)
        case .snmp: SNMPAnalyzer.analyze(payload, context, &sink)
        }
    }

    /// Runs the analyzer of `route` on the start of a TCP direction: true when decided, false when it
    /// needs more bytes, nil when the bytes are not its protocol.
    mutating func analyze(
        _ route: StreamRoute, _ start: UnsafeRawBufferPointer, _ context: PacketContext,
        _ sink: inout ObservationSink
    ) -> Bool? {
        switch route {
        case .dnsStream: return dns.analyzeStream(start, context, &sink)
        case .tls: return tls.analyze(start, context, &sink)
        case .ssh: return BannerAnalyzer.analyzeSSH(start, context, &sink)
        case .ftp: return BannerAnalyzer.analyzeFTP(start, context, &sink)
        case .telnet: return BannerAnalyzer.analyzeTelnet(start, context, &sink)
        case .http: return http.analyze(start, context, &sink)
        }
    }

    /// Runs the analyzer of `route` on a link-layer payload.
    func analyze(
        _ route: LinkRoute, _ payload: UnsafeRawBufferPointer, _ context: PacketContext,
        _ sink: inout ObservationSink
    ) {
        switch route {
        case .lldp: LLDPAnalyzer.analyze(payload, context, &sink)
        case .cdp: CDPAnalyzer.analyze(payload, context, &sink)
        }
    }
}
