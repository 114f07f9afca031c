/// A CDP TLV type (Cisco Discovery Protocol version 2); an open set.
public struct CDPTLVType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let deviceID = Self(rawValue: 0x0001)
    public static let addresses = Self(rawValue: 0x0002)
    public static let portID = Self(rawValue: 0x0003)
    public static let capabilities = Self(rawValue: 0x0004)
    public static let softwareVersion = Self(rawValue: 0x0005)
    public static let platform = Self(rawValue: 0x0006)
    public static let vtpManagementDomain = Self(rawValue: 0x0009)
    public static let nativeVLAN = Self(rawValue: 0x000A)
    public static let duplex = Self(rawValue: 0x000B)
    public static let managementAddresses = Self(rawValue: 0x0016)

    private static let names: [UInt16: String] = [
        0x01: "device-id", 0x02: "addresses", 0x03: "port-id", 0x04: "capabilities", 0x05: "software-version",
        0x06: "platform", 0x09: "vtp-domain", 0x0A: "native-vlan", 0x0B: "duplex", 0x16: "management-addresses",
    ]

    /// The TLV's name when known, else its type in hex (`0x001a`).
    public var description: String { Self.names[rawValue] ?? PacketText.hex(rawValue, digits: 4) }
}

/// The capabilities bit set of CDP TLV 4.
public struct CDPCapabilities: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let router = Self(rawValue: 0x001)
    public static let transparentBridge = Self(rawValue: 0x002)
    public static let sourceRouteBridge = Self(rawValue: 0x004)
    public static let `switch` = Self(rawValue: 0x008)
    public static let host = Self(rawValue: 0x010)
    public static let igmp = Self(rawValue: 0x020)
    public static let repeater = Self(rawValue: 0x040)
    public static let phone = Self(rawValue: 0x080)
    public static let remotelyManaged = Self(rawValue: 0x100)
    /// Cisco Virtual Talk-Around (CVTA).
    public static let cvta = Self(rawValue: 0x200)
    /// Two-port MAC relay.
    public static let macRelay = Self(rawValue: 0x400)

    private static let bitNames = [
        "router", "trans-bridge", "source-route-bridge", "switch", "host", "igmp", "repeater", "phone",
        "remotely-managed", "cvta", "mac-relay",
    ]

    /// The names of the set bits in bit order; other bits appear as `bit11`...`bit31`.
    public var names: [String] {
        (0..<32).filter { rawValue & (1 << $0) != 0 }.map { $0 < Self.bitNames.count ? Self.bitNames[$0] : "bit\($0)" }
    }

    /// The names joined with `,`.
    public var description: String { names.joined(separator: ",") }
}

extension ProtocolAnomaly {
    /// Fewer than the 4-byte header (malformed).
    public static let cdpTruncated = ProtocolAnomaly("cdp.truncated")
    /// The version is neither 1 nor 2.
    public static let cdpUnknownVersion = ProtocolAnomaly("cdp.unknown_version")
    /// The checksum over the whole CDP payload does not verify (damaged or cut frame, or padding passed in).
    public static let cdpBadChecksum = ProtocolAnomaly("cdp.bad_checksum")
    /// A TLV header is incomplete or its length runs past the end; reading stops.
    public static let cdpTLVTruncated = ProtocolAnomaly("cdp.tlv_truncated")
    /// A TLV length below the 4 bytes of its own header; reading stops, as the next TLV cannot be found.
    public static let cdpTLVLengthTooSmall = ProtocolAnomaly("cdp.tlv_length_too_small")
    /// A TLV's length does not fit its definition (capabilities not 4, native VLAN not 2, duplex not 1,
    /// an address list whose entries run past the TLV).
    public static let cdpTLVLengthMismatch = ProtocolAnomaly("cdp.tlv_length_mismatch")
    /// A known TLV appears again; the first is kept.
    public static let cdpDuplicateTLV = ProtocolAnomaly("cdp.duplicate_tlv")
    /// More TLVs than `CDPParser.maxTLVs`; the rest are not read.
    public static let cdpTooManyTLVs = ProtocolAnomaly("cdp.too_many_tlvs")
    /// A string TLV is longer than its cap (255 bytes, 1024 for the software version); the value is cut.
    public static let cdpStringTooLong = ProtocolAnomaly("cdp.string_too_long")
}
