/// The identifying fields of a UPnP device description document (UPnP Device Architecture 2.0 §2.3),
/// taken from the root device only (the first `<device>` directly under `<root>`), never from embedded
/// devices in its `<deviceList>`.
///
/// Values are entity-decoded, trimmed, bounded and decoded leniently. The serial number is never kept:
/// only whether one was published.
public struct UPnPDescriptionMessage: Hashable, Sendable {
    /// `<deviceType>`.
    public var deviceType: UPnPDeviceType?
    /// `<friendlyName>` (often set by the owner: "Living Room TV").
    public var friendlyName: String?
    /// `<manufacturer>`.
    public var manufacturer: String?
    /// `<manufacturerURL>`.
    public var manufacturerURL: String?
    /// `<modelDescription>`.
    public var modelDescription: String?
    /// `<modelName>`.
    public var modelName: String?
    /// `<modelNumber>`.
    public var modelNumber: String?
    /// `<UDN>` (`uuid:…`).
    public var udn: String?
    /// True if the root device published a non-empty `<serialNumber>` (its value is never stored).
    public var hasSerialNumber: Bool
    /// Devices found under the root device's `<deviceList>` (any depth).
    public var embeddedDeviceCount: Int

    /// An empty description.
    public init() {
        self.hasSerialNumber = false
        self.embeddedDeviceCount = 0
    }
}
