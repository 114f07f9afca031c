import NetVetCrypto
import NetVetProtocols
import NetVetWire

/// Tuya LAN discovery: every Tuya-platform device (bulbs, plugs, switches sold under many brands) broadcasts
/// a datagram to UDP 6666 (protocol 3.1, plaintext JSON) or 6667 (3.3/3.4 AES-ECB, 3.5 AES-GCM, under the
/// public discovery key) every few seconds. The JSON names the device's product key (its product line),
/// protocol version and device id: evidence about the sender (docs/protocols/tuya.md). A repeated broadcast
/// is skipped by the repeat cache before it gets here, so each distinct one is decrypted once.
struct TuyaAnalyzer {
    /// The discovery cipher: one OpenSSL context, reused.
    let cipher = TuyaDiscoveryCipher()

    func analyze(_ payload: UnsafeRawBufferPointer, _ context: PacketContext, _ sink: inout ObservationSink) {
        let result = TuyaParser.parse(payload, cipher: cipher)
        sink.count(result.anomalies)
        guard let discovery = result.message,
            discovery.productKey != nil || discovery.version != nil || discovery.deviceID != nil
        else { return }
        sink.record(.tuyaProductKey, discovery.productKey, context)
        sink.record(.tuyaVersion, discovery.version, context)
        sink.record(.tuyaDeviceID, discovery.deviceID, context)
        sink.record(.tuyaEncrypted, discovery.wasEncrypted ? "true" : "false", context)
    }
}
