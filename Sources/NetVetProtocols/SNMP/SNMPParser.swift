import NetVetWire

/// Decodes an SNMP datagram (UDP 161 requests and responses, 162 traps), BER-encoded (X.690 §8.1):
///
///     Message ::= SEQUENCE { version INTEGER, community OCTET STRING, data PDU }   -- RFC 1157 §4, 1901 §3
///     PDU ::= [A0..A3,A5..A8] SEQUENCE { request-id, error-status, error-index INTEGER,
///                                        variable-bindings SEQUENCE OF SEQUENCE { name OID, value } }
///     Trap-PDU ::= [A4] SEQUENCE { enterprise OID, agent-addr IpAddress, generic-trap INTEGER,
///                                  specific-trap INTEGER, time-stamp TimeTicks, variable-bindings }
///
/// SNMPv3 (RFC 3412 §6) is read to its version. Every TLV is read from a reader confined to its length
/// (STYLE.md §2); a TLV that claims more than is left is read as far as it goes (`snmp.truncated`).
/// Pure: a datagram never needs more data.
public enum SNMPParser {
    /// Variable bindings kept (`snmp.too_many_bindings`).
    public static let maxVariableBindings = 64
    /// Longest OCTET STRING or Opaque value kept (`snmp.value_truncated`).
    public static let maxValueLength = 1024
    /// Most arcs in one OBJECT IDENTIFIER (RFC 2578 §3.5 allows 128).
    public static let maxArcs = 128

    /// Parses one datagram: `.malformed([.snmpNotSNMP])` unless it is a SEQUENCE whose first element is
    /// an INTEGER; otherwise the message (partial when cut) and its anomalies.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<SNMPMessage> {
        var anomalies: [ProtocolAnomaly] = []
        func note(_ anomaly: ProtocolAnomaly) {
            if !anomalies.contains(anomaly) { anomalies.append(anomaly) }
        }
        var outer = ByteReader(bytes)
        // Without an outer SEQUENCE and an INTEGER version, this is not SNMP at all.
        guard outer.peekUInt8(at: 0) == SNMPTag.sequence, var message = readTLV(&outer, note)?.content,
            message.peekUInt8(at: 0) == SNMPTag.integer, let versionTLV = readTLV(&message, note),
            let versionNumber = integer(versionTLV.content)
        else { return .malformed([.snmpNotSNMP]) }
        if !outer.isAtEnd { note(.snmpTrailingBytes) }
        var result = SNMPMessage(version: SNMPVersion(rawValue: versionNumber))
        guard result.version.isCommunityBased else {
            if result.version != .v3 { note(.snmpUnknownVersion) }
            return .message(result, anomalies: anomalies)
        }
        readCommunityMessage(&message, into: &result, note)
        return .message(result, anomalies: anomalies)
    }

    /// Reads community, PDU header and bindings of a v1/v2c message into `result`, stopping at the first
    /// element that is missing or of the wrong type.
    static func readCommunityMessage(
        _ message: inout ByteReader, into result: inout SNMPMessage, _ note: (ProtocolAnomaly) -> Void
    ) {
        guard !message.isAtEnd else { return }
        guard message.peekUInt8(at: 0) == SNMPTag.octetString, let community = readTLV(&message, note) else {
            return note(.snmpUnexpectedTag)
        }
        // The value is a password: only its length and whether it is a factory default are kept.
        let secret = community.content.unreadBytes
        let isDefault = secret.elementsEqual("public".utf8) || secret.elementsEqual("private".utf8)
        result.community = SNMPCommunity(length: secret.count, isWellKnownDefault: isDefault)
        guard !message.isAtEnd else { return }
        guard let pduTag = message.peekUInt8(at: 0), pduTag >= 0xA0, pduTag <= 0xBF,
            var pdu = readTLV(&message, note)?.content
        else { return note(.snmpUnexpectedTag) }
        let type = SNMPPDUType(rawValue: pduTag)
        result.pduType = type
        if type == .trapV1 {
            var trap = SNMPTrapV1()
            defer { result.trap = trap }
            guard let enterprise = expect(SNMPTag.objectIdentifier, &pdu, note) else { return }
            trap.enterprise = objectIdentifier(enterprise, note)
            guard let address = expect(SNMPTag.ipAddress, &pdu, note) else { return }
            var addressReader = address
            trap.agentAddress = address.remaining == 4 ? addressReader.readIPv4() : nil
            guard let generic = expect(SNMPTag.integer, &pdu, note) else { return }
            trap.genericTrap = integer(generic)
            guard let specific = expect(SNMPTag.integer, &pdu, note) else { return }
            trap.specificTrap = integer(specific)
            guard let stamp = expect(SNMPTag.timeTicks, &pdu, note) else { return }
            trap.timeStamp = unsigned(stamp)
        } else {
            guard let requestID = expect(SNMPTag.integer, &pdu, note) else { return }
            result.requestID = integer(requestID)
            guard let errorStatus = expect(SNMPTag.integer, &pdu, note) else { return }
            result.errorStatus = integer(errorStatus)
            guard let errorIndex = expect(SNMPTag.integer, &pdu, note) else { return }
            result.errorIndex = integer(errorIndex)
        }
        guard var bindings = expect(SNMPTag.sequence, &pdu, note) else { return }
        while !bindings.isAtEnd {
            // Bounded: a response may carry many bindings; the first ones name the device.
            guard result.variableBindings.count < maxVariableBindings else { return note(.snmpTooManyBindings) }
            guard var binding = expect(SNMPTag.sequence, &bindings, note),
                let nameTLV = expect(SNMPTag.objectIdentifier, &binding, note),
                let name = objectIdentifier(nameTLV, note)
            else { return }
            guard let valueTLV = readTLV(&binding, note) else {
                result.variableBindings.append(SNMPVariableBinding(name: name, value: nil))
                return
            }
            result.variableBindings.append(
                SNMPVariableBinding(name: name, value: value(tag: valueTLV.tag, valueTLV.content, note)))
        }
    }

    /// A BER element: its tag and a reader confined to its content.
    struct TLV {
        var tag: UInt8
        var content: ByteReader
    }

    /// Reads one TLV. A content longer than what is left is returned cut (`snmp.truncated`); nil (with
    /// an anomaly) when the tag or length bytes are missing or the length form is not allowed.
    static func readTLV(_ reader: inout ByteReader, _ note: (ProtocolAnomaly) -> Void) -> TLV? {
        guard let tag = reader.readUInt8() else {
            note(.snmpTruncated)
            return nil
        }
        // High tag numbers (X.690 §8.1.2.4) never occur in SNMP; their layout is not worth following.
        guard tag & 0x1F != 0x1F else {
            note(.snmpUnexpectedTag)
            return nil
        }
        guard let first = reader.readUInt8() else {
            note(.snmpTruncated)
            return nil
        }
        var length = Int(first)
        if first & 0x80 != 0 {
            let count = Int(first & 0x7F)
            // Indefinite (0x80) is forbidden in SNMP's BER; more than 4 length bytes cannot be a datagram.
            guard count >= 1, count <= 4 else {
                note(.snmpBadLength)
                return nil
            }
            length = 0
            for _ in 0..<count {
                guard let byte = reader.readUInt8() else {
                    note(.snmpTruncated)
                    return nil
                }
                length = length << 8 | Int(byte)
            }
        }
        if length > reader.remaining {
            note(.snmpTruncated)
            return TLV(tag: tag, content: reader.readRest())
        }
        return reader.readSlice(length).map { TLV(tag: tag, content: $0) }
    }

    /// The content of the next TLV if its tag is `tag`; nil (with `snmp.unexpected_tag` when another tag is
    /// there) otherwise.
    static func expect(_ tag: UInt8, _ reader: inout ByteReader, _ note: (ProtocolAnomaly) -> Void) -> ByteReader? {
        guard let next = reader.peekUInt8(at: 0) else {
            note(.snmpTruncated)
            return nil
        }
        guard next == tag else {
            note(.snmpUnexpectedTag)
            return nil
        }
        return readTLV(&reader, note)?.content
    }

    /// A two's-complement INTEGER of 1–8 bytes; nil otherwise.
    static func integer(_ content: ByteReader) -> Int64? {
        let count = content.remaining
        guard count >= 1, count <= 8, let first = content.peekUInt8(at: 0) else { return nil }
        var value: Int64 = first & 0x80 != 0 ? -1 : 0
        for index in 0..<count {
            guard let byte = content.peekUInt8(at: index) else { return nil }
            value = value << 8 | Int64(byte)
        }
        return value
    }

    /// An unsigned application integer (Counter32, Gauge32, TimeTicks, Counter64: up to 8 value bytes
    /// plus a leading zero); nil otherwise.
    static func unsigned(_ content: ByteReader) -> UInt64? {
        var count = content.remaining
        var start = 0
        // A leading zero keeps a value with the high bit set positive; it is not part of the value.
        if count == 9, content.peekUInt8(at: 0) == 0 {
            start = 1
            count = 8
        }
        guard count >= 1, count <= 8 else { return nil }
        var value: UInt64 = 0
        for index in start..<(start + count) {
            guard let byte = content.peekUInt8(at: index) else { return nil }
            value = value << 8 | UInt64(byte)
        }
        return value
    }

    /// An OBJECT IDENTIFIER (X.690 §8.19): the first subidentifier holds two arcs; nil (with
    /// `snmp.bad_value`) when empty, cut inside an arc, with an arc over 64 bits or over `maxArcs` arcs.
    static func objectIdentifier(_ content: ByteReader, _ note: (ProtocolAnomaly) -> Void) -> SNMPObjectIdentifier? {
        var arcs: [UInt64] = []
        var current: UInt64 = 0
        var inArc = false
        for index in 0..<content.remaining {
            guard let byte = content.peekUInt8(at: index) else { break }
            // An arc that would not fit 64 bits, or too many arcs, is not an OID worth keeping.
            guard current >> 57 == 0, arcs.count < maxArcs + 1 else {
                note(.snmpBadValue)
                return nil
            }
            current = current << 7 | UInt64(byte & 0x7F)
            inArc = byte & 0x80 != 0
            if !inArc {
                if arcs.isEmpty {
                    let first: UInt64 = current < 40 ? 0 : current < 80 ? 1 : 2
                    arcs.append(first)
                    arcs.append(current - first * 40)
                } else {
                    arcs.append(current)
                }
                current = 0
            }
        }
        guard !arcs.isEmpty, !inArc, arcs.count <= maxArcs else {
            note(.snmpBadValue)
            return nil
        }
        return SNMPObjectIdentifier(arcs)
    }

    /// Decodes a VarBind value of `tag`; nil (with `snmp.bad_value`) when its content does not fit the type.
    static func value(tag: UInt8, _ content: ByteReader, _ note: (ProtocolAnomaly) -> Void) -> SNMPValue? {
        func bounded() -> [UInt8] {
            let bytes = content.unreadBytes
            if bytes.count > maxValueLength { note(.snmpValueTruncated) }
            return Array(bytes.prefix(maxValueLength))
        }
        func checked<T>(_ value: T?) -> T? {
            if value == nil { note(.snmpBadValue) }
            return value
        }
        switch tag {
        case SNMPTag.integer: return checked(integer(content)).map { .integer($0) }
        case SNMPTag.octetString: return .octetString(bounded())
        case SNMPTag.null: return .null
        case SNMPTag.objectIdentifier: return objectIdentifier(content, note).map { .objectIdentifier($0) }
        case SNMPTag.ipAddress:
            var reader = content
            return checked(content.remaining == 4 ? reader.readIPv4() : nil).map { .ipAddress($0) }
        case SNMPTag.counter32: return checked(unsigned(content)).map { .counter32($0) }
        case SNMPTag.gauge32: return checked(unsigned(content)).map { .gauge32($0) }
        case SNMPTag.timeTicks: return checked(unsigned(content)).map { .timeTicks($0) }
        case SNMPTag.opaque: return .opaque(bounded())
        case SNMPTag.counter64: return checked(unsigned(content)).map { .counter64($0) }
        case SNMPTag.noSuchObject: return .noSuchObject
        case SNMPTag.noSuchInstance: return .noSuchInstance
        case SNMPTag.endOfMibView: return .endOfMibView
        default: return .other(tag: tag)
        }
    }
}
