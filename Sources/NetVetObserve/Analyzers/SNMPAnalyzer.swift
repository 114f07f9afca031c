import NetVetProtocols
import NetVetWire

/// SNMP v1/v2c/v3 (UDP 161, traps to 162): the version, whether a community crossed in clear (never the
/// community itself), and what an agent says of itself (sysDescr, sysObjectID, sysName).
enum SNMPAnalyzer {
    static func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        let result = SNMPParser.parse(payload)
        sink.count(result.anomalies)
        guard let message = result.message else { return }
        sink.record(.snmpVersion, message.version.description, context)
        if let community = message.community {
            sink.record(.snmpCommunityInClear, community.isWellKnownDefault ? "default" : "other", context)
        }
        // Requests name OIDs, not values: only what an agent sends describes it.
        guard message.pduType?.isFromAgent ?? false else { return }
        sink.record(.snmpSysDescr, message.systemDescription, context)
        sink.record(.snmpSysObjectID, (message.systemObjectID ?? message.trap?.enterprise)?.description, context)
        sink.record(.snmpSysName, message.systemName, context)
    }
}
