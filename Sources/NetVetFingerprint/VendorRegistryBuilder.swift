import NetVetRules

/// Collects validated assignments for a `VendorRegistry`; every rejection is a `RulesError` at `path:line`.
struct VendorRegistryBuilder {
    /// The file (or `<entries>`) that error messages name.
    let path: String
    /// 24-bit assignments keyed by prefix.
    var by24: [UInt64: VendorInfo] = [:]
    /// 28-bit assignments keyed by prefix.
    var by28: [UInt64: VendorInfo] = [:]
    /// 36-bit assignments keyed by prefix.
    var by36: [UInt64: VendorInfo] = [:]
    /// The line that defined each prefix, keyed by `prefix << 8 | bits`, to cite it in duplicate errors.
    private var firstLine: [UInt64: Int] = [:]

    /// Creates an empty builder sized for about `capacity` entries.
    init(path: String, capacity: Int) {
        self.path = path
        // Nearly all IEEE assignments are MA-L; the 28- and 36-bit tables are an order of magnitude smaller.
        by24.reserveCapacity(capacity)
        by28.reserveCapacity(capacity / 8)
        by36.reserveCapacity(capacity / 4)
        firstLine.reserveCapacity(capacity)
    }

    /// The registry name that assigns prefixes of `bits` bits, or nil for an unsupported length.
    static func registries(forBits bits: Int) -> [String]? {
        switch bits {
        case 24: return maL
        case 28: return maM
        case 36: return maSOrIAB
        default: return nil
        }
    }
    // Built once: an array literal in the switch above allocated for each of the table's ~46,000 rows.
    private static let maL = ["MA-L"]
    private static let maM = ["MA-M"]
    private static let maSOrIAB = ["MA-S", "IAB"]

    /// `prefix` as upper-case hex of `bits / 4` digits, as the table writes it.
    static func hex(_ prefix: UInt64, bits: Int) -> String {
        let digits = String(prefix, radix: 16, uppercase: true)
        let width = bits / 4
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Adds one assignment defined at `line`; throws if it is invalid or its prefix is already defined.
    mutating func add(prefix: UInt64, bits: Int, info: VendorInfo, line: Int) throws(RulesError) {
        guard let registries = Self.registries(forBits: bits) else {
            throw RulesError(path: path, line: line, message: "bits must be 24, 28 or 36, found \(bits)")
        }
        // A prefix wider than its length would never match: the key is the address shifted right.
        guard prefix >> UInt64(bits) == 0 else {
            throw RulesError(
                path: path, line: line,
                message: "prefix \(String(prefix, radix: 16, uppercase: true)) does not fit in \(bits) bits")
        }
        guard registries.contains(info.registry) else {
            throw RulesError(
                path: path, line: line,
                message: "registry \"\(info.registry)\" does not assign \(bits)-bit prefixes (expected "
                    + registries.joined(separator: " or ") + ")")
        }
        guard !info.name.isEmpty else {
            throw RulesError(path: path, line: line, message: "empty organization")
        }
        if let country = info.country {
            guard country.utf8.count == 2, country.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
                throw RulesError(
                    path: path, line: line,
                    message: "country must be empty or two upper-case letters (ISO 3166 alpha-2), found \"\(country)\"")
            }
        }
        let key = prefix << 8 | UInt64(bits)
        if let first = firstLine.updateValue(line, forKey: key) {
            throw RulesError(
                path: path, line: line,
                message: "duplicate prefix \(Self.hex(prefix, bits: bits))/\(bits) (first defined at line \(first))")
        }
        switch bits {
        case 24: by24[prefix] = info
        case 28: by28[prefix] = info
        default: by36[prefix] = info
        }
    }
}
