import NetVetCapture
import NetVetDecode
import NetVetInventory
import NetVetObserve
import NetVetWire

/// The packet pipeline: decode → inventory (devices, flows) → observe (application-layer evidence), one
/// frame at a time, with the run's counters. A batch audit (`Auditor`) and a long-running capture drive
/// the same pipeline: it can be read at any time (`snapshot()`) as well as finished (`finish()`), and it
/// emits the inventory changes later stages need (`eventHandler`) instead of having them read back.
///
/// All times come from the capture. The per-packet path allocates nothing once a device or flow is known.
public struct PacketPipeline {
    let decoder: PacketDecoder
    /// Devices, flows and anomaly counts, written by the inventory and the observe stage.
    public private(set) var sink: ObservationSink
    var stage = ObserveStage()
    let applicationLayer: Bool
    /// Packets and on-wire bytes so far, and the packet-time span.
    public private(set) var packets = 0
    public private(set) var bytes = 0
    public private(set) var firstSeen: PacketTime?
    public private(set) var lastSeen: PacketTime?
    /// The packet being audited: decoded in place, frame after frame (no copy of the struct per packet).
    var packet = DecodedPacket(linkType: .ethernet, wireLength: 0)
    /// Called with each inventory change, in the order the changes happened; `nil` records none. It is
    /// called while the pipeline reads a frame, so it must not call back into the pipeline (or the
    /// `Auditor` that drives it): it hands the event on.
    public var eventHandler: ((InventoryEvent) -> Void)? {
        didSet {
            sink.devices.journal.isRecording = eventHandler != nil
            sink.flows.journal.isRecording = eventHandler != nil
        }
    }

    /// A pipeline with empty tables.
    public init(options: AuditOptions) {
        decoder = PacketDecoder(limits: options.limits)
        sink = ObservationSink(
            devices: DeviceTable(limits: options.limits, localNetworks: options.localNetworks),
            flows: FlowTable(limits: options.limits, localNetworks: options.localNetworks))
        applicationLayer = options.applicationLayer
    }

    /// Reads up to `limit` frames of `source` through the pipeline (one exclusivity check on an owning
    /// class's stored property per batch instead of one per frame: `self` is `inout` here).
    public mutating func read(_ source: FrameSource, limit: Int, linkType: LinkType) throws(CaptureError)
        -> ReadOutcome
    {
        try source.read(limit: limit) { header, frame in
            self.ingest(frame, header: header, linkType: linkType)
        }
    }

    /// Runs one frame through the pipeline.
    public mutating func ingest(_ frame: UnsafeRawBufferPointer, header: FrameHeader, linkType: LinkType) {
        let time = header.time
        packets &+= 1
        bytes &+= header.wireLength
        if let first = firstSeen, first <= time {} else { firstSeen = time }
        if let last = lastSeen, last >= time {} else { lastSeen = time }
        decoder.decode(frame, linkType: linkType, wireLength: header.wireLength, into: &packet)
        if !packet.anomalies.isEmpty { sink.anomalies.record(packet.anomalies) }
        sink.devices.observe(decoded: &packet, at: time, anomalies: &sink.anomalies)
        if applicationLayer && packet.linkPayloadLength > 0 {
            stage.observeLink(&packet, frame: frame, at: time, into: &sink)
        }
        if packet.sourceIP != nil, let (slot, fromClient) = sink.flows.observe(decoded: &packet, at: time) {
            // Only packets with a payload (or a SYN, which fixes a stream's start) can carry evidence.
            if applicationLayer && (packet.payloadLength > 0 || packet.tcpFlags & TCPFlag.syn != 0) {
                stage.observe(&packet, frame: frame, slot: slot, fromClient: fromClient, at: time, into: &sink)
            }
        }
        if sink.devices.journal.isRecording { deliverEvents() }
    }

    /// Hands the recorded events to `eventHandler`: the devices' first (a flow's ends are devices), then
    /// the flows that ended, each named from the DNS answers seen so far.
    mutating func deliverEvents() {
        guard let handler = eventHandler else { return }
        if !sink.devices.journal.events.isEmpty { sink.devices.journal.drain(handler) }
        if !sink.flows.journal.events.isEmpty {
            // The stage names the flows while the flow table's journal is drained: a copy of its references.
            let stage = self.stage
            sink.flows.journal.drain { event in
                guard case .flowFinished(var flow) = event else { return handler(event) }
                Self.name(&flow, stage)
                handler(.flowFinished(flow))
            }
        }
    }

    /// Gives `flow` the name its client looked up for its server (a DNS answer seen by `stage`), if it has
    /// none.
    static func name(_ flow: inout Flow, _ stage: ObserveStage) {
        if flow.application.dnsName == nil {
            flow.application.dnsName = stage.resolvedName(client: flow.client.ip, server: flow.server.ip)
        }
    }

    /// Ends the input: finishes every open flow, names the finished flows from the DNS answers, and hands
    /// over the inventory. The pipeline is empty of flows afterwards and can go on reading.
    public mutating func finish() -> InventorySnapshot {
        sink.flows.finishAll()
        if sink.devices.journal.isRecording { deliverEvents() }
        var flows = sink.flows.takeFinished()
        for index in flows.indices { Self.name(&flows[index], stage) }
        return snapshot(flows: flows)
    }

    /// The inventory so far, without ending anything: devices, the finished flows and copies of the open
    /// ones (named from the DNS answers so far), and every counter.
    public func snapshot() -> InventorySnapshot {
        var flows = sink.flows.finished + sink.flows.activeFlows
        for index in flows.indices { Self.name(&flows[index], stage) }
        return snapshot(flows: flows)
    }

    private func snapshot(flows: [Flow]) -> InventorySnapshot {
        InventorySnapshot(
            packets: packets, bytes: bytes, firstSeen: firstSeen, lastSeen: lastSeen,
            devices: sink.devices.reportable, flows: flows, flowStatistics: sink.flows.statistics,
            reassembly: stage.reassemblyStatistics,
            anomalies: (sink.anomalies.nonZero + sink.protocolAnomalies.map { ($0.key, $0.value) })
                .sorted { $0.name < $1.name })
    }
}

/// The inventory at one moment of a pipeline's run (`PacketPipeline.snapshot()` or `finish()`).
public struct InventorySnapshot: Sendable {
    public var packets: Int
    public var bytes: Int
    public var firstSeen: PacketTime?
    public var lastSeen: PacketTime?
    /// Devices to report (those that sent a frame or announced an address), sorted by MAC.
    public var devices: [Device]
    /// Flows, finished first in the order they ended, then (in a snapshot) the open ones; not yet in
    /// report order.
    public var flows: [Flow]
    public var flowStatistics: FlowTableStatistics
    public var reassembly: ReassemblyStatistics
    /// Non-zero anomaly counts (decoder, inventory and application layer) by name, sorted by name.
    public var anomalies: [(name: String, count: Int)]
}
