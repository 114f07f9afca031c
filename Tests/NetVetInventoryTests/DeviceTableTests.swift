import NetVetDecode
import NetVetInventory
import NetVetTestSupport
import NetVetWire
import Testing

/// `DeviceTable`: who is a device, which addresses bind to it, gateways, counters and limits.
@Suite struct DeviceTableTests {
    typealias F = FrameBuilder

    /// A device table with `limits`, fed frames in order one second apart.
    struct Feeder {
        var table: DeviceTable
        var anomalies = AnomalyCounts()
        var time = PacketTime(rawValue: 1_700_000_000_000_000)

        init(limits: Limits = .default, localNetworks: LocalNetworks = LocalNetworks()) {
            table = DeviceTable(limits: limits, localNetworks: localNetworks)
        }

        /// Decodes `frame` and observes it.
        mutating func feed(_ frame: [UInt8], _ linkType: LinkType = .ethernet, wireLength: Int? = nil) {
            table.observe(F.decode(frame, linkType, wireLength: wireLength), at: time, anomalies: &anomalies)
            time = PacketTime(rawValue: time.rawValue + 1_000_000)
        }

        /// The device with `mac`; records an issue and returns `nil` when there is none.
        func device(_ mac: MACAddress, sourceLocation: SourceLocation = #_sourceLocation) -> Device? {
            let device = table.device(mac)
            if device == nil { Issue.record("no device \(mac)", sourceLocation: sourceLocation) }
            return device
        }
    }

    @Test func groupAndBroadcastMACsNeverBecomeDevices() {
        var feeder = Feeder()
        feeder.feed(
            F.ethernet(
                .broadcast, F.host, EtherType.arp,
                F.arp(
                    operation: 1, senderMAC: F.host, senderIP: F.ip("192.168.1.23"), targetMAC: .zero,
                    targetIP: F.ip("192.168.1.1"))))
        let mdns = MACAddress(0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB)
        feeder.feed(F.udpFrame(from: F.host, to: mdns, "192.168.1.23", 5353, "224.0.0.251", 5353))
        feeder.feed(F.udpFrame(from: mdns, to: F.host, "192.168.1.9", 5353, "192.168.1.23", 5353))
        feeder.feed(F.udpFrame(from: .zero, to: F.host, "192.168.1.8", 5353, "192.168.1.23", 5353))
        #expect(feeder.table.count == 1)
        #expect(feeder.table.device(.broadcast) == nil)
        #expect(feeder.table.device(mdns) == nil)
        #expect(feeder.table.device(.zero) == nil)
        #expect(feeder.device(F.host)?.packetsSent == 2)
        #expect(feeder.device(F.host)?.packetsReceived == 2)
    }

    @Test func locallyAdministeredFlag() {
        var feeder = Feeder()
        feeder.feed(F.udpFrame(from: F.randomised, to: F.host, "192.168.1.40", 40000, "192.168.1.23", 7))
        #expect(feeder.device(F.randomised)?.isLocallyAdministered == true)
        #expect(feeder.device(F.host)?.isLocallyAdministered == false)
    }

    @Test func arpBindsTheSenderIPToTheSenderMAC() {
        var feeder = Feeder()
        // A reply sent by a proxy: the Ethernet source is the printer, the ARP sender the router.
        feeder.feed(
            F.ethernet(
                F.host, F.printer, EtherType.arp,
                F.arp(
                    operation: 2, senderMAC: F.router, senderIP: F.ip("192.168.1.1"), targetMAC: F.host,
                    targetIP: F.ip("192.168.1.23"))))
        #expect(feeder.device(F.router)?.arpIPv4 == [IPv4Address(192, 168, 1, 1)])
        #expect(feeder.device(F.router)?.reportedIPv4 == [IPv4Address(192, 168, 1, 1)])
        #expect(feeder.device(F.router)?.addresses.first?.origin == .arp)
        #expect(feeder.device(F.router)?.isReportable == true, "an announced address makes a device reportable")
        #expect(feeder.device(F.printer)?.addresses.isEmpty == true)
        #expect(feeder.device(F.host)?.addresses.isEmpty == true, "the target is not bound")
    }

    @Test func arpProbeBindsNothing() {
        var feeder = Feeder()
        // RFC 5227 probe: sender 0.0.0.0 asking for the address it wants.
        feeder.feed(
            F.ethernet(
                .broadcast, F.host, EtherType.arp,
                F.arp(
                    operation: 1, senderMAC: F.host, senderIP: F.ip("0.0.0.0"), targetMAC: .zero,
                    targetIP: F.ip("192.168.1.23"))))
        #expect(feeder.device(F.host)?.addresses.isEmpty == true)
        // The announcement that follows (sender = target) binds.
        feeder.feed(
            F.ethernet(
                .broadcast, F.host, EtherType.arp,
                F.arp(
                    operation: 1, senderMAC: F.host, senderIP: F.ip("192.168.1.23"), targetMAC: .zero,
                    targetIP: F.ip("192.168.1.23"))))
        #expect(feeder.device(F.host)?.arpIPv4 == [IPv4Address(192, 168, 1, 23)])
    }

    @Test func neighborSolicitationWithSourceLinkLayerBindsTheSource() {
        var feeder = Feeder()
        let solicitation = F.ndp(type: 135, target: F.ip("fe80::76ac:b9ff:fe01:203"), options: [(1, F.host)])
        let multicast = MACAddress(0x33, 0x33, 0xFF, 0x01, 0x02, 0x03)
        feeder.feed(
            F.ndpFrame(from: F.host, to: multicast, "fe80::3e22:fbff:fe12:3456", "ff02::1:ff01:203", solicitation))
        #expect(feeder.device(F.host)?.ndpIPv6.map(\.description) == ["fe80::3e22:fbff:fe12:3456"])
        #expect(feeder.table.device(F.router) == nil, "a solicitation's target binds nothing")
    }

    @Test func neighborAdvertisementWithTargetLinkLayerBindsTheTarget() {
        var feeder = Feeder()
        let advertisement = F.ndp(type: 136, target: F.ip("2001:db8:1::1"), options: [(2, F.router)])
        feeder.feed(
            F.ndpFrame(
                from: F.router, to: F.host, "fe80::76ac:b9ff:fe01:203", "fe80::3e22:fbff:fe12:3456", advertisement))
        let router = feeder.device(F.router)
        #expect(router?.ndpIPv6.map(\.description) == ["2001:db8:1::1"])
        #expect(
            router?.reportedIPv6.contains(IPv6Address("fe80::76ac:b9ff:fe01:203") ?? .unspecified) == true,
            "the link-local source is bound from traffic")
        // A target link-layer option outside an NA binds nothing.
        var other = Feeder()
        let solicitation = F.ndp(type: 135, target: F.ip("2001:db8:1::9"), options: [(2, F.printer)])
        other.feed(F.ndpFrame(from: F.host, to: F.router, "fe80::3e22:fbff:fe12:3456", "fe80::1", solicitation))
        #expect(other.table.device(F.printer) == nil)
    }

    @Test func duplicateAddressDetectionBindsNothing() {
        var feeder = Feeder()
        let multicast = MACAddress(0x33, 0x33, 0xFF, 0x12, 0x34, 0x56)
        let probe = F.ndp(type: 135, target: F.ip("fe80::3e22:fbff:fe12:3456"))
        feeder.feed(F.ndpFrame(from: F.host, to: multicast, "::", "ff02::1:ff12:3456", probe))
        #expect(feeder.device(F.host)?.addresses.isEmpty == true)
        // Even with a (forbidden, RFC 4861 §7.1.1) source link-layer option, `::` is nobody's address.
        let withOption = F.ndp(type: 135, target: F.ip("fe80::3e22:fbff:fe12:3456"), options: [(1, F.host)])
        feeder.feed(F.ndpFrame(from: F.host, to: multicast, "::", "ff02::1:ff12:3456", withOption))
        #expect(feeder.device(F.host)?.addresses.isEmpty == true)
        #expect(feeder.device(F.host)?.packetsSent == 2)
    }

    @Test func twoOffLinkSourcesMakeAGatewayThatReportsOnlyARPAddresses() {
        var feeder = Feeder()
        feeder.feed(
            F.ethernet(
                F.host, F.router, EtherType.arp,
                F.arp(
                    operation: 2, senderMAC: F.router, senderIP: F.ip("192.168.1.1"), targetMAC: F.host,
                    targetIP: F.ip("192.168.1.23"))))
        feeder.feed(F.udpFrame(from: F.router, to: F.host, "192.168.1.254", 53, "192.168.1.23", 40000))
        feeder.feed(F.udpFrame(from: F.router, to: F.host, "93.184.216.34", 443, "192.168.1.23", 50000))
        #expect(feeder.device(F.router)?.isGateway == false, "one off-link source is not enough")
        #expect(feeder.device(F.router)?.reportedIPv4.count == 2)
        feeder.feed(F.udpFrame(from: F.router, to: F.host, "1.1.1.1", 53, "192.168.1.23", 40001))
        let router = feeder.device(F.router)
        #expect(router?.isGateway == true)
        #expect(router?.offLinkSources.count == 2)
        #expect(router?.reportedIPv4 == [IPv4Address(192, 168, 1, 1)], "forwarded and traffic-only sources drop out")
        #expect(router?.addresses.contains { $0.address == F.ip("93.184.216.34") } == false)
        #expect(feeder.device(F.host)?.isGateway == false)
    }

    @Test func routingBetweenLocalSubnetsMakesAGateway() {
        let threshold = Limits.default.gatewayLocalSourceThreshold
        var feeder = Feeder()
        for index in 0..<threshold {
            feeder.feed(F.udpFrame(from: F.router, to: F.host, "10.0.\(index).9", 53, "192.168.1.23", 40000))
        }
        #expect(feeder.device(F.router)?.isGateway == false, "\(threshold) local sources are still a host")
        // An ARP-confirmed address is the router's own and does not count.
        feeder.feed(
            F.ethernet(
                F.host, F.router, EtherType.arp,
                F.arp(
                    operation: 2, senderMAC: F.router, senderIP: F.ip("192.168.1.1"), targetMAC: F.host,
                    targetIP: F.ip("192.168.1.23"))))
        feeder.feed(F.udpFrame(from: F.router, to: F.host, "192.168.1.1", 53, "192.168.1.23", 40000))
        #expect(feeder.device(F.router)?.isGateway == false)
        feeder.feed(F.udpFrame(from: F.router, to: F.host, "10.0.99.9", 53, "192.168.1.23", 40000))
        #expect(feeder.device(F.router)?.isGateway == true)
        #expect(feeder.device(F.router)?.reportedIPv4 == [IPv4Address(192, 168, 1, 1)])
    }

    @Test func deviceTableFullIsCounted() {
        var limits = Limits()
        limits.maxDevices = 2
        var feeder = Feeder(limits: limits)
        feeder.feed(F.udpFrame(from: F.host, to: F.router, "192.168.1.23", 40000, "192.168.1.1", 53))
        feeder.feed(F.udpFrame(from: F.printer, to: F.host, "192.168.1.50", 9100, "192.168.1.23", 40000))
        #expect(feeder.anomalies[.inventoryDeviceTableFull] == 1)
        feeder.feed(F.udpFrame(from: F.printer, to: F.accessPoint, "192.168.1.50", 9100, "192.168.1.2", 40000))
        #expect(feeder.anomalies[.inventoryDeviceTableFull] == 3, "each refused MAC is counted")
        #expect(feeder.table.count == 2)
        #expect(feeder.table.device(F.printer) == nil)
        #expect(feeder.device(F.host)?.packetsReceived == 1, "known devices keep counting")
    }

    @Test func addressLimitIsPerFamilyAndCounted() {
        var limits = Limits()
        limits.maxAddressesPerDevice = 2
        limits.gatewayLocalSourceThreshold = 10
        var feeder = Feeder(limits: limits)
        for last in 1...3 {
            feeder.feed(F.udpFrame(from: F.host, to: F.router, "192.168.1.\(last)", 40000, "192.168.1.254", 53))
        }
        #expect(feeder.device(F.host)?.addresses.count == 2)
        #expect(feeder.anomalies[.inventoryAddressLimit] == 1)
        // A known address gaining a new origin is not a new address.
        feeder.feed(
            F.ethernet(
                .broadcast, F.host, EtherType.arp,
                F.arp(
                    operation: 1, senderMAC: F.host, senderIP: F.ip("192.168.1.1"), targetMAC: .zero,
                    targetIP: F.ip("192.168.1.254"))))
        #expect(feeder.anomalies[.inventoryAddressLimit] == 1)
        #expect(feeder.device(F.host)?.arpIPv4 == [IPv4Address(192, 168, 1, 1)])
        // IPv6 has its own budget.
        let solicitation = F.ndp(type: 135, target: F.ip("fe80::1"), options: [(1, F.host)])
        feeder.feed(F.ndpFrame(from: F.host, to: F.router, "fe80::3e22:fbff:fe12:3456", "fe80::1", solicitation))
        #expect(feeder.device(F.host)?.ndpIPv6.count == 1)
        #expect(feeder.anomalies[.inventoryAddressLimit] == 1)
    }

    @Test func packetAndByteCountersUseTheWireLength() {
        var feeder = Feeder()
        let request = F.udpFrame(from: F.host, to: F.router, "192.168.1.23", 40000, "192.168.1.1", 53)
        let reply = F.udpFrame(
            from: F.router, to: F.host, "192.168.1.1", 53, "192.168.1.23", 40000,
            payload: Array(repeating: 7, count: 100))
        feeder.feed(request)
        feeder.feed(reply)
        feeder.feed(Array(reply[0..<64]), wireLength: reply.count)
        let host = feeder.device(F.host)
        #expect(host?.packetsSent == 1 && host?.bytesSent == 60)
        #expect(
            host?.packetsReceived == 2 && host?.bytesReceived == 2 * reply.count, "a cut frame counts its wire length")
        let router = feeder.device(F.router)
        #expect(router?.packetsSent == 2 && router?.bytesSent == 2 * reply.count)
        #expect(router?.packetsReceived == 1 && router?.bytesReceived == 60)
        #expect(host?.firstSeen == PacketTime(rawValue: 1_700_000_000_000_000))
        #expect(host?.lastSeen == PacketTime(rawValue: 1_700_000_002_000_000))
    }

    @Test func destinationOnlyDevicesAreNotReported() {
        var feeder = Feeder()
        feeder.feed(F.udpFrame(from: F.host, to: F.printer, "192.168.1.23", 40000, "192.168.1.50", 9100))
        #expect(feeder.table.count == 2)
        #expect(feeder.table.reportable.map(\.mac) == [F.host])
    }

    @Test func wifiTransmitterIsCreditedWithTheRelayedFrame() {
        // From-DS data frame: the AP (address 2) relays the router's (address 3) UDP to the host (address 1).
        let header: [UInt8] =
            [0x08, 0x02, 0x2C, 0x00] + F.bytes(F.host) + F.bytes(F.accessPoint) + F.bytes(F.router)
            + [0x30, 0x12]
        let snap: [UInt8] = [0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00]
        let datagram = F.ipv4(F.ip("192.168.1.1"), F.ip("192.168.1.23"), protocol: 17, F.udp(53, 40000))
        var feeder = Feeder()
        feeder.feed(header + snap + datagram, .ieee80211)
        let frameLength = header.count + snap.count + datagram.count
        #expect(feeder.device(F.router)?.packetsSent == 1)
        #expect(feeder.device(F.accessPoint)?.packetsSent == 1)
        #expect(feeder.device(F.accessPoint)?.bytesSent == frameLength)
        #expect(feeder.device(F.host)?.packetsReceived == 1)
        #expect(feeder.device(F.router)?.reportedIPv4 == [IPv4Address(192, 168, 1, 1)], "the IP source is the SA's")
        #expect(feeder.device(F.accessPoint)?.addresses.isEmpty == true)
        // To-DS: the station is both transmitter and source, and is counted once.
        let toDS: [UInt8] =
            [0x08, 0x01, 0x2C, 0x00] + F.bytes(F.accessPoint) + F.bytes(F.host) + F.bytes(F.router)
            + [0x40, 0x12]
        feeder.feed(
            toDS + snap + F.ipv4(F.ip("192.168.1.23"), F.ip("192.168.1.1"), protocol: 17, F.udp(40000, 53)), .ieee80211)
        #expect(feeder.device(F.host)?.packetsSent == 1)
    }
}
