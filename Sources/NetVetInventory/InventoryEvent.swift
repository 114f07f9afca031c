import NetVetWire

/// A change to the inventory that later stages act on (STYLE.md §3: the inventory is a sink of evidence
/// and emits change events; rules turn events into alerts). Recorded only while a table's
/// `recordsEvents` is on, and handed over by `takeEvents()`, so a batch audit that listens to none pays
/// one flag test.
public enum InventoryEvent: Sendable {
    /// A MAC address was seen for the first time (as sender, receiver or announced binding).
    case deviceFirstSeen(MACAddress, at: PacketTime)
    /// A device's traffic stated a new evidence value (not a repeat of a known one).
    case evidenceAdded(MACAddress, Evidence)
    /// A flow ended (idle, evicted, or open at the end of input), with what the application layer said.
    case flowFinished(Flow)
}
