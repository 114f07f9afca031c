/// A CWMP parameter name (TR-069 Amendment 6 §A.3.2.1 ParameterValueStruct `Name`, a path in the
/// TR-098 `InternetGatewayDevice.` or TR-181 `Device.` data model); an open set.
public struct CWMPParameterName: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let igdSoftwareVersion = Self(rawValue: "InternetGatewayDevice.DeviceInfo.SoftwareVersion")
    public static let igdHardwareVersion = Self(rawValue: "InternetGatewayDevice.DeviceInfo.HardwareVersion")
    public static let igdModelName = Self(rawValue: "InternetGatewayDevice.DeviceInfo.ModelName")
    public static let softwareVersion = Self(rawValue: "Device.DeviceInfo.SoftwareVersion")
    public static let hardwareVersion = Self(rawValue: "Device.DeviceInfo.HardwareVersion")
    public static let modelName = Self(rawValue: "Device.DeviceInfo.ModelName")

    public var description: String { rawValue }
}

extension ProtocolAnomaly {
    /// The body has no `<Inform>` element in the scanned bytes: not a CWMP Inform (another RPC, or
    /// not CWMP at all).
    public static let cwmpNotInform = ProtocolAnomaly("cwmp.not_inform")
    /// The body ended before `</Inform>` (or inside markup); the fields seen so far are kept.
    public static let cwmpTruncated = ProtocolAnomaly("cwmp.truncated")
    /// `</Inform>` was not found within `CWMPParser.maxScanSize` bytes; the rest was not read.
    public static let cwmpScanLimitReached = ProtocolAnomaly("cwmp.scan_limit_reached")
    /// A value longer than `CWMPParser.maxFieldLength` bytes was cut.
    public static let cwmpFieldTruncated = ProtocolAnomaly("cwmp.field_truncated")
    /// More than `CWMPParser.maxEventCodes` event codes; the rest were not kept.
    public static let cwmpTooManyEvents = ProtocolAnomaly("cwmp.too_many_events")
}
