/// The identifying fields of a CWMP Inform (TR-069 Amendment 6 §A.3.3.1), the first RPC a CPE sends
/// to its ACS in every session.
///
/// Values are entity-decoded, trimmed and bounded. The serial number is never kept: only whether one
/// was sent.
public struct CWMPInform: Hashable, Sendable {
    /// `DeviceId/Manufacturer`.
    public var manufacturer: String?
    /// `DeviceId/OUI` (six hex digits, as sent).
    public var oui: String?
    /// `DeviceId/ProductClass`.
    public var productClass: String?
    /// True if `DeviceId/SerialNumber` was present and non-empty (its value is never stored).
    public var hasSerialNumber: Bool
    /// `Event/EventStruct/EventCode` values in wire order (`0 BOOTSTRAP`, `1 BOOT`, `2 PERIODIC`),
    /// at most `CWMPParser.maxEventCodes`.
    public var eventCodes: [String]
    /// The `…DeviceInfo.SoftwareVersion` parameter value.
    public var softwareVersion: String?
    /// The `…DeviceInfo.HardwareVersion` parameter value.
    public var hardwareVersion: String?
    /// The `…DeviceInfo.ModelName` parameter value.
    public var modelName: String?
    /// ParameterValueStruct entries seen in `ParameterList`.
    public var parameterCount: Int

    /// An empty Inform.
    public init() {
        self.hasSerialNumber = false
        self.eventCodes = []
        self.parameterCount = 0
    }
}
