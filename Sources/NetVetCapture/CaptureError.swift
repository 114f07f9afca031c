import NetVetWire

/// Why a capture source could not be opened or read. `description` is a one-line message that names
/// the file or interface, ready for `netvet: <message>` on standard error.
public enum CaptureError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist or cannot be opened (permissions, a directory).
    case cannotOpen(path: String, reason: String)
    /// The file exists but is not a pcap or pcapng capture.
    case notACapture(path: String, reason: String)
    /// The capture's link type is one netvet does not decode.
    case unsupportedLinkType(source: String, linkType: LinkType, libpcapName: String)
    /// The live interface does not exist.
    case noSuchInterface(name: String, reason: String)
    /// Capturing needs privileges the process does not have (root or CAP_NET_RAW).
    case permissionDenied(name: String, reason: String)
    /// The BPF filter did not compile or could not be set.
    case badFilter(expression: String, reason: String)
    /// Any other libpcap failure while opening or reading.
    case failed(source: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "\(path): cannot open: \(reason)"
        case .notACapture(let path, let reason): return "\(path): not a pcap or pcapng capture (\(reason))"
        case .unsupportedLinkType(let source, let linkType, let libpcapName):
            return "\(source): unsupported link type \(libpcapName) (DLT \(linkType.rawValue))"
        case .noSuchInterface(let name, let reason): return "\(name): no such interface (\(reason))"
        case .permissionDenied(let name, let reason):
            return "\(name): permission denied (\(reason)); run as root or grant CAP_NET_RAW"
        case .badFilter(let expression, let reason): return "bad capture filter '\(expression)': \(reason)"
        case .failed(let source, let reason): return "\(source): \(reason)"
        }
    }
}
