import NetVetDecode
import NetVetInventory
import NetVetProtocols
import NetVetWire

/// The observe stage: runs the pure parsers of NetVetProtocols, through one analyzer per protocol
/// (Analyzers/), on the packets that can carry evidence, and writes what they say into an
/// `ObservationSink` (device evidence, flow names and fingerprints, anomaly counts). STYLE.md §3:
/// parsers stay pure; interpretation lives here.
///
/// Which analyzer reads what is `ObserveDispatch`. TCP directions are reassembled only until their
/// first message is parsed (or given up on), so the steady state of a long connection costs one flag
/// test per packet.
public struct ObserveStage {
    /// Bytes of each TCP direction's start kept for parsing.
    public static let streamPrefixLimit = 4096

    var reassembler = TCPReassembler(prefixLimit: streamPrefixLimit)
    var repeats = RepeatCache()
    var analyzers = Analyzers()

    /// A stage with empty caches.
    public init() {}

    /// The TCP reassembler's counters.
    public var reassemblyStatistics: ReassemblyStatistics { reassembler.statistics }

    /// The name the client at `client` looked up for `server`, from the DNS answers seen so far.
    public func resolvedName(client: IPAddress, server: IPAddress) -> String? {
        analyzers.dns.name(client: client, address: server)
    }

    // MARK: - Link layer

    /// Reads a frame's link-layer payload (LLDP, CDP): evidence about the frame's source MAC. (`packet`
    /// is `inout` only to be passed by address; it is not modified.)
    public mutating func observeLink(
        _ packet: inout DecodedPacket, frame: UnsafeRawBufferPointer, at time: PacketTime,
        into sink: inout ObservationSink
    ) {
        let end = packet.linkPayloadOffset + packet.linkPayloadLength
        // The decoder guarantees this; a bad offset must still never become an out-of-bounds view.
        guard let sender = packet.sourceMAC, packet.linkPayloadOffset >= 0, end <= frame.count,
            let route = ObserveDispatch.linkRoute(packet.etherType)
        else { return }
        let payload = UnsafeRawBufferPointer(rebasing: frame[packet.linkPayloadOffset..<end])
        // Announcements repeat every 30-60 s unchanged: parse each distinct one once.
        let key = RepeatCache.Key(sender: sender, source: nil, destination: nil, ports: (0, packet.etherType))
        if repeats.isRepeat(payload, key) { return }
        analyzers.analyze(route, payload, PacketContext(&packet, time: time), &sink)
    }

    // MARK: - Transport

    /// Reads one packet of flow `slot` (`FlowTable.observe`). (`packet` is `inout` only to be passed by
    /// address; it is not modified.)
    public mutating func observe(
        _ packet: inout DecodedPacket, frame: UnsafeRawBufferPointer, slot: Int, fromClient: Bool,
        at time: PacketTime, into sink: inout ObservationSink
    ) {
        let end = packet.payloadOffset + packet.payloadLength
        // The decoder guarantees this; a bad offset must still never become an out-of-bounds view.
        guard packet.payloadOffset >= 0, end <= frame.count else { return }
        let payload = UnsafeRawBufferPointer(rebasing: frame[packet.payloadOffset..<end])
        switch packet.transport {
        case .udp:
            guard !payload.isEmpty else { return }
            observeDatagram(&packet, payload, slot: slot, fromClient: fromClient, time, &sink)
        case .tcp:
            observeStream(&packet, payload, slot: slot, fromClient: fromClient, time, &sink)
        default:
            return
        }
    }

    mutating func observeDatagram(
        _ packet: inout DecodedPacket, _ payload: UnsafeRawBufferPointer, slot: Int, fromClient: Bool,
        _ time: PacketTime, _ sink: inout ObservationSink
    ) {
        let route = ObserveDispatch.datagramRoute(packet.sourcePort, packet.destinationPort)
        // QUIC is read before the repeat cache (its datagrams never repeat), also off port 443 when a
        // datagram looks like an Initial or answers a pending handshake.
        if route == .quic || analyzers.quic.claims(payload, slot: slot) {
            let context = PacketContext(&packet, time: time, flow: slot, fromClient: fromClient)
            return analyzers.analyze(.quic, payload, context, &sink)
        }
        // Only datagrams of the protocols the analyzers read are worth hashing (QUIC and media are not).
        guard let route else { return }
        guard let key = Self.repeatKey(route, &packet, payload) else { return }
        if repeats.isRepeat(payload, key) { return }
        analyzers.analyze(route, payload, PacketContext(&packet, time: time, flow: slot, fromClient: fromClient), &sink)
    }

    /// What identifies a datagram of `route` in the repeat cache; nil when it is not read at all.
    static func repeatKey(
        _ route: DatagramRoute, _ packet: inout DecodedPacket, _ payload: UnsafeRawBufferPointer
    ) -> RepeatCache.Key? {
        var key = RepeatCache.Key(
            sender: packet.sourceMAC, source: packet.sourceIP, destination: packet.destinationIP,
            ports: (packet.sourcePort, packet.destinationPort))
        switch route {
        case .dhcp:
            // The transaction id and seconds (bytes 4-9) change in every retry.
            key.ignoring = 4..<10
        case .dns:
            key.ignoring = 0..<2
            // A client asks from a new port each time and a resolver's TTLs count down: for unicast DNS
            // and LLMNR, the client's port and the TTLs are left out too, so a repeated lookup is not
            // parsed again.
            let (source, destination) = key.ports
            if source != ObserveDispatch.Port.mdns && destination != ObserveDispatch.Port.mdns {
                key.stableDNS = true
                key.ports = (
                    DNSAnalyzer.isDNSPort(source) ? source : 0, DNSAnalyzer.isDNSPort(destination) ? destination : 0
                )
            }
        case .ssdp:
            // An M-SEARCH says what its sender looks for, not what it is: not read.
            if payload.starts(with: "M-SEARCH".utf8) { return nil }
            // A device answers each searcher with the same response: who asked is left out of the key.
            if key.ports.0 == ObserveDispatch.Port.ssdp {
                key.ports = (ObserveDispatch.Port.ssdp, 0)
                key.destination = nil
            }
        default:
            break
        }
        return key
    }

    mutating func observeStream(
        _ packet: inout DecodedPacket, _ payload: UnsafeRawBufferPointer, slot: Int, fromClient: Bool,
        _ time: PacketTime, _ sink: inout ObservationSink
    ) {
        guard !sink.flows.isApplicationDone(at: slot, fromClient: fromClient),
            let source = packet.sourceIP, let destination = packet.destinationIP
        else { return }
        let key = StreamKey(
            source: source, sourcePort: packet.sourcePort, destination: destination,
            destinationPort: packet.destinationPort)
        var context = PacketContext(&packet, time: time, flow: slot, fromClient: fromClient)
        var done = false
        if !payload.isEmpty, reassembler.startsStream(key, sequence: packet.tcpSequence, flags: packet.tcpFlags) {
            // Most first messages fit in their first segment: parse it in place, with no copy, and only
            // buffer it when more is needed.
            done = inspect(payload, context, &sink) ?? true
            if !done {
                // More is needed: buffer this segment; the next one re-parses the grown prefix.
                _ = reassembler.ingest(key, sequence: packet.tcpSequence, flags: packet.tcpFlags, payload: payload)
                // A segment that alone filled the prefix (TSO/GRO captures) gets no next parse: decide now.
                guard reassembler.isFinished(key) else { return }
                context.isFinalPrefix = true
                done = inspect(payload, context, &sink) ?? true
            }
        }
        if !done {
            guard
                reassembler.ingest(key, sequence: packet.tcpSequence, flags: packet.tcpFlags, payload: payload) == .grew
            else { return }
            let prefix = reassembler.prefix(of: key)
            context.isFinalPrefix = reassembler.isFinished(key)
            done = prefix.withUnsafeBytes { inspect($0, context, &sink) } ?? true
            done = done || reassembler.isFinished(key)
        }
        if done {
            reassembler.remove(key)
            sink.decide(context)
        }
    }

    /// Tries the stream routes in order on the start of a direction: true when decided (parsed or not
    /// parsable), false when more bytes are needed, `nil` when the bytes are no protocol this stage reads.
    mutating func inspect(
        _ start: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink
    ) -> Bool? {
        guard !start.isEmpty else { return false }
        for rule in ObserveDispatch.streamRules {
            switch rule.match {
            case .eitherPort(let port):
                guard context.eitherPort(port) else { continue }
            case .serverPort(let port):
                guard !context.fromClient && context.sourcePort == port else { continue }
            case .probe(let probe):
                switch probe.test(start) {
                case .some(true): break
                case .some(false): return false
                case .none: continue
                }
            }
            if let verdict = analyzers.analyze(rule.route, start, context, &sink) { return verdict }
        }
        return nil
    }
}
