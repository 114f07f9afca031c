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

    /// What an audit loads from the rules directory.
    public struct Loaded: Sendable {
        /// The rules directory the data came from.
        public var directory: String
        /// The IEEE registry (`oui/ieee-registry.tsv`).
        public var vendors: VendorRegistry
        /// The fingerprint signatures, chip makers and brands (`fingerprints/*.yaml`).
        public var signatures: SignatureDatabase
    }

    /// The rules directory: `explicit` if given, else `$NETVET_RULES_DIR`, else the usual places
    /// (`RulesDirectory.locate`).
    public static func directory(explicit: String?) throws(Failure) -> String {
        var environment: [String: String] = [:]
        if let value = getenv(RulesDirectory.environmentVariable) {
            environment[RulesDirectory.environmentVariable] = String(cString: value)
        }
        guard let directory = RulesDirectory.locate(explicit: explicit, environment: environment) else {
            throw .notFound(explicit: explicit ?? environment[RulesDirectory.environmentVariable])
        }
        return directory
    }

    /// The IEEE vendor registry from the rules directory (`directory(explicit:)`).
    public static func vendorRegistry(explicit: String?) throws(Failure) -> VendorRegistry {
        let directory = try directory(explicit: explicit)
        do {
            return try VendorRegistry(contentsOf: directory + "/" + VendorRegistry.tablePath)
        } catch {
            throw .invalid(error)
        }
    }

    /// The OUI table and the fingerprint database from the rules directory (`directory(explicit:)`);
    /// the first defect of either is `.invalid` at its `path:line`.
    public static func load(explicit: String?) throws(Failure) -> Loaded {
        let directory = try directory(explicit: explicit)
        do {
            let vendors = try VendorRegistry(contentsOf: directory + "/" + VendorRegistry.tablePath)
            let signatures = try SignatureDatabase.load(directory: directory)
            return Loaded(directory: directory, vendors: vendors, signatures: signatures)
        } catch {
            throw .invalid(error)
        }
    }
}
