import NetVetWire

/// Parses DHCPv6 messages from a UDP payload (ports 546/547).
///
/// Decodes the RFC 8415 §8 client/server format (`msg-type`, 24-bit `transaction-id`, options) and the
/// §9 relay format (`hop-count`, `link-address`, `peer-address`, options), then the §21 options an
/// inventory needs: Client/Server Identifier DUIDs (§11), Option Request (§21.7), Vendor Class
/// (§21.16), Relay Message (§21.10) and RFC 4704 Client FQDN. Each option is read from a reader
/// confined to its declared length; relay messages are followed to `maxRelayDepth` levels.
public enum DHCPv6Parser {
    /// Nested relay messages followed before giving up (`dhcpv6.relay_too_deep`); RFC 8415 §7.6
    /// allows 8 hops, but a passive auditor needs only the client message and bounds the recursion.
    public static let maxRelayDepth = 4
    /// The longest DUID after its type code (RFC 8415 §11.1: 130 bytes in all).
    static let maxDUIDLength = 128
    /// Vendor class data items kept from one option.
    static let maxVendorClassItems = 32

    /// Parses `bytes` as one DHCPv6 message; see `parse(_:)` for a `ByteReader`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<DHCPv6Message> {
        parse(ByteReader(bytes))
    }

    /// Parses all of `reader` as one DHCPv6 message.
    ///
    /// Returns `.malformed([dhcpv6.truncated])` when the header is incomplete; otherwise a message,
    /// partial when an option was cut, with the anomalies of it and of any relayed message. A cut that
    /// falls exactly between options cannot be detected: DHCPv6 has no end marker or length field.
    public static func parse(_ reader: ByteReader) -> ParseResult<DHCPv6Message> {
        var anomalies: [ProtocolAnomaly] = []
        guard let message = parse(reader, depth: 0, anomalies: &anomalies) else { return .malformed(anomalies) }
        return .message(message, anomalies: anomalies)
    }

    /// One level: the header, then the options; `nil` when the header is incomplete.
    private static func parse(_ reader: ByteReader, depth: Int, anomalies: inout [ProtocolAnomaly]) -> DHCPv6Message? {
        var reader = reader
        guard let type = reader.readUInt8().map(DHCPv6MessageType.init(rawValue:)) else {
            anomalies.append(.dhcpv6Truncated)
            return nil
        }
        var message: DHCPv6Message
        if type.isRelay {
            // The relay header is fixed; without it there is no peer address to trust.
            guard let hops = reader.readUInt8(), let link = reader.readIPv6(), let peer = reader.readIPv6() else {
                anomalies.append(.dhcpv6Truncated)
                return nil
            }
            message = DHCPv6Message(
                messageType: type, transactionID: nil,
                relay: DHCPv6RelayHeader(hopCount: hops, linkAddress: link, peerAddress: peer))
        } else {
            // The transaction ID is 3 bytes; a shorter message has no options either.
            guard let high = reader.readUInt8(), let low = reader.readUInt16() else {
                anomalies.append(.dhcpv6Truncated)
                return nil
            }
            message = DHCPv6Message(messageType: type, transactionID: UInt32(high) << 16 | UInt32(low), relay: nil)
        }
        readOptions(&reader, into: &message, depth: depth, anomalies: &anomalies)
        return message
    }

    /// Reads code/length/data options to the end of the data; each consumes at least 4 bytes.
    private static func readOptions(
        _ reader: inout ByteReader, into message: inout DHCPv6Message, depth: Int, anomalies: inout [ProtocolAnomaly]
    ) {
        var seen = Set<UInt16>()
        while !reader.isAtEnd {
            // An option whose header or data is cut off cannot be confined, so reading stops here.
            guard let code = reader.readUInt16(), let length = reader.readUInt16(),
                let body = reader.readSlice(Int(length))
            else {
                anomalies.append(.dhcpv6OptionTruncated)
                return
            }
            let option = DHCPv6OptionCode(rawValue: code)
            message.optionCodes.append(option)
            switch option {
            case .clientID, .serverID, .optionRequest, .vendorClass, .clientFQDN, .relayMessage:
                // These options appear at most once per message (RFC 8415 §21, table in §24).
                guard seen.insert(code).inserted else {
                    anomalies.append(.dhcpv6OptionRepeated)
                    continue
                }
            default:
                continue
            }
            apply(option, body, to: &message, depth: depth, anomalies: &anomalies)
        }
    }

    /// Stores one option's value in `message`, or records why it could not.
    private static func apply(
        _ option: DHCPv6OptionCode, _ body: ByteReader, to message: inout DHCPv6Message, depth: Int,
        anomalies: inout [ProtocolAnomaly]
    ) {
        var body = body
        switch option {
        case .clientID, .serverID:
            let duid = readDUID(body, anomalies: &anomalies)
            if option == .clientID { message.clientID = duid } else { message.serverID = duid }
        case .optionRequest:
            // Option codes are 2 bytes each, so an odd length cannot be a list of them.
            guard body.remaining % 2 == 0 else { return anomalies.append(.dhcpv6OptionLengthMismatch) }
            var codes: [UInt16] = []
            while let code = body.readUInt16() { codes.append(code) }
            message.optionRequest = codes
        case .vendorClass:
            message.vendorClass = readVendorClass(body, anomalies: &anomalies)
        case .clientFQDN:
            // The flags byte is mandatory (RFC 4704 §4: option-len is 1 + length of the name).
            guard let flags = body.readUInt8() else { return anomalies.append(.dhcpv6OptionLengthMismatch) }
            if let decoded = DHCPDomainName.decode(body) {
                message.clientFQDN = DHCPv6ClientFQDN(
                    flags: flags, name: decoded.name, isFullyQualified: decoded.isFullyQualified)
            } else {
                anomalies.append(.dhcpv6FQDNBadName)
                message.clientFQDN = DHCPv6ClientFQDN(flags: flags, name: nil, isFullyQualified: false)
            }
        case .relayMessage:
            // Only relay messages carry option 9, and nesting is bounded so hostile input cannot recurse deeply.
            guard message.messageType.isRelay else { return }
            guard depth + 1 < maxRelayDepth else { return anomalies.append(.dhcpv6RelayTooDeep) }
            message.relayedMessage = parse(body, depth: depth + 1, anomalies: &anomalies)
        default:
            break
        }
    }

    /// A DUID (RFC 8415 §11): a 2-byte type, then type-specific fields.
    private static func readDUID(_ body: ByteReader, anomalies: inout [ProtocolAnomaly]) -> DHCPv6DUID? {
        var body = body
        // The type code is mandatory and §11.1 caps the rest at 128 bytes.
        guard let rawType = body.readUInt16(), body.remaining >= 1, body.remaining <= maxDUIDLength else {
            anomalies.append(.dhcpv6BadDUID)
            return nil
        }
        let type = DHCPv6DUIDType(rawValue: rawType)
        switch type {
        case .linkLayerPlusTime:
            if let hardware = body.readUInt16(), let time = body.readUInt32(), !body.isAtEnd {
                return .linkLayerPlusTime(hardwareType: hardware, time: time, address: Array(body.unreadBytes))
            }
        case .enterprise:
            if let number = body.readUInt32(), !body.isAtEnd {
                return .enterprise(number: number, identifier: Array(body.unreadBytes))
            }
        case .linkLayer:
            if let hardware = body.readUInt16(), !body.isAtEnd {
                return .linkLayer(hardwareType: hardware, address: Array(body.unreadBytes))
            }
        case .uuid:
            if body.remaining == 16 { return .uuid(Array(body.unreadBytes)) }
        default:
            return .other(type: type, bytes: Array(body.unreadBytes))
        }
        // A known type without room for its fields is kept raw so the identity is not lost.
        anomalies.append(.dhcpv6BadDUID)
        return .other(type: type, bytes: Array(body.unreadBytes))
    }

    /// Option 16 (RFC 8415 §21.16): enterprise number, then 2-byte-length-prefixed data items.
    private static func readVendorClass(
        _ body: ByteReader, anomalies: inout [ProtocolAnomaly]
    ) -> DHCPv6VendorClass? {
        var body = body
        // The enterprise number is mandatory.
        guard let number = body.readUInt32() else {
            anomalies.append(.dhcpv6OptionLengthMismatch)
            return nil
        }
        var vendorClass = DHCPv6VendorClass(enterpriseNumber: number, data: [])
        while !body.isAtEnd, vendorClass.data.count < maxVendorClassItems {
            // An item running past the option cannot be confined; keep the items before it.
            guard let length = body.readUInt16(), let item = body.readSlice(Int(length)) else {
                anomalies.append(.dhcpv6VendorClassTruncated)
                break
            }
            vendorClass.data.append(PacketText.string(item).value)
        }
        return vendorClass
    }
}
