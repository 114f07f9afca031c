import NetVetWire

/// Addresses the sample frames use.
public enum Address {
    public static let host = MACAddress(0x3C, 0x22, 0xFB, 0x12, 0x34, 0x56)
    public static let router = MACAddress(0x74, 0xAC, 0xB9, 0x01, 0x02, 0x03)
    public static let printer = MACAddress(0x00, 0x1B, 0xA9, 0x44, 0x55, 0x66)
    public static let accessPoint = MACAddress(0xF0, 0x9F, 0xC2, 0xAA, 0xBB, 0xCC)
    public static let secondAccessPoint = MACAddress(0xF0, 0x9F, 0xC2, 0xDD, 0xEE, 0xFF)
    public static let hostIPv4 = IPAddress.v4(IPv4Address(192, 168, 1, 23))
    public static let routerIPv4 = IPAddress.v4(IPv4Address(192, 168, 1, 1))
    public static let printerIPv4 = IPAddress.v4(IPv4Address(192, 168, 1, 50))
    public static let cloudflareIPv4 = IPAddress.v4(IPv4Address(1, 1, 1, 1))
    public static let exampleIPv4 = IPAddress.v4(IPv4Address(93, 184, 216, 34))
    public static let hostLinkLocal = v6("fe80::3e22:fbff:fe12:3456")
    public static let routerLinkLocal = v6("fe80::76ac:b9ff:fe01:203")
    public static let hostGlobal = v6("2001:db8:1:0:3e22:fbff:fe12:3456")
    public static let cloudflareIPv6 = v6("2606:4700::1111")

    /// Parses a literal IPv6 address known to be valid; `::` if it is not (the test then fails on the value).
    public static func v6(_ text: String) -> IPv6Address {
        IPv6Address(text) ?? .unspecified
    }
}
