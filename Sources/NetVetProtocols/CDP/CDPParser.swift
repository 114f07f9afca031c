import NetVetWire

/// Parses Cisco Discovery Protocol messages: the payload after the 802.3 LLC/SNAP header with OUI
/// 00-00-0C and PID 0x2000.
///
/// Decodes the CDP version 2 structure as Cisco documents it and Wireshark's `packet-cdp.c` implements:
/// a 4-byte header (version, TTL, checksum) and TLVs with a 2-byte type and a 2-byte length that
/// includes the 4-byte TLV header. Each value is read from a confined reader. The checksum is the
/// Internet checksum over the whole payload, with CDP's odd-length quirk.
public enum CDPParser {
    /// TLVs read from one message before giving up (`cdp.too_many_tlvs`); real ones carry about 20.
    public static let maxTLVs = 128
    /// Entries read from one address list; the 4-byte count is attacker-chosen.
    public static let maxAddresses = 16
    /// The cap on names (device ID, port ID, platform, VTP domain).
    static let maxNameLength = PacketText.maxStringLength
    /// The cap on the software version, which is a multi-line banner.
    static let maxSoftwareVersionLength = PacketText.maxDescriptionLength
    /// The 802.2 protocol bytes that mark an IPv6 address (SNAP, EtherType 0x86DD).
    static let ipv6ProtocolBytes: [UInt8] = [0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00, 0x86, 0xDD]

    /// Parses `bytes` as one CDP message; see `parse(_:)` for a `ByteReader`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<CDPMessage> {
        parse(ByteReader(bytes))
    }

    /// Parses all of `reader` as one CDP message (the caller trims Ethernet padding using the 802.3
    /// length, or the checksum will not verify).
    ///
    /// Returns `.malformed([cdp.truncated])` when the header is incomplete; otherwise the TLVs read,
    /// with the anomalies found. A cut at a TLV boundary is caught by the checksum.
    public static func parse(_ reader: ByteReader) -> ParseResult<CDPMessage> {
        var reader = reader
        let isValid = checksumIsValid(reader.unreadBytes)
        // Without the header there is no version to trust.
        guard let version = reader.readUInt8(), let ttl = reader.readUInt8(), let checksum = reader.readUInt16() else {
            return .malformed([.cdpTruncated])
        }
        var message = CDPMessage(version: version, timeToLive: ttl, checksum: checksum, isChecksumValid: isValid)
        var anomalies: [ProtocolAnomaly] = []
        if version != 1 && version != 2 { anomalies.append(.cdpUnknownVersion) }
        if !isValid { anomalies.append(.cdpBadChecksum) }
        var count = 0
        while !reader.isAtEnd {
            count += 1
            // Each TLV consumes at least 4 bytes, but a cap keeps the work per frame small.
            guard count <= maxTLVs else {
                anomalies.append(.cdpTooManyTLVs)
                break
            }
            // A TLV whose header or value is cut off cannot be confined, so reading stops here.
            guard let type = reader.readUInt16(), let length = reader.readUInt16() else {
                anomalies.append(.cdpTLVTruncated)
                break
            }
            // The length counts the TLV header itself, so below 4 the next TLV's position is unknown.
            guard length >= 4 else {
                anomalies.append(.cdpTLVLengthTooSmall)
                break
            }
            guard let value = reader.readSlice(Int(length) - 4) else {
                anomalies.append(.cdpTLVTruncated)
                break
            }
            let tlvType = CDPTLVType(rawValue: type)
            let isRepeat = message.tlvTypes.contains(tlvType)
            message.tlvTypes.append(tlvType)
            apply(tlvType, value, isRepeat: isRepeat, to: &message, anomalies: &anomalies)
        }
        return .message(message, anomalies: anomalies)
    }

    /// Verifies the CDP checksum: the 16-bit ones' complement sum of the payload (checksum included)
    /// must be 0xFFFF. For an odd length CDP pads the last byte as the low byte of a word, and
    /// when that byte has its high bit set it subtracts one from it and from the high byte (an
    /// off-by-one in Cisco's code that Wireshark's `packet-cdp.c` reproduces).
    static func checksumIsValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var reader = ByteReader(bytes)
        var sum: UInt64 = 0
        // Whole words; each read consumes 2 bytes, so the loop is bounded by the length.
        while let word = reader.readUInt16() { sum &+= UInt64(word) }
        if let last = reader.readUInt8() {
            sum &+= last & 0x80 != 0 ? 0xFF00 | UInt64(last &- 1) : UInt64(last)
        }
        // Each fold shrinks a non-16-bit sum, so this ends within a few passes.
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) &+ (sum >> 16) }
        return sum == 0xFFFF
    }

    /// Stores one TLV's value in `message`, or records why it could not.
    private static func apply(
        _ type: CDPTLVType, _ value: ByteReader, isRepeat: Bool, to message: inout CDPMessage,
        anomalies: inout [ProtocolAnomaly]
    ) {
        var value = value
        switch type {
        case .deviceID, .addresses, .portID, .capabilities, .softwareVersion, .platform, .vtpManagementDomain,
            .nativeVLAN, .duplex, .managementAddresses:
            // Each known TLV describes the one sender once; keep the first.
            guard !isRepeat else { return anomalies.append(.cdpDuplicateTLV) }
        default:
            return
        }
        switch type {
        case .deviceID: message.deviceID = string(value, limit: maxNameLength, anomalies: &anomalies)
        case .portID: message.portID = string(value, limit: maxNameLength, anomalies: &anomalies)
        case .platform: message.platform = string(value, limit: maxNameLength, anomalies: &anomalies)
        case .vtpManagementDomain:
            message.vtpManagementDomain = string(value, limit: maxNameLength, anomalies: &anomalies)
        case .softwareVersion:
            message.softwareVersion = string(value, limit: maxSoftwareVersionLength, anomalies: &anomalies)
        case .capabilities:
            // A 32-bit bit set.
            guard value.remaining == 4, let bits = value.readUInt32() else {
                return anomalies.append(.cdpTLVLengthMismatch)
            }
            message.capabilities = CDPCapabilities(rawValue: bits)
        case .nativeVLAN:
            // A 16-bit VLAN ID.
            guard value.remaining == 2, let vlan = value.readUInt16() else {
                return anomalies.append(.cdpTLVLengthMismatch)
            }
            message.nativeVLAN = vlan
        case .duplex:
            // One byte: 0 half, 1 full.
            guard value.remaining == 1, let duplex = value.readUInt8() else {
                return anomalies.append(.cdpTLVLengthMismatch)
            }
            message.isFullDuplex = duplex != 0
        default:
            let list = readAddresses(value, anomalies: &anomalies)
            if type == .addresses { message.addresses = list } else { message.managementAddresses = list }
        }
    }

    /// Lenient text of at most `limit` bytes, noting when it was cut.
    private static func string(_ value: ByteReader, limit: Int, anomalies: inout [ProtocolAnomaly]) -> String {
        let (text, truncated) = PacketText.string(value, limit: limit)
        if truncated { anomalies.append(.cdpStringTooLong) }
        return text
    }

    /// An address list: a 4-byte count, then entries of protocol type (1), protocol length (1),
    /// protocol, address length (2), address.
    private static func readAddresses(_ value: ByteReader, anomalies: inout [ProtocolAnomaly]) -> [CDPAddress] {
        var value = value
        var list: [CDPAddress] = []
        // The count is mandatory.
        guard let count = value.readUInt32() else {
            anomalies.append(.cdpTLVLengthMismatch)
            return list
        }
        for _ in 0..<min(Int(count), maxAddresses) {
            // An entry running past the TLV cannot be confined; keep the entries before it.
            guard let protocolType = value.readUInt8(), let protocolLength = value.readUInt8(),
                let protocolBytes = value.readSlice(Int(protocolLength)), let addressLength = value.readUInt16(),
                var addressBytes = value.readSlice(Int(addressLength))
            else {
                anomalies.append(.cdpTLVLengthMismatch)
                return list
            }
            let protocolArray = Array(protocolBytes.unreadBytes)
            let raw = Array(addressBytes.unreadBytes.prefix(PacketText.maxStringLength))
            var address: IPAddress?
            if protocolType == 1, protocolArray == [0xCC], addressLength == 4 {
                address = addressBytes.readIPv4().map(IPAddress.v4)
            } else if protocolType == 2, protocolArray == ipv6ProtocolBytes, addressLength == 16 {
                address = addressBytes.readIPv6().map(IPAddress.v6)
            }
            list.append(
                CDPAddress(
                    protocolType: protocolType, protocolBytes: protocolArray, rawAddress: raw, address: address))
        }
        return list
    }
}
