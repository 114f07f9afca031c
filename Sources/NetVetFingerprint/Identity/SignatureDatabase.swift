import NetVetWire

/// Every signature, chip maker and brand loaded from `Rules/fingerprints/` (docs/FINGERPRINTS.md).
///
/// Immutable after loading: regular expressions are compiled once by the loader, and identifying a
/// device only reads the database, so one instance serves every device and thread.
public final class SignatureDatabase: Sendable {
    /// The folder under the rules directory that holds the signature files.
    public static let directoryName = "fingerprints"

    /// Signatures in load order (files in sorted path order, then file order).
    public let signatures: [Signature]
    /// Chip and module makers in load order; the first whose test matches an OUI registrant wins.
    public let chipMakers: [ChipMaker]
    /// Brands, in load order.
    public let brands: [Brand]
    /// What each file contributed, in load order (for `netvet rules check`).
    public let files: [FileSummary]

    /// Brand → manufacturer, keyed by the ASCII lower-cased brand.
    let brandsByName: [String: Brand]
    /// Canonical spellings of manufacturers, brands and chip makers, keyed by their ASCII lower-cased
    /// form, so `HIKVISION` and `Hikvision` count as one vendor.
    let canonicalNames: [String: String]

    /// Counts per loaded file.
    public struct FileSummary: Sendable, Equatable {
        /// The file as displayed in errors and citations.
        public let path: String
        public let signatures: Int
        public let chipMakers: Int
        public let brands: Int

        public init(path: String, signatures: Int, chipMakers: Int, brands: Int) {
            self.path = path
            self.signatures = signatures
            self.chipMakers = chipMakers
            self.brands = brands
        }
    }

    /// A database from already-validated parts (the loader, tests).
    public init(
        signatures: [Signature], chipMakers: [ChipMaker] = [], brands: [Brand] = [], files: [FileSummary] = []
    ) {
        self.signatures = signatures
        self.chipMakers = chipMakers
        self.brands = brands
        self.files = files
        var brandsByName: [String: Brand] = [:]
        var canonical: [String: String] = [:]
        for brand in brands {
            brandsByName[brand.brand.asciiLowercased()] = brand
            canonical[brand.manufacturer.asciiLowercased()] =
                canonical[brand.manufacturer.asciiLowercased()]
                ?? brand.manufacturer
        }
        for maker in chipMakers where canonical[maker.name.asciiLowercased()] == nil {
            canonical[maker.name.asciiLowercased()] = maker.name
        }
        self.brandsByName = brandsByName
        self.canonicalNames = canonical
    }

    /// An empty database: every identity then comes from the OUI alone.
    public static let empty = SignatureDatabase(signatures: [])
}
