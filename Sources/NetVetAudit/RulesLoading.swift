import NetVetFingerprint

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds and loads the data under `Rules/` that an audit needs.
public enum RulesLoading {
    /// Why the rules could not be loaded; `description` is a one-line message.
    public enum Failure: Error, CustomStringConvertible {
        case notFound(explicit: String?)
        case invalid(RulesError)

        public var description: String {
            switch self {
            case .notFound(let explicit?): return "\(explicit): rules directory not found"
            case .notFound(nil):
                return
                    "cannot find the Rules directory; pass --rules-dir DIR or set \(RulesDirectory.environmentVariable)"
            case .invalid(let error): return error.description
            }
        }
    }

    /// The IEEE vendor registry from the rules directory: `explicit` if given, else the usual places
    /// (`RulesDirectory.locate`).
    public static func vendorRegistry(explicit: String?) throws(Failure) -> VendorRegistry {
        var environment: [String: String] = [:]
        if let value = getenv(RulesDirectory.environmentVariable) {
            environment[RulesDirectory.environmentVariable] = String(cString: value)
        }
        guard let directory = RulesDirectory.locate(explicit: explicit, environment: environment) else {
            throw .notFound(explicit: explicit ?? environment[RulesDirectory.environmentVariable])
        }
        do {
            return try VendorRegistry(contentsOf: directory + "/" + VendorRegistry.tablePath)
        } catch {
            throw .invalid(error)
        }
    }
}
