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

/// Runs the packet pipeline (`PacketPipeline`: decode → inventory → observe) over any number of frame
/// sources, in order, and produces an `AuditReport`: a thin batch driver over the pipeline.
///
/// All times come from the capture, so auditing a file and watching the same traffic live give the
/// same inventory. The per-packet path allocates nothing once a device or flow is known.
public final class Auditor {
    private let options: AuditOptions
    /// The pipeline, in one stored property: each access to a class's stored property is a dynamic
    /// exclusivity check (~80 instructions with its thread-local lookup, in callgrind), so a batch of
    /// frames is read inside one access (`PacketPipeline.read`), not one per frame.
    private var pipeline: PacketPipeline
    private var linkTypes: [LinkType] = []
    private var sources: [String] = []
    private var truncated = false
    private var warnings: [String] = []
    private var droppedFrames = 0

    /// A new audit with `options`.
    public init(options: AuditOptions = AuditOptions()) {
        self.options = options
        self.pipeline = PacketPipeline(options: options)
    }

    /// Packets audited so far.
    public var packetCount: Int { pipeline.packets }

    /// Called with each inventory change as the audit runs (`PacketPipeline.eventHandler`).
    public var eventHandler: ((InventoryEvent) -> Void)? {
        get { pipeline.eventHandler }
        set { pipeline.eventHandler = newValue }
    }

    /// Reads `source` to its end (or until `stop()` on it, or `maxPackets`), calling `progress` between
    /// batches. A source that ends cut off mid-record marks the audit truncated and adds a warning.
    public func run(_ source: FrameSource, progress: ((AuditProgress) -> Void)? = nil) throws(CaptureError) {
        let linkType = source.linkType
        sources.append(source.name)
        if !linkTypes.contains(linkType) { linkTypes.append(linkType) }
        reading: while true {
            var batch = 512
            if let maxPackets = options.maxPackets {
                batch = min(batch, maxPackets - pipeline.packets)
                if batch <= 0 { break reading }
            }
            let outcome = try pipeline.read(source, limit: batch, linkType: linkType)
            if outcome == .endOfInput { break reading }
            if let progress {
                let (consumed, total) = source.progress
                progress(
                    AuditProgress(source: source.name, packets: pipeline.packets, consumed: consumed, total: total))
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
        pipeline.ingest(frame, header: header, linkType: linkType)
    }

    /// The report of the audit so far, without ending it: open flows are reported as they stand.
    public func snapshot() -> AuditReport {
        var inventory = pipeline.snapshot()
        return report(&inventory)
    }

    /// Ends the audit: finishes open flows and builds the report. Call once.
    public func finish() -> AuditReport {
        var inventory = pipeline.finish()
        return report(&inventory)
    }

    /// The report of `inventory`: flows in report order, each device's record with its vendor and the
    /// identity fused from its evidence (once per device, never per packet). The flows are taken out of
    /// `inventory`.
    private func report(_ inventory: inout InventorySnapshot) -> AuditReport {
        // The flows are taken over (not copied: a copy doubled their memory until the report was
        // written; a reference left in `inventory` made the first swap below copy them all), sorted as
        // indices by small keys, and then put in that order in place, by swaps that move them without
        // retaining their strings.
        var orderedFlows: [Flow] = []
        swap(&orderedFlows, &inventory.flows)
        let orderKeys = orderedFlows.map(FlowOrderKey.init)
        let order = orderedFlows.indices.sorted { orderKeys[$0] < orderKeys[$1] }
        Self.permute(&orderedFlows, to: order)
        let engine = IdentityEngine(database: options.signatures ?? .empty)
        let serverNames = clientServerNames(orderedFlows)
        let devices = inventory.devices.map { device in
            let vendor = device.isLocallyAdministered ? nil : options.vendors?.lookup(device.mac)
            var record = DeviceRecord(
                device: device, vendor: vendor, identity: nil, serverNames: serverNames[device.mac] ?? [])
            record.identity = engine.identify(evidence: record.identityEvidence, oui: vendor)
            return record
        }
        return AuditReport(
            version: NetVet.version, files: sources, packets: inventory.packets, bytes: inventory.bytes,
            firstSeen: inventory.firstSeen, lastSeen: inventory.lastSeen, linkTypes: linkTypes, truncated: truncated,
            warnings: warnings, anomalies: inventory.anomalies, droppedFrames: droppedFrames,
            localNetworks: options.localNetworks.networks, devices: devices, flows: FlowRecords(orderedFlows),
            flowStatistics: inventory.flowStatistics, reassembly: inventory.reassembly)
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
    func clientServerNames(_ flows: [Flow]) -> [MACAddress: [String]] {
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
