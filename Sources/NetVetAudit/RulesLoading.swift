import NetVetFingerprint
import NetVetRules

/// Finds and loads the data under `Rules/` that an audit needs: the lookup and the strict reading are
/// NetVetRules' (`RulesDirectory`, `RulesYAML`); this gathers what the audit loads in one call.
public enum RulesLoading {
    /// Why the rules could not be loaded; `description` is a one-line message.
    public enum Failure: Error, CustomStringConvertible {
        /// No rules directory: the one named (`--rules-dir` or `$NETVET_RULES_DIR`), or none found.
        case notFound(explicit: String?)
        /// A defect in a file, at `path:line`.
        case invalid(RulesError)

        public var description: String {
            switch self {
            case .notFound(let explicit): return RulesDirectory.NotFound(requested: explicit).description
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
    /// (`RulesDirectory.locate(explicit:)`).
    public static func directory(explicit: String?) throws(Failure) -> String {
        do {
            return try RulesDirectory.locate(explicit: explicit)
        } catch {
            throw .notFound(explicit: error.requested)
        }
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
