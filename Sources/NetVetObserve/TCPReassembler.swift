import NetVetInventory
import NetVetWire

/// One direction of a TCP connection: source and destination address and port.
public struct StreamKey: Hashable, Sendable {
    var sourceHigh: UInt64
    var sourceLow: UInt64
    var destinationHigh: UInt64
    var destinationLow: UInt64
    var sourcePort: UInt16
    var destinationPort: UInt16

    /// The direction from `source`:`sourcePort` to `destination`:`destinationPort`.
    public init(source: IPAddress, sourcePort: UInt16, destination: IPAddress, destinationPort: UInt16) {
        (sourceHigh, sourceLow) = Self.words(source)
        (destinationHigh, destinationLow) = Self.words(destination)
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
    }

    /// An address as two words (an IPv4 address in the low word).
    static func words(_ address: IPAddress) -> (UInt64, UInt64) {
        switch address {
        case .v4(let v4): return (0, UInt64(v4.rawValue))
        case .v6(let v6): return (v6.high, v6.low)
        }
    }
}

/// Bounded TCP reassembly of the first bytes of each direction (STYLE.md §3: every table has a cap).
///
/// Application parsers need the start of a stream in order: an HTTP head or a TLS ClientHello that spans
/// segments, arrives out of order, or is retransmitted. The reassembler keeps, per direction, at most
/// `prefixLimit` contiguous bytes from the start of the stream and at most `maxHeldSegments` segments that
/// arrived early; whatever the number of connections, it tracks at most `maxStreams` directions. A caller
/// that has read what it needs calls `finish` so the buffer is freed and later segments cost a lookup.
public struct TCPReassembler: Sendable {
    /// What `ingest` did with a segment.
    public enum Progress: Equatable, Sendable {
        /// The direction's contiguous prefix grew: parsers should look at `prefix(of:)` again.
        case grew
        /// Nothing new in order (a retransmission, an early segment held, a finished or full direction).
        case unchanged
    }

    /// Bytes kept from the start of each direction.
    public let prefixLimit: Int
    /// Directions tracked at once.
    public let maxStreams: Int
    /// Early (out-of-order) segments held per direction.
    public let maxHeldSegments: Int
    /// Bounds hit and work done.
    public private(set) var statistics = ReassemblyStatistics()

    private struct Stream {
        /// The sequence number of `bytes[0]`.
        var start: UInt32
        /// The in-order bytes from the start, at most `prefixLimit`.
        var bytes: [UInt8]
        /// Segments ahead of a gap: (sequence number, bytes).
        var held: [(UInt32, [UInt8])] = []
        /// True once the caller said it needs no more, or the prefix is full.
        var finished = false
        /// A use counter value for least-recently-used eviction.
        var lastUse: UInt64
    }

    private var streams: [StreamKey: Stream] = [:]
    private var clock: UInt64 = 0

    /// A reassembler with the given bounds (defaults: 4 KiB per direction, 16,384 directions, 8 held
    /// segments per direction).
    public init(prefixLimit: Int = 4096, maxStreams: Int = 16_384, maxHeldSegments: Int = 8) {
        self.prefixLimit = max(1, prefixLimit)
        self.maxStreams = max(1, maxStreams)
        self.maxHeldSegments = max(0, maxHeldSegments)
    }

    /// Directions tracked now.
    public var count: Int { streams.count }

    /// Takes one TCP segment of direction `key`: sequence number `sequence`, flags (a SYN occupies one
    /// sequence number before the data), and its payload. Returns `.grew` when new in-order bytes were
    /// appended to the direction's prefix.
    public mutating func ingest(
        _ key: StreamKey, sequence: UInt32, flags: UInt8, payload: UnsafeRawBufferPointer
    ) -> Progress {
        let syn = flags & 0x02 != 0
        let dataStart = syn ? sequence &+ 1 : sequence
        clock &+= 1
        if let index = streams.index(forKey: key) {
            guard !streams.values[index].finished, !payload.isEmpty else { return .unchanged }
            streams.values[index].lastUse = clock
            // Mutated in place through the index: the buffer is never copied.
            return Self.append(
                &streams.values[index], sequence: dataStart, payload, bounds: bounds, statistics: &statistics)
        }
        // A new direction starts at its SYN, or at its first data segment when the capture began mid-stream.
        guard syn || !payload.isEmpty else { return .unchanged }
        if streams.count >= maxStreams { evictLeastRecentlyUsed() }
        var stream = Stream(start: dataStart, bytes: [], lastUse: clock)
        statistics.streams += 1
        let progress =
            payload.isEmpty
            ? .unchanged : Self.append(&stream, sequence: dataStart, payload, bounds: bounds, statistics: &statistics)
        streams[key] = stream
        return progress
    }

    /// True when a segment of `key` at `sequence` (with `flags`) would be the first bytes of the direction:
    /// the direction is unknown, or known from its SYN with nothing buffered and this segment right at
    /// its start. The caller may then parse the segment in place and only `ingest` it if more is needed.
    public func startsStream(_ key: StreamKey, sequence: UInt32, flags: UInt8) -> Bool {
        guard let index = streams.index(forKey: key) else { return flags & 0x02 == 0 }
        let stream = streams.values[index]
        return !stream.finished && stream.bytes.isEmpty && stream.held.isEmpty && stream.start == sequence
    }

    /// The in-order prefix of direction `key` so far (empty if unknown or finished).
    public func prefix(of key: StreamKey) -> [UInt8] {
        streams[key]?.bytes ?? []
    }

    /// True if `key` reached `prefixLimit` or was finished by the caller.
    public func isFinished(_ key: StreamKey) -> Bool {
        streams[key]?.finished ?? false
    }

    /// The caller needs no more of direction `key`: its buffers are freed; later segments are ignored.
    public mutating func finish(_ key: StreamKey) {
        guard streams[key] != nil else { return }
        streams[key]?.finished = true
        streams[key]?.bytes = []
        streams[key]?.held = []
    }

    /// Forgets direction `key` entirely (its connection ended).
    public mutating func remove(_ key: StreamKey) {
        streams[key] = nil
    }

    /// The per-direction bounds, passed to the static helpers so they need no access to `self`.
    private var bounds: (prefixLimit: Int, maxHeldSegments: Int) { (prefixLimit, maxHeldSegments) }

    private static func append(
        _ stream: inout Stream, sequence: UInt32, _ payload: UnsafeRawBufferPointer,
        bounds: (prefixLimit: Int, maxHeldSegments: Int), statistics: inout ReassemblyStatistics
    ) -> Progress {
        let prefixLimit = bounds.prefixLimit
        let before = stream.bytes.count
        place(&stream, sequence: sequence, payload, bounds: bounds, statistics: &statistics)
        // Early segments that the new bytes reached are placed now; each pass either places or keeps one.
        var placedOne = true
        while placedOne && !stream.held.isEmpty && stream.bytes.count < prefixLimit {
            placedOne = false
            let next = stream.start &+ UInt32(truncatingIfNeeded: stream.bytes.count)
            if let index = stream.held.firstIndex(where: { Int32(bitPattern: $0.0 &- next) <= 0 }) {
                let (heldSequence, heldBytes) = stream.held.remove(at: index)
                heldBytes.withUnsafeBytes {
                    place(&stream, sequence: heldSequence, $0, bounds: bounds, statistics: &statistics)
                }
                placedOne = true
            }
        }
        if stream.bytes.count >= prefixLimit && !stream.finished {
            stream.finished = true
            stream.held = []
            statistics.prefixesFull += 1
        }
        return stream.bytes.count > before ? .grew : .unchanged
    }

    /// Appends the part of a segment that extends the prefix, or holds a segment that starts beyond it.
    private static func place(
        _ stream: inout Stream, sequence: UInt32, _ payload: UnsafeRawBufferPointer,
        bounds: (prefixLimit: Int, maxHeldSegments: Int), statistics: inout ReassemblyStatistics
    ) {
        let (prefixLimit, maxHeldSegments) = bounds
        let next = stream.start &+ UInt32(truncatingIfNeeded: stream.bytes.count)
        // Signed distance handles sequence-number wraparound (RFC 9293 §3.4).
        let offset = Int(Int32(bitPattern: sequence &- next))
        if offset > 0 {
            // A gap before this segment: hold it if there is room, within the prefix window.
            guard offset < prefixLimit - stream.bytes.count else { return }
            guard stream.held.count < maxHeldSegments else {
                // The gap is not filling: give up on this direction rather than pay for it on every segment.
                statistics.outOfOrderDropped += 1
                stream.finished = true
                stream.bytes = []
                stream.held = []
                return
            }
            stream.held.append((sequence, Array(payload.prefix(prefixLimit - stream.bytes.count - offset))))
            statistics.outOfOrderHeld += 1
            return
        }
        // offset <= 0: the first -offset bytes were seen already (a retransmission or an overlap).
        let skip = -offset
        guard skip < payload.count else { return }
        let room = prefixLimit - stream.bytes.count
        let take = min(payload.count - skip, room)
        guard take > 0 else { return }
        stream.bytes.append(contentsOf: payload[skip..<(skip + take)])
    }

    /// Makes room at the cap: forgets the least recently used sixteenth of the directions at once, so the
    /// sorting cost is paid once per many new connections.
    private mutating func evictLeastRecentlyUsed() {
        let ages = streams.map { ($0.value.lastUse, $0.key) }.sorted { $0.0 < $1.0 }
        for (_, key) in ages.prefix(max(1, ages.count / 16)) {
            streams[key] = nil
            statistics.evicted += 1
        }
    }
}
