import NetVetFingerprint
import NetVetInventory
import NetVetWire

/// The result of an audit, ready to export (docs/REPORT.md documents every field).
public struct AuditReport: Sendable {
    public var version: String
    /// The sources read, in order (`-` for standard input, the interface name for live captures).
    public var files: [String]
    public var packets: Int
    /// On-wire bytes of all packets.
    public var bytes: Int
    public var firstSeen: PacketTime?
    public var lastSeen: PacketTime?
    public var linkTypes: [LinkType]
    /// True when a capture ended mid-record; `warnings` says which and where.
    public var truncated: Bool
    public var warnings: [String]
    /// Non-zero anomaly counts by name, sorted by name.
    public var anomalies: [(name: String, count: Int)]
    /// Frames the kernel or libpcap dropped during a live capture.
    public var droppedFrames: Int
    public var localNetworks: [IPNetwork]
    /// Devices sorted by MAC.
    public var devices: [DeviceRecord]
    /// Flows in a deterministic order (first seen, then the 5-tuple: `FlowOrderKey`).
    public var flows: FlowRecords
    public var flowStatistics: FlowTableStatistics
    /// The TCP reassembler's counters.
    public var reassembly: ReassemblyStatistics

    public init(
        version: String, files: [String], packets: Int, bytes: Int, firstSeen: PacketTime?, lastSeen: PacketTime?,
        linkTypes: [LinkType], truncated: Bool, warnings: [String], anomalies: [(name: String, count: Int)],
        droppedFrames: Int, localNetworks: [IPNetwork], devices: [DeviceRecord], flows: FlowRecords,
        flowStatistics: FlowTableStatistics, reassembly: ReassemblyStatistics = ReassemblyStatistics()
    ) {
        self.version = version
        self.files = files
        self.packets = packets
        self.bytes = bytes
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.linkTypes = linkTypes
        self.truncated = truncated
        self.warnings = warnings
        self.anomalies = anomalies
        self.droppedFrames = droppedFrames
        self.localNetworks = localNetworks
        self.devices = devices
        self.flows = flows
        self.flowStatistics = flowStatistics
        self.reassembly = reassembly
    }
}

/// The report order of flows: first seen, then protocol, client and server, then last seen: total, so output
/// is byte-identical run to run. A key apart from the flow: sorting by these moves and reads ~60 bytes per
/// comparison instead of copying two ~400-byte flows.
public struct FlowOrderKey: Comparable, Sendable {
    let firstSeen: PacketTime
    let ipProtocol: UInt8
    let clientIP: IPAddress
    let clientPort: UInt16
    let serverIP: IPAddress
    let serverPort: UInt16
    let lastSeen: PacketTime

    public init(_ flow: Flow) {
        firstSeen = flow.firstSeen
        ipProtocol = flow.ipProtocol
        clientIP = flow.client.ip
        clientPort = flow.client.port
        serverIP = flow.server.ip
        serverPort = flow.server.port
        lastSeen = flow.lastSeen
    }

    public static func < (a: FlowOrderKey, b: FlowOrderKey) -> Bool {
        if a.firstSeen != b.firstSeen { return a.firstSeen < b.firstSeen }
        if a.ipProtocol != b.ipProtocol { return a.ipProtocol < b.ipProtocol }
        if a.clientIP != b.clientIP { return a.clientIP < b.clientIP }
        if a.clientPort != b.clientPort { return a.clientPort < b.clientPort }
        if a.serverIP != b.serverIP { return a.serverIP < b.serverIP }
        if a.serverPort != b.serverPort { return a.serverPort < b.serverPort }
        return a.lastSeen < b.lastSeen
    }
}
