import Foundation
import NetVetDecode
import NetVetFuzzing
import NetVetInventory
import NetVetTestSupport
import NetVetWire
import Testing

/// The fuzz corpus and every fuzz regression replayed through the whole packet path of
/// `DecodeFuzzHarness` (decode → DeviceTable → FlowTable, with the same small limits), so
/// the ordinary test suite repeats what the fuzzer checks. NetVetDecodeTests replays the same files through
/// the decoder with its own invariants.
@Suite struct FuzzReplayTests {
    /// The limits of the fuzz target.
    static let limits = DecodeFuzzHarness.limits

    /// Every input file under `Tests/Fuzz/corpus/decode` and `Tests/Fuzz/regressions/decode`.
    static func inputs() throws -> [(name: String, bytes: [UInt8])] {
        var inputs: [(String, [UInt8])] = []
        for folder in ["corpus/decode", "regressions/decode"] {
            for (name, bytes) in try PackagePaths.files(in: PackagePaths.fuzz.appendingPathComponent(folder)) {
                inputs.append(("\(folder)/\(name)", bytes))
            }
        }
        return inputs
    }

    /// One input through the fuzz target's path: byte 0 picks the link type, byte 1 is how many bytes the
    /// capture cut, the rest is the frame. Checks the target's invariants and returns the tables.
    static func replay(_ bytes: [UInt8], name: String) -> (DeviceTable, FlowTable, AnomalyCounts)? {
        guard bytes.count >= 2 else { return nil }
        let linkType = LinkType.supported[Int(bytes[0]) % LinkType.supported.count]
        let frame = Array(bytes[2...])
        let wireLength = frame.count + Int(bytes[1])
        let packet = frame.withUnsafeBytes { PacketDecoder().decode($0, linkType: linkType, wireLength: wireLength) }
        let (devices, flows, anomalies) = InventoryFuzzHarness.exercise(packet, limits: limits)
        #expect(devices.count <= limits.maxDevices, "\(name)")
        #expect(flows.activeCount == 0, "\(name)")
        #expect(flows.finished.count <= limits.maxReportedFlows, "\(name)")
        for device in devices.reportable {
            #expect(device.mac.isUnicastDevice, "\(name): \(device.mac) is not a device address")
            #expect(device.reportedIPv4.count <= limits.maxAddressesPerDevice, "\(name)")
            #expect(device.reportedIPv6.count <= limits.maxAddressesPerDevice, "\(name)")
        }
        return (devices, flows, anomalies)
    }

    @Test func everyCorpusAndRegressionInputThroughTheInventory() throws {
        let inputs = try Self.inputs()
        #expect(!inputs.isEmpty, "Tests/Fuzz holds no inputs")
        var devicesSeen = 0
        var flowsSeen = 0
        for (name, bytes) in inputs {
            guard let (devices, flows, _) = Self.replay(bytes, name: name) else { continue }
            devicesSeen += devices.reportable.count
            flowsSeen += flows.statistics.created
        }
        #expect(devicesSeen > 0 && flowsSeen > 0, "the seeds reach both tables")
    }
}
