/// A DHCPv4 option code (RFC 2132 and later); an open set, so unknown codes stay representable.
public struct DHCPOptionCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Pad (0): one byte, no length, skipped.
    public static let pad = Self(rawValue: 0)
    /// Vendor-specific information (43), RFC 2132 §8.4.
    public static let vendorSpecific = Self(rawValue: 43)
    /// Host name (12), RFC 2132 §3.14.
    public static let hostName = Self(rawValue: 12)
    /// Requested IP address (50), RFC 2132 §9.1.
    public static let requestedAddress = Self(rawValue: 50)
    /// Option overload (52), RFC 2132 §9.3: options continue in `file`/`sname`.
    public static let overload = Self(rawValue: 52)
    /// DHCP message type (53), RFC 2132 §9.6.
    public static let messageType = Self(rawValue: 53)
    /// Server identifier (54), RFC 2132 §9.7.
    public static let serverIdentifier = Self(rawValue: 54)
    /// Parameter request list (55), RFC 2132 §9.8.
    public static let parameterRequestList = Self(rawValue: 55)
    /// Maximum DHCP message size (57), RFC 2132 §9.10.
    public static let maxMessageSize = Self(rawValue: 57)
    /// Vendor class identifier (60), RFC 2132 §9.13.
    public static let vendorClassIdentifier = Self(rawValue: 60)
    /// Client identifier (61), RFC 2132 §9.14.
    public static let clientIdentifier = Self(rawValue: 61)
    /// Client FQDN (81), RFC 4702.
    public static let clientFQDN = Self(rawValue: 81)
    /// End (255): no length, ends the options.
    public static let end = Self(rawValue: 255)

    private static let names: [UInt8: String] = [
        0: "pad", 12: "host-name", 43: "vendor-specific", 50: "requested-address", 52: "overload",
        53: "message-type", 54: "server-identifier", 55: "parameter-request-list", 57: "max-message-size",
        60: "vendor-class-identifier", 61: "client-identifier", 81: "client-fqdn", 255: "end",
    ]

    /// The option's name when known, else its code in hex (`0x7d`).
    public var description: String { Self.names[rawValue] ?? PacketText.hex(rawValue, digits: 2) }
}

/// The DHCP message type carried in option 53 (RFC 2132 §9.6, RFC 4388, RFC 6926); an open set.
public struct DHCPMessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let discover = Self(rawValue: 1)
    public static let offer = Self(rawValue: 2)
    public static let request = Self(rawValue: 3)
    public static let decline = Self(rawValue: 4)
    public static let ack = Self(rawValue: 5)
    public static let nak = Self(rawValue: 6)
    public static let release = Self(rawValue: 7)
    public static let inform = Self(rawValue: 8)

    private static let names = ["DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK", "RELEASE", "INFORM"]

    /// The upper-case type name for 1...8, else the value in hex.
    public var description: String {
        (1...8).contains(rawValue) ? Self.names[Int(rawValue) - 1] : PacketText.hex(rawValue, digits: 2)
    }
}

/// The BOOTP `op` field (RFC 2131 §2): request from a client, reply from a server; an open set.
public struct DHCPOperation: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// BOOTREQUEST (1), sent by clients.
    public static let bootRequest = Self(rawValue: 1)
    /// BOOTREPLY (2), sent by servers and relays.
    public static let bootReply = Self(rawValue: 2)

    /// `request`, `reply`, or the value in hex.
    public var description: String {
        switch self {
        case .bootRequest: return "request"
        case .bootReply: return "reply"
        default: return PacketText.hex(rawValue, digits: 2)
        }
    }
}

extension ProtocolAnomaly {
    /// Fewer than the 236 fixed BOOTP bytes plus the 4-byte magic cookie (RFC 2131 §2).
    public static let dhcpTruncated = ProtocolAnomaly("dhcp.truncated")
    /// The 4 bytes after the fixed header are not the magic cookie 99.130.83.99; options not read.
    public static let dhcpBadMagic = ProtocolAnomaly("dhcp.bad_magic")
    /// `hlen` is larger than the 16-byte `chaddr` field.
    public static let dhcpBadHardwareLength = ProtocolAnomaly("dhcp.bad_hardware_length")
    /// An option's length byte is missing or its data runs past the end of the message.
    public static let dhcpOptionTruncated = ProtocolAnomaly("dhcp.option_truncated")
    /// An option's length does not fit its definition (option 53 not 1 byte, option 50 not 4, ...).
    public static let dhcpOptionLengthMismatch = ProtocolAnomaly("dhcp.option_length_mismatch")
    /// An option code appears more than once; the first occurrence is kept.
    public static let dhcpOptionRepeated = ProtocolAnomaly("dhcp.option_repeated")
    /// Option 52 asks to read more options from `sname`/`file`; netvet does not, so some may be missed.
    public static let dhcpOverloadIgnored = ProtocolAnomaly("dhcp.option_overload_ignored")
    /// The options ended without the end option (255).
    public static let dhcpEndMissing = ProtocolAnomaly("dhcp.end_missing")
    /// Option 81's wire-encoded name is malformed (bad label length, bytes after the root label).
    public static let dhcpFQDNBadName = ProtocolAnomaly("dhcp.fqdn_bad_name")
}
