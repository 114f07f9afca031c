import NetVetWire

/// Parses DHCPv4 and BOOTP messages from a UDP payload.
///
/// Decodes the RFC 2131 §2 message format (fixed BOOTP header, `chaddr`, magic cookie, §3 options
/// field) and the RFC 2132 §3–§9 options an inventory needs, plus RFC 4702 §2 Client FQDN. Each
/// option is read from a reader confined to its declared length. Option overload (52) is not followed.
public enum DHCPParser {
    /// The fixed BOOTP header up to and including `file` (RFC 2131 §2, figure 1).
    static let fixedHeaderLength = 236
    /// The magic cookie 99.130.83.99 that starts the options field (RFC 2131 §3).
    static let magicCookie: UInt32 = 0x6382_5363

    /// Parses `bytes` as one DHCP message; see `parse(_:)` for a `ByteReader`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<DHCPMessage> {
        parse(ByteReader(bytes))
    }

    /// Parses all of `reader` as one DHCP message.
    ///
    /// Returns `.malformed([dhcp.truncated])` when the fixed header is incomplete; otherwise a message,
    /// partial when options were cut short, with the anomalies found. Never returns `.needMoreData`:
    /// DHCP is a datagram protocol.
    public static func parse(_ reader: ByteReader) -> ParseResult<DHCPMessage> {
        var reader = reader
        // Without the whole fixed header there is no address or hardware field to trust.
        guard reader.remaining >= fixedHeaderLength,
            let op = reader.readUInt8(), let htype = reader.readUInt8(), let hlen = reader.readUInt8(),
            let hops = reader.readUInt8(), let xid = reader.readUInt32(), let secs = reader.readUInt16(),
            let flags = reader.readUInt16(), let ciaddr = reader.readIPv4(), let yiaddr = reader.readIPv4(),
            let siaddr = reader.readIPv4(), let giaddr = reader.readIPv4(), var chaddr = reader.readSlice(16),
            reader.skip(64 + 128)
        else { return .malformed([.dhcpTruncated]) }

        var anomalies: [ProtocolAnomaly] = []
        // chaddr is 16 bytes; a longer hlen cannot describe it.
        if hlen > 16 { anomalies.append(.dhcpBadHardwareLength) }
        var message = DHCPMessage(
            operation: DHCPOperation(rawValue: op), hardwareType: htype, hardwareAddressLength: hlen, hops: hops,
            transactionID: xid, seconds: secs, flags: flags, clientAddress: ciaddr, yourAddress: yiaddr,
            nextServerAddress: siaddr, relayAgentAddress: giaddr,
            clientHardwareAddress: htype == 1 && hlen == 6 ? chaddr.readMAC() : nil)

        // RFC 951 reserves at least 64 vendor bytes, so a message ending before the cookie was cut short.
        guard let cookie = reader.readUInt32() else {
            return .message(message, anomalies: anomalies + [.dhcpTruncated])
        }
        // Without the cookie the vendor area is not RFC 2132 options and reading it would invent data.
        guard cookie == magicCookie else {
            return .message(message, anomalies: anomalies + [.dhcpBadMagic])
        }
        message.hasMagicCookie = true
        readOptions(&reader, into: &message, anomalies: &anomalies)
        return .message(message, anomalies: anomalies)
    }

    /// Reads code/length/data options until the end option or the end of the data; each iteration
    /// consumes at least one byte, so the loop is bounded by the data length.
    private static func readOptions(
        _ reader: inout ByteReader, into message: inout DHCPMessage, anomalies: inout [ProtocolAnomaly]
    ) {
        var seen = Set<UInt8>()
        while let code = reader.readUInt8() {
            if code == DHCPOptionCode.pad.rawValue { continue }
            if code == DHCPOptionCode.end.rawValue { return }
            // An option whose length or data is cut off cannot be confined, so reading stops here.
            guard let length = reader.readUInt8(), let body = reader.readSlice(Int(length)) else {
                anomalies.append(.dhcpOptionTruncated)
                return
            }
            let option = DHCPOptionCode(rawValue: code)
            message.optionCodes.append(option)
            // RFC 3396 splits long options across repeats; the options read here are short, so keep the first.
            guard seen.insert(code).inserted else {
                anomalies.append(.dhcpOptionRepeated)
                continue
            }
            apply(option, body, to: &message, anomalies: &anomalies)
        }
        anomalies.append(.dhcpEndMissing)
    }

    /// Stores one option's value in `message`, or records why it could not.
    private static func apply(
        _ option: DHCPOptionCode, _ body: ByteReader, to message: inout DHCPMessage,
        anomalies: inout [ProtocolAnomaly]
    ) {
        var body = body
        let length = body.remaining
        switch option {
        case .messageType:
            // The type is exactly one byte (RFC 2132 §9.6); any other length is not a DHCP message type.
            guard length == 1, let value = body.readUInt8() else { return anomalies.append(.dhcpOptionLengthMismatch) }
            message.messageType = DHCPMessageType(rawValue: value)
        case .hostName, .vendorClassIdentifier:
            // RFC 2132 §3.14 and §9.13 give both a minimum length of 1.
            guard length >= 1 else { return anomalies.append(.dhcpOptionLengthMismatch) }
            let text = PacketText.string(body).value
            if option == .hostName { message.hostName = text } else { message.vendorClassIdentifier = text }
        case .requestedAddress, .serverIdentifier:
            // An IPv4 address is exactly 4 bytes (RFC 2132 §9.1, §9.7).
            guard length == 4, let address = body.readIPv4() else {
                return anomalies.append(.dhcpOptionLengthMismatch)
            }
            if option == .requestedAddress {
                message.requestedAddress = address
            } else {
                message.serverIdentifier = address
            }
        case .parameterRequestList:
            // RFC 2132 §9.8 requires at least one requested code.
            guard length >= 1 else { return anomalies.append(.dhcpOptionLengthMismatch) }
            message.parameterRequestList = Array(body.unreadBytes)
        case .maxMessageSize:
            // The size is a 16-bit integer (RFC 2132 §9.10).
            guard length == 2, let size = body.readUInt16() else { return anomalies.append(.dhcpOptionLengthMismatch) }
            message.maxMessageSize = size
        case .clientIdentifier:
            // RFC 2132 §9.14: a type byte and at least one identifier byte.
            guard length >= 2, let type = body.readUInt8() else { return anomalies.append(.dhcpOptionLengthMismatch) }
            message.clientIdentifier = DHCPClientIdentifier(type: type, identifier: Array(body.unreadBytes))
        case .clientFQDN:
            readClientFQDN(body, into: &message, anomalies: &anomalies)
        case .vendorSpecific:
            message.vendorSpecific = PacketText.bytes(body.unreadBytes).value
        case .overload:
            anomalies.append(.dhcpOverloadIgnored)
        default:
            break
        }
    }

    /// Option 81 (RFC 4702 §2): flags, RCODE1, RCODE2, then the name in the encoding the E flag names.
    private static func readClientFQDN(
        _ body: ByteReader, into message: inout DHCPMessage, anomalies: inout [ProtocolAnomaly]
    ) {
        var body = body
        // The three fixed bytes are mandatory (RFC 4702 §2: minimum length 3).
        guard let flags = body.readUInt8(), let rcode1 = body.readUInt8(), let rcode2 = body.readUInt8() else {
            return anomalies.append(.dhcpOptionLengthMismatch)
        }
        var fqdn = DHCPClientFQDN(flags: flags, rcode1: rcode1, rcode2: rcode2, name: nil, isFullyQualified: false)
        if fqdn.isWireEncoded {
            if let decoded = DHCPDomainName.decode(body) {
                fqdn.name = decoded.name
                fqdn.isFullyQualified = decoded.isFullyQualified
            } else {
                anomalies.append(.dhcpFQDNBadName)
            }
        } else {
            fqdn.name = PacketText.string(body).value
        }
        message.clientFQDN = fqdn
    }
}
