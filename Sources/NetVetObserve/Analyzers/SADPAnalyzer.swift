import NetVetProtocols
import NetVetWire

/// Hikvision SADP (UDP 37020): a ProbeMatch describes a camera or recorder (type, model, firmware, MAC,
/// activation); a Probe is a query from a tool and is not read.
enum SADPAnalyzer {
    static func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        let result = SADPParser.parse(payload)
        sink.count(result.anomalies)
        // A Probe is a query from a tool; only a ProbeMatch describes a device.
        guard let message = result.message, message.kind == .probeMatch else { return }
        sink.record(.sadpDeviceType, message.deviceType, context)
        sink.record(.sadpModel, message.deviceDescription, context)
        sink.record(.sadpFirmware, message.firmware, context)
        sink.record(.sadpMAC, message.macAddress?.description, context)
        if message.hasSerialNumber { sink.record(.sadpSerialPresent, "true", context) }
        sink.record(.sadpActivated, message.activated.map { $0 ? "true" : "false" }, context)
    }
}
