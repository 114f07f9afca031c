/// What kind of device something is: the closed set of types a signature may yield
/// (docs/FINGERPRINTS.md lists each with one line).
///
/// Closed on purpose: a report consumer can switch over it, and a typo in a signature file is a load
/// error instead of a new type. The raw values are the spellings used in signature files and reports.
public enum DeviceType: String, Sendable, CaseIterable, Comparable {
    case camera
    case nvr
    case router
    case cellularGateway = "cellular-gateway"
    case `switch`
    case accessPoint = "access-point"
    case firewall
    case iotHub = "iot-hub"
    case smartPlug = "smart-plug"
    case smartSpeaker = "smart-speaker"
    case mediaPlayer = "media-player"
    case tv
    case printer
    case phone
    case tablet
    case computer
    case server
    case voipPhone = "voip-phone"
    case gameConsole = "game-console"
    case sensor
    case buildingController = "building-controller"
    case smartLock = "smart-lock"
    case light
    case appliance
    case unknown

    /// Lexical order of the raw values (used only to break ties deterministically).
    public static func < (lhs: DeviceType, rhs: DeviceType) -> Bool { lhs.rawValue < rhs.rawValue }

    /// All raw values, comma-separated, for error messages.
    static let spellings = allCases.map(\.rawValue).joined(separator: ", ")
}
