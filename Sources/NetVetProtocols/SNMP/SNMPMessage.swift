import NetVetWire

/// An SNMP message (RFC 1157 §4 for v1, RFC 1901/3416 for v2c; v3 per RFC 3412 §6 to its version only).
///
/// The community string is a password sent in clear: it is never kept. The message records only that one
/// was present, its length, and whether it is a well-known default (`public`, `private`).
public struct SNMPMessage: Hashable, Sendable {
    /// `version`.
    public var version: SNMPVersion
    /// The community of a v1/v2c message (without its value); nil for v3 or when cut before it.
    public var community: SNMPCommunity?
    /// The PDU tag; nil for v3 or when cut before it.
    public var pduType: SNMPPDUType?
    /// `request-id`, `error-status`, `error-index` (GetBulk: non-repeaters, max-repetitions).
    public var requestID: Int64?
    public var errorStatus: Int64?
    public var errorIndex: Int64?
    /// SNMPv1 Trap-PDU fields (RFC 1157 §4.1.6).
    public var trap: SNMPTrapV1?
    /// The variable bindings, in wire order, at most `SNMPParser.maxVariableBindings`.
    public var variableBindings: [SNMPVariableBinding] = []

    /// A message of the given version with nothing else read.
    public init(version: SNMPVersion) { self.version = version }

    /// The value bound to `oid`, if any.
    public func value(of oid: SNMPObjectIdentifier) -> SNMPValue? {
        variableBindings.first { $0.name == oid }?.value
    }

    /// `sysDescr.0` (1.3.6.1.2.1.1.1.0) as text, when bound to an OCTET STRING.
    public var systemDescription: String? { value(of: .sysDescr)?.text }
    /// `sysObjectID.0` (1.3.6.1.2.1.1.2.0), when bound to an OBJECT IDENTIFIER.
    public var systemObjectID: SNMPObjectIdentifier? {
        if case .objectIdentifier(let oid) = value(of: .sysObjectID) { return oid }
        return nil
    }
    /// `sysName.0` (1.3.6.1.2.1.1.5.0) as text, when bound to an OCTET STRING.
    public var systemName: String? { value(of: .sysName)?.text }
}

/// What is kept of a community string: never its value.
public struct SNMPCommunity: Hashable, Sendable {
    /// Its length in bytes.
    public var length: Int
    /// True when it is `public` or `private`, the factory defaults of most agents.
    public var isWellKnownDefault: Bool

    /// A community of `length` bytes, a factory default or not.
    public init(length: Int, isWellKnownDefault: Bool) {
        self.length = length
        self.isWellKnownDefault = isWellKnownDefault
    }
}

/// The SNMPv1 Trap-PDU header (RFC 1157 §4.1.6).
public struct SNMPTrapV1: Hashable, Sendable {
    /// `enterprise`: the sender's sysObjectID.
    public var enterprise: SNMPObjectIdentifier?
    /// `agent-addr`.
    public var agentAddress: IPv4Address?
    /// `generic-trap` and `specific-trap`.
    public var genericTrap: Int64?
    public var specificTrap: Int64?
    /// `time-stamp` (TimeTicks).
    public var timeStamp: UInt64?

    /// A trap header with nothing read yet.
    public init() {}
}

/// An OBJECT IDENTIFIER (X.690 §8.19) as its arcs.
public struct SNMPObjectIdentifier: Hashable, Sendable, CustomStringConvertible {
    /// The arcs, first to last.
    public var arcs: [UInt64]
    /// The OID with these arcs.
    public init(_ arcs: [UInt64]) { self.arcs = arcs }

    /// Dotted decimal (`1.3.6.1.4.1.9.1.1208`).
    public var description: String { arcs.map(String.init).joined(separator: ".") }

    /// The IANA Private Enterprise Number of an OID under 1.3.6.1.4.1 (its next arc), which names the
    /// vendor of a sysObjectID; nil otherwise.
    public var enterpriseNumber: UInt64? {
        arcs.count > 6 && arcs.prefix(6) == [1, 3, 6, 1, 4, 1] ? arcs[6] : nil
    }

    /// 1.3.6.1.2.1.1.1.0, sysDescr.0 (RFC 3418).
    public static let sysDescr = Self([1, 3, 6, 1, 2, 1, 1, 1, 0])
    /// 1.3.6.1.2.1.1.2.0, sysObjectID.0.
    public static let sysObjectID = Self([1, 3, 6, 1, 2, 1, 1, 2, 0])
    /// 1.3.6.1.2.1.1.5.0, sysName.0.
    public static let sysName = Self([1, 3, 6, 1, 2, 1, 1, 5, 0])
}

/// One VarBind (RFC 3416 §3): a name and its value.
public struct SNMPVariableBinding: Hashable, Sendable {
    /// The OBJECT IDENTIFIER the value is bound to.
    public var name: SNMPObjectIdentifier
    /// The value; nil when it could not be decoded (`snmp.bad_value`).
    public var value: SNMPValue?

    /// A binding of `value` to `name`.
    public init(name: SNMPObjectIdentifier, value: SNMPValue?) {
        self.name = name
        self.value = value
    }
}

/// A VarBind value (RFC 2578 §7.1, RFC 3416 §3).
public enum SNMPValue: Hashable, Sendable {
    case integer(Int64)
    /// Bounded to `SNMPParser.maxValueLength` bytes.
    case octetString([UInt8])
    case null
    case objectIdentifier(SNMPObjectIdentifier)
    case ipAddress(IPv4Address)
    case counter32(UInt64)
    case gauge32(UInt64)
    case timeTicks(UInt64)
    /// Bounded to `SNMPParser.maxValueLength` bytes.
    case opaque([UInt8])
    case counter64(UInt64)
    case noSuchObject
    case noSuchInstance
    case endOfMibView
    /// Another tag; the content is not kept.
    case other(tag: UInt8)

    /// An OCTET STRING as lenient text (NULs removed, invalid UTF-8 replaced); nil for other types.
    public var text: String? {
        guard case .octetString(let bytes) = self else { return nil }
        return String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
    }
}
