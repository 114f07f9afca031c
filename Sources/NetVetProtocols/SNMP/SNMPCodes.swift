/// The SNMP message version (RFC 3416 §3 / RFC 1157 §4: `version` INTEGER); an open set.
public struct SNMPVersion: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int64
    public init(rawValue: Int64) { self.rawValue = rawValue }

    /// SNMPv1 (RFC 1157): version 0.
    public static let v1 = Self(rawValue: 0)
    /// SNMPv2c (RFC 1901): version 1, community-based like v1.
    public static let v2c = Self(rawValue: 1)
    /// SNMPv3 (RFC 3412): version 3, user-based security; only the version is read.
    public static let v3 = Self(rawValue: 3)

    /// True for the versions that carry a community string in clear (v1, v2c).
    public var isCommunityBased: Bool { self == .v1 || self == .v2c }

    public var description: String {
        switch self {
        case .v1: return "1"
        case .v2c: return "2c"
        case .v3: return "3"
        default: return String(rawValue)
        }
    }
}

/// The PDU's context-specific tag (RFC 3416 §3, RFC 1157 §4.1); an open set, unknown ones print as hex.
public struct SNMPPDUType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// GetRequest-PDU.
    public static let getRequest = Self(rawValue: 0xA0)
    /// GetNextRequest-PDU.
    public static let getNextRequest = Self(rawValue: 0xA1)
    /// GetResponse (v1) / Response (v2c): the agent's answer.
    public static let response = Self(rawValue: 0xA2)
    /// SetRequest-PDU.
    public static let setRequest = Self(rawValue: 0xA3)
    /// The SNMPv1 Trap-PDU, with its own layout (RFC 1157 §4.1.6).
    public static let trapV1 = Self(rawValue: 0xA4)
    /// GetBulkRequest-PDU (v2c).
    public static let getBulkRequest = Self(rawValue: 0xA5)
    /// InformRequest-PDU (v2c).
    public static let informRequest = Self(rawValue: 0xA6)
    /// SNMPv2-Trap-PDU.
    public static let trapV2 = Self(rawValue: 0xA7)
    /// Report-PDU (v3).
    public static let report = Self(rawValue: 0xA8)

    /// True for the PDUs an agent sends about itself (Response, both traps, Inform).
    public var isFromAgent: Bool { self == .response || self == .trapV1 || self == .trapV2 || self == .informRequest }

    public var description: String {
        switch self {
        case .getRequest: return "get_request"
        case .getNextRequest: return "get_next_request"
        case .response: return "response"
        case .setRequest: return "set_request"
        case .trapV1: return "trap"
        case .getBulkRequest: return "get_bulk_request"
        case .informRequest: return "inform_request"
        case .trapV2: return "trap_v2"
        case .report: return "report"
        default: return PacketText.hex(rawValue, digits: 2)
        }
    }
}

/// The BER tags SNMP uses (X.690 §8, RFC 2578 §7.1 application types, RFC 3416 §3 exceptions).
enum SNMPTag {
    static let integer: UInt8 = 0x02
    static let octetString: UInt8 = 0x04
    static let null: UInt8 = 0x05
    static let objectIdentifier: UInt8 = 0x06
    static let sequence: UInt8 = 0x30
    static let ipAddress: UInt8 = 0x40
    static let counter32: UInt8 = 0x41
    static let gauge32: UInt8 = 0x42
    static let timeTicks: UInt8 = 0x43
    static let opaque: UInt8 = 0x44
    static let counter64: UInt8 = 0x46
    static let noSuchObject: UInt8 = 0x80
    static let noSuchInstance: UInt8 = 0x81
    static let endOfMibView: UInt8 = 0x82
}

extension ProtocolAnomaly {
    /// The datagram is not a BER SEQUENCE starting with an INTEGER version (`.malformed`).
    public static let snmpNotSNMP = ProtocolAnomaly("snmp.not_snmp")
    /// A TLV's length runs past its enclosing one or the datagram; what came before is kept.
    public static let snmpTruncated = ProtocolAnomaly("snmp.truncated")
    /// A length in the indefinite form, or longer than 4 bytes (BER allows neither in SNMP).
    public static let snmpBadLength = ProtocolAnomaly("snmp.bad_length")
    /// An element has another tag than the message structure requires there; reading stops.
    public static let snmpUnexpectedTag = ProtocolAnomaly("snmp.unexpected_tag")
    /// An INTEGER longer than 8 bytes or empty, or an OBJECT IDENTIFIER that is empty, ends inside an arc,
    /// has an arc over 64 bits or more than `SNMPParser.maxArcs` arcs; the value is not kept.
    public static let snmpBadValue = ProtocolAnomaly("snmp.bad_value")
    /// A version other than 0 (v1), 1 (v2c) or 3 (v3); nothing after it is read.
    public static let snmpUnknownVersion = ProtocolAnomaly("snmp.unknown_version")
    /// More variable bindings than `SNMPParser.maxVariableBindings`; the rest are not read.
    public static let snmpTooManyBindings = ProtocolAnomaly("snmp.too_many_bindings")
    /// An OCTET STRING or Opaque value longer than `SNMPParser.maxValueLength`; it was cut.
    public static let snmpValueTruncated = ProtocolAnomaly("snmp.value_truncated")
    /// Bytes follow the message's outer SEQUENCE.
    public static let snmpTrailingBytes = ProtocolAnomaly("snmp.trailing_bytes")
}
