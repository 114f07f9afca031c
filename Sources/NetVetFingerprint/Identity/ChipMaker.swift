import NetVetRules
import NetVetWire

/// A network-chip or module maker (`chip_makers:` in `Rules/fingerprints/chip-makers.yaml`): its OUI
/// names the radio or NIC inside a device, not the device's vendor (docs/FINGERPRINTS.md "Fusion").
public struct ChipMaker: Sendable {
    /// The name reported as `identity.chip_maker` (and as the vendor when nothing better is known).
    public let name: String
    /// The test of the IEEE registrant name (`oui` / `name` pseudo-evidence).
    public let oui: ValueMatcher
    /// What the company makes and where its registry entries are, as written in the file.
    public let provenance: String
    /// Where the entry is defined.
    public let location: RuleLocation

    /// True when `registrant` (an IEEE organization name) is this maker's.
    func matches(registrant: String) -> Bool {
        oui.match(registrant, lowered: registrant.asciiLowercased()) != nil
    }
}

/// A brand or OEM relabel and the manufacturer behind it (`brands:` in `Rules/fingerprints/brands.yaml`).
public struct Brand: Sendable {
    /// The brand as sold (canonical spelling), e.g. `EZVIZ`.
    public let brand: String
    /// The manufacturer, e.g. `Hikvision`.
    public let manufacturer: String
    /// Where the relation is documented.
    public let provenance: String
    /// Where the entry is defined.
    public let location: RuleLocation
}
