import NetVetDecode
import NetVetWire

/// The device inventory: one `Device` per MAC address, bounded by `Limits.maxDevices`.
///
/// Fed one decoded packet at a time (`observe`). Steady-state updates (known MACs, known addresses)
/// touch existing storage only and allocate nothing.
public struct DeviceTable: Sendable {
    /// Devices in insertion order; `index` maps a MAC to its slot.
    public private(set) var devices: [Device] = []
    private var index: [MACAddress: Int] = [:]
    /// A direct-mapped cache in front of `index` (MAC → slot): two or three lookups per packet cost ~200
    /// instructions each through SipHash (callgrind), a hit here ~10. Never stale: slots are never removed.
    private var recentSlots: [RecentSlot]
    private static let recentSlotsMask = 1023
    private let limits: Limits
    private let localNetworks: LocalNetworks
    /// New devices and new evidence values, as `InventoryEvent`s, while it is recording.
    public var journal = EventJournal()

    /// An empty table.
    public init(limits: Limits = .default, localNetworks: LocalNetworks = LocalNetworks()) {
        self.limits = limits
        self.localNetworks = localNetworks
        self.recentSlots = [RecentSlot](
            repeating: RecentSlot(mac: .zero, slot: -1), count: DeviceTable.recentSlotsMask + 1)
        index.reserveCapacity(1024)
        devices.reserveCapacity(1024)
    }

    /// Number of MACs tracked (including ones only seen as destinations).
    public var count: Int { devices.count }

    /// The device with `mac`, if tracked.
    public func device(_ mac: MACAddress) -> Device? {
        index[mac].map { devices[$0] }
    }

    /// Devices to report (those that sent a frame or announced an address), sorted by MAC.
    public var reportable: [Device] {
        devices.filter(\.isReportable).sorted { $0.mac < $1.mac }
    }

    /// The slot for `mac`, creating it; `nil` for group/zero MACs or when the table is full.
    private mutating func slot(_ mac: MACAddress, _ time: PacketTime, _ anomalies: inout AnomalyCounts) -> Int? {
        guard mac.isUnicastDevice else { return nil }
        let cacheIndex = DeviceTable.recentSlotIndex(mac)
        let cached = recentSlots[cacheIndex]
        if cached.mac == mac, cached.slot >= 0 { return cached.slot }
        if let existing = index[mac] {
            recentSlots[cacheIndex] = RecentSlot(mac: mac, slot: existing)
            return existing
        }
        guard devices.count < limits.maxDevices else {
            anomalies.record(.inventoryDeviceTableFull)
            return nil
        }
        devices.append(Device(mac: mac, time: time))
        journal.record(.deviceFirstSeen(mac, at: time))
        index[mac] = devices.count - 1
        recentSlots[cacheIndex] = RecentSlot(mac: mac, slot: devices.count - 1)
        return devices.count - 1
    }

    /// One `recentSlots` entry; `slot` is -1 while empty.
    private struct RecentSlot: Sendable {
        var mac: MACAddress
        var slot: Int
    }

    /// The `recentSlots` entry for `mac`: the top bits of a multiplicative (Fibonacci) hash, which spreads
    /// MACs that differ only in their last octets.
    private static func recentSlotIndex(_ mac: MACAddress) -> Int {
        Int(truncatingIfNeeded: (mac.rawValue &* 0x9E37_79B9_7F4A_7C15) >> 54) & recentSlotsMask
    }

    /// Updates the inventory with one packet: counters for sender and receiver, addresses from ARP,
    /// NDP and on-link traffic, and gateway detection.
    public mutating func observe(_ packet: DecodedPacket, at time: PacketTime, anomalies: inout AnomalyCounts) {
        var packet = packet
        observe(decoded: &packet, at: time, anomalies: &anomalies)
    }

    /// `observe(_:at:anomalies:)` for the packet path.
    /// `packet` is `inout` only so that it is passed by address: a by-value parameter of the ~300-byte
    /// struct was copied at each call on the packet path (7% of an audit in perf). It is not modified.
    public mutating func observe(
        decoded packet: inout DecodedPacket, at time: PacketTime, anomalies: inout AnomalyCounts
    ) {
        let bytes = packet.wireLength
        var senderSlot: Int?
        if let source = packet.sourceMAC, let slot = slot(source, time, &anomalies) {
            senderSlot = slot
            devices[slot].packetsSent &+= 1
            devices[slot].bytesSent &+= bytes
            devices[slot].lastSeen = max(devices[slot].lastSeen, time)
        }
        // An 802.11 frame relayed by an access point was also sent, over the air, by the transmitter.
        if let transmitter = packet.transmitterMAC, transmitter != packet.sourceMAC,
            let slot = slot(transmitter, time, &anomalies)
        {
            devices[slot].packetsSent &+= 1
            devices[slot].bytesSent &+= bytes
            devices[slot].lastSeen = max(devices[slot].lastSeen, time)
        }
        if let destination = packet.destinationMAC, let slot = slot(destination, time, &anomalies) {
            devices[slot].packetsReceived &+= 1
            devices[slot].bytesReceived &+= bytes
            devices[slot].lastSeen = max(devices[slot].lastSeen, time)
        }
        switch packet.network {
        case .arp:
            observeARP(packet.arp, time, &anomalies)
        case .ipv4, .ipv6:
            if let sender = senderSlot, let source = packet.sourceIP {
                observeSource(source, slot: sender, time, &anomalies)
            }
            if let ndp = packet.ndp { observeNDP(ndp, source: packet.sourceIP, time, &anomalies) }
        case .none:
            break
        }
    }

    /// ARP binds the sender's IPv4 address to the sender hardware address (not the Ethernet source,
    /// which a proxy may differ from). Probes (sender 0.0.0.0, RFC 5227) bind nothing.
    private mutating func observeARP(_ arp: ARPMessage, _ time: PacketTime, _ anomalies: inout AnomalyCounts) {
        guard arp.senderIP != .unspecified, !arp.senderIP.isMulticastOrBroadcast,
            let slot = slot(arp.senderMAC, time, &anomalies)
        else { return }
        bind(.v4(arp.senderIP), origin: .arp, slot: slot, time, &anomalies)
    }

    /// NDP: a Source Link-Layer option binds the packet's source address; a Target Link-Layer option in
    /// a Neighbor Advertisement binds the target address.
    private mutating func observeNDP(
        _ ndp: NDPMessage, source: IPAddress?, _ time: PacketTime, _ anomalies: inout AnomalyCounts
    ) {
        if let mac = ndp.sourceLinkLayer, let source, !source.isUnspecified, !source.isGroup,
            let slot = slot(mac, time, &anomalies)
        {
            bind(source, origin: .ndp, slot: slot, time, &anomalies)
        }
        if ndp.type == 136, let mac = ndp.targetLinkLayer, let target = ndp.target, !target.isMulticast,
            target != .unspecified, let slot = slot(mac, time, &anomalies)
        {
            bind(.v6(target), origin: .ndp, slot: slot, time, &anomalies)
        }
    }

    /// An IP source address is the sender's own only when it is on a local network; an off-link
    /// source means the MAC forwarded the packet, and enough distinct ones mark it as a gateway.
    private mutating func observeSource(
        _ source: IPAddress, slot: Int, _ time: PacketTime, _ anomalies: inout AnomalyCounts
    ) {
        guard !source.isUnspecified, !source.isGroup, devices[slot].lastObservedSource != source else { return }
        if localNetworks.isLocal(source) {
            let before = devices[slot].addresses.count
            // A refused address is not remembered, so each packet from it is counted as refused.
            if bind(source, origin: .traffic, slot: slot, time, &anomalies) {
                devices[slot].lastObservedSource = source
            }
            // Many local IPv4 sources that ARP never confirmed: the MAC routes between local subnets.
            if case .v4 = source, devices[slot].addresses.count > before, !devices[slot].isGateway {
                let unconfirmed = devices[slot].addresses.reduce(0) { count, bound in
                    guard case .v4 = bound.address, !bound.origin.contains(.arp) else { return count }
                    return count + 1
                }
                if unconfirmed > limits.gatewayLocalSourceThreshold { devices[slot].isGateway = true }
            }
            return
        }
        devices[slot].lastObservedSource = source
        if devices[slot].isGateway { return }
        if !devices[slot].offLinkSources.contains(source),
            devices[slot].offLinkSources.count < limits.gatewayOffLinkSampleSize
        {
            devices[slot].offLinkSources.append(source)
        }
        if devices[slot].offLinkSources.count >= limits.gatewayOffLinkThreshold {
            devices[slot].isGateway = true
        }
    }

    /// Records application-layer evidence for the device with `mac` (created if new, unless the table
    /// is full); beyond `Limits.maxEvidencePerDevice` distinct values per device, or
    /// `Limits.maxEvidencePerField` per (source, field), counts `inventory.evidence_limit`.
    public mutating func addEvidence(
        _ mac: MACAddress, source: String, field: String, value: String, at time: PacketTime,
        anomalies: inout AnomalyCounts
    ) {
        guard !value.isEmpty, let slot = slot(mac, time, &anomalies) else { return }
        let generation = devices[slot].evidenceGeneration
        if !devices[slot].addEvidence(
            source: source, field: field, value: value, at: time, limit: limits.maxEvidencePerDevice,
            perFieldLimit: limits.maxEvidencePerField)
        {
            anomalies.record(.inventoryEvidenceLimit)
        }
        if journal.isRecording, devices[slot].evidenceGeneration != generation, let added = devices[slot].evidence.last
        {
            journal.record(.evidenceAdded(mac, added))
        }
    }

    /// Binds `address` to the device in `slot`; false (and `inventory.address_limit` counted) when the
    /// per-family limit refused it.
    @discardableResult
    private mutating func bind(
        _ address: IPAddress, origin: AddressOrigin, slot: Int, _ time: PacketTime, _ anomalies: inout AnomalyCounts
    ) -> Bool {
        if !devices[slot].bind(address, origin: origin, at: time, limit: limits.maxAddressesPerDevice) {
            anomalies.record(.inventoryAddressLimit)
            return false
        }
        return true
    }
}
