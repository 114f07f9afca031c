import NetVetWire

extension DecodeContext {
    /// ARP (RFC 826): hardware type 2, protocol type 2, hardware length 1, protocol length 1,
    /// operation 2, sender MAC, sender IP, target MAC, target IP. Only Ethernet/IPv4 (1, 0x0800, 6, 4)
    /// binds addresses; other formats are counted as `arp.unsupported_format`.
    mutating func decodeARP(_ reader: inout ByteReader) {
        packet.network = .arp
        guard let hardwareType = reader.readUInt16(), let protocolType = reader.readUInt16(),
            let hardwareLength = reader.readUInt8(), let protocolLength = reader.readUInt8(),
            let operation = reader.readUInt16()
        else {
            short(.arpTruncated)
            return
        }
        guard hardwareType == 1 || hardwareType == 6, protocolType == EtherType.ipv4, hardwareLength == 6,
            protocolLength == 4
        else {
            flag(.arpUnsupportedFormat)
            return
        }
        guard let senderMAC = reader.readMAC(), let senderIP = reader.readIPv4(), let targetMAC = reader.readMAC(),
            let targetIP = reader.readIPv4()
        else {
            short(.arpTruncated)
            return
        }
        packet.arp.operation = operation
        packet.arp.senderMAC = senderMAC
        packet.arp.senderIP = senderIP
        packet.arp.targetMAC = targetMAC
        packet.arp.targetIP = targetIP
    }
}
