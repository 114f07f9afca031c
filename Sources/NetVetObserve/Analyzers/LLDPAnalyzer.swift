import NetVetProtocols
import NetVetWire

/// LLDP (IEEE 802.1AB, with LLDP-MED inventory) announces the sender's name, description, capabilities,
/// management addresses and, from phones and cameras, maker, model and firmware: evidence about the frame's
/// source MAC (a switch, router, phone or camera).
enum LLDPAnalyzer {
    static func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        let result = LLDPParser.parse(payload)
        sink.count(result.anomalies)
        guard let message = result.message else { return }
        sink.record(.lldpSystemName, message.systemName, context)
        sink.record(.lldpSystemDescription, message.systemDescription, context)
        sink.record(.lldpPortDescription, message.portDescription, context)
        if let enabled = message.enabledCapabilities ?? message.capabilities, !enabled.names.isEmpty {
            sink.record(.lldpCapabilities, enabled.names.joined(separator: ","), context)
        }
        for address in message.managementAddresses.prefix(2) {
            sink.record(.lldpManagementAddress, address.address?.description, context)
        }
        if let inventory = message.inventory {
            sink.record(.lldpManufacturer, inventory.manufacturerName, context)
            sink.record(.lldpModel, inventory.modelName, context)
            sink.record(.lldpFirmware, inventory.firmwareRevision, context)
            sink.record(.lldpSoftware, inventory.softwareRevision, context)
            sink.record(.lldpHardware, inventory.hardwareRevision, context)
        }
    }
}
