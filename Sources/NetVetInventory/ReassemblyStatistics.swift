/// Counters the observe stage's TCP reassembler (NetVetObserve's `TCPReassembler`) keeps about its own
/// bounds, reported as `capture.reassembly` (docs/REPORT.md). Declared here, beside the flow table's
/// counters, so that reports can carry them without depending on the observe stage.
public struct ReassemblyStatistics: Sendable, Equatable {
    /// Directions tracked, from their SYN (or first data segment) until their first message was read.
    public var streams = 0
    /// Directions that filled their prefix to the limit; later bytes were not kept.
    public var prefixesFull = 0
    /// Segments that arrived ahead of a gap and were held until it filled.
    public var outOfOrderHeld = 0
    /// Segments dropped because a direction already held its maximum of early segments.
    public var outOfOrderDropped = 0
    /// Directions forgotten because the table was full (the least recently used go first).
    public var evicted = 0

    /// All zero.
    public init() {}
}
