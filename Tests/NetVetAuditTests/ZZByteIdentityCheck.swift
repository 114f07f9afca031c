import NetVetTestSupport
import Testing

enum OldBuilders {
    static func auditorUDP(host: UInt8, port: UInt16) -> [UInt8] {
        let payloadLength: UInt8 = 8 + 4
        let totalLength: UInt8 = 20 + payloadLength
        var frame: [UInt8] = [0x00, 0x00, 0x0C, 0x01, 0x02, 0x03]  // destination: the gateway (Cisco OUI)
        frame += [0x00, 0x1B, 0x21, 0x00, 0x00, host]  // source: an Intel-OUI host
        frame += [0x08, 0x00]  // EtherType IPv4
        frame += [0x45, 0x00, 0x00, totalLength]  // IPv4, IHL 5, TOS 0, total length
        frame += [0x00, 0x01, 0x00, 0x00]  // identification 1, no fragmentation
        frame += [0x40, 0x11, 0x00, 0x00]  // TTL 64, protocol UDP, checksum (not checked)
        frame += [10, 0, 0, host]  // source 10.0.0.host
        frame += [198, 51, 100, 1]  // destination 198.51.100.1
        let portHigh = UInt8(port >> 8)
        let portLow = UInt8(port & 0xFF)
        frame += [portHigh, portLow, 0x00, 0x35, 0x00, payloadLength, 0x00, 0x00]  // UDP ports, length, checksum
        frame += [0xDE, 0xAD, 0xBE, 0xEF]  // payload
        return frame
    }
    static func discoveryUDP(
        source: UInt8, destination: [UInt8], ports: (UInt16, UInt16), payload: [UInt8]
    ) -> [UInt8] {
        let udpLength = 8 + payload.count
        let totalLength = 20 + udpLength
        var frame: [UInt8] = [0x01, 0x00, 0x5E, 0x7F, 0xFF, 0xFA]  // destination: a multicast MAC
        frame += [0x44, 0x19, 0xB6, 0x00, 0x00, source]  // source: the device
        frame += [0x08, 0x00]  // EtherType IPv4
        frame += [0x45, 0x00, UInt8(totalLength >> 8), UInt8(totalLength & 0xFF)]  // IPv4, IHL 5, total length
        frame += [0x00, 0x01, 0x00, 0x00]  // identification 1, no fragmentation
        frame += [0x40, 0x11, 0x00, 0x00]  // TTL 64, UDP, checksum (not checked)
        frame += [192, 168, 1, source] + destination  // addresses
        frame += [UInt8(ports.0 >> 8), UInt8(ports.0 & 0xFF), UInt8(ports.1 >> 8), UInt8(ports.1 & 0xFF)]
        frame += [UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0x00, 0x00]  // UDP length, checksum
        return frame + payload
    }
    static let cameraMAC: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x64]
    static let clientMAC: [UInt8] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x10]
    static let camera: [UInt8] = [192, 168, 1, 64]
    static let client: [UInt8] = [192, 168, 1, 10]
    static func tlsTCP(fromServer: Bool, sequence: UInt32, flags: UInt8, payload: [UInt8]) -> [UInt8] {
        let (sourceMAC, destinationMAC) = fromServer ? (cameraMAC, clientMAC) : (clientMAC, cameraMAC)
        let (source, destination) = fromServer ? (camera, client) : (client, camera)
        let (sourcePort, destinationPort): (UInt16, UInt16) = fromServer ? (443, 50_000) : (50_000, 443)
        let totalLength = 20 + 20 + payload.count
        var frame = destinationMAC + sourceMAC + [0x08, 0x00]  // Ethernet, EtherType IPv4
        frame += [0x45, 0x00, UInt8(totalLength >> 8), UInt8(totalLength & 0xFF)]  // IPv4, IHL 5, total length
        frame += [0x00, 0x01, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00]  // id 1, DF, TTL 64, TCP, checksum
        frame += source + destination
        frame += [
            UInt8(sourcePort >> 8), UInt8(sourcePort & 0xFF), UInt8(destinationPort >> 8),
            UInt8(destinationPort & 0xFF),
        ]
        frame += withUnsafeBytes(of: sequence.bigEndian, Array.init)  // sequence number
        frame += [0x00, 0x00, 0x00, 0x00, 0x50, flags, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00]  // ack, offset 5, flags...
        return frame + payload
    }
    static func bodySegment(
        from source: UInt8, to destination: UInt8, ports: (UInt16, UInt16), sequence: UInt32, flags: UInt8,
        payload: [UInt8]
    ) -> [UInt8] {
        var frame: [UInt8] = [0x02, 0, 0, 0, 0, destination, 0x02, 0, 0, 0, 0, source, 0x08, 0x00]  // MACs, IPv4
        let total = 20 + 20 + payload.count
        frame += [0x45, 0x00, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, 0, 0, 64, 6, 0, 0]  // IPv4, TCP
        frame += [10, 0, 0, source, 10, 0, 0, destination]  // addresses
        frame += [UInt8(ports.0 >> 8), UInt8(ports.0 & 0xFF), UInt8(ports.1 >> 8), UInt8(ports.1 & 0xFF)]
        frame += (0..<4).map { UInt8(truncatingIfNeeded: sequence >> (24 - 8 * $0)) }  // sequence
        frame += [0, 0, 0, 0, 0x50, flags, 0xFF, 0xFF, 0, 0, 0, 0]  // ack, offset 5, flags, window, sum, urg
        return frame + payload
    }
}

@Test func zzAuditFramesAreByteIdentical() {
    for host in [UInt8(1), 2, 3, 4, 200] {
        for port in [UInt16(40_000), 40_007, 1] {
            #expect(AuditorTests.udpFrame(host: host, port: port) == OldBuilders.auditorUDP(host: host, port: port))
        }
    }
    let payloads: [[UInt8]] = [[], [1, 2, 3], Array(repeating: 0x5A, count: 300), Array(repeating: 7, count: 1400)]
    for payload in payloads {
        for (source, destination) in [(UInt8(64), [UInt8(239), 255, 255, 250]), (9, [192, 168, 1, 9])] {
            #expect(
                DiscoveryEvidenceTests.udpFrame(
                    source: source, destination: destination, ports: (37020, 161), payload: payload)
                    == OldBuilders.discoveryUDP(
                        source: source, destination: destination, ports: (37020, 161), payload: payload))
        }
        for fromServer in [false, true] {
            for flags in [UInt8(0x02), 0x12, 0x10, 0x18] {
                #expect(
                    TLSCertificateAuditTests.tcpFrame(
                        fromServer: fromServer, sequence: 0xDEAD_BEEF, flags: flags, payload: payload)
                        == OldBuilders.tlsTCP(
                            fromServer: fromServer, sequence: 0xDEAD_BEEF, flags: flags, payload: payload))
                #expect(
                    BodyEvidenceTests.Connection.segment(
                        from: 2, to: 5, ports: (40_000, 49_152), sequence: 1001, flags: flags, payload: payload)
                        == OldBuilders.bodySegment(
                            from: 2, to: 5, ports: (40_000, 49_152), sequence: 1001, flags: flags, payload: payload))
            }
        }
    }
}
