import NetVetWire

/// A Dahua DHIP discovery datagram: the 32-byte header and the handful of JSON keys that describe a
/// device (`{"mac":…,"method":"client.notifyDevInfo","params":{"deviceInfo":{…}}}`).
///
/// No public specification exists; the key names are those open-source scanners and captures show
/// (docs/protocols/cameras-and-snmp.md). Strings are copied bounded (`DHIPParser.maxFieldLength`). The
/// serial number (`SerialNo`, and `MachineName`, which is often the serial) is never kept: only whether
/// `SerialNo` was present.
public struct DHIPMessage: Hashable, Sendable {
    /// Header bytes 8–15 (a session or request id), big-endian.
    public var session: UInt64
    /// Header bytes 16–19, little-endian: the body length.
    public var bodyLength: UInt32
    /// `method` (`client.notifyDevInfo`, `DHDiscover.search`).
    public var method: String?
    /// The top-level `mac` (or `deviceInfo.Mac`), as written and parsed.
    public var macText: String?
    public var macAddress: MACAddress?
    /// `deviceInfo.DeviceType`: the model (`IPC-HDW5421S`).
    public var deviceType: String?
    /// `deviceInfo.DeviceClass`: `IPC`, `NVR`, `XVR`, `VTO`, ...
    public var deviceClass: String?
    /// `deviceInfo.Vendor` and `deviceInfo.Manufacturer` (`Dahua`, `General`, `Private`, OEM names).
    public var vendor: String?
    public var manufacturer: String?
    /// `deviceInfo.Version`: the firmware (`2.800.0000000.25.R`).
    public var version: String?
    /// `deviceInfo.SerialNo` was present and not empty (the value is not kept).
    public var hasSerialNumber = false
    /// `deviceInfo.HttpPort` and `deviceInfo.Port` (the private protocol port, 37777).
    public var httpPort: UInt16?
    public var port: UInt16?
    /// `deviceInfo.IPv4Address.IPAddress`.
    public var ipv4Address: String?

    /// A message with the given header fields and nothing read from the body.
    public init(session: UInt64, bodyLength: UInt32) {
        self.session = session
        self.bodyLength = bodyLength
    }

    /// True for a device's self-description.
    public var isDeviceInfo: Bool { method == DHIPCodes.notifyDeviceInfo }
}
