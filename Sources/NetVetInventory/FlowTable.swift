import NetVetDecode
import NetVetWire

/// Counters a flow table keeps about its own bounds (reported, never silent).
public struct FlowTableStatistics: Sendable, Equatable {
    /// Flows created.
    public var created = 0
    /// Flows finished because they were idle longer than the timeout.
    public var expired = 0
    /// Flows finished early because the table was full (the least recently seen go first).
    public var evicted = 0
    /// Finished flows not kept for the report because `Limits.maxReportedFlows` was reached.
    public var dropped = 0
    /// The most flows tracked at once.
    public var peakActive = 0
}

/// Bidirectional flows, bounded by `Limits.maxActiveFlows` with an idle timeout in packet time.
///
/// Finished flows (idle, evicted, or still open at the end) are kept for the report up to
/// `Limits.maxReportedFlows`. Updating a known flow allocates nothing.
public struct FlowTable: Sendable {
    private var slots: [Flow] = []
    private var live: [Bool] = []
    private var freeSlots: [Int] = []
    private var index: [FlowKey: Int] = [:]
    private var keys: [FlowKey?] = []
    /// A direct-mapped cache in front of `index` (key → slot): the SipHash lookup of the 8-field key cost
    /// ~480 instructions per packet (callgrind), a hit here a few dozen. Each entry holds its key, so a
    /// hit reads this one entry rather than `keys[slot]` too (a cache miss per packet on a large table);
    /// `finish` clears the entry of a flow that ends, so a reused slot is never reached through it.
    private var recentSlots: [RecentFlow]
    private static let recentSlotsMask = 8191
    /// Flows that have ended, in the order they ended.
    public private(set) var finished: [Flow] = []
    /// Bounds hit and flows counted.
    public private(set) var statistics = FlowTableStatistics()
    /// Each flow that ends, as an `InventoryEvent`, while it is recording.
    public var journal = EventJournal()
    private let limits: Limits
    private let localNetworks: LocalNetworks
    private var nextSweep: PacketTime?
    /// Ports of fragmented datagrams, learned from each first fragment, so later fragments (which carry
    /// no transport header) count toward the same flow. Bounded: cleared when it reaches the cap.
    private var fragmentPorts: [FragmentKey: (UInt16, UInt16)] = [:]
    /// Entries `fragmentPorts` holds at most.
    static let maxFragmentEntries = 4096

    /// What a finished flow's slot holds until it is reused.
    private static let vacant = Flow(
        lastSeen: PacketTime(rawValue: 0), ipProtocol: 0, external: false, vlan: nil,
        client: FlowEndpoint(ip: .v4(.unspecified), port: 0, mac: nil),
        server: FlowEndpoint(ip: .v4(.unspecified), port: 0, mac: nil), firstSeen: PacketTime(rawValue: 0))

    /// Packet-time interval between idle sweeps.
    private static let sweepInterval: Int64 = 30 * 1_000_000

    /// An empty table.
    public init(limits: Limits = .default, localNetworks: LocalNetworks = LocalNetworks()) {
        self.limits = limits
        self.localNetworks = localNetworks
        self.recentSlots = [RecentFlow](repeating: RecentFlow(key: nil, slot: -1), count: FlowTable.recentSlotsMask + 1)
        let initial = min(limits.maxActiveFlows, 4096)
        index.reserveCapacity(initial)
        slots.reserveCapacity(initial)
    }

    /// Flows being tracked now.
    public var activeCount: Int { index.count }

    /// Accounts `packet` (an IP packet with a readable header) to its flow, creating it if needed.
    /// Returns the flow's slot (valid until the flow ends) and whether the packet went client to server;
    /// `nil` for a packet without IP addresses.
    @discardableResult
    public mutating func observe(_ packet: DecodedPacket, at time: PacketTime) -> (slot: Int, fromClient: Bool)? {
        var packet = packet
        return observe(decoded: &packet, at: time)
    }

    /// `observe(_:at:)` for the packet path.
    /// `packet` is `inout` only so that it is passed by address: a by-value parameter of the ~300-byte
    /// struct was copied at each call on the packet path (7% of an audit in perf). It is not modified.
    @discardableResult
    public mutating func observe(decoded packet: inout DecodedPacket, at time: PacketTime) -> (
        slot: Int, fromClient: Bool
    )? {
        guard let source = packet.sourceIP, let destination = packet.destinationIP else { return nil }
        if let sweep = nextSweep {
            if time >= sweep { expireIdle(now: time) }
        } else {
            nextSweep = PacketTime(rawValue: time.rawValue &+ FlowTable.sweepInterval)
        }
        let hasPorts = packet.transport == .tcp || packet.transport == .udp
        var sourcePort = hasPorts ? packet.sourcePort : 0
        var destinationPort = hasPorts ? packet.destinationPort : 0
        if packet.isFragment {
            let fragment = FragmentKey(
                source: source, destination: destination, ipProtocol: packet.ipProtocol, id: packet.fragmentID)
            if packet.isLaterFragment {
                if let ports = fragmentPorts[fragment] { (sourcePort, destinationPort) = ports }
            } else if hasPorts {
                if fragmentPorts.count >= FlowTable.maxFragmentEntries {
                    fragmentPorts.removeAll(keepingCapacity: true)
                }
                fragmentPorts[fragment] = (sourcePort, destinationPort)
            }
        }
        var sourceIsLow = false
        let key = FlowKey(
            source: source, sourcePort: sourcePort, destination: destination, destinationPort: destinationPort,
            ipProtocol: packet.ipProtocol, sourceIsLow: &sourceIsLow)
        let cacheIndex = FlowTable.recentSlotIndex(key)
        let slot: Int
        let fromClient: Bool
        if recentSlots[cacheIndex].key == key {
            // The entry knows which end is the client, so the flow's endpoints are not read.
            slot = recentSlots[cacheIndex].slot
            fromClient = sourceIsLow == recentSlots[cacheIndex].clientIsLow
        } else {
            slot = index[key] ?? insert(key, &packet, source, sourcePort, destination, destinationPort, time)
            // A flow whose two ends are the same address and port counts every packet as client-to-server.
            fromClient = slots[slot].client.ip == source && slots[slot].client.port == sourcePort
            recentSlots[cacheIndex] = RecentFlow(key: key, slot: slot, clientIsLow: sourceIsLow == fromClient)
        }
        slots[slot].lastSeen = max(slots[slot].lastSeen, time)
        if fromClient {
            slots[slot].packetsToServer &+= 1
            slots[slot].bytesToServer &+= packet.wireLength
            slots[slot].tcpFlagsFromClient |= packet.tcpFlags
            if slots[slot].recordedMACs & 1 == 0, let mac = packet.sourceMAC {
                slots[slot].client.mac = mac
                slots[slot].recordedMACs |= 1
            }
        } else {
            slots[slot].packetsToClient &+= 1
            slots[slot].bytesToClient &+= packet.wireLength
            slots[slot].tcpFlagsFromServer |= packet.tcpFlags
            if slots[slot].recordedMACs & 2 == 0, let mac = packet.sourceMAC {
                slots[slot].server.mac = mac
                slots[slot].recordedMACs |= 2
            }
        }
        return (slot, fromClient)
    }

    /// One `recentSlots` entry: a key, its slot (`nil`/-1 while empty) and whether the flow's client is
    /// the key's low end.
    private struct RecentFlow {
        var key: FlowKey?
        var slot: Int
        var clientIsLow = false
    }

    /// The `recentSlots` entry for `key`: a multiplicative (Fibonacci) hash of all its fields, top bits.
    /// Cheap rather than keyed: a collision only costs a miss, and `index` keeps SipHash.
    private static func recentSlotIndex(_ key: FlowKey) -> Int {
        let golden: UInt64 = 0x9E37_79B9_7F4A_7C15
        let ports = UInt64(key.lowPort) << 32 | UInt64(key.highPort) << 16 | UInt64(key.ipProtocol)
        let addresses = (key.lowLow &* golden) ^ key.highLow ^ (key.lowHigh &* 31) ^ key.highHigh
        let mixed = (addresses ^ ports) &* golden
        return Int(truncatingIfNeeded: mixed >> 40) & recentSlotsMask
    }

    /// Creates the flow for a first packet, deciding which end is the client.
    private mutating func insert(
        _ key: FlowKey, _ packet: inout DecodedPacket, _ source: IPAddress, _ sourcePort: UInt16,
        _ destination: IPAddress, _ destinationPort: UInt16, _ time: PacketTime
    ) -> Int {
        if index.count >= limits.maxActiveFlows { evictOldest() }
        let sourceIsClient = FlowTable.sourceIsClient(&packet, sourcePort: sourcePort, destinationPort: destinationPort)
        let sourceEnd = FlowEndpoint(ip: source, port: sourcePort, mac: nil)
        let destinationEnd = FlowEndpoint(ip: destination, port: destinationPort, mac: nil)
        let flow = Flow(
            lastSeen: time, ipProtocol: packet.ipProtocol,
            external: !localNetworks.isLocal(source) || !localNetworks.isLocal(destination), vlan: packet.outerVLAN,
            client: sourceIsClient ? sourceEnd : destinationEnd, server: sourceIsClient ? destinationEnd : sourceEnd,
            firstSeen: time)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = flow
            live[slot] = true
            keys[slot] = key
        } else {
            slot = slots.count
            slots.append(flow)
            live.append(true)
            keys.append(key)
        }
        index[key] = slot
        statistics.created += 1
        statistics.peakActive = max(statistics.peakActive, index.count)
        return slot
    }

    /// Which end of a flow's first packet opened it: a SYN's sender; a SYN-ACK's or an echo reply's
    /// receiver; otherwise the sender, unless only the sender uses a well-known port (< 1024).
    /// (`inout` only to pass the packet by address.)
    static func sourceIsClient(_ packet: inout DecodedPacket, sourcePort: UInt16, destinationPort: UInt16) -> Bool {
        if packet.transport == .tcp, packet.tcpFlags & TCPFlag.syn != 0 {
            return packet.tcpFlags & TCPFlag.ack == 0
        }
        if packet.transport == .icmp, packet.icmpType == 0 { return false }
        if packet.transport == .icmpv6, packet.icmpType == 129 { return false }
        if sourcePort != 0, sourcePort < 1024, destinationPort >= 1024 { return false }
        return true
    }

    /// Identifies the fragments of one datagram (RFC 791 §3.2; RFC 8200 §4.5).
    struct FragmentKey: Hashable {
        var source: IPAddress
        var destination: IPAddress
        var ipProtocol: UInt8
        var id: UInt32
    }

    /// Finishes flows idle for longer than the timeout at packet time `now`.
    public mutating func expireIdle(now: PacketTime) {
        let cutoff = now.rawValue &- limits.flowIdleTimeoutSeconds &* 1_000_000
        for slot in slots.indices where live[slot] && slots[slot].lastSeen.rawValue < cutoff {
            finish(slot)
            statistics.expired += 1
        }
        nextSweep = PacketTime(rawValue: now.rawValue &+ FlowTable.sweepInterval)
    }

    /// Makes room at the cap: finishes the least recently seen sixteenth of the table at once, so the
    /// sorting cost is paid once per many inserts.
    private mutating func evictOldest() {
        var ages: [(Int64, Int)] = []
        ages.reserveCapacity(index.count)
        for slot in slots.indices where live[slot] { ages.append((slots[slot].lastSeen.rawValue, slot)) }
        ages.sort { $0 < $1 }
        let batch = max(1, ages.count / 16)
        for (_, slot) in ages.prefix(batch) {
            finish(slot)
            statistics.evicted += 1
        }
    }

    /// The flow in `slot` (from `observe`).
    public func flow(at slot: Int) -> Flow { slots[slot] }

    /// True if `address` is inside the local networks this table was made with.
    public func isLocal(_ address: IPAddress) -> Bool { localNetworks.isLocal(address) }

    /// True once the application stage decided the given direction of the flow in `slot`: a flag read
    /// without copying the flow (this is asked for every TCP segment with a payload).
    public func isApplicationDone(at slot: Int, fromClient: Bool) -> Bool {
        fromClient ? slots[slot].application.clientDone : slots[slot].application.serverDone
    }

    /// Lets the application-layer stage annotate the flow in `slot` (from `observe`).
    public mutating func updateApplication(at slot: Int, _ update: (inout FlowApplication) -> Void) {
        update(&slots[slot].application)
    }

    /// Copies of the flows still open, in slot order (a snapshot while the audit runs).
    public var activeFlows: [Flow] { slots.indices.filter { live[$0] }.map { slots[$0] } }

    /// Hands over the finished flows and keeps none (the audit's report takes them once, at the end).
    public mutating func takeFinished() -> [Flow] {
        defer { finished = [] }
        return finished
    }

    /// Finishes every flow still open (end of input).
    public mutating func finishAll() {
        for slot in slots.indices where live[slot] { finish(slot) }
    }

    private mutating func finish(_ slot: Int) {
        if let key = keys[slot] {
            index[key] = nil
            // The cache entry of this key, if it still points here, must not outlive the flow.
            let cacheIndex = FlowTable.recentSlotIndex(key)
            if recentSlots[cacheIndex].slot == slot { recentSlots[cacheIndex] = RecentFlow(key: nil, slot: -1) }
        }
        keys[slot] = nil
        live[slot] = false
        freeSlots.append(slot)
        journal.record(.flowFinished(slots[slot]))
        if finished.count < limits.maxReportedFlows {
            // Moved out, not copied: a copy retained each of the flow's strings here and released them
            // again when the slot was reused.
            var ended = FlowTable.vacant
            swap(&ended, &slots[slot])
            finished.append(ended)
        } else {
            statistics.dropped += 1
        }
    }
}
