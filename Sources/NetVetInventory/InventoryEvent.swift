import NetVetWire

/// A change to the inventory that later stages act on (STYLE.md §3: the inventory is a sink of evidence
/// and emits change events; rules turn events into alerts). Recorded in a table's `journal` only while
/// it is recording, so a batch audit that listens to none pays one flag test.
public enum InventoryEvent: Sendable {
    /// A MAC address was seen for the first time (as sender, receiver or announced binding).
    case deviceFirstSeen(MACAddress, at: PacketTime)
    /// A device's traffic stated a new evidence value (not a repeat of a known one).
    case evidenceAdded(MACAddress, Evidence)
    /// A flow ended (idle, evicted, or open at the end of input), with what the application layer said.
    case flowFinished(Flow)
}

/// The events a table recorded, in the order they happened, until they are drained. Its buffer is kept
/// from one drain to the next, so a steady stream of events allocates only while it grows.
public struct EventJournal: Sendable {
    /// Whether events are recorded; off, `record` does nothing (and builds no event).
    public var isRecording = false
    /// The events recorded since the last `drain`.
    public private(set) var events: [InventoryEvent] = []

    public init() {}

    /// Records `event` when recording.
    @inline(__always)
    mutating func record(_ event: @autoclosure () -> InventoryEvent) {
        if isRecording { events.append(event()) }
    }

    /// Hands each recorded event to `body`, in order, and forgets them.
    public mutating func drain(_ body: (InventoryEvent) -> Void) {
        for event in events { body(event) }
        events.removeAll(keepingCapacity: true)
    }
}
