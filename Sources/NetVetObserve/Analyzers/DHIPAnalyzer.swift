import NetVetProtocols
import NetVetWire

/// Dahua DHIP discovery (UDP 37810, and 5050 when the DHIP magic is there): a device-info answer describes
/// a camera or recorder (type, class, vendor, firmware, MAC).
enum DHIPAnalyzer {
    static func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        // Port 5050 also carries Dahua's older binary search, which is not read: only DHIP frames are.
        if !context.eitherPort(ObserveDispatch.Port.dhip) && !payload.starts(with: DHIPCodes.magic) { return }
        let result = DHIPParser.parse(payload)
        sink.count(result.anomalies)
        guard let message = result.message, message.isDeviceInfo else { return }
        sink.record(.dhipDeviceType, message.deviceType, context)
        sink.record(.dhipDeviceClass, message.deviceClass, context)
        sink.record(.dhipVendor, message.vendor ?? message.manufacturer, context)
        sink.record(.dhipFirmware, message.version, context)
        sink.record(.dhipMAC, message.macAddress?.description, context)
        if message.hasSerialNumber { sink.record(.dhipSerialPresent, "true", context) }
    }
}
