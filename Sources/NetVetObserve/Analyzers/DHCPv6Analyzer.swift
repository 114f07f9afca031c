import NetVetProtocols
import NetVetWire

/// DHCPv6 (RFC 8415): a client's messages to a server (relayed ones unwrapped) name it (FQDN, vendor
/// class, DUID enterprise number, option request list).
enum DHCPv6Analyzer {
    static func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        let result = DHCPv6Parser.parse(payload)
        sink.count(result.anomalies)
        guard let message = result.message?.innermostMessage else { return }
        sink.record(.dhcpv6ClientFQDN, message.clientFQDN?.name, context)
        if let vendor = message.vendorClass {
            sink.record(.dhcpv6VendorClass, "\(vendor.enterpriseNumber):" + vendor.data.joined(separator: ","), context)
        }
        if case .enterprise(let number, _) = message.clientID {
            sink.record(.dhcpv6DUIDEnterprise, String(number), context)
        }
        if let options = message.optionRequest {
            sink.record(.dhcpv6OptionRequest, options.map(String.init).joined(separator: ","), context)
        }
    }
}
