import NetVetCrypto
import NetVetProtocols
import NetVetWire

/// Tuya LAN discovery: every Tuya-platform device (bulbs, plugs, switches sold under many brands) broadcasts
/// a datagram to UDP 6666 (protocol 3.1, plaintext JSON) or 6667 (3.3/3.4 AES-ECB, 3.5 AES-GCM, under the
/// public discovery key) every few seconds. The JSON names the device's product key (its product line),
/// protocol version and device id: evidence about the sender (docs/protocols/tuya.md). A repeated broadcast
/// is skipped by the repeat-datagram cache before it gets here, so each distinct one is decrypted once.
extension ApplicationObserver {
    /// True for a datagram sent to a Tuya discovery port.
    static func isTuyaPort(_ destinationPort: UInt16) -> Bool { destinationPort == 6666 || destinationPort == 6667 }

    /// Parses a Tuya discovery datagram and records what it says about its sender.
    mutating func observeTuya(_ payload: UnsafeRawBufferPointer, _ evidence: (String, String, String?) -> Void) {
        let result = TuyaParser.parse(payload, cipher: tuyaCipher)
        count(result.anomalies)
        guard let discovery = result.message,
            discovery.productKey != nil || discovery.version != nil || discovery.deviceID != nil
        else { return }
        evidence("tuya", "product_key", discovery.productKey)
        evidence("tuya", "version", discovery.version)
        evidence("tuya", "device_id", discovery.deviceID)
        evidence("tuya", "encrypted", discovery.wasEncrypted ? "true" : "false")
    }
}
