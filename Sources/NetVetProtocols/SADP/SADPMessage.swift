import NetVetWire

/// A Hikvision SADP (Search Active Devices Protocol) XML datagram, UDP 37020, multicast 239.255.255.250.
///
/// No public specification exists; the element names are those open-source scanners and captures show
/// (docs/protocols/cameras-and-snmp.md). Values are copied bounded (`SADPParser.maxFieldLength`). The
/// serial number (`DeviceSN`) identifies one unit, so only its presence is kept.
public struct SADPMessage: Hashable, Sendable {
    /// `Probe` or `ProbeMatch`.
    public var kind: SADPMessageKind
    /// `Uuid`: the transaction id a ProbeMatch echoes.
    public var uuid: String?
    /// `Types`: `inquiry`, `update`, `activate`, ...
    public var types: String?
    /// `DeviceType`: a numeric device class code.
    public var deviceType: String?
    /// `DeviceDescription`: the model (`DS-2CD2386G2-IU`).
    public var deviceDescription: String?
    /// `DeviceSN` was present and not empty (the value is not kept).
    public var hasSerialNumber = false
    /// `CommandPort`: the SDK port (8000).
    public var commandPort: UInt16?
    /// `HttpPort`.
    public var httpPort: UInt16?
    /// `MAC` as written (`44-19-b6-aa-bb-cc`) and parsed.
    public var macText: String?
    public var macAddress: MACAddress?
    /// `IPv4Address`, `IPv4SubnetMask`, `IPv4Gateway`, `IPv6Address`, as written.
    public var ipv4Address: String?
    public var ipv4SubnetMask: String?
    public var ipv4Gateway: String?
    public var ipv6Address: String?
    /// `DHCP`: `true`/`false`.
    public var dhcp: Bool?
    /// `SoftwareVersion` (`V5.3.0build 150513`) and `DSPVersion` (`V5.0build 150327`).
    public var softwareVersion: String?
    public var dspVersion: String?
    /// `BootTime` as written.
    public var bootTime: String?
    /// `Activated`: whether the device has an admin password (unactivated devices ship without one).
    public var activated: Bool?
    /// `PasswordResetAbility`.
    public var passwordResetAbility: Bool?
    /// `OEMInfo`, when a rebadged device names its brand.
    public var oemInfo: String?
    /// The names of all other elements, in document order (values are not kept).
    public var otherElementNames: [String] = []

    /// An empty message of the given kind.
    public init(kind: SADPMessageKind) { self.kind = kind }

    /// SoftwareVersion and DSPVersion joined with `; ` (whichever are present), nil when neither is.
    public var firmware: String? {
        let parts = [softwareVersion, dspVersion].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
