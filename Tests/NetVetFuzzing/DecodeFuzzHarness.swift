import NetVetDecode
import NetVetInventory
import NetVetWire

/// The `FuzzDecode` libFuzzer target's work (`Sources/FuzzDecode/FuzzEntry.swift`): one fuzz input through the
/// decoder and both inventory tables, with the invariants the decoder promises. `FuzzReplayTests`
/// (NetVetInventoryTests) replays the corpus with the same limits.
///
/// Input layout (also that of `Tests/Fuzz/corpus/decode` and `Tests/Fuzz/regressions/decode`): byte 0 is the
/// link type (an index into `LinkType.supported`, modulo its count), byte 1 how many bytes the capture cut
/// (0: the wire length is the frame length), the rest is the frame.
public enum DecodeFuzzHarness {
    /// Small table bounds, so a single input reaches the caps, eviction and expiry paths.
    public static let limits: Limits = {
        var limits = Limits()
        limits.maxDevices = 3
        limits.maxAddressesPerDevice = 1
        limits.maxActiveFlows = 1
        limits.maxReportedFlows = 1
        limits.gatewayLocalSourceThreshold = 0
        return limits
    }()

    /// The decoder with the default limits, as the audit uses it.
    public static let decoder = PacketDecoder()

    /// Decodes `input` (layout above) and feeds the packet to fresh tables; returns a digest of the results
    /// so nothing is optimised away. Inputs shorter than 2 bytes are ignored.
    public static func run(_ input: UnsafeRawBufferPointer) -> Int {
        guard input.count >= 2 else { return 0 }
        let linkType = LinkType.supported[Int(input[0]) % LinkType.supported.count]
        let frame = UnsafeRawBufferPointer(rebasing: input[2...])
        let wireLength = frame.count + Int(input[1])
        let packet = decoder.decode(frame, linkType: linkType, wireLength: wireLength)

        // Invariants: the payload lies inside the frame; a frame the capture did not cut is never
        // reported as cut; the on-wire length is what the caller said.
        precondition(packet.payloadOffset >= 0 && packet.payloadLength >= 0, "negative payload bounds")
        precondition(packet.payloadOffset + packet.payloadLength <= frame.count, "payload beyond the frame")
        precondition(packet.wireLength == wireLength, "wire length changed")
        precondition(input[1] != 0 || !packet.anomalies.contains(.captureSnaplenCut), "uncut frame reported cut")
        precondition(packet.vlanDepth <= limits.maxVLANDepth, "VLAN depth beyond the limit")

        var digest = 0
        // Read every payload byte: AddressSanitizer catches an offset that points outside the input.
        for index in packet.payloadOffset..<(packet.payloadOffset + packet.payloadLength) {
            digest &+= Int(frame[index])
        }
        for anomaly in packet.anomalies { digest &+= anomaly.name.utf8.count }

        let (devices, flows, anomalies) = InventoryFuzzHarness.exercise(packet, limits: limits)

        for device in devices.reportable {
            digest &+= device.mac.description.utf8.count &+ device.packetsSent &+ device.bytesReceived
            digest &+= device.reportedIPv4.map(\.description.utf8.count).reduce(0, &+)
            digest &+= device.reportedIPv6.map(\.description.utf8.count).reduce(0, &+)
            digest &+= device.arpIPv4.count &+ device.ndpIPv6.count &+ (device.isGateway ? 1 : 0)
        }
        for flow in flows.finished {
            digest &+= flow.protocolName.utf8.count &+ flow.client.ip.description.utf8.count
            digest &+= flow.server.ip.description.utf8.count &+ flow.packetsToServer &+ flow.bytesToClient
            digest &+= Int(flow.client.port) &+ (flow.external ? 1 : 0) &+ (flow.server.mac == nil ? 0 : 1)
        }
        digest &+= flows.statistics.created &+ flows.statistics.expired &+ flows.statistics.dropped
        digest &+= anomalies.nonZero.count
        precondition(devices.count <= limits.maxDevices, "device table beyond its cap")
        precondition(flows.activeCount == 0, "flows still active after finishAll")

        // Packet time printing over arbitrary stamps (the capture's timestamps are input too).
        var stamp: Int64 = 0
        for byte in frame.prefix(8) { stamp = stamp << 8 | Int64(byte) }
        digest &+= PacketTime(rawValue: stamp).rfc3339.utf8.count
        return digest
    }
}
