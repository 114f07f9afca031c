/// A UPnP device type URN (UPnP DA 2.0 §2.3: `urn:schemas-upnp-org:device:MediaRenderer:1`); an open set.
public struct UPnPDeviceType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let basic = Self(rawValue: "urn:schemas-upnp-org:device:Basic:1")
    public static let mediaRenderer = Self(rawValue: "urn:schemas-upnp-org:device:MediaRenderer:1")
    public static let mediaServer = Self(rawValue: "urn:schemas-upnp-org:device:MediaServer:1")
    public static let internetGateway = Self(rawValue: "urn:schemas-upnp-org:device:InternetGatewayDevice:1")
    public static let printer = Self(rawValue: "urn:schemas-upnp-org:device:Printer:1")
    public static let networkVideoTransmitter = Self(
        rawValue: "urn:schemas-upnp-org:device:NetworkVideoTransmitter:1")

    /// The type name between `device:` and the version (`MediaRenderer`), if the URN has that shape.
    public var name: String? {
        let parts = rawValue.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[2] == "device" else { return nil }
        return String(parts[3])
    }

    public var description: String { rawValue }
}

extension ProtocolAnomaly {
    /// The body has no `<root>` or `<device>` element in the scanned bytes: not a device description.
    public static let upnpNotDeviceDescription = ProtocolAnomaly("upnp.not_device_description")
    /// The body ended before `</root>` (or inside markup); the fields seen so far are kept.
    public static let upnpTruncated = ProtocolAnomaly("upnp.truncated")
    /// `</root>` was not found within `UPnPDescriptionParser.maxScanSize` bytes; the rest was not read.
    public static let upnpScanLimitReached = ProtocolAnomaly("upnp.scan_limit_reached")
    /// A field value longer than `UPnPDescriptionParser.maxFieldLength` bytes was cut.
    public static let upnpFieldTruncated = ProtocolAnomaly("upnp.field_truncated")
}
