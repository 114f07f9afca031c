import NetVetWire

/// One fact a device's own traffic stated about it (a DHCP host name, a TLS SNI, an mDNS model key),
/// with when it was first seen and how often. Values are owned copies, bounded in length by the parsers.
public struct Evidence: Sendable, Hashable {
    /// The protocol it came from: `dhcp`, `dhcpv6`, `dns`, `mdns`, `tls`, ...
    public var source: String
    /// The field within that protocol: `hostname`, `vendor_class`, `sni`, `ja4`, ...
    public var field: String
    /// The value as seen (de-duplicated per device: the same value counts up).
    public var value: String
    /// The first packet that carried it.
    public var firstSeen: PacketTime
    /// How many times it was seen.
    public var count: Int

    public init(source: String, field: String, value: String, firstSeen: PacketTime, count: Int = 1) {
        self.source = source
        self.field = field
        self.value = value
        self.firstSeen = firstSeen
        self.count = count
    }
}

extension Device {
    /// Records `value` for (`source`, `field`): counts up an existing entry, or adds one while fewer than
    /// `limit` are kept in all and fewer than `perFieldLimit` for this (`source`, `field`), so that one chatty
    /// field (DNS lookups, TLS server names) cannot crowd out the others; returns false when refused.
    mutating func addEvidence(
        source: String, field: String, value: String, at time: PacketTime, limit: Int, perFieldLimit: Int
    ) -> Bool {
        var sameField = 0
        for index in evidence.indices where evidence[index].field == field && evidence[index].source == source {
            if evidence[index].value == value {
                evidence[index].count &+= 1
                if time < evidence[index].firstSeen { evidence[index].firstSeen = time }
                return true
            }
            sameField += 1
        }
        guard evidence.count < limit, sameField < perFieldLimit else { return false }
        evidence.append(Evidence(source: source, field: field, value: value, firstSeen: time))
        evidenceGeneration &+= 1
        return true
    }
}
