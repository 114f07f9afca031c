import NetVetInventory
import NetVetProtocols
import NetVetWire

/// Where the observe stage's analyzers write: device evidence, flow names and fingerprints, and anomaly
/// counts. It holds the inventory's two tables, which the pipeline also feeds (decode → inventory), so an
/// analyzer receives one `inout` sink instead of the tables and counters one by one.
public struct ObservationSink: Sendable {
    /// The device inventory.
    public var devices: DeviceTable
    /// The flow table.
    public var flows: FlowTable
    /// Counts of the decoder's and the inventory's named anomalies.
    public var anomalies = AnomalyCounts()
    /// Counts of application-layer anomalies by name (each protocol folder names its own).
    public private(set) var protocolAnomalies: [String: Int] = [:]

    /// A sink over `devices` and `flows`.
    public init(devices: DeviceTable, flows: FlowTable) {
        self.devices = devices
        self.flows = flows
    }

    /// Records `value` of `field` for the packet's sender; nothing when either is missing or the value is
    /// empty (`DeviceTable.addEvidence` refuses empty values, bounds and de-duplicates), so analyzers need
    /// no checks of their own.
    @inline(__always)
    mutating func record(_ field: EvidenceField, _ value: String?, _ context: PacketContext) {
        guard let sender = context.sender, let value else { return }
        devices.addEvidence(
            sender, source: field.source, field: field.field, value: value, at: context.time, anomalies: &anomalies)
    }

    /// Records `value` of the member `name` of a field family (`txt.` + `md`) for the packet's sender.
    mutating func record(_ family: EvidenceField, member name: String, _ value: String?, _ context: PacketContext) {
        guard let sender = context.sender, let value else { return }
        devices.addEvidence(
            sender, source: family.source, field: family.field + name, value: value, at: context.time,
            anomalies: &anomalies)
    }

    /// Counts each of `found` under its name.
    mutating func count(_ found: [ProtocolAnomaly]) {
        for anomaly in found { protocolAnomalies[anomaly.name, default: 0] += 1 }
    }

    /// Lets an analyzer annotate the packet's flow (names, fingerprints, the stage's per-direction state).
    @inline(__always)
    mutating func updateFlow(_ context: PacketContext, _ update: (inout FlowApplication) -> Void) {
        flows.updateApplication(at: context.flow, update)
    }

    /// The packet's flow.
    func flow(_ context: PacketContext) -> Flow { flows.flow(at: context.flow) }

    /// Marks the packet's direction of its flow decided: the stage reads no more of it.
    mutating func decide(_ context: PacketContext) {
        let fromClient = context.fromClient
        flows.updateApplication(at: context.flow) { application in
            if fromClient { application.clientDone = true } else { application.serverDone = true }
        }
    }

    /// True once the packet's direction of its flow is decided.
    func isDecided(_ context: PacketContext) -> Bool {
        flows.isApplicationDone(at: context.flow, fromClient: context.fromClient)
    }
}
