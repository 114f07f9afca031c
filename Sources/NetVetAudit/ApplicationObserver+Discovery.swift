import NetVetDecode
import NetVetProtocols
import NetVetWire

/// Camera and network-gear discovery: WS-Discovery/ONVIF (UDP 3702), Hikvision SADP (37020), Dahua DHIP
/// (37810, and 5050 when the DHIP magic is there) and SNMP v1/v2c/v3 (161, 162). Each gives evidence about
/// the datagram's sender; SNMP community strings are never kept, only the fact that one crossed in clear.
extension ApplicationObserver {
    /// The UDP ports read here (either end).
    static func isDiscoveryPort(_ ports: (UInt16, UInt16)) -> Bool {
        // No collection here: this runs for every UDP datagram.
        func either(_ port: UInt16) -> Bool { ports.0 == port || ports.1 == port }
        return either(3702) || either(37020) || either(37810) || either(5050) || either(161) || ports.1 == 162
    }

    /// Parses a datagram on a discovery port and records what it says about its sender.
    mutating func observeDiscovery(
        _ ports: (UInt16, UInt16), _ payload: UnsafeRawBufferPointer, _ evidence: (String, String, String?) -> Void
    ) {
        func either(_ port: UInt16) -> Bool { ports.0 == port || ports.1 == port }
        if either(3702) {
            // Probes and Resolves are queries (each with a fresh MessageID, so never a repeat); only
            // Hello and the matches describe their sender. Recognised from their body element's tag
            // without reading the document (an XML parse of a Windows Probe was ~80,000 instructions).
            if Self.isWSDiscoveryQuery(payload) { return }
            let result = WSDiscoveryParser.parse(payload)
            count(result.anomalies)
            guard let message = result.message, message.action.describesSender else { return }
            for entry in message.entries.prefix(4) { Self.recordWSDiscovery(entry, evidence) }
        } else if either(37020) {
            let result = SADPParser.parse(payload)
            count(result.anomalies)
            // A Probe is a query from a tool; only a ProbeMatch describes a device.
            guard let message = result.message, message.kind == .probeMatch else { return }
            evidence("sadp", "device_type", message.deviceType)
            evidence("sadp", "model", message.deviceDescription)
            evidence("sadp", "firmware", message.firmware)
            evidence("sadp", "mac", message.macAddress?.description)
            if message.hasSerialNumber { evidence("sadp", "serial_present", "true") }
            evidence("sadp", "activated", message.activated.map { $0 ? "true" : "false" })
        } else if either(37810) || either(5050) {
            // Port 5050 also carries Dahua's older binary search, which is not read: only DHIP frames are.
            if !either(37810) && !payload.starts(with: DHIPCodes.magic) { return }
            let result = DHIPParser.parse(payload)
            count(result.anomalies)
            guard let message = result.message, message.isDeviceInfo else { return }
            evidence("dhip", "device_type", message.deviceType)
            evidence("dhip", "device_class", message.deviceClass)
            evidence("dhip", "vendor", message.vendor ?? message.manufacturer)
            evidence("dhip", "firmware", message.version)
            evidence("dhip", "mac", message.macAddress?.description)
            if message.hasSerialNumber { evidence("dhip", "serial_present", "true") }
        } else {
            let result = SNMPParser.parse(payload)
            count(result.anomalies)
            guard let message = result.message else { return }
            evidence("snmp", "version", message.version.description)
            if let community = message.community {
                evidence("snmp", "community_in_clear", community.isWellKnownDefault ? "default" : "other")
            }
            // Requests name OIDs, not values: only what an agent sends describes it.
            guard message.pduType?.isFromAgent ?? false else { return }
            evidence("snmp", "sys_descr", message.systemDescription)
            evidence("snmp", "sys_object_id", (message.systemObjectID ?? message.trap?.enterprise)?.description)
            evidence("snmp", "sys_name", message.systemName)
        }
    }

    /// ONVIF scope categories (ONVIF Core §7.3.2.2) → evidence field.
    static let onvifScopeFields = [
        "hardware": "hardware", "model": "model", "name": "name", "location": "location", "type": "device_type",
        "profile": "profile", "mac": "mac",
    ]

    /// True if `payload` has a `Probe` or `Resolve` element tag (`<Probe>`, `<d:Probe>`, `</wsd:Probe>`;
    /// `ProbeMatch` and `ResolveMatch` tags do not count): a WS-Discovery query.
    static func isWSDiscoveryQuery(_ payload: UnsafeRawBufferPointer) -> Bool {
        func hasTag(_ name: StaticString) -> Bool {
            name.withUTF8Buffer { name in
                guard payload.count > name.count else { return false }
                var index = 1
                // The name, preceded by `<`, `/` or a prefix's `:`, and followed by `>`.
                while index + name.count < payload.count {
                    if payload[index] == name[0], payload[index + name.count] == UInt8(ascii: ">"),
                        payload[index - 1] == UInt8(ascii: "<") || payload[index - 1] == UInt8(ascii: ":")
                            || payload[index - 1] == UInt8(ascii: "/")
                    {
                        var same = true
                        for offset in 1..<name.count where payload[index + offset] != name[offset] {
                            same = false
                            break
                        }
                        if same { return true }
                    }
                    index += 1
                }
                return false
            }
        }
        return hasTag("Probe") || hasTag("Resolve")
    }

    /// One WS-Discovery endpoint: `onvif` evidence when it carries ONVIF scopes, else `wsd`.
    static func recordWSDiscovery(_ entry: WSDiscoveryEndpoint, _ evidence: (String, String, String?) -> Void) {
        let scopes = entry.onvifScopes
        let source = scopes.isEmpty ? "wsd" : "onvif"
        for type in entry.typeLocalNames.prefix(4) { evidence(source, "type", type) }
        evidence(source, "endpoint", entry.address)
        for address in entry.transportAddresses.prefix(2) { evidence(source, "xaddr", address) }
        for (category, value) in scopes.prefix(WSDiscoveryParser.maxValues) where !value.isEmpty {
            guard let field = Self.onvifScopeFields[category] else { continue }
            evidence(source, field, value)
        }
    }
}
