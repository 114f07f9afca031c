import NetVetDecode
import NetVetInventory
import NetVetWire

/// The inventory path the decode fuzz target drives (`DecodeFuzzHarness`), shared with the test that replays
/// its corpus (`FuzzReplayTests`) so the two cannot drift apart. Uses only NetVetInventory's public API.
public enum InventoryFuzzHarness {
    /// Feeds `packet` to fresh tables bounded by `limits`: twice, then again after the idle timeout, then a
    /// sibling from a neighbouring source address (which evicts the first flow when room is one flow), then
    /// the reverse direction; finishes every flow and returns the tables and the anomalies they counted.
    public static func exercise(_ packet: DecodedPacket, limits: Limits) -> (DeviceTable, FlowTable, AnomalyCounts) {
        var anomalies = AnomalyCounts()
        var devices = DeviceTable(limits: limits)
        var flows = FlowTable(limits: limits)
        let start = PacketTime(rawValue: 1_700_000_000_000_000)
        let later = PacketTime(rawValue: start.rawValue + (limits.flowIdleTimeoutSeconds + 1) * 1_000_000)
        var sibling = packet
        switch sibling.sourceIP {
        case .v4(let address)?: sibling.sourceIP = .v4(IPv4Address(rawValue: address.rawValue ^ 1))
        case .v6(let address)?: sibling.sourceIP = .v6(IPv6Address(high: address.high, low: address.low ^ 1))
        case nil: break
        }
        var reversed = packet
        swap(&reversed.sourceMAC, &reversed.destinationMAC)
        swap(&reversed.sourceIP, &reversed.destinationIP)
        swap(&reversed.sourcePort, &reversed.destinationPort)
        for (item, time) in [(packet, start), (packet, start), (packet, later), (sibling, later), (reversed, later)] {
            devices.observe(item, at: time, anomalies: &anomalies)
            flows.observe(item, at: time)
        }
        flows.finishAll()
        return (devices, flows, anomalies)
    }
}
