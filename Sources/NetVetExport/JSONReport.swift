import NetVetFingerprint
import NetVetInventory
import NetVetWire

/// The JSON report, schema 1 (docs/REPORT.md documents every field).
public enum JSONReport {
    /// The schema version: bumped only for incompatible changes; additions keep it.
    public static let schema = 1

    /// The report as a JSON document.
    public static func document(_ report: AuditReport) -> JSONValue {
        .object([
            "netvet": .string(report.version),
            "schema": .int(schema),
            "capture": capture(report),
            "devices": .array(report.devices.map(device)),
            "flows": .array(report.flows.map(flow)),
        ])
    }

    /// The report as canonical JSON text (the same text `write` streams).
    public static func render(_ report: AuditReport) -> String {
        var text = ""
        write(report) { text += $0 }
        return text
    }

    /// Streams the report as canonical JSON text, byte-identical to `document(report).rendered()`,
    /// handing `emit` chunks of at most about 64 KiB. Only one device's or flow's tree exists at a time,
    /// so memory stays flat however many flows a capture has.
    public static func write(_ report: AuditReport, to emit: (String) -> Void) {
        var buffer = ""
        buffer.reserveCapacity(80 * 1024)
        func flushIfFull() {
            if buffer.utf8.count >= 64 * 1024 {
                emit(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        func array<Elements: RandomAccessCollection>(_ elements: Elements, _ tree: (Elements.Element) -> JSONValue) {
            if elements.isEmpty {
                buffer += "[]"
                return
            }
            buffer += "[\n"
            for (position, element) in elements.enumerated() {
                buffer += "    "
                tree(element).write(into: &buffer, indent: 4)
                buffer += position == elements.count - 1 ? "\n" : ",\n"
                flushIfFull()
            }
            buffer += "  ]"
        }
        // Top-level keys in sorted order, as `JSONValue.rendered` prints them.
        buffer += "{\n  \"capture\": "
        capture(report).write(into: &buffer, indent: 2)
        buffer += ",\n  \"devices\": "
        array(report.devices, device)
        buffer += ",\n  \"flows\": "
        array(report.flows, flow)
        buffer += ",\n  \"netvet\": "
        JSONValue.string(report.version).write(into: &buffer, indent: 2)
        buffer += ",\n  \"schema\": \(schema)\n}\n"
        emit(buffer)
    }

    static func capture(_ report: AuditReport) -> JSONValue {
        let statistics = report.flowStatistics
        return .object([
            "files": .array(report.files.map { .string($0) }),
            "packets": .int(report.packets),
            "bytes": .int(report.bytes),
            "first_seen": .optional(report.firstSeen),
            "last_seen": .optional(report.lastSeen),
            "link_types": .array(report.linkTypes.map { .string($0.name) }),
            "truncated": .bool(report.truncated),
            "warnings": .array(report.warnings.map { .string($0) }),
            "anomalies": .object(counts(report.anomalies)),
            "dropped_frames": .int(report.droppedFrames),
            "local_networks": .array(report.localNetworks.map { .string($0.description) }),
            "flow_table": .object([
                "created": .int(statistics.created),
                "expired": .int(statistics.expired),
                "evicted": .int(statistics.evicted),
                "dropped": .int(statistics.dropped),
                "peak_active": .int(statistics.peakActive),
            ]),
            "reassembly": .object([
                "streams": .int(report.reassembly.streams),
                "prefixes_full": .int(report.reassembly.prefixesFull),
                "out_of_order_held": .int(report.reassembly.outOfOrderHeld),
                "out_of_order_dropped": .int(report.reassembly.outOfOrderDropped),
                "evicted": .int(report.reassembly.evicted),
            ]),
        ])
    }

    /// Anomaly counts by name; a name reported twice (never expected) is summed rather than trapping.
    static func counts(_ anomalies: [(name: String, count: Int)]) -> [String: JSONValue] {
        var result: [String: Int] = [:]
        for (name, count) in anomalies { result[name, default: 0] += count }
        return result.mapValues { .int($0) }
    }

    static func device(_ device: DeviceRecord) -> JSONValue {
        let vendor: JSONValue =
            device.vendor.map { info in
                .object([
                    "name": .string(info.name), "country": .optional(info.country), "registry": .string(info.registry),
                ])
            } ?? .null
        return .object([
            "mac": .string(device.mac.description),
            "vendor": vendor,
            "identity": device.identity.map(identity) ?? .null,
            "locally_administered": .bool(device.locallyAdministered),
            "gateway": .bool(device.gateway),
            "ipv4": .array(device.ipv4.map { .string($0.description) }),
            "ipv6": .array(device.ipv6.map { .string($0.description) }),
            "arp_ipv4": .array(device.arpIPv4.map { .string($0.description) }),
            "ndp_ipv6": .array(device.ndpIPv6.map { .string($0.description) }),
            "first_seen": .string(device.firstSeen.rfc3339),
            "last_seen": .string(device.lastSeen.rfc3339),
            "packets_sent": .int(device.packetsSent),
            "bytes_sent": .int(device.bytesSent),
            "packets_received": .int(device.packetsReceived),
            "bytes_received": .int(device.bytesReceived),
            "evidence": .array(
                device.evidence.map { item in
                    .object([
                        "source": .string(item.source), "field": .string(item.field), "value": .string(item.value),
                        "first_seen": .string(item.firstSeen.rfc3339), "count": .int(item.count),
                    ])
                }),
        ])
    }

    /// A device's fused identity; confidences rounded to two decimals, signatures as `path:line`.
    static func identity(_ identity: DeviceIdentity) -> JSONValue {
        .object([
            "vendor": .optional(identity.vendor),
            "brand": .optional(identity.brand),
            "model": .optional(identity.model),
            "type": .string(identity.type.rawValue),
            "os": .optional(identity.os),
            "firmware": .optional(identity.firmware),
            "chip_maker": .optional(identity.chipMaker),
            "confidence": .rounded(identity.confidence),
            "signatures": .array(identity.signatures.map { .string($0.description) }),
            "conflicts": .array(
                identity.conflicts.map { conflict in
                    .object([
                        "attribute": .string(conflict.attribute), "value": .string(conflict.value),
                        "confidence": .rounded(conflict.confidence),
                        "signatures": .array(conflict.signatures.map { .string($0.description) }),
                    ])
                }),
        ])
    }

    static func flow(_ flow: FlowRecord) -> JSONValue {
        var members: [String: JSONValue] = [
            "protocol": .string(flow.protocolName),
            "client": endpoint(flow.client),
            "server": endpoint(flow.server),
            "external": .bool(flow.external),
            "packets_to_server": .int(flow.packetsToServer),
            "packets_to_client": .int(flow.packetsToClient),
            "bytes_to_server": .int(flow.bytesToServer),
            "bytes_to_client": .int(flow.bytesToClient),
            "first_seen": .string(flow.firstSeen.rfc3339),
            "last_seen": .string(flow.lastSeen.rfc3339),
            "vlan": flow.vlan.map { .int(Int($0)) } ?? .null,
        ]
        // Application-layer fields appear only where seen (docs/REPORT.md).
        let optional: [(String, String?)] = [
            ("server_name", flow.serverName), ("sni", flow.sni), ("http_host", flow.httpHost),
            ("user_agent", flow.userAgent), ("http_server", flow.httpServer),
            ("ja4", flow.ja4), ("ja4_r", flow.ja4Raw), ("ja4s", flow.ja4s),
            ("ja3", flow.ja3), ("ja3s", flow.ja3s), ("tls_version", flow.tlsVersion),
            ("alpn", flow.alpn), ("ja4x", flow.ja4x), ("cert_subject", flow.certSubject),
            ("cert_issuer", flow.certIssuer), ("cert_not_after", flow.certNotAfter),
        ]
        for (key, value) in optional { if let value { members[key] = .string(value) } }
        if !flow.alpnOffered.isEmpty {
            members["alpn_offered"] = .array(flow.alpnOffered.map { .string($0) })
        }
        if flow.ipProtocol == 6 {
            members["tcp_flags"] = .object([
                "client": .string(tcpFlagLetters(flow.tcpFlagsFromClient)),
                "server": .string(tcpFlagLetters(flow.tcpFlagsFromServer)),
            ])
        }
        return .object(members)
    }

    static func endpoint(_ endpoint: FlowEndpoint) -> JSONValue {
        .object([
            "ip": .string(endpoint.ip.description), "port": .int(Int(endpoint.port)), "mac": .optional(endpoint.mac),
        ])
    }

    /// TCP flags as letters in bit order: F S R P A U E C (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR).
    public static func tcpFlagLetters(_ flags: UInt8) -> String {
        let letters: [Character] = ["F", "S", "R", "P", "A", "U", "E", "C"]
        return String(letters.indices.filter { flags & (1 << UInt8($0)) != 0 }.map { letters[$0] })
    }
}
