import NetVetFingerprint
import NetVetInventory
import NetVetWire

/// One evidence item of a device as reported: source, field, value, first seen, count (docs/REPORT.md).
public typealias EvidenceRecord = Evidence

/// A device as reported (docs/REPORT.md "devices"): what the inventory learned, its IEEE registry entry
/// and its fused identity. Built once from the inventory's `Device`; the inventory's working state
/// (gateway samples, evidence hashes, caches) stays behind.
public struct DeviceRecord: Sendable {
    public var mac: MACAddress
    /// The MAC prefix's registrant; `nil` for locally administered or unregistered prefixes.
    public var vendor: VendorInfo?
    /// What the device is (docs/FINGERPRINTS.md); `nil` only for reports built without the engine.
    public var identity: DeviceIdentity?
    /// True when the address's locally administered bit is set (randomised or software MACs).
    public var locallyAdministered: Bool
    /// True once the MAC forwarded packets from several off-link sources (a router or gateway).
    public var gateway: Bool
    /// Addresses the device used or announced; `arpIPv4`/`ndpIPv6` those ARP or NDP bound.
    public var ipv4: [IPv4Address]
    public var ipv6: [IPv6Address]
    public var arpIPv4: [IPv4Address]
    public var ndpIPv6: [IPv6Address]
    public var firstSeen: PacketTime
    public var lastSeen: PacketTime
    public var packetsSent: Int
    public var bytesSent: Int
    public var packetsReceived: Int
    public var bytesReceived: Int
    /// What the device's traffic stated, in the order first seen.
    public var evidence: [EvidenceRecord]
    /// The server names of flows the device opened from a local address (at most
    /// `Limits.maxServerNamesPerIdentity`), which identity also reads as `flow/server_name` evidence.
    public var serverNames: [String]

    /// The record of `device`.
    public init(device: Device, vendor: VendorInfo?, identity: DeviceIdentity?, serverNames: [String] = []) {
        mac = device.mac
        self.vendor = vendor
        self.identity = identity
        locallyAdministered = device.isLocallyAdministered
        gateway = device.isGateway
        ipv4 = device.reportedIPv4
        ipv6 = device.reportedIPv6
        arpIPv4 = device.arpIPv4
        ndpIPv6 = device.ndpIPv6
        firstSeen = device.firstSeen
        lastSeen = device.lastSeen
        packetsSent = device.packetsSent
        bytesSent = device.bytesSent
        packetsReceived = device.packetsReceived
        bytesReceived = device.bytesReceived
        evidence = device.evidence
        self.serverNames = serverNames
    }

    /// The evidence identity reads: the device's own, then each server name as `flow/server_name`.
    public var identityEvidence: [(source: String, field: String, value: String)] {
        evidence.map { (source: $0.source, field: $0.field, value: $0.value) }
            + serverNames.map {
                (source: EvidenceField.flowServerName.source, field: EvidenceField.flowServerName.field, value: $0)
            }
    }
}

/// The flows of a report, in report order, as `FlowRecord`s: a view over the inventory's finished flows,
/// which it holds without copying them (a report may hold hundreds of thousands; a second array of
/// records beside them was 25 MiB of peak memory on the benchmark capture).
public struct FlowRecords: RandomAccessCollection, Sendable {
    private let flows: [Flow]

    /// The records of `flows`, in their order.
    public init(_ flows: [Flow]) { self.flows = flows }

    public var startIndex: Int { flows.startIndex }
    public var endIndex: Int { flows.endIndex }
    public subscript(position: Int) -> FlowRecord { FlowRecord(flows[position]) }
}

/// A flow as reported (docs/REPORT.md "flows"). It holds the inventory's finished flow without copying
/// it and shows only what a report says: the observe stage's per-direction state stays internal.
public struct FlowRecord: Sendable {
    private let flow: Flow

    /// The record of a finished `flow`.
    public init(_ flow: Flow) { self.flow = flow }

    /// `tcp`, `udp`, `icmp`, `icmpv6`, or the IP protocol number.
    public var protocolName: String { flow.protocolName }
    public var ipProtocol: UInt8 { flow.ipProtocol }
    /// The end that opened the flow, and the other.
    public var client: FlowEndpoint { flow.client }
    public var server: FlowEndpoint { flow.server }
    /// True when either end is outside the local networks.
    public var external: Bool { flow.external }
    public var packetsToServer: Int { flow.packetsToServer }
    public var packetsToClient: Int { flow.packetsToClient }
    public var bytesToServer: Int { flow.bytesToServer }
    public var bytesToClient: Int { flow.bytesToClient }
    public var firstSeen: PacketTime { flow.firstSeen }
    public var lastSeen: PacketTime { flow.lastSeen }
    /// The outer VLAN id of the first packet, if tagged.
    public var vlan: UInt16? { flow.vlan }
    /// TCP flags seen from each end (OR of all segments).
    public var tcpFlagsFromClient: UInt8 { flow.tcpFlagsFromClient }
    public var tcpFlagsFromServer: UInt8 { flow.tcpFlagsFromServer }
    /// The best name for the server: SNI, then HTTP Host, then the client's DNS lookup.
    public var serverName: String? { flow.application.serverName }
    public var sni: String? { flow.application.sni }
    public var httpHost: String? { flow.application.httpHost }
    public var userAgent: String? { flow.application.userAgent }
    public var httpServer: String? { flow.application.httpServer }
    public var dnsName: String? { flow.application.dnsName }
    public var ja4: String? { flow.application.ja4 }
    public var ja4Raw: String? { flow.application.ja4Raw }
    public var ja4s: String? { flow.application.ja4s }
    public var ja3: String? { flow.application.ja3 }
    public var ja3s: String? { flow.application.ja3s }
    public var tlsVersion: String? { flow.application.tlsVersion }
    public var ja4x: String? { flow.application.ja4x }
    public var certSubject: String? { flow.application.certSubject }
    public var certIssuer: String? { flow.application.certIssuer }
    public var certNotAfter: String? { flow.application.certNotAfter }
    public var alpnOffered: [String] { flow.application.alpnOffered }
    public var alpn: String? { flow.application.alpn }
}
