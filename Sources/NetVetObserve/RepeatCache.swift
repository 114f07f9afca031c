import NetVetProtocols
import NetVetWire

/// Hashes of recent datagrams already parsed (set-associative, allocated once): a device repeats its
/// announcements and lookups, and a repeat carries no new evidence, so it is not parsed again.
struct RepeatCache {
    /// Slots in `hashes` (a power of two).
    static let slots = 1 << 18
    /// Slots per set.
    static let ways = 4

    private var hashes = [UInt64](repeating: 0, count: RepeatCache.slots)

    /// What identifies a datagram for the cache besides its bytes.
    struct Key {
        var sender: MACAddress?
        var source: IPAddress?
        var destination: IPAddress?
        var ports: (UInt16, UInt16)
        /// Bytes left out of the comparison (transaction ids that change in every retry).
        var ignoring: Range<Int> = 0..<0
        /// Hash a DNS message's stable bytes only (no id, no TTLs: `DNSStableBytes`).
        var stableDNS = false
    }

    /// True if the same datagram (same key, same bytes outside `key.ignoring`) was parsed recently;
    /// otherwise remembers it. FNV-1a (deterministic, unlike Swift's seeded `Hasher`) keeps reports
    /// byte-identical run to run.
    mutating func isRepeat(_ payload: UnsafeRawBufferPointer, _ key: Key) -> Bool {
        var hasher = FNV()
        hasher.add((key.sender?.rawValue ?? 0) << 32 | UInt64(key.ports.0) << 16 | UInt64(key.ports.1))
        // Both addresses: the same DNS answer sent to two clients tells each its own name mapping.
        // (Two calls, not a loop over `[source, destination]`: that array literal is a heap allocation.)
        hasher.add(key.source)
        hasher.add(key.destination)
        let walked =
            key.stableDNS
            && DNSStableBytes.forEachRange(in: payload) { range in
                hasher.addBytes(payload, range)
            }
        if !walked {
            let ignored = key.ignoring.clamped(to: 0..<payload.count)
            hasher.addBytes(payload, 0..<ignored.lowerBound)
            hasher.addBytes(payload, ignored.upperBound..<payload.count)
        }
        let hash = hasher.value
        // Zero marks an empty slot; a datagram hashing to zero is simply never remembered.
        guard hash != 0 else { return false }
        // Set-associative: a set of `ways` slots, most recent first. A hit moves to the front; a miss
        // enters at the front and pushes the oldest out. (Direct mapping lost a tenth of a busy LAN's
        // repeats to collisions.)
        let ways = Self.ways
        let base = (Int(truncatingIfNeeded: hash >> 40) & (Self.slots / ways - 1)) * ways
        var found = ways - 1
        for way in 0..<ways where hashes[base + way] == hash {
            found = way
            break
        }
        let hit = hashes[base + found] == hash
        var way = found
        while way > 0 {
            hashes[base + way] = hashes[base + way - 1]
            way -= 1
        }
        hashes[base] = hash
        return hit
    }
}
