import NetVetRules
import NetVetWire

/// The IEEE MAC address registries (MA-L, MA-M, MA-S, IAB) as a longest-prefix lookup table.
///
/// Loaded from `Rules/oui/ieee-registry.tsv`, which `scripts/gen-oui-table.py` generates from the IEEE
/// public listing (STYLE.md §4). Lookups try the 36-bit assignments (MA-S, IAB), then 28-bit (MA-M), then
/// 24-bit (MA-L): a small block carved out of a large one belongs to its own registrant, not to the owner
/// of the large one (typically "IEEE Registration Authority"). Immutable after init, so safe to share.
public final class VendorRegistry: Sendable {
    /// One assignment: the top `bits` bits of a MAC address, and who registered them.
    public struct Entry: Sendable, Equatable {
        /// The prefix as an integer of `bits` bits (for example 0x00000C for 24 bits, 0x70B3D5F2F for 36).
        public var prefix: UInt64
        /// The prefix length: 24 (MA-L), 28 (MA-M) or 36 (MA-S, IAB).
        public var bits: Int
        /// The registrant.
        public var info: VendorInfo

        /// Creates an assignment; validity is checked by `VendorRegistry.init(entries:)`.
        public init(prefix: UInt64, bits: Int, info: VendorInfo) {
            self.prefix = prefix
            self.bits = bits
            self.info = info
        }
    }

    /// 24-bit assignments keyed by `rawValue >> 24`.
    private let by24: [UInt64: VendorInfo]
    /// 28-bit assignments keyed by `rawValue >> 20`.
    private let by28: [UInt64: VendorInfo]
    /// 36-bit assignments keyed by `rawValue >> 12`.
    private let by36: [UInt64: VendorInfo]

    /// Takes the tables of a builder that has validated every entry.
    init(_ builder: VendorRegistryBuilder) {
        by24 = builder.by24
        by28 = builder.by28
        by36 = builder.by36
    }

    /// Builds a registry from in-memory assignments (tests, synthetic tables).
    ///
    /// Throws `RulesError` with path `<entries>` and the 1-based position of the first invalid entry:
    /// bits not 24, 28 or 36, a prefix wider than `bits`, a registry name that does not match `bits`, an
    /// empty name, a country that is not two upper-case letters, or a prefix given twice.
    public convenience init(entries: some Sequence<Entry>) throws(RulesError) {
        var builder = VendorRegistryBuilder(path: "<entries>", capacity: entries.underestimatedCount)
        for (offset, entry) in entries.enumerated() {
            try builder.add(prefix: entry.prefix, bits: entry.bits, info: entry.info, line: offset + 1)
        }
        self.init(builder)
    }

    /// The registrant of the block containing `mac`, by longest prefix; nil if no block contains it.
    ///
    /// Locally administered addresses (U/L bit set: randomised phone MACs, VMs, containers) always give
    /// nil, because they are not IEEE-assigned even when their bits happen to match a (legacy) entry.
    public func lookup(_ mac: MACAddress) -> VendorInfo? {
        // A locally administered address was chosen by software, so its prefix says nothing about the vendor.
        guard !mac.isLocallyAdministered else { return nil }
        let raw = mac.rawValue
        if let info = by36[raw >> 12] { return info }
        if let info = by28[raw >> 20] { return info }
        return by24[raw >> 24]
    }

    /// The number of assignments (all registries).
    public var count: Int { by24.count + by28.count + by36.count }
}
