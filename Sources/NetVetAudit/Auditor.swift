import NetVetCapture
import NetVetDecode
import NetVetExport
import NetVetFingerprint
import NetVetInventory
import NetVetWire

/// netvet's version, as reported in every output.
public enum NetVet {
    public static let version = "0.1.0"
}

/// How an audit runs: bounds, what counts as local, and where vendor names come from.
public struct AuditOptions: Sendable {
    /// Bounds on tables and nested structures.
    public var limits: Limits
    /// Networks on this site; a flow with an end outside them is external.
    public var localNetworks: LocalNetworks
    /// The IEEE registry for vendor names; `nil` leaves `vendor` null in reports.
    public var vendors: VendorRegistry?
    /// The fingerprint signatures each device's `identity` is fused with; `nil` fuses with none (the
    /// identity then comes from the OUI alone).
    public var signatures: SignatureDatabase?
    /// Stop after this many packets in all (live captures); `nil` for no limit.
    public var maxPackets: Int?
    /// Run the application-layer parsers (evidence, flow names, TLS fingerprints). Off, the audit is the
    /// inventory and flows alone (`netvet audit --no-application`).
    public var applicationLayer: Bool

    public init(
        limits: Limits = .default, localNetworks: LocalNetworks = LocalNetworks(), vendors: VendorRegistry? = nil,
        signatures: SignatureDatabase? = nil, maxPackets: Int? = nil, applicationLayer: Bool = true
    ) {
        self.limits = limits
        self.localNetworks = localNetworks
        self.vendors = vendors
        self.signatures = signatures
        self.maxPackets = maxPackets
        self.applicationLayer = applicationLayer
    }
}

/// What a progress display needs, sampled between batches of frames.
public struct AuditProgress: Sendable {
    /// The source being read.
    public var source: String
    /// Packets read so far, over all sources.
    public var packets: Int
    /// Input bytes of this source consumed and its total, when known.
    public var consumed: Int64
    public var total: Int64?
}

/// Runs the pipeline (decode → inventory → flows) over any number of frame sources, in order,
/// and produces an `AuditReport`.
///
/// All times come from the capture, so auditing a file and watching the same traffic live give the
/// same inventory. The per-packet path allocates nothing once a device or flow is known.
public final class Auditor {
    private let options: AuditOptions
    /// What the per-packet path reads and updates, in one stored property: each access to a class's
    /// stored property is a dynamic exclusivity check (~80 instructions with its thread-local lookup, in
    /// callgrind), so a batch of frames is read inside one access (`PacketState.read`), not one per frame.
    private var state: PacketState
    private var linkTypes: [LinkType] = []
    private var sources: [String] = []
    private var truncated = false
    private var warnings: [String] = []
    private var droppedFrames = 0

    /// A new audit with `options`.
    public init(options: AuditOptions = AuditOptions()) {
        self.options = options
        self.state = PacketState(
            decoder: PacketDecoder(limits: options.limits),
            devices: DeviceTable(limits: options.limits, localNetworks: options.localNetworks),
            flows: FlowTable(limits: options.limits, localNetworks: options.localNetworks),
            applicationLayer: options.applicationLayer)
    }

    /// Packets audited so far.
    public var packetCount: Int { state.packets }

    /// Reads `source` to its end (or until `stop()` on it, or `maxPackets`), calling `progress` between
    /// batches. A source that ends cut off mid-record marks the audit truncated and adds a warning.
    public func run(_ source: FrameSource, progress: ((AuditProgress) -> Void)? = nil) throws(CaptureError) {
        let linkType = source.linkType
        sources.append(source.name)
        if !linkTypes.contains(linkType) { linkTypes.append(linkType) }
        reading: while true {
            var batch = 512
            if let maxPackets = options.maxPackets {
                batch = min(batch, maxPackets - state.packets)
                if batch <= 0 { break reading }
            }
            let outcome = try state.read(source, limit: batch, linkType: linkType)
            if outcome == .endOfInput { break reading }
            if let progress {
                let (consumed, total) = source.progress
                progress(AuditProgress(source: source.name, packets: state.packets, consumed: consumed, total: total))
            }
        }
        droppedFrames += source.droppedFrames
        if let reason = source.truncation {
            truncated = true
            warnings.append("\(source.name): \(reason)")
        }
    }

    /// Audits one frame. Public so that tools and tests can feed frames without a `FrameSource`.
    public func ingest(_ frame: UnsafeRawBufferPointer, header: FrameHeader, linkType: LinkType) {
        state.ingest(frame, header: header, linkType: linkType)
    }

    /// Ends the audit: finishes open flows and builds the report. Call once.
    public func finish() -> AuditReport {
        state.flows.finishAll()
        let names = state.application.resolvedNames
        state.flows.applyDNSNames { client, server in
            names[ApplicationObserver.ResolvedKey(client: client, address: server)]
        }
        // The flows are taken out of the table (not copied: a copy doubled their memory until the report
        // was written), sorted as indices by small keys, and then put in that order in place, by swaps
        // that move them without retaining their strings.
        var orderedFlows = state.flows.takeFinished()
        let orderKeys = orderedFlows.map(FlowOrderKey.init)
        let order = orderedFlows.indices.sorted { orderKeys[$0] < orderKeys[$1] }
        Self.permute(&orderedFlows, to: order)
        // Identity is fused once per device here, from its evidence set, never per packet.
        let engine = IdentityEngine(database: options.signatures ?? .empty)
        let serverNames = clientServerNames(orderedFlows)
        let reported = state.devices.reportable.map { device in
            let vendor = device.isLocallyAdministered ? nil : options.vendors?.lookup(device.mac)
            var evidence = device.evidence.map { (source: $0.source, field: $0.field, value: $0.value) }
            for name in serverNames[device.mac] ?? [] {
                evidence.append((source: "flow", field: "server_name", value: name))
            }
            return DeviceReport(
                device: device, vendor: vendor, identity: engine.identify(evidence: evidence, oui: vendor))
        }
        return AuditReport(
            version: NetVet.version, files: sources, packets: state.packets, bytes: state.bytes,
            firstSeen: state.firstSeen, lastSeen: state.lastSeen, linkTypes: linkTypes, truncated: truncated,
            warnings: warnings,
            anomalies: (state.anomalies.nonZero + state.application.anomalies.map { ($0.key, $0.value) })
                .sorted { $0.name < $1.name }, droppedFrames: droppedFrames,
            localNetworks: options.localNetworks.networks, devices: reported, flows: orderedFlows,
            flowStatistics: state.flows.statistics)
    }

    /// Rearranges `elements` in place so that position `i` holds what was at `order[i]` (`order` is a
    /// permutation of the indices): each cycle of the permutation is followed once, by swaps.
    static func permute<Element>(_ elements: inout [Element], to order: [Int]) {
        var placed = [Bool](repeating: false, count: elements.count)
        for start in elements.indices where !placed[start] {
            var position = start
            while true {
                placed[position] = true
                let source = order[position]
                if source == start { break }
                elements.swapAt(position, source)
                position = source
            }
        }
    }

    /// Per client MAC, the distinct server names (SNI, HTTP Host, DNS answer) of the flows it opened from
    /// a local address, in flow order, at most `Limits.maxServerNamesPerIdentity` each. A flow whose client
    /// is remote names the gateway that forwarded it as client MAC, so it says nothing about that MAC.
    public func clientServerNames(_ flows: [Flow]) -> [MACAddress: [String]] {
        var result: [MACAddress: [String]] = [:]
        for flow in flows {
            guard let mac = flow.client.mac, let name = flow.application.serverName,
                options.localNetworks.isLocal(flow.client.ip)
            else { continue }
            // Appended in place: a copy out of the dictionary and back made each append copy the array.
            let limit = options.limits.maxServerNamesPerIdentity
            guard result[mac].map({ $0.count < limit && !$0.contains(name) }) ?? true else { continue }
            result[mac, default: []].append(name)
        }
        return result
    }
}

/// The per-packet state of an `Auditor`: decode, then inventory and flows, with the run's counters.
private struct PacketState {
    let decoder: PacketDecoder
    var devices: DeviceTable
    var flows: FlowTable
    var anomalies = AnomalyCounts()
    var packets = 0
    var bytes = 0
    var firstSeen: PacketTime?
    var lastSeen: PacketTime?
    var application = ApplicationObserver()
    let applicationLayer: Bool
    /// The packet being audited: decoded in place, frame after frame (no copy of the struct per packet).
    var packet = DecodedPacket(linkType: .ethernet, wireLength: 0)

    init(decoder: PacketDecoder, devices: DeviceTable, flows: FlowTable, applicationLayer: Bool) {
        self.decoder = decoder
        self.devices = devices
        self.flows = flows
        self.applicationLayer = applicationLayer
    }

    /// Reads up to `limit` frames of `source` into this state: one exclusivity check on the auditor's
    /// stored property per batch instead of one per frame (`self` is `inout` here, checked statically).
    mutating func read(_ source: FrameSource, limit: Int, linkType: LinkType) throws(CaptureError) -> ReadOutcome {
        try source.read(limit: limit) { header, frame in
            self.ingest(frame, header: header, linkType: linkType)
        }
    }

    /// Audits one frame (`Auditor.ingest`).
    mutating func ingest(_ frame: UnsafeRawBufferPointer, header: FrameHeader, linkType: LinkType) {
        let time = header.time
        packets &+= 1
        bytes &+= header.wireLength
        if let first = firstSeen, first <= time {} else { firstSeen = time }
        if let last = lastSeen, last >= time {} else { lastSeen = time }
        decoder.decode(frame, linkType: linkType, wireLength: header.wireLength, into: &packet)
        if !packet.anomalies.isEmpty { anomalies.record(packet.anomalies) }
        devices.observe(decoded: &packet, at: time, anomalies: &anomalies)
        if applicationLayer && packet.linkPayloadLength > 0 {
            application.observeLink(&packet, frame: frame, at: time, devices: &devices, counts: &anomalies)
        }
        guard packet.sourceIP != nil, let (slot, fromClient) = flows.observe(decoded: &packet, at: time) else { return }
        // Only packets with a payload (or a SYN, which fixes a stream's start) can carry evidence.
        if applicationLayer && (packet.payloadLength > 0 || packet.tcpFlags & TCPFlag.syn != 0) {
            application.observe(
                &packet, frame: frame, slot: slot, fromClient: fromClient, at: time, devices: &devices, flows: &flows,
                counts: &anomalies)
        }
    }
}
