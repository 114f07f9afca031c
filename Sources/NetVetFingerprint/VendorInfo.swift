/// The IEEE Registration Authority assignment that covers a MAC address: who registered the block.
public struct VendorInfo: Sendable, Equatable {
    /// The organization as listed by IEEE, whitespace-collapsed (for example "Cisco Systems, Inc";
    /// "Private" for assignments whose owner asked not to be listed).
    public var name: String
    /// ISO 3166 alpha-2 code of the registered address (for example "US"); nil when the listing has none.
    public var country: String?
    /// The registry the block comes from: "MA-L" (24-bit), "MA-M" (28-bit), "MA-S" (36-bit) or "IAB" (36-bit).
    public var registry: String

    /// Creates a vendor record; an empty `country` is stored as nil.
    public init(name: String, country: String?, registry: String) {
        self.name = name
        self.country = country?.isEmpty == true ? nil : country
        self.registry = registry
    }
}
