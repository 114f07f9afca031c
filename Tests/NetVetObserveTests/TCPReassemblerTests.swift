import NetVetObserve
import NetVetWire
import Testing

@Suite("TCPReassembler")
struct TCPReassemblerTests {
    static let key = StreamKey(
        source: .v4(IPv4Address(192, 168, 1, 20)), sourcePort: 51515, destination: .v4(IPv4Address(203, 0, 113, 5)),
        destinationPort: 443)
    static let syn: UInt8 = 0x02
    static let ack: UInt8 = 0x10

    /// A head that spans segments in real traffic.
    static let httpHead = Array(
        "GET /index.html HTTP/1.1\r\nHost: camera.example\r\nUser-Agent: netvet-test/1.0\r\nAccept: */*\r\n\r\n".utf8)

    @discardableResult
    static func feed(
        _ reassembler: inout TCPReassembler, _ sequence: UInt32, _ bytes: some Collection<UInt8>, flags: UInt8 = ack,
        key: StreamKey = key
    ) -> TCPReassembler.Progress {
        Array(bytes).withUnsafeBytes { reassembler.ingest(key, sequence: sequence, flags: flags, payload: $0) }
    }

    @Test("in-order segments after a SYN are concatenated; the SYN takes one sequence number")
    func inOrder() {
        var reassembler = TCPReassembler()
        #expect(Self.feed(&reassembler, 1000, [], flags: Self.syn) == .unchanged)
        #expect(Self.feed(&reassembler, 1001, Self.httpHead.prefix(10)) == .grew)
        #expect(Self.feed(&reassembler, 1011, Self.httpHead.dropFirst(10)) == .grew)
        #expect(reassembler.prefix(of: Self.key) == Self.httpHead)
        #expect(reassembler.statistics.streams == 1)
    }

    @Test("drip-fed one byte per segment gives the same bytes as all at once")
    func dripFed() {
        var drip = TCPReassembler()
        Self.feed(&drip, 41, [], flags: Self.syn)
        for (index, byte) in Self.httpHead.enumerated() {
            #expect(Self.feed(&drip, 42 + UInt32(index), [byte]) == .grew)
        }
        var whole = TCPReassembler()
        Self.feed(&whole, 41, [], flags: Self.syn)
        Self.feed(&whole, 42, Self.httpHead)
        #expect(drip.prefix(of: Self.key) == whole.prefix(of: Self.key))
        #expect(drip.prefix(of: Self.key) == Self.httpHead)
    }

    @Test("retransmissions add nothing; an overlapping segment adds only its new bytes")
    func retransmission() {
        var reassembler = TCPReassembler()
        Self.feed(&reassembler, 0, [], flags: Self.syn)
        Self.feed(&reassembler, 1, Self.httpHead.prefix(20))
        #expect(Self.feed(&reassembler, 1, Self.httpHead.prefix(20)) == .unchanged)
        #expect(Self.feed(&reassembler, 11, Self.httpHead[10..<30]) == .grew)
        #expect(reassembler.prefix(of: Self.key) == Array(Self.httpHead.prefix(30)))
    }

    @Test("early segments are held until the gap fills")
    func outOfOrder() {
        var reassembler = TCPReassembler()
        Self.feed(&reassembler, 0, [], flags: Self.syn)
        #expect(Self.feed(&reassembler, 41, Self.httpHead[40...]) == .unchanged)
        #expect(Self.feed(&reassembler, 21, Self.httpHead[20..<40]) == .unchanged)
        #expect(reassembler.prefix(of: Self.key).isEmpty)
        #expect(Self.feed(&reassembler, 1, Self.httpHead[0..<20]) == .grew)
        #expect(reassembler.prefix(of: Self.key) == Self.httpHead)
        #expect(reassembler.statistics.outOfOrderHeld == 2)
    }

    @Test("a capture that starts mid-stream begins at the first data segment")
    func midStream() {
        var reassembler = TCPReassembler()
        #expect(Self.feed(&reassembler, 777_000, Self.httpHead.prefix(5)) == .grew)
        Self.feed(&reassembler, 777_005, Self.httpHead.dropFirst(5))
        #expect(reassembler.prefix(of: Self.key) == Self.httpHead)
    }

    @Test("sequence numbers wrap around 2^32")
    func wraparound() {
        var reassembler = TCPReassembler()
        Self.feed(&reassembler, UInt32.max - 10, [], flags: Self.syn)
        Self.feed(&reassembler, UInt32.max - 9, Self.httpHead.prefix(30))
        Self.feed(&reassembler, 20, Self.httpHead.dropFirst(30))
        #expect(reassembler.prefix(of: Self.key) == Self.httpHead)
    }

    @Test("the prefix stops at the limit, counted, and later bytes cost nothing")
    func prefixLimit() {
        var reassembler = TCPReassembler(prefixLimit: 64)
        Self.feed(&reassembler, 0, [], flags: Self.syn)
        #expect(Self.feed(&reassembler, 1, Self.httpHead) == .grew)
        #expect(reassembler.prefix(of: Self.key) == Array(Self.httpHead.prefix(64)))
        #expect(reassembler.isFinished(Self.key))
        #expect(reassembler.statistics.prefixesFull == 1)
        #expect(Self.feed(&reassembler, 65, [1, 2, 3]) == .unchanged)
    }

    @Test("held early segments are bounded per direction; a gap that does not fill gives the direction up")
    func heldBound() {
        var reassembler = TCPReassembler(prefixLimit: 4096, maxHeldSegments: 2)
        Self.feed(&reassembler, 0, [], flags: Self.syn)
        for start in stride(from: 11, to: 61, by: 10) {
            Self.feed(&reassembler, UInt32(start), [UInt8](repeating: 7, count: 5))
        }
        #expect(reassembler.statistics.outOfOrderHeld == 2)
        // The third early segment gives the direction up: later ones are not even counted.
        #expect(reassembler.statistics.outOfOrderDropped == 1)
        #expect(reassembler.isFinished(Self.key))
        #expect(Self.feed(&reassembler, 1, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == .unchanged)
    }

    @Test("finish frees a direction; the table never holds more than maxStreams directions")
    func finishAndEvict() {
        var reassembler = TCPReassembler(maxStreams: 32)
        Self.feed(&reassembler, 1, Self.httpHead)
        reassembler.finish(Self.key)
        #expect(reassembler.prefix(of: Self.key).isEmpty)
        #expect(Self.feed(&reassembler, 1 + UInt32(Self.httpHead.count), [1]) == .unchanged)
        for port in 0..<1000 {
            let key = StreamKey(
                source: .v4(IPv4Address(10, 0, 0, 1)), sourcePort: UInt16(20_000 + port),
                destination: .v4(IPv4Address(10, 0, 0, 2)), destinationPort: 80)
            Self.feed(&reassembler, 5, [0x47], key: key)
            #expect(reassembler.count <= 32)
        }
        #expect(reassembler.statistics.evicted >= 1000 + 1 - 32)
    }

    @Test("any segmentation, order and duplication of a stream gives back the stream")
    func shuffledSegments() {
        var generator = SplitMix(seed: 0x6E65_7476_6574)
        let stream = (0..<3000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for _ in 0..<50 {
            var segments: [(UInt32, ArraySlice<UInt8>)] = []
            var offset = 0
            while offset < stream.count {
                let length = Int.random(in: 1...300, using: &generator)
                let end = min(stream.count, offset + length)
                segments.append((UInt32(offset + 1), stream[offset..<end]))
                offset = end
            }
            // Duplicate some segments, then shuffle all of them.
            segments += segments.filter { _ in Bool.random(using: &generator) }
            segments.shuffle(using: &generator)
            var reassembler = TCPReassembler(prefixLimit: 4096, maxHeldSegments: segments.count)
            Self.feed(&reassembler, 0, [], flags: Self.syn)
            for (sequence, bytes) in segments { Self.feed(&reassembler, sequence, bytes) }
            #expect(reassembler.prefix(of: Self.key) == stream)
        }
    }
}

/// A small deterministic generator (SplitMix64), so the shuffled test is the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
