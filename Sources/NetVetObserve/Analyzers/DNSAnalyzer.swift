import NetVetProtocols
import NetVetWire

/// DNS (RFC 1035, over UDP and TCP: RFC 7766), mDNS with DNS-SD (RFC 6762/6763) and LLMNR (RFC 4795).
///
/// A client's questions to a DNS server are evidence about the client; mDNS responses describe the
/// responder (host names, service types, instances, device-naming TXT keys); a server's answers are kept
/// as (client, address) → name, so that flows to that address get the name the client looked up.
struct DNSAnalyzer {
    /// (client address, resolved address) pairs remembered from DNS answers, for flow names.
    static let maxResolvedNames = 65_536

    /// Client address and answer address → the name the client looked up.
    private var resolvedNames: [ResolvedKey: String] = [:]

    /// A DNS answer as the client saw it.
    struct ResolvedKey: Hashable {
        var client: IPAddress
        var address: IPAddress

        /// One word into the hasher instead of the derived walk over two enums (each case tag and
        /// payload combined separately): every DNS answer inserts a key.
        func hash(into hasher: inout Hasher) {
            var fold = FNV()
            fold.add(client)
            fold.add(address)
            hasher.combine(fold.value)
        }
    }

    /// DNS, mDNS and LLMNR ports.
    static func isDNSPort(_ port: UInt16) -> Bool {
        port == ObserveDispatch.Port.dns || port == ObserveDispatch.Port.mdns || port == ObserveDispatch.Port.llmnr
    }

    /// The name `client` looked up for `address`, if an answer said so.
    func name(client: IPAddress, address: IPAddress) -> String? {
        resolvedNames[ResolvedKey(client: client, address: address)]
    }

    /// A DNS, mDNS or LLMNR datagram.
    mutating func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        let result = DNSParser.parse(payload)
        sink.count(result.anomalies)
        guard let message = result.message else { return }
        let dns = ObserveDispatch.Port.dns
        let mdns = ObserveDispatch.Port.mdns
        // A unicast query from port 5353 to a server on 53 is plain DNS, not mDNS.
        let multicast =
            context.sourcePort != dns && context.destinationPort != dns
            && (context.sourcePort == mdns || context.destinationPort == mdns)
        if multicast {
            Self.recordMDNS(message, context, &sink)
        } else if message.header.isResponse {
            rememberAnswers(message, client: context.destination, &sink)
        } else if context.destinationPort == dns {
            for question in message.questions.prefix(4) { sink.record(.dnsQuery, question.name.normalized, context) }
        }
    }

    /// DNS over TCP (RFC 1035 §4.2.2, RFC 7766): the first message of each direction, after its two-byte
    /// length, read like a UDP one: a client's questions are evidence, a server's answers name flows.
    /// False while the message is incomplete and below the prefix limit.
    mutating func analyzeStream(
        _ start: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink
    ) -> Bool {
        var reader = ByteReader(start)
        guard let declared = reader.readUInt16() else { return false }
        let length = Int(declared)
        // A message cut by the prefix limit is parsed as far as it goes (the parser names the cut).
        guard reader.remaining >= length || start.count >= ObserveStage.streamPrefixLimit else { return false }
        guard let message = reader.readSlice(min(length, reader.remaining)) else { return true }
        let result = DNSParser.parse(message.unreadBytes)
        sink.count(result.anomalies)
        guard let parsed = result.message else { return true }
        if parsed.header.isResponse {
            if !context.fromClient { rememberAnswers(parsed, client: sink.flow(context).client.ip, &sink) }
        } else if context.fromClient, context.destinationPort == ObserveDispatch.Port.dns {
            for question in parsed.questions.prefix(4) { sink.record(.dnsQuery, question.name.normalized, context) }
        }
        return true
    }

    /// mDNS responses describe the responder: its host names, service types, instances and the TXT
    /// keys that name devices (`md`, `ty`, `usb_MFG`, ...).
    static func recordMDNS(_ message: DNSMessage, _ context: PacketContext, _ sink: inout ObservationSink) {
        guard message.header.isResponse else { return }
        let discovery = DNSServiceDiscovery(message)
        for service in discovery.serviceTypes.prefix(8) { sink.record(.mdnsService, service, context) }
        for instance in discovery.instanceNames.prefix(8) {
            sink.record(.mdnsInstance, instance, context)
            for (key, value) in discovery.deviceNamingAttributes(of: instance).sorted(by: { $0.key < $1.key }) {
                sink.record(.mdnsTXT, member: key, value, context)
            }
        }
        // The first 32 records of the three sections, in order (not `allRecords`, nor an array literal of
        // the sections: each is a new array per message).
        var remaining = 32
        func hostNames(_ section: [DNSResourceRecord]) {
            for record in section.prefix(remaining) {
                switch record.data {
                case .ipv4, .ipv6: sink.record(.mdnsHostname, record.name.normalized, context)
                default: break
                }
            }
            remaining -= min(section.count, remaining)
        }
        hostNames(message.answers)
        hostNames(message.authorities)
        hostNames(message.additionals)
    }

    /// Keeps (client, answer address) → the name asked, so flows to that address get a name.
    mutating func rememberAnswers(_ message: DNSMessage, client: IPAddress?, _ sink: inout ObservationSink) {
        guard let client, let asked = message.questions.first?.name.normalized else { return }
        for answer in message.answers.prefix(32) {
            let address: IPAddress
            switch answer.data {
            case .ipv4(let v4): address = .v4(v4)
            case .ipv6(let v6): address = .v6(v6)
            default: continue
            }
            let key = ResolvedKey(client: client, address: address)
            // Bounded: once full, only names already known are refreshed; a new one is counted, not kept.
            if resolvedNames[key] != nil || resolvedNames.count < Self.maxResolvedNames {
                resolvedNames[key] = asked
            } else {
                sink.count([.dnsAnswerTableFull])
            }
        }
    }
}
