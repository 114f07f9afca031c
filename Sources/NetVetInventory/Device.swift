import NetVetWire

/// How an address came to be bound to a device.
public struct AddressOrigin: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The device announced it as ARP sender (request, reply or gratuitous).
    public static let arp = AddressOrigin(rawValue: 1)
    /// Neighbor Discovery bound it to the device's link-layer address.
    public static let ndp = AddressOrigin(rawValue: 2)
    /// The device sent IP packets from it, and the address is on a local network.
    public static let traffic = AddressOrigin(rawValue: 4)
}

/// An address bound to a device, with how and when it was first learned.
public struct BoundAddress: Sendable, Hashable {
    public var address: IPAddress
    public var origin: AddressOrigin
    public var firstSeen: PacketTime
}

/// One device, keyed by its MAC address, with what the traffic said about it.
public struct Device: Sendable {
    /// The device's MAC address (unicast, never all-zero).
    public let mac: MACAddress
    /// First and last frame that involved the device (sent or received), in packet time.
    public var firstSeen: PacketTime
    public var lastSeen: PacketTime
    /// Frames and on-wire bytes the device sent and received.
    public var packetsSent = 0
    public var bytesSent = 0
    public var packetsReceived = 0
    public var bytesReceived = 0
    /// Addresses bound to the device, at most `Limits.maxAddressesPerDevice` per family.
    public var addresses: [BoundAddress] = []
    /// A sample of off-link (external) source addresses seen from this MAC, for gateway detection.
    package var offLinkSources: [IPAddress] = []
    /// True once the MAC forwarded packets from several off-link sources (a router or gateway).
    public var isGateway = false
    /// Application-layer facts the device's traffic stated, in the order first seen, at most
    /// `Limits.maxEvidencePerDevice`.
    public var evidence: [Evidence] = []
    /// Hashes of `evidence`'s (source, field) and value, index for index: `addEvidence` scans these
    /// integers and compares strings only on a hash match (string comparison of every entry was the
    /// larger part of recording evidence).
    var evidenceKeys: [EvidenceKey] = []
    /// Counts up each time a new evidence entry is added (not when a known one counts up), so that an
    /// identity computed from the evidence can be reused until this changes.
    package internal(set) var evidenceGeneration = 0
    /// The last IP source address `DeviceTable` finished observing for this device: most packets repeat
    /// their sender's address, and observing it again changes nothing (the binding, the off-link sample
    /// and the gateway flag are already as that address leaves them), so the table skips it.
    var lastObservedSource: IPAddress?

    init(mac: MACAddress, time: PacketTime) {
        self.mac = mac
        self.firstSeen = time
        self.lastSeen = time
    }

    /// True when the address's locally administered bit is set (randomised or software MACs).
    public var isLocallyAdministered: Bool { mac.isLocallyAdministered }

    /// The device is reported once it has sent a frame, or announced itself as an ARP sender. A MAC seen
    /// only as a destination, or only inside an NDP option of someone else's packet (raw-IP captures),
    /// is not a device on this capture's link: it stays in the table but out of the report.
    public var isReportable: Bool {
        packetsSent > 0 || addresses.contains { $0.origin.contains(.arp) }
    }

    /// IPv4 addresses to report, sorted. A gateway keeps only what ARP bound: the sources it forwards
    /// are other hosts' addresses, not its own.
    public var reportedIPv4: [IPv4Address] {
        addresses.compactMap { bound in
            guard case .v4(let address) = bound.address else { return nil }
            if isGateway && !bound.origin.contains(.arp) { return nil }
            return address
        }.sorted()
    }

    /// IPv6 addresses to report, sorted; a gateway keeps only what NDP bound.
    public var reportedIPv6: [IPv6Address] {
        addresses.compactMap { bound in
            guard case .v6(let address) = bound.address else { return nil }
            if isGateway && !bound.origin.contains(.ndp) { return nil }
            return address
        }.sorted()
    }

    /// IPv4 addresses this device announced in ARP, sorted.
    public var arpIPv4: [IPv4Address] {
        addresses.compactMap { bound in
            guard case .v4(let address) = bound.address, bound.origin.contains(.arp) else { return nil }
            return address
        }.sorted()
    }

    /// IPv6 addresses Neighbor Discovery bound to this device, sorted.
    public var ndpIPv6: [IPv6Address] {
        addresses.compactMap { bound in
            guard case .v6(let address) = bound.address, bound.origin.contains(.ndp) else { return nil }
            return address
        }.sorted()
    }

    /// Binds `address` with `origin`; returns false when the per-family limit refused a new address.
    mutating func bind(_ address: IPAddress, origin: AddressOrigin, at time: PacketTime, limit: Int) -> Bool {
        for index in addresses.indices where addresses[index].address == address {
            addresses[index].origin.formUnion(origin)
            return true
        }
        let isV4: Bool
        if case .v4 = address { isV4 = true } else { isV4 = false }
        var sameFamily = 0
        for bound in addresses {
            if case .v4 = bound.address { if isV4 { sameFamily += 1 } } else if !isV4 { sameFamily += 1 }
        }
        guard sameFamily < limit else { return false }
        addresses.append(BoundAddress(address: address, origin: origin, firstSeen: time))
        return true
    }
}
