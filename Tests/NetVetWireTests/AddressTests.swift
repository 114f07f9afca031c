import NetVetWire
import Testing

/// MAC, IPv4 and IPv6 addresses: parsing, printing (RFC 5952 for IPv6) and classification.
@Suite struct AddressTests {
    // MARK: MAC

    @Test(arguments: ["3c:22:fb:12:34:56", "3C:22:FB:12:34:56", "3c-22-fb-12-34-56"])
    func macParsesColonOrDashInEitherCase(text: String) {
        #expect(MACAddress(text) == MACAddress(0x3C, 0x22, 0xFB, 0x12, 0x34, 0x56))
    }

    @Test(arguments: [
        "", "3c:22:fb:12:34", "3c:22:fb:12:34:56:78", "3c22fb123456", "3c:2:fb:12:34:56", "3c:22:fb:12:34:5",
        "3c:22:fb:12:34:5g", "3c::22:fb:12:34:56", ":3c:22:fb:12:34:56", "3c:22:fb:12:34:56:", "3c:22 :fb:12:34:56",
    ])
    func macRejectsOtherShapes(text: String) {
        #expect(MACAddress(text) == nil)
    }

    @Test func macPrintsLowerCaseColonSeparated() {
        #expect(MACAddress(0x3C, 0x22, 0xFB, 0x02, 0x0A, 0xFF).description == "3c:22:fb:02:0a:ff")
        #expect(MACAddress.broadcast.description == "ff:ff:ff:ff:ff:ff")
        #expect(MACAddress.zero.description == "00:00:00:00:00:00")
    }

    @Test func macClassification() {
        let host = MACAddress(0x3C, 0x22, 0xFB, 0x12, 0x34, 0x56)
        #expect(!host.isGroup && !host.isLocallyAdministered && host.isUnicastDevice)
        let multicast = MACAddress(0x01, 0x00, 0x5E, 0x00, 0x00, 0xFB)
        #expect(multicast.isGroup && !multicast.isUnicastDevice)
        #expect(MACAddress(0x33, 0x33, 0x00, 0x00, 0x00, 0x01).isGroup)
        #expect(MACAddress.broadcast.isGroup && !MACAddress.broadcast.isUnicastDevice)
        #expect(!MACAddress.zero.isUnicastDevice, "all-zero names no device")
        let randomised = MACAddress(0xDA, 0xA1, 0x19, 0x00, 0x00, 0x01)
        #expect(randomised.isLocallyAdministered && randomised.isUnicastDevice)
    }

    @Test func macRawValueKeepsFortyEightBits() {
        #expect(MACAddress(rawValue: 0xFFFF_0011_2233_4455).rawValue == 0x0011_2233_4455)
        let address = MACAddress(0xA0, 0xB1, 0xC2, 0xD3, 0xE4, 0xF5)
        #expect((0..<6).map(address.octet) == [0xA0, 0xB1, 0xC2, 0xD3, 0xE4, 0xF5])
        #expect(MACAddress(0, 0, 0, 0, 0, 1) < MACAddress(0, 0, 0, 0, 1, 0))
    }

    // MARK: IPv4

    @Test(arguments: ["0.0.0.0", "10.0.0.1", "192.168.1.23", "255.255.255.255"])
    func ipv4RoundTrips(text: String) {
        #expect(IPv4Address(text)?.description == text)
    }

    @Test func ipv4Value() {
        #expect(IPv4Address("10.0.0.1")?.rawValue == 0x0A00_0001)
        #expect(IPv4Address("192.168.001.023") == IPv4Address(192, 168, 1, 23), "up to three digits per octet")
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1..2.3", "1.2.3.4.", ".1.2.3", "a.b.c.d", "1234.1.1.1", " 1.2.3.4",
        "1.2.3.-4", "::1",
    ])
    func ipv4RejectsOtherShapes(text: String) {
        #expect(IPv4Address(text) == nil)
    }

    @Test func ipv4MulticastAndBroadcast() {
        #expect(IPv4Address(224, 0, 0, 251).isMulticastOrBroadcast)
        #expect(IPv4Address(239, 255, 255, 250).isMulticastOrBroadcast)
        #expect(IPv4Address(255, 255, 255, 255).isMulticastOrBroadcast)
        #expect(!IPv4Address(223, 255, 255, 255).isMulticastOrBroadcast)
        #expect(!IPv4Address(240, 0, 0, 1).isMulticastOrBroadcast, "class E is reserved, not multicast")
        #expect(!IPv4Address(192, 168, 1, 255).isMulticastOrBroadcast, "a subnet broadcast needs the mask")
    }

    // MARK: IPv6 (RFC 5952 text)

    @Test(arguments: [
        ("2001:db8::1", "2001:db8::1"),
        ("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("::", "::"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("::1", "::1"),
        ("1::", "1::"),
        ("fe80:0:0:0:1:0:0:1", "fe80::1:0:0:1"),  // the longer of two runs
        ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),  // equal runs: the first
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),  // the longest run wins even when later
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),  // a single zero group is not compressed
        ("2001:db8:1:2:3:4:5:0", "2001:db8:1:2:3:4:5:0"),
        ("2001:DB8::A", "2001:db8::a"),  // lower case
        ("ff02::1:ff12:3456", "ff02::1:ff12:3456"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),  // "::" may stand for one group on input, never on output
    ])
    func ipv6CanonicalText(input: String, canonical: String) {
        #expect(IPv6Address(input)?.description == canonical)
    }

    @Test(arguments: [
        "", ":", ":::", "1:::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "g::1", ":1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8::", "1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:7:", "fe80::1%eth0",
    ])
    func ipv6RejectsOtherShapes(text: String) {
        #expect(IPv6Address(text) == nil)
    }

    @Test func ipv6Classification() {
        #expect(IPv6Address("ff02::1")?.isMulticast == true)
        #expect(IPv6Address("fe80::1")?.isMulticast == false)
        #expect(IPv6Address("fe80::1")?.isLinkLocal == true)
        #expect(IPv6Address("febf:ffff::1")?.isLinkLocal == true)
        #expect(IPv6Address("fec0::1")?.isLinkLocal == false)
        let address = IPv6Address("2001:db8:1:2:3:4:5:6")
        #expect(address.map { (0..<8).map($0.group) } == [0x2001, 0xDB8, 1, 2, 3, 4, 5, 6])
    }

    // MARK: Either family

    @Test func ipAddressParsesEitherFamily() {
        #expect(IPAddress("10.0.0.1") == .v4(IPv4Address(10, 0, 0, 1)))
        #expect(IPAddress("::1") == .v6(IPv6Address(high: 0, low: 1)))
        #expect(IPAddress("10.0.0") == nil)
        #expect(IPAddress("255.255.255.255")?.isGroup == true)
        #expect(IPAddress("ff02::fb")?.isGroup == true)
        #expect(IPAddress("0.0.0.0")?.isUnspecified == true)
        #expect(IPAddress("::")?.isUnspecified == true)
        #expect(IPAddress("::1")?.isUnspecified == false)
    }

    @Test func ipAddressOrdersIPv4BeforeIPv6() {
        let sorted = ["::1", "10.0.0.2", "fe80::1", "10.0.0.1"].compactMap { IPAddress($0) }.sorted()
        #expect(sorted.map(\.description) == ["10.0.0.1", "10.0.0.2", "::1", "fe80::1"])
    }
}
