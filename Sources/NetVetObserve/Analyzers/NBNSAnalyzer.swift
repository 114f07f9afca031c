import NetVetProtocols
import NetVetWire

/// NetBIOS Name Service (RFC 1002): a registration or a response names its sender.
enum NBNSAnalyzer {
    static func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        let result = NBNSParser.parse(payload)
        sink.count(result.anomalies)
        guard let message = result.message else { return }
        // A registration or a response names the sender; a query names someone else.
        let own = message.isResponse ? message.answers : message.additionals
        for record in own.prefix(4) { sink.record(.nbnsName, record.name?.description, context) }
    }
}
