import NetVetProtocols
import NetVetWire

/// SSDP (UPnP Device Architecture 2.0 §1): NOTIFY announcements and search responses describe the sender
/// (server string, description LOCATION, notification type). M-SEARCH requests are never read
/// (`ObserveStage.repeatKey`). A LOCATION's path is handed to the HTTP analyzer, so that fetching it reads
/// the device description in the response.
enum SSDPAnalyzer {
    static func analyze(
        _ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink,
        descriptions: inout HTTPAnalyzer
    ) {
        let result = SSDPParser.parse(payload)
        sink.count(result.anomalies)
        guard let message = result.message, message.isNotify || message.isResponse else { return }
        sink.record(.ssdpServer, message.server, context)
        sink.record(.ssdpLocation, message.location, context)
        if !descriptions.rememberDescriptionLocation(message.location) { sink.count([.ssdpLocationTableFull]) }
        sink.record(.ssdpNotificationType, message.notificationType ?? message.searchTarget, context)
    }
}
