import NetVetProtocols
import NetVetWire

/// CDP (Cisco Discovery Protocol) announces the sender's device id, platform, software and port: evidence
/// about the frame's source MAC.
enum CDPAnalyzer {
    static func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        let result = CDPParser.parse(payload)
        sink.count(result.anomalies)
        guard let message = result.message else { return }
        sink.record(.cdpDeviceID, message.deviceID, context)
        sink.record(.cdpPlatform, message.platform, context)
        sink.record(.cdpSoftwareVersion, message.softwareVersion, context)
        sink.record(.cdpPort, message.portID, context)
    }
}
