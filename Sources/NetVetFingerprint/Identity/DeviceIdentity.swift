import NetVetRules

/// What a device is, fused from every signature that matched its evidence (docs/FINGERPRINTS.md
/// "Fusion"; reported as `identity` in docs/REPORT.md).
public struct DeviceIdentity: Sendable, Equatable {
    /// The manufacturer (after brand mapping); nil when nothing names one.
    public var vendor: String?
    /// The brand the device is sold under, when a signature or relabel names one.
    public var brand: String?
    public var model: String?
    /// `.unknown` when no signature gives a type.
    public var type: DeviceType
    public var os: String?
    public var firmware: String?
    /// The network-chip or module maker the OUI registrant belongs to, if it is one.
    public var chipMaker: String?
    /// How sure the identity is, 0...1: the vendor's combined score, 0.3 (0.2 for a chip maker) for a
    /// vendor from the OUI alone, else the strongest claim used, else 0.
    public var confidence: Double
    /// The signatures that support the identity, sorted by path and line.
    public var signatures: [RuleLocation]
    /// Competing answers kept visible: other vendors scoring >= 0.3, and types or models that a
    /// signature agreeing with the vendor gave with confidence >= 0.5 but that lost.
    public var conflicts: [IdentityConflict]

    public init(
        vendor: String? = nil, brand: String? = nil, model: String? = nil, type: DeviceType = .unknown,
        os: String? = nil, firmware: String? = nil, chipMaker: String? = nil, confidence: Double = 0,
        signatures: [RuleLocation] = [], conflicts: [IdentityConflict] = []
    ) {
        self.vendor = vendor
        self.brand = brand
        self.model = model
        self.type = type
        self.os = os
        self.firmware = firmware
        self.chipMaker = chipMaker
        self.confidence = confidence
        self.signatures = signatures
        self.conflicts = conflicts
    }

    /// True when neither a vendor nor a type is known.
    public var isUnknown: Bool { vendor == nil && type == .unknown }
}

/// A losing answer for one attribute, with its score and the signatures that gave it.
public struct IdentityConflict: Sendable, Equatable {
    /// `vendor`, `type` or `model`.
    public var attribute: String
    public var value: String
    /// The answer's combined confidence (noisy-or of its signatures).
    public var confidence: Double
    /// Sorted by path and line.
    public var signatures: [RuleLocation]

    public init(attribute: String, value: String, confidence: Double, signatures: [RuleLocation]) {
        self.attribute = attribute
        self.value = value
        self.confidence = confidence
        self.signatures = signatures
    }
}
