import NetVetProtocols
import NetVetWire

/// DHCPv4 (RFC 2131/2132): a client's own requests name it (host name, vendor class, parameter request
/// list, client FQDN).
enum DHCPAnalyzer {
    static func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        let result = DHCPParser.parse(payload)
        sink.count(result.anomalies)
        // Only a client's own requests describe the client.
        guard let message = result.message, message.operation == .bootRequest else { return }
        sink.record(.dhcpHostname, message.hostName, context)
        sink.record(.dhcpVendorClass, message.vendorClassIdentifier, context)
        if message.parameterRequestList != nil { sink.record(.dhcpParameterRequestList, message.fingerprint, context) }
        sink.record(.dhcpClientFQDN, message.clientFQDN?.name, context)
    }
}
