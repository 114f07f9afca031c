/// An LLDP TLV type (IEEE 802.1AB-2016 §8.4, 7 bits); an open set.
public struct LLDPTLVType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let end = Self(rawValue: 0)
    public static let chassisID = Self(rawValue: 1)
    public static let portID = Self(rawValue: 2)
    public static let timeToLive = Self(rawValue: 3)
    public static let portDescription = Self(rawValue: 4)
    public static let systemName = Self(rawValue: 5)
    public static let systemDescription = Self(rawValue: 6)
    public static let systemCapabilities = Self(rawValue: 7)
    public static let managementAddress = Self(rawValue: 8)
    public static let organizationSpecific = Self(rawValue: 127)

    private static let names = [
        "end", "chassis-id", "port-id", "ttl", "port-description", "system-name", "system-description",
        "system-capabilities", "management-address",
    ]

    /// The TLV's name when known, else its type in hex.
    public var description: String {
        if rawValue < 9 { return Self.names[Int(rawValue)] }
        return rawValue == 127 ? "organization-specific" : PacketText.hex(rawValue, digits: 2)
    }
}

/// The system capabilities bit set of TLV 7 (IEEE 802.1AB-2016 §8.5.8, table 8-4).
public struct LLDPCapabilities: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let other = Self(rawValue: 1 << 0)
    public static let repeater = Self(rawValue: 1 << 1)
    /// MAC bridge.
    public static let bridge = Self(rawValue: 1 << 2)
    /// WLAN access point.
    public static let wlanAccessPoint = Self(rawValue: 1 << 3)
    public static let router = Self(rawValue: 1 << 4)
    public static let telephone = Self(rawValue: 1 << 5)
    /// DOCSIS cable device.
    public static let docsis = Self(rawValue: 1 << 6)
    /// Station only.
    public static let station = Self(rawValue: 1 << 7)
    /// C-VLAN component.
    public static let customerVLAN = Self(rawValue: 1 << 8)
    /// S-VLAN component.
    public static let serviceVLAN = Self(rawValue: 1 << 9)
    /// Two-port MAC relay.
    public static let tpmr = Self(rawValue: 1 << 10)

    private static let bitNames = [
        "other", "repeater", "bridge", "wlan-ap", "router", "telephone", "docsis", "station", "c-vlan", "s-vlan",
        "tpmr",
    ]

    /// The names of the set bits in bit order; reserved bits appear as `bit11`...`bit15`.
    public var names: [String] {
        (0..<16).filter { rawValue & (1 << $0) != 0 }.map { $0 < Self.bitNames.count ? Self.bitNames[$0] : "bit\($0)" }
    }

    /// The names joined with `,`.
    public var description: String { names.joined(separator: ",") }
}

/// An organizationally unique identifier of an LLDP organization-specific TLV; an open set.
public struct LLDPOrganization: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The 24-bit OUI in the low bits.
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue & 0xFF_FFFF }

    /// IEEE 802.1 (00-80-C2).
    public static let ieee8021 = Self(rawValue: 0x0080C2)
    /// IEEE 802.3 (00-12-0F).
    public static let ieee8023 = Self(rawValue: 0x00120F)
    /// TIA LLDP-MED, ANSI/TIA-1057 (00-12-BB).
    public static let lldpMED = Self(rawValue: 0x0012BB)

    /// The OUI as `00-12-bb`.
    public var description: String {
        [16, 8, 0].map { String(PacketText.hex(UInt8(truncatingIfNeeded: rawValue >> $0), digits: 2).dropFirst(2)) }
            .joined(separator: "-")
    }
}

extension ProtocolAnomaly {
    /// Fewer than 2 bytes: not even one TLV header (malformed).
    public static let lldpTruncated = ProtocolAnomaly("lldp.truncated")
    /// A TLV header is incomplete or its value runs past the end of the frame; reading stops.
    public static let lldpTLVTruncated = ProtocolAnomaly("lldp.tlv_truncated")
    /// A TLV's length does not fit its definition (TTL not 2, capabilities not 4, ID under 2 or over 256,
    /// a MAC subtype not 6 bytes, a malformed management address, an organization TLV under 4, end not 0).
    public static let lldpTLVLengthMismatch = ProtocolAnomaly("lldp.tlv_length_mismatch")
    /// No chassis ID TLV.
    public static let lldpMissingChassisID = ProtocolAnomaly("lldp.missing_chassis_id")
    /// No port ID TLV.
    public static let lldpMissingPortID = ProtocolAnomaly("lldp.missing_port_id")
    /// No TTL TLV.
    public static let lldpMissingTTL = ProtocolAnomaly("lldp.missing_ttl")
    /// The chassis ID, port ID and TTL TLVs are present but are not the first three, in that order.
    public static let lldpMandatoryTLVOrder = ProtocolAnomaly("lldp.mandatory_tlv_order")
    /// One of TLVs 1–7, which may appear once, appears again; the first is kept.
    public static let lldpDuplicateTLV = ProtocolAnomaly("lldp.duplicate_tlv")
    /// The frame ends without the end TLV.
    public static let lldpEndMissing = ProtocolAnomaly("lldp.end_missing")
    /// More TLVs than `LLDPParser.maxTLVs`; the rest are not read.
    public static let lldpTooManyTLVs = ProtocolAnomaly("lldp.too_many_tlvs")
    /// A string TLV is longer than the 255 bytes the standard allows; the value is cut at 255.
    public static let lldpStringTooLong = ProtocolAnomaly("lldp.string_too_long")
}
