/// A DHCPv6 message type (RFC 8415 §7.3); an open set.
public struct DHCPv6MessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let solicit = Self(rawValue: 1)
    public static let advertise = Self(rawValue: 2)
    public static let request = Self(rawValue: 3)
    public static let confirm = Self(rawValue: 4)
    public static let renew = Self(rawValue: 5)
    public static let rebind = Self(rawValue: 6)
    public static let reply = Self(rawValue: 7)
    public static let release = Self(rawValue: 8)
    public static let decline = Self(rawValue: 9)
    public static let reconfigure = Self(rawValue: 10)
    public static let informationRequest = Self(rawValue: 11)
    /// RELAY-FORW: a relay agent forwards a client message (RFC 8415 §9).
    public static let relayForward = Self(rawValue: 12)
    /// RELAY-REPL: a server's reply to be relayed back.
    public static let relayReply = Self(rawValue: 13)

    private static let names = [
        "SOLICIT", "ADVERTISE", "REQUEST", "CONFIRM", "RENEW", "REBIND", "REPLY", "RELEASE", "DECLINE",
        "RECONFIGURE", "INFORMATION-REQUEST", "RELAY-FORW", "RELAY-REPL",
    ]

    /// True for RELAY-FORW and RELAY-REPL, whose header is the relay header (RFC 8415 §9).
    public var isRelay: Bool { self == .relayForward || self == .relayReply }

    /// The RFC name for 1...13, else the value in hex.
    public var description: String {
        (1...13).contains(rawValue) ? Self.names[Int(rawValue) - 1] : PacketText.hex(rawValue, digits: 2)
    }
}

/// A DHCPv6 option code (RFC 8415 §21 and the IANA registry); an open set.
public struct DHCPv6OptionCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Client Identifier (1), a DUID (§21.2).
    public static let clientID = Self(rawValue: 1)
    /// Server Identifier (2), a DUID (§21.3).
    public static let serverID = Self(rawValue: 2)
    /// Option Request (6): requested option codes in order (§21.7).
    public static let optionRequest = Self(rawValue: 6)
    /// Elapsed Time (8), not kept.
    public static let elapsedTime = Self(rawValue: 8)
    /// Relay Message (9): the relayed message (§21.10).
    public static let relayMessage = Self(rawValue: 9)
    /// Vendor Class (16): enterprise number and opaque strings (§21.16).
    public static let vendorClass = Self(rawValue: 16)
    /// Client FQDN (39), RFC 4704.
    public static let clientFQDN = Self(rawValue: 39)

    private static let names: [UInt16: String] = [
        1: "client-id", 2: "server-id", 6: "option-request", 8: "elapsed-time", 9: "relay-message",
        16: "vendor-class", 39: "client-fqdn",
    ]

    /// The option's name when known, else its code in hex (`0x0052`).
    public var description: String { Self.names[rawValue] ?? PacketText.hex(rawValue, digits: 4) }
}

/// A DUID type (RFC 8415 §11.1, RFC 6355); an open set.
public struct DHCPv6DUIDType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// DUID-LLT: hardware type, time, link-layer address (§11.2).
    public static let linkLayerPlusTime = Self(rawValue: 1)
    /// DUID-EN: enterprise number and identifier (§11.3).
    public static let enterprise = Self(rawValue: 2)
    /// DUID-LL: hardware type and link-layer address (§11.4).
    public static let linkLayer = Self(rawValue: 3)
    /// DUID-UUID: a 16-byte UUID (§11.5, RFC 6355).
    public static let uuid = Self(rawValue: 4)

    /// `LLT`, `EN`, `LL`, `UUID`, or the value in hex.
    public var description: String {
        switch rawValue {
        case 1: return "LLT"
        case 2: return "EN"
        case 3: return "LL"
        case 4: return "UUID"
        default: return PacketText.hex(rawValue, digits: 4)
        }
    }
}

extension ProtocolAnomaly {
    /// Fewer than the 4-byte client/server header or the 34-byte relay header (RFC 8415 §8, §9).
    public static let dhcpv6Truncated = ProtocolAnomaly("dhcpv6.truncated")
    /// An option's 4-byte header is incomplete or its data runs past the end; reading stops.
    public static let dhcpv6OptionTruncated = ProtocolAnomaly("dhcpv6.option_truncated")
    /// An option's length does not fit its definition (odd ORO, short vendor class or FQDN).
    public static let dhcpv6OptionLengthMismatch = ProtocolAnomaly("dhcpv6.option_length_mismatch")
    /// An option that may appear once appears again; the first is kept.
    public static let dhcpv6OptionRepeated = ProtocolAnomaly("dhcpv6.option_repeated")
    /// A DUID is shorter than its type requires, or longer than the 128 bytes RFC 8415 §11.1 allows.
    public static let dhcpv6BadDUID = ProtocolAnomaly("dhcpv6.bad_duid")
    /// Option 39's name is malformed (bad label length, compression pointer, bytes after the root).
    public static let dhcpv6FQDNBadName = ProtocolAnomaly("dhcpv6.fqdn_bad_name")
    /// Relay messages nest deeper than `DHCPv6Parser.maxRelayDepth`; the innermost are not read.
    public static let dhcpv6RelayTooDeep = ProtocolAnomaly("dhcpv6.relay_too_deep")
    /// A vendor class data item's length runs past the option.
    public static let dhcpv6VendorClassTruncated = ProtocolAnomaly("dhcpv6.vendor_class_truncated")
}
