import NetVetAudit
import NetVetCapture
import NetVetExport
import NetVetTestSupport
import NetVetWire
import Testing

/// The pipeline over in-memory frames (no libpcap): limits, packet time and counters.
@Suite("Auditor over memory frames")
struct AuditorTests {
    /// Ethernet / IPv4 / UDP from 10.0.0.`host` (MAC 02:00:00:00:00:`host`) to 198.51.100.1:53 via a
    /// gateway MAC, source port `port`.
    static func udpFrame(host: UInt8, port: UInt16) -> [UInt8] {
        // Identification 1, no fragmentation flags, checksum zero (not checked), no Ethernet padding.
        FrameBuilder.ethernet(
            MACAddress(0x00, 0x00, 0x0C, 0x01, 0x02, 0x03), MACAddress(0x00, 0x1B, 0x21, 0x00, 0x00, host), 0x0800,
            FrameBuilder.ipv4(
                .v4(IPv4Address(10, 0, 0, host)), .v4(IPv4Address(198, 51, 100, 1)), protocol: 17,
                FrameBuilder.udp(port, 53, [0xDE, 0xAD, 0xBE, 0xEF]), identification: 1, fragment: 0, checksum: false),
            padded: false)
    }

    static func frames(_ count: Int, secondsApart: Int64) -> [MemoryFrameSource.Frame] {
        var frames: [MemoryFrameSource.Frame] = []
        for index in 0..<count {
            let seconds: Int64 = 1_700_000_000 + Int64(index) * secondsApart
            let host = UInt8(1 + index % 4)
            let port = UInt16(40_000 + index)
            frames.append(
                MemoryFrameSource.Frame(
                    time: PacketTime(seconds: seconds, microseconds: 0), bytes: udpFrame(host: host, port: port)))
        }
        return frames
    }

    @Test("devices, flows and capture counters from memory frames")
    func counters() throws {
        let auditor = Auditor()
        try auditor.run(MemoryFrameSource(linkType: .ethernet, frames: Self.frames(8, secondsApart: 1)))
        let report = auditor.finish()
        #expect(report.packets == 8)
        #expect(report.bytes == 8 * 46)
        #expect(report.files == ["memory"])
        #expect(report.firstSeen?.rfc3339 == "2023-11-14T22:13:20.000000Z")
        #expect(report.lastSeen?.rfc3339 == "2023-11-14T22:13:27.000000Z")
        #expect(
            report.devices.map(\.mac.description) == [
                "00:1b:21:00:00:01", "00:1b:21:00:00:02", "00:1b:21:00:00:03", "00:1b:21:00:00:04",
            ])
        #expect(report.devices.allSatisfy { $0.packetsSent == 2 && $0.ipv4.count == 1 })
        #expect(report.flows.count == 8)
        #expect(report.flows.allSatisfy { $0.external && $0.server.port == 53 && $0.packetsToServer == 1 })
    }

    @Test("idle flows expire in packet time, the cap evicts the least recently seen, the report cap drops")
    func flowLimits() throws {
        var limits = Limits()
        limits.maxActiveFlows = 4
        limits.flowIdleTimeoutSeconds = 60
        limits.maxReportedFlows = 20
        let auditor = Auditor(options: AuditOptions(limits: limits))
        // 30 flows, 1 s apart: the table holds 4, so 26 are evicted before the end; none idles 60 s.
        try auditor.run(MemoryFrameSource(linkType: .ethernet, frames: Self.frames(30, secondsApart: 1)))
        let report = auditor.finish()
        #expect(report.flowStatistics.created == 30)
        #expect(report.flowStatistics.peakActive == 4)
        #expect(report.flowStatistics.evicted == 26)
        #expect(report.flowStatistics.expired == 0)
        #expect(report.flowStatistics.dropped == 10)
        #expect(report.flows.count == 20)

        let spaced = Auditor(options: AuditOptions(limits: limits))
        // 10 flows 100 s apart: each idles past the 60 s timeout before the next sweep.
        try spaced.run(MemoryFrameSource(linkType: .ethernet, frames: Self.frames(10, secondsApart: 100)))
        let statistics = spaced.finish().flowStatistics
        #expect(statistics.evicted == 0)
        #expect(statistics.expired >= 8)
    }

    @Test("maxPackets stops a source early")
    func maxPackets() throws {
        let auditor = Auditor(options: AuditOptions(maxPackets: 5))
        try auditor.run(MemoryFrameSource(linkType: .ethernet, frames: Self.frames(8, secondsApart: 1)))
        #expect(auditor.finish().packets == 5)
    }
}
