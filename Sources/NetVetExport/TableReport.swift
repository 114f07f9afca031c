import NetVetFingerprint
import NetVetInventory
import NetVetWire

/// The report for people: a summary, then one row per device, then the busiest external flows.
public enum TableReport {
    /// Flows listed in the "external destinations" section at most.
    public static let externalFlowRows = 20

    /// The report as aligned plain text.
    public static func render(_ report: AuditReport) -> String {
        var lines: [String] = []
        lines.append("netvet \(report.version) audit of \(report.files.joined(separator: ", "))")
        let span: String
        if let first = report.firstSeen, let last = report.lastSeen {
            span = "\(first.rfc3339) to \(last.rfc3339)"
        } else {
            span = "no packets"
        }
        lines.append("  packets \(grouped(report.packets)), bytes \(grouped(report.bytes)), \(span)")
        lines.append("  link types: \(report.linkTypes.map(\.name).joined(separator: ", "))")
        let gateways = report.devices.filter(\.gateway).count
        let randomised = report.devices.filter(\.locallyAdministered).count
        let external = report.flows.filter(\.external).count
        lines.append(
            "  devices \(report.devices.count) (\(gateways) gateway, \(randomised) locally administered), "
                + "flows \(report.flows.count) (\(external) external)")
        if report.truncated { lines.append("  TRUNCATED: the capture ends mid-record; audited up to the cut") }
        for warning in report.warnings { lines.append("  warning: \(warning)") }
        if report.droppedFrames > 0 { lines.append("  dropped by capture: \(grouped(report.droppedFrames)) frames") }
        if !report.anomalies.isEmpty {
            lines.append(
                "  anomalies: " + report.anomalies.map { "\($0.name) \(grouped($0.count))" }.joined(separator: ", "))
        }
        let statistics = report.flowStatistics
        if statistics.evicted > 0 || statistics.dropped > 0 {
            lines.append(
                "  flow table: \(grouped(statistics.evicted)) evicted at the cap, \(grouped(statistics.dropped)) "
                    + "not kept for the report")
        }
        lines.append("")
        var rows: [[String]] = [
            ["MAC", "VENDOR", "MODEL", "TYPE", "OUI", "CC", "ADDRESSES", "SENT", "RECEIVED", "NOTES"]
        ]
        for device in report.devices {
            var notes: [String] = []
            if device.gateway { notes.append("gateway") }
            if device.locallyAdministered { notes.append("locally-administered") }
            let identity = device.identity
            rows.append([
                device.mac.description,
                clip(vendorText(identity), 28),
                clip(identity?.model ?? "-", 24),
                identity?.type.rawValue ?? "-",
                clip(device.vendor?.name ?? (device.locallyAdministered ? "(random/local)" : "(unknown)"), 32),
                device.vendor?.country ?? "-",
                addresses(device),
                "\(grouped(device.packetsSent)) pkt / \(bytesText(device.bytesSent))",
                "\(grouped(device.packetsReceived)) pkt / \(bytesText(device.bytesReceived))",
                notes.joined(separator: ", "),
            ])
        }
        lines += aligned(rows)
        // Indices, not flows, are filtered and sorted: copies of tens of thousands of flows (with their
        // strings) made this report peak at 132 MiB on the benchmark capture, against 91 MiB for JSON.
        let flows = report.flows
        let externalFlows = flows.indices.filter { flows[$0].external }
            .sorted { a, b in
                (flows[a].bytesToServer + flows[a].bytesToClient, flows[b].firstSeen) > (
                    flows[b].bytesToServer + flows[b].bytesToClient, flows[a].firstSeen
                )
            }
        if !externalFlows.isEmpty {
            lines.append("")
            lines.append(
                "External flows (busiest \(min(externalFlowRows, externalFlows.count)) of \(externalFlows.count)):")
            var flowRows: [[String]] = [["PROTO", "CLIENT", "SERVER", "PACKETS", "BYTES", "FIRST SEEN"]]
            for flow in externalFlows.prefix(externalFlowRows).map({ flows[$0] }) {
                flowRows.append([
                    flow.protocolName, endpoint(flow.client), endpoint(flow.server),
                    grouped(flow.packetsToServer + flow.packetsToClient),
                    bytesText(flow.bytesToServer + flow.bytesToClient), flow.firstSeen.rfc3339,
                ])
            }
            lines += aligned(flowRows)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The identity's vendor, with the brand in parentheses when it is sold under another name.
    static func vendorText(_ identity: DeviceIdentity?) -> String {
        guard let vendor = identity?.vendor else { return "-" }
        guard let brand = identity?.brand, brand != vendor else { return vendor }
        return "\(vendor) (\(brand))"
    }

    static func addresses(_ device: DeviceRecord) -> String {
        let all = device.ipv4.map(\.description) + device.ipv6.map(\.description)
        if all.isEmpty { return "-" }
        if all.count <= 2 { return all.joined(separator: " ") }
        return all.prefix(2).joined(separator: " ") + " +\(all.count - 2) more"
    }

    static func endpoint(_ endpoint: FlowEndpoint) -> String {
        let ip = endpoint.ip.description
        if endpoint.port == 0 { return ip }
        if case .v6 = endpoint.ip { return "[\(ip)]:\(endpoint.port)" }
        return "\(ip):\(endpoint.port)"
    }

    /// Pads columns to their widest cell, two spaces apart; the last column is not padded.
    static func aligned(_ rows: [[String]]) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) } }
        return rows.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                line += cell
                if column < columns - 1 { line += String(repeating: " ", count: widths[column] - cell.count + 2) }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    /// 1234567 → "1,234,567".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (position, character) in digits.enumerated() {
            if position > 0 && (digits.count - position) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// Bytes with a binary unit: "812 B", "12.3 KiB", "4.0 MiB".
    static func bytesText(_ value: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var unit = 0
        var scaled = value * 10
        while scaled >= 10_240 && unit < units.count - 1 {
            scaled /= 1_024
            unit += 1
        }
        if unit == 0 { return "\(value) B" }
        return "\(scaled / 10).\(scaled % 10) \(units[unit])"
    }
}
