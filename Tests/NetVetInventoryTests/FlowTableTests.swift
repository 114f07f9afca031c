import NetVetDecode
import NetVetInventory
import NetVetTestSupport
import NetVetWire
import Testing

/// `FlowTable`: which end is the client, per-direction counters, the external flag, and the table's bounds.
@Suite struct FlowTableTests {
    typealias F = FrameBuilder

    /// Packet time `seconds` after an arbitrary fixed start.
    static func at(_ seconds: Int64) -> PacketTime {
        PacketTime(rawValue: 1_700_000_000_000_000 + seconds * 1_000_000)
    }

    /// A flow table fed `frames` (each decoded from Ethernet, observed at its second), then finished unless
    /// `finish` is false.
    static func run(
        _ frames: [([UInt8], Int64)], limits: Limits = .default,
        localNetworks: LocalNetworks = LocalNetworks(), finish: Bool = true
    ) -> FlowTable {
        var table = FlowTable(limits: limits, localNetworks: localNetworks)
        for (frame, second) in frames { table.observe(F.decode(frame), at: at(second)) }
        if finish { table.finishAll() }
        return table
    }

    /// The only finished flow of `table`; records an issue when there is not exactly one.
    static func onlyFlow(_ table: FlowTable, sourceLocation: SourceLocation = #_sourceLocation) -> Flow? {
        #expect(table.finished.count == 1, sourceLocation: sourceLocation)
        return table.finished.first
    }

    @Test func synSenderIsTheClient() {
        // The SYN comes from a well-known port to a high one: the SYN still decides.
        let syn = F.tcpFrame(from: F.printer, to: F.host, "192.168.1.50", 80, "192.168.1.23", 8080, flags: TCPFlag.syn)
        let flow = Self.onlyFlow(Self.run([(syn, 0)]))
        #expect(flow?.client.ip == F.ip("192.168.1.50") && flow?.client.port == 80)
        #expect(flow?.server.ip == F.ip("192.168.1.23") && flow?.server.port == 8080)
        #expect(flow?.protocolName == "tcp" && flow?.ipProtocol == 6)
    }

    @Test func synAckSeenFirstMakesItsReceiverTheClient() {
        let synAck = F.tcpFrame(
            from: F.router, to: F.host, "93.184.216.34", 443, "192.168.1.23", 50000, flags: TCPFlag.syn | TCPFlag.ack)
        let ack = F.tcpFrame(
            from: F.host, to: F.router, "192.168.1.23", 50000, "93.184.216.34", 443, flags: TCPFlag.ack)
        let flow = Self.onlyFlow(Self.run([(synAck, 0), (ack, 1)]))
        #expect(flow?.client.ip == F.ip("192.168.1.23") && flow?.client.port == 50000)
        #expect(flow?.server.port == 443)
        #expect(flow?.packetsToServer == 1 && flow?.packetsToClient == 1)
        #expect(flow?.tcpFlagsFromServer == TCPFlag.syn | TCPFlag.ack)
        #expect(flow?.tcpFlagsFromClient == TCPFlag.ack)
    }

    @Test func wellKnownPortMarksTheServer() {
        // A DNS response seen first (its query was before the capture).
        let response = F.udpFrame(from: F.router, to: F.host, "192.168.1.1", 53, "192.168.1.23", 40000)
        #expect(Self.onlyFlow(Self.run([(response, 0)]))?.client.port == 40000)
        // Both ports high, or both well known: the first sender is the client.
        let high = F.udpFrame(from: F.host, to: F.printer, "192.168.1.23", 40000, "192.168.1.50", 50000)
        #expect(Self.onlyFlow(Self.run([(high, 0)]))?.client.port == 40000)
        let ntp = F.udpFrame(from: F.router, to: F.host, "192.168.1.1", 123, "192.168.1.23", 123)
        #expect(Self.onlyFlow(Self.run([(ntp, 0)]))?.client.ip == F.ip("192.168.1.1"))
    }

    @Test func echoReplySeenFirstMakesItsReceiverTheClient() {
        let reply = F.ethernet(
            F.host, F.router, EtherType.ipv4,
            F.ipv4(F.ip("1.1.1.1"), F.ip("192.168.1.23"), protocol: 1, F.echo(type: 0)))
        let flow = Self.onlyFlow(Self.run([(reply, 0)]))
        #expect(flow?.client.ip == F.ip("192.168.1.23"))
        #expect(flow?.client.port == 0 && flow?.server.port == 0)
        #expect(flow?.protocolName == "icmp")
        let request = F.ethernet(
            F.router, F.host, EtherType.ipv4,
            F.ipv4(F.ip("192.168.1.23"), F.ip("1.1.1.1"), protocol: 1, F.echo(type: 8)))
        #expect(Self.onlyFlow(Self.run([(request, 0)]))?.client.ip == F.ip("192.168.1.23"))
        let replyV6 = F.ethernet(
            F.host, F.router, EtherType.ipv6,
            F.ipv6(F.ip("2606:4700::1111"), F.ip("2001:db8::23"), next: 58, F.echo(type: 129)))
        let flowV6 = Self.onlyFlow(Self.run([(replyV6, 0)]))
        #expect(flowV6?.client.ip == F.ip("2001:db8::23"))
        #expect(flowV6?.protocolName == "icmpv6")
    }

    @Test func perDirectionCounters() {
        let query = F.udpFrame(
            from: F.host, to: F.router, "192.168.1.23", 40000, "192.168.1.1", 53,
            payload: Array(repeating: 1, count: 40))
        let answer = F.udpFrame(
            from: F.router, to: F.host, "192.168.1.1", 53, "192.168.1.23", 40000,
            payload: Array(repeating: 2, count: 100))
        let flow = Self.onlyFlow(Self.run([(query, 0), (answer, 1), (query, 2), (answer, 3), (query, 4)]))
        #expect(flow?.packetsToServer == 3 && flow?.bytesToServer == 3 * query.count)
        #expect(flow?.packetsToClient == 2 && flow?.bytesToClient == 2 * answer.count)
        #expect(flow?.client.mac == F.host && flow?.server.mac == F.router)
        #expect(flow?.firstSeen == Self.at(0) && flow?.lastSeen == Self.at(4))
        #expect(flow?.external == false)
    }

    @Test func externalFlagFollowsTheLocalNetworks() {
        let out = F.udpFrame(from: F.host, to: F.router, "192.168.1.23", 40000, "93.184.216.34", 443)
        #expect(Self.onlyFlow(Self.run([(out, 0)]))?.external == true)
        let inside = F.udpFrame(from: F.host, to: F.printer, "192.168.1.23", 40000, "192.168.1.50", 9100)
        #expect(Self.onlyFlow(Self.run([(inside, 0)]))?.external == false)
        let custom = LocalNetworks(["203.0.113.0/24"].compactMap { IPNetwork($0) })
        let site = F.udpFrame(from: F.host, to: F.printer, "203.0.113.5", 40000, "203.0.113.6", 9100)
        #expect(Self.onlyFlow(Self.run([(site, 0)], localNetworks: custom))?.external == false)
        #expect(Self.onlyFlow(Self.run([(inside, 0)], localNetworks: custom))?.external == true)
    }

    @Test func idleFlowsExpire() {
        let limits = Limits.default
        let query = F.udpFrame(from: F.host, to: F.router, "192.168.1.23", 40000, "192.168.1.1", 53)
        let justInTime = Self.run([(query, 0), (query, limits.flowIdleTimeoutSeconds)])
        #expect(justInTime.finished.count == 1)
        #expect(justInTime.statistics.expired == 0)
        let tooLate = Self.run([(query, 0), (query, limits.flowIdleTimeoutSeconds + 1)])
        #expect(tooLate.finished.count == 2)
        #expect(tooLate.statistics.expired == 1)
        #expect(tooLate.statistics.created == 2)
        #expect(tooLate.finished.first?.lastSeen == Self.at(0))
    }

    @Test func idleTimeoutIsConfigurable() {
        var limits = Limits()
        limits.flowIdleTimeoutSeconds = 60
        let query = F.udpFrame(from: F.host, to: F.router, "192.168.1.23", 40000, "192.168.1.1", 53)
        let table = Self.run([(query, 0), (query, 61)], limits: limits)
        #expect(table.statistics.expired == 1)
        #expect(table.finished.count == 2)
    }

    @Test func fullTableEvictsTheLeastRecentlySeen() {
        var limits = Limits()
        limits.maxActiveFlows = 4
        let frames = (0..<5).map { index in
            (
                F.udpFrame(from: F.host, to: F.router, "192.168.1.23", UInt16(40000 + index), "192.168.1.1", 53),
                Int64(index)
            )
        }
        // Refresh the first flow so that the second is the oldest when the fifth arrives.
        let refreshed = [frames[0], frames[1], frames[2], frames[3], (frames[0].0, 3), frames[4]]
        let table = Self.run(refreshed, limits: limits, finish: false)
        #expect(table.statistics.evicted == 1)
        #expect(table.activeCount == 4)
        #expect(table.finished.count == 1, "an evicted flow is kept for the report")
        #expect(table.finished.first?.client.port == 40001)
        #expect(table.statistics.peakActive == 4)
        var all = table
        all.finishAll()
        #expect(all.finished.count == 5)
    }

    @Test func evictionFinishesASixteenthOfALargeTable() {
        var limits = Limits()
        limits.maxActiveFlows = 32
        let frames = (0..<33).map { index in
            (
                F.udpFrame(from: F.host, to: F.router, "192.168.1.23", UInt16(40000 + index), "192.168.1.1", 53),
                Int64(index)
            )
        }
        let table = Self.run(frames, limits: limits, finish: false)
        #expect(table.statistics.evicted == 2)
        #expect(table.finished.map(\.client.port) == [40000, 40001])
        #expect(table.activeCount == 31)
    }

    @Test func reportedFlowsAreBoundedAndTheRestCounted() {
        var limits = Limits()
        limits.maxReportedFlows = 2
        let frames = (0..<3).map { index in
            (
                F.udpFrame(from: F.host, to: F.router, "192.168.1.23", UInt16(40000 + index), "192.168.1.1", 53),
                Int64(index)
            )
        }
        let table = Self.run(frames, limits: limits)
        #expect(table.finished.count == 2)
        #expect(table.statistics.dropped == 1)
        #expect(table.statistics.created == 3)
    }

    @Test func nonIPPacketsAreNotFlows() {
        let arp = F.ethernet(
            .broadcast, F.host, EtherType.arp,
            F.arp(
                operation: 1, senderMAC: F.host, senderIP: F.ip("192.168.1.23"), targetMAC: .zero,
                targetIP: F.ip("192.168.1.1")))
        let table = Self.run([(arp, 0)])
        #expect(table.finished.isEmpty && table.statistics.created == 0)
    }

    @Test func laterFragmentsJoinTheirDatagramsFlow() {
        let first = F.ethernet(
            F.router, F.host, EtherType.ipv4,
            F.ipv4(
                F.ip("192.168.1.23"), F.ip("192.168.1.1"), protocol: 17,
                F.udp(40000, 53, Array(repeating: 0, count: 8)),
                identification: 0x4A2F, fragment: 0x2000))
        let later = F.ethernet(
            F.router, F.host, EtherType.ipv4,
            F.ipv4(
                F.ip("192.168.1.23"), F.ip("192.168.1.1"), protocol: 17, Array(repeating: 0, count: 16),
                identification: 0x4A2F, fragment: 0x0002))
        let flow = Self.onlyFlow(Self.run([(first, 0), (later, 0)]))
        #expect(flow?.client.port == 40000 && flow?.server.port == 53)
        #expect(flow?.packetsToServer == 2)
    }

    @Test func vlanOfTheFirstPacketIsRecorded() {
        let untagged = F.udpFrame(from: F.host, to: F.router, "192.168.1.23", 40000, "192.168.1.1", 53)
        let tagged = Array(untagged[0..<12]) + [0x81, 0x00, 0x00, 0x64] + Array(untagged[12...])
        #expect(Self.onlyFlow(Self.run([(tagged, 0), (untagged, 1)]))?.vlan == 100)
    }
}
