import NetVetWire
import Testing

/// CIDR blocks, the local-network set, and packet-time printing.
@Suite struct NetworkAndTimeTests {
    /// Parses `text`, which the test knows to be an address.
    static func ip(_ text: String) -> IPAddress {
        IPAddress(text) ?? .v4(.unspecified)
    }

    // MARK: IPNetwork

    @Test(arguments: [
        ("10.1.2.3/8", "10.0.0.0/8"),
        ("192.168.1.77/24", "192.168.1.0/24"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("10.0.0.1/32", "10.0.0.1/32"),
        ("fe80::1/10", "fe80::/10"),
        ("2001:db8:1:2:ffff::1/64", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1/65", "2001:db8:1:2:8000::/65"),
        ("::1/128", "::1/128"),
        ("::/0", "::/0"),
    ])
    func cidrClearsHostBits(text: String, canonical: String) {
        #expect(IPNetwork(text)?.description == canonical)
    }

    @Test(arguments: [
        "10.0.0.0", "10.0.0.0/", "/8", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8/9", "fe80::/129", "10.0.0/8",
        "10.0.0.0/x",
    ])
    func cidrRejectsOtherShapes(text: String) {
        #expect(IPNetwork(text) == nil)
    }

    @Test func cidrContainment() {
        let lan = IPNetwork("192.168.1.0/24")
        #expect(lan?.contains(Self.ip("192.168.1.0")) == true)
        #expect(lan?.contains(Self.ip("192.168.1.255")) == true)
        #expect(lan?.contains(Self.ip("192.168.2.1")) == false)
        #expect(lan?.contains(Self.ip("::ffff:c0a8:101")) == false, "never across families")
        #expect(IPNetwork("0.0.0.0/0")?.contains(Self.ip("203.0.113.9")) == true)
        #expect(IPNetwork("0.0.0.0/0")?.contains(Self.ip("::")) == false)
        #expect(IPNetwork("10.0.0.1/32")?.contains(Self.ip("10.0.0.2")) == false)
        let linkLocal = IPNetwork("fe80::/10")
        #expect(linkLocal?.contains(Self.ip("febf:ffff::1")) == true)
        #expect(linkLocal?.contains(Self.ip("fec0::1")) == false)
        let slash65 = IPNetwork("2001:db8:1:2::/65")
        #expect(slash65?.contains(Self.ip("2001:db8:1:2:7fff::1")) == true)
        #expect(slash65?.contains(Self.ip("2001:db8:1:2:8000::1")) == false)
        #expect(IPNetwork("::/0")?.contains(Self.ip("2606:4700::1111")) == true)
    }

    // MARK: LocalNetworks

    @Test(arguments: [
        "10.20.30.40", "172.16.0.1", "172.31.255.255", "192.168.1.23", "100.64.0.1", "100.127.255.255",
        "169.254.10.20", "fd12:3456::1", "fc00::1", "fe80::1",
        // Group and unspecified addresses never leave the site.
        "224.0.0.251", "255.255.255.255", "0.0.0.0", "ff02::1", "ff0e::1", "::",
    ])
    func defaultLocal(text: String) {
        #expect(LocalNetworks().isLocal(Self.ip(text)))
    }

    @Test(arguments: [
        "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.0", "100.63.255.255", "93.184.216.34",
        "2606:4700::1111", "2001:db8::1", "fec0::1",
    ])
    func defaultExternal(text: String) {
        #expect(!LocalNetworks().isLocal(Self.ip(text)))
    }

    @Test func customLocalNetworks() {
        let networks = LocalNetworks(["203.0.113.0/24", "2001:db8::/32"].compactMap { IPNetwork($0) })
        #expect(networks.networks.count == 2)
        #expect(networks.isLocal(Self.ip("203.0.113.77")))
        #expect(networks.isLocal(Self.ip("2001:db8:ffff::1")))
        #expect(!networks.isLocal(Self.ip("10.0.0.1")), "the defaults are replaced, not extended")
        #expect(networks.isLocal(Self.ip("224.0.0.1")))
        let none = LocalNetworks([])
        #expect(!none.isLocal(Self.ip("192.168.1.1")))
        #expect(none.isLocal(Self.ip("ff02::2")) && none.isLocal(Self.ip("0.0.0.0")))
    }

    // MARK: PacketTime

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000000Z"),
        (1, "1970-01-01T00:00:00.000001Z"),
        (1_000_042, "1970-01-01T00:00:01.000042Z"),
        (1_709_210_096_000_001, "2024-02-29T12:34:56.000001Z"),
        (1_709_251_199_999_999, "2024-02-29T23:59:59.999999Z"),
        (1_709_251_200_000_000, "2024-03-01T00:00:00.000000Z"),
        (1_677_628_799_500_000, "2023-02-28T23:59:59.500000Z"),
        (1_677_628_800_000_000, "2023-03-01T00:00:00.000000Z"),
        (951_782_400_000_000, "2000-02-29T00:00:00.000000Z"),
        (4_107_542_399_000_000, "2100-02-28T23:59:59.000000Z"),
        (4_107_542_400_000_000, "2100-03-01T00:00:00.000000Z"),
        (253_402_300_799_999_999, "9999-12-31T23:59:59.999999Z"),
        (-1, "1969-12-31T23:59:59.999999Z"),
        (-1_000_000, "1969-12-31T23:59:59.000000Z"),
        (-1_000_001, "1969-12-31T23:59:58.999999Z"),
        (-86_400_000_001, "1969-12-30T23:59:59.999999Z"),
        (-2_203_891_200_000_000, "1900-03-01T00:00:00.000000Z"),
    ])
    func rfc3339(rawValue: Int64, text: String) {
        let time = PacketTime(rawValue: rawValue)
        #expect(time.rfc3339 == text)
        #expect(time.description == text)
    }

    @Test func extremeTimesPrintWithoutTrapping() {
        #expect(!PacketTime(rawValue: .max).rfc3339.isEmpty)
        #expect(!PacketTime(rawValue: .min).rfc3339.isEmpty)
    }

    @Test func secondsFloor() {
        #expect(PacketTime(rawValue: 1_999_999).seconds == 1)
        #expect(PacketTime(rawValue: -1).seconds == -1)
        #expect(PacketTime(rawValue: -1_000_000).seconds == -1)
        #expect(PacketTime(rawValue: -1_000_001).seconds == -2)
    }

    @Test func timevalConstructionSaturates() {
        #expect(PacketTime(seconds: 1_700_000_000, microseconds: 5).rawValue == 1_700_000_000_000_005)
        #expect(PacketTime(seconds: .max, microseconds: 0).rawValue == .max)
        #expect(PacketTime(seconds: .min, microseconds: 0).rawValue == .min)
        #expect(PacketTime(seconds: 0, microseconds: -1).rawValue == -1)
        #expect(PacketTime(rawValue: 1) < PacketTime(rawValue: 2))
    }
}
