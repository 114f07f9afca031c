import NetVetProtocols
import NetVetWire

/// WS-Discovery (OASIS 2009) and ONVIF (UDP 3702): Hello and the matches describe their sender (types,
/// endpoint, transport addresses, ONVIF scopes); Probes and Resolves are queries and are not read.
enum WSDiscoveryAnalyzer {
    static func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        // Probes and Resolves are queries (each with a fresh MessageID, so never a repeat); only Hello and
        // the matches describe their sender. Recognised from their body element's tag without reading the
        // document (an XML parse of a Windows Probe was ~80,000 instructions).
        if isQuery(payload) { return }
        let result = WSDiscoveryParser.parse(payload)
        sink.count(result.anomalies)
        guard let message = result.message, message.action.describesSender else { return }
        for entry in message.entries.prefix(4) { record(entry, context, &sink) }
    }

    /// ONVIF scope categories (ONVIF Core §7.3.2.2) → evidence field.
    static let onvifScopeFields: [String: EvidenceField] = [
        "hardware": .onvifHardware, "model": .onvifModel, "name": .onvifName, "location": .onvifLocation,
        "type": .onvifDeviceType, "profile": .onvifProfile, "mac": .onvifMAC,
    ]

    /// True if `payload` has a `Probe` or `Resolve` element tag (`<Probe>`, `<d:Probe>`, `</wsd:Probe>`;
    /// `ProbeMatch` and `ResolveMatch` tags do not count): a WS-Discovery query.
    static func isQuery(_ payload: UnsafeRawBufferPointer) -> Bool {
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
    static func record(_ entry: WSDiscoveryEndpoint, _ context: PacketContext, _ sink: inout ObservationSink) {
        let scopes = entry.onvifScopes
        let onvif = !scopes.isEmpty
        for type in entry.typeLocalNames.prefix(4) { sink.record(onvif ? .onvifType : .wsdType, type, context) }
        sink.record(onvif ? .onvifEndpoint : .wsdEndpoint, entry.address, context)
        for address in entry.transportAddresses.prefix(2) {
            sink.record(onvif ? .onvifXAddr : .wsdXAddr, address, context)
        }
        for (category, value) in scopes.prefix(WSDiscoveryParser.maxValues) where !value.isEmpty {
            guard let field = onvifScopeFields[category] else { continue }
            sink.record(field, value, context)
        }
    }
}
