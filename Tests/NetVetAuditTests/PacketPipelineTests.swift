import Foundation
import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetInventory
import NetVetTestSupport
import NetVetWire
import Testing

/// The reusable pipeline: a snapshot while it runs, and the inventory events it emits, checked against
/// the finished report of the same capture.
@Suite("PacketPipeline snapshots and events")
struct PacketPipelineTests {
    /// The office scenario: devices with evidence, DNS-named flows, gateways.
    static let capture = "Samples/office-lan/capture.pcap"

    static func auditor() throws -> Auditor {
        let rules = try RulesLoading.load(explicit: PackagePaths.root.appendingPathComponent("Rules").path)
        return Auditor(options: AuditOptions(vendors: rules.vendors, signatures: rules.signatures))
    }

    static func source() throws -> PcapFileSource {
        try PcapFileSource(path: PackagePaths.root.appendingPathComponent(capture).path)
    }

    @Test("events: one per new device, per new evidence value, per finished flow (with its DNS name)")
    func eventsMatchTheReport() throws {
        let auditor = try Self.auditor()
        var firstSeen: [String] = []
        var evidence: [String] = []
        var finished: [FlowRecord] = []
        auditor.eventHandler = { event in
            switch event {
            case .deviceFirstSeen(let mac, _): firstSeen.append(mac.description)
            case .evidenceAdded(let mac, let item): evidence.append("\(mac) \(item.source)/\(item.field)=\(item.value)")
            case .flowFinished(let flow): finished.append(FlowRecord(flow))
            }
        }
        try auditor.run(try Self.source())
        let report = auditor.finish()
        // Every reported device was first seen once (the table also holds receive-only MACs).
        let reported = Set(report.devices.map(\.mac.description))
        #expect(reported.isSubset(of: Set(firstSeen)))
        #expect(Set(firstSeen).count == firstSeen.count)
        // Every evidence item of the report was announced once, when first stated.
        let items = report.devices.flatMap { device in
            device.evidence.map { "\(device.mac) \($0.source)/\($0.field)=\($0.value)" }
        }
        #expect(!items.isEmpty)
        #expect(Set(items) == Set(evidence))
        #expect(items.count == evidence.count)
        // Every flow finished once, with the same name the report gives it.
        #expect(finished.count == report.flows.count)
        func key(_ flow: FlowRecord) -> String {
            "\(flow.protocolName) \(flow.client.ip):\(flow.client.port) \(flow.server.ip):\(flow.server.port) "
                + "\(flow.firstSeen.rfc3339) \(flow.serverName ?? "-")"
        }
        #expect(finished.map(key).sorted() == report.flows.map(key).sorted())
        #expect(report.flows.contains { $0.dnsName != nil })
    }

    @Test("a snapshot mid-run reports what is known so far and ends nothing; the finish is unchanged by it")
    func snapshotWhileRunning() throws {
        let source = try Self.source()
        let whole = try Self.auditor()
        try whole.run(try Self.source())
        let expected = JSONReport.render(whole.finish())

        let auditor = try Self.auditor()
        var snapshots: [AuditReport] = []
        try auditor.run(source) { _ in snapshots.append(auditor.snapshot()) }
        let report = auditor.finish()
        #expect(JSONReport.render(report) == expected)
        let first = try #require(snapshots.first)
        #expect(first.packets > 0 && first.packets <= report.packets)
        let last = try #require(snapshots.last)
        #expect(last.packets == report.packets)
        // Every flow is in the last snapshot, open ones included, with the final counters and names.
        #expect(last.flows.count == report.flows.count)
        #expect(
            Set(last.flows.map { "\($0.client.ip):\($0.client.port) \($0.packetsToServer) \($0.serverName ?? "")" })
                == Set(
                    report.flows.map {
                        "\($0.client.ip):\($0.client.port) \($0.packetsToServer) \($0.serverName ?? "")"
                    }))
        #expect(last.devices.map(\.mac) == report.devices.map(\.mac))
    }
}
