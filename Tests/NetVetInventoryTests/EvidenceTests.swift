import NetVetInventory
import NetVetWire
import Testing

@Suite("Device evidence")
struct EvidenceTests {
    static let mac = MACAddress(0x00, 0x1B, 0x21, 0x0A, 0x0B, 0x0C)

    static func time(_ second: Int64) -> PacketTime { PacketTime(seconds: 1_700_000_000 + second, microseconds: 0) }

    @Test("the same value counts up and keeps its first time; new values are appended in order")
    func deduplicates() throws {
        var table = DeviceTable()
        var anomalies = AnomalyCounts()
        table.addEvidence(
            Self.mac, source: "dhcp", field: "hostname", value: "cam-1", at: Self.time(5), anomalies: &anomalies)
        table.addEvidence(
            Self.mac, source: "dhcp", field: "hostname", value: "cam-1", at: Self.time(2), anomalies: &anomalies)
        table.addEvidence(
            Self.mac, source: "dhcp", field: "vendor_class", value: "udhcp 1.22.1", at: Self.time(9),
            anomalies: &anomalies)
        table.addEvidence(
            Self.mac, source: "dhcp", field: "hostname", value: "", at: Self.time(9), anomalies: &anomalies)
        let evidence = try #require(table.device(Self.mac)).evidence
        #expect(evidence.map(\.value) == ["cam-1", "udhcp 1.22.1"])
        #expect(evidence[0].count == 2)
        #expect(evidence[0].firstSeen == Self.time(2))
        #expect(anomalies[.inventoryEvidenceLimit] == 0)
        // Two new entries: the generation counts them, not the repeat (identity is recomputed only then).
        #expect(try #require(table.device(Self.mac)).evidenceGeneration == 2)
    }

    @Test("at most 16 values per source and field, 64 in all; refusals are counted")
    func bounded() throws {
        var table = DeviceTable()
        var anomalies = AnomalyCounts()
        for index in 0..<40 {
            table.addEvidence(
                Self.mac, source: "dns", field: "query", value: "host\(index).example", at: Self.time(1),
                anomalies: &anomalies)
        }
        #expect(try #require(table.device(Self.mac)).evidence.count == 16)
        #expect(anomalies[.inventoryEvidenceLimit] == 24)
        // Other fields still have room until the device holds 64 entries.
        for field in 0..<10 {
            for index in 0..<10 {
                table.addEvidence(
                    Self.mac, source: "mdns", field: "f\(field)", value: "v\(index)", at: Self.time(1),
                    anomalies: &anomalies)
            }
        }
        #expect(try #require(table.device(Self.mac)).evidence.count == 64)
        #expect(anomalies[.inventoryEvidenceLimit] == 24 + 52)
    }
}
