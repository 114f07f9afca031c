import NetVetWire

/// Parses LLDP data units from the payload of an Ethernet frame with EtherType 0x88CC.
///
/// Decodes the IEEE 802.1AB-2016 §8 LLDPDU: TLVs with a 7-bit type and a 9-bit length (§8.4), the
/// mandatory chassis ID, port ID and TTL (§8.5.2–§8.5.4), the optional §8.5.5–§8.5.9 TLVs, and
/// organization-specific TLVs (§8.6) with the IEEE 802.1 port VLAN ID, IEEE 802.3 maximum frame size and
/// ANSI/TIA-1057 LLDP-MED inventory decoded. Each value is read from a reader confined to its length;
/// bytes after the end TLV (Ethernet padding, FCS) are ignored.
public enum LLDPParser {
    /// TLVs read from one frame before giving up (`lldp.too_many_tlvs`); a 1500-byte frame holds at
    /// most 750 empty TLVs, real ones a dozen or two.
    public static let maxTLVs = 128
    /// Organization-specific TLVs kept; further ones are counted in `tlvTypes` only.
    public static let maxOrganizationTLVs = 32
    /// The longest string the standard allows in a TLV (§8.5.5–§8.5.7).
    static let maxStringLength = 255

    /// Parses `bytes` as one LLDPDU; see `parse(_:)` for a `ByteReader`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<LLDPMessage> {
        parse(ByteReader(bytes))
    }

    /// Parses `reader` as one LLDPDU.
    ///
    /// Returns `.malformed([lldp.truncated])` when not even one TLV header is present; otherwise the
    /// TLVs read before the end TLV or the first unreadable TLV, with the anomalies found.
    public static func parse(_ reader: ByteReader) -> ParseResult<LLDPMessage> {
        var reader = reader
        // Without one TLV header there is nothing that says this is LLDP.
        guard reader.remaining >= 2 else { return .malformed([.lldpTruncated]) }
        var message = LLDPMessage()
        var anomalies: [ProtocolAnomaly] = []
        var sawEnd = false
        var count = 0
        while !reader.isAtEnd {
            count += 1
            // Each TLV consumes at least 2 bytes, but a cap keeps the work per frame small.
            guard count <= maxTLVs else {
                anomalies.append(.lldpTooManyTLVs)
                break
            }
            // A TLV whose header or value is cut off cannot be confined, so reading stops here.
            guard let header = reader.readUInt16(), let value = reader.readSlice(Int(header & 0x01FF)) else {
                anomalies.append(.lldpTLVTruncated)
                break
            }
            let type = LLDPTLVType(rawValue: UInt8(truncatingIfNeeded: header >> 9))
            if type == .end {
                // The end TLV has no value (§8.5.1).
                if !value.isAtEnd { anomalies.append(.lldpTLVLengthMismatch) }
                sawEnd = true
                break
            }
            let isRepeat = message.tlvTypes.contains(type)
            message.tlvTypes.append(type)
            apply(type, value, isRepeat: isRepeat, to: &message, anomalies: &anomalies)
        }
        if !sawEnd && !anomalies.contains(.lldpTLVTruncated) && !anomalies.contains(.lldpTooManyTLVs) {
            anomalies.append(.lldpEndMissing)
        }
        checkMandatory(message, anomalies: &anomalies)
        return .message(message, anomalies: anomalies)
    }

    /// Reports missing or misordered mandatory TLVs (§8.2: chassis ID, port ID, TTL come first).
    private static func checkMandatory(_ message: LLDPMessage, anomalies: inout [ProtocolAnomaly]) {
        let mandatory: [(LLDPTLVType, ProtocolAnomaly)] = [
            (.chassisID, .lldpMissingChassisID), (.portID, .lldpMissingPortID), (.timeToLive, .lldpMissingTTL),
        ]
        var allPresent = true
        for (type, anomaly) in mandatory where !message.tlvTypes.contains(type) {
            anomalies.append(anomaly)
            allPresent = false
        }
        if allPresent && Array(message.tlvTypes.prefix(3)) != mandatory.map(\.0) {
            anomalies.append(.lldpMandatoryTLVOrder)
        }
    }

    /// Stores one TLV's value in `message`, or records why it could not.
    private static func apply(
        _ type: LLDPTLVType, _ value: ByteReader, isRepeat: Bool, to message: inout LLDPMessage,
        anomalies: inout [ProtocolAnomaly]
    ) {
        var value = value
        // TLVs 1–7 appear at most once (§8.2); keep the first. Unknown types are not judged.
        if isRepeat && (1...7).contains(type.rawValue) {
            return anomalies.append(.lldpDuplicateTLV)
        }
        switch type {
        case .chassisID, .portID:
            let identifier = readIdentifier(value, isChassis: type == .chassisID, anomalies: &anomalies)
            if type == .chassisID { message.chassisID = identifier } else { message.portID = identifier }
        case .timeToLive:
            // The TTL is a 2-byte count of seconds (§8.5.4).
            guard value.remaining == 2, let ttl = value.readUInt16() else {
                return anomalies.append(.lldpTLVLengthMismatch)
            }
            message.timeToLive = ttl
        case .portDescription, .systemName, .systemDescription:
            if value.remaining > maxStringLength { anomalies.append(.lldpStringTooLong) }
            let text = PacketText.string(value, limit: maxStringLength).value
            switch type {
            case .portDescription: message.portDescription = text
            case .systemName: message.systemName = text
            default: message.systemDescription = text
            }
        case .systemCapabilities:
            // Two 16-bit bit sets (§8.5.8).
            guard value.remaining == 4, let capabilities = value.readUInt16(), let enabled = value.readUInt16() else {
                return anomalies.append(.lldpTLVLengthMismatch)
            }
            message.capabilities = LLDPCapabilities(rawValue: capabilities)
            message.enabledCapabilities = LLDPCapabilities(rawValue: enabled)
        case .managementAddress:
            if let address = readManagementAddress(value) {
                message.managementAddresses.append(address)
            } else {
                anomalies.append(.lldpTLVLengthMismatch)
            }
        case .organizationSpecific:
            readOrganizationTLV(value, into: &message, anomalies: &anomalies)
        default:
            break
        }
    }

    /// A chassis or port ID (§8.5.2, §8.5.3): a subtype byte and 1–255 bytes of value.
    private static func readIdentifier(
        _ value: ByteReader, isChassis: Bool, anomalies: inout [ProtocolAnomaly]
    ) -> LLDPIdentifier? {
        var value = value
        // The standard gives both TLVs a length of 2 to 256.
        guard value.remaining >= 2, value.remaining <= 256, let subtype = value.readUInt8() else {
            anomalies.append(.lldpTLVLengthMismatch)
            return nil
        }
        let bytes = value.unreadBytes
        var identifier = LLDPIdentifier(subtype: subtype, value: Array(bytes))
        let macSubtype: UInt8 = isChassis ? 4 : 3
        let networkSubtype: UInt8 = isChassis ? 5 : 4
        switch subtype {
        case macSubtype:
            // A MAC address is 6 bytes; any other length is kept raw only.
            if bytes.count == 6 {
                identifier.macAddress = value.readMAC()
            } else {
                anomalies.append(.lldpTLVLengthMismatch)
            }
        case networkSubtype:
            identifier.networkAddress = readAddress(family: value.readUInt8(), value.unreadBytes)
        case 6 where !isChassis:
            break  // Agent circuit ID (RFC 3046): binary.
        default:
            identifier.text = PacketText.string(bytes).value
        }
        return identifier
    }

    /// An IPv4 or IPv6 address given its IANA family (1 or 2) and exactly its bytes; `nil` otherwise.
    private static func readAddress(family: UInt8?, _ bytes: UnsafeRawBufferPointer) -> IPAddress? {
        var reader = ByteReader(bytes)
        switch (family, bytes.count) {
        case (1, 4): return reader.readIPv4().map(IPAddress.v4)
        case (2, 16): return reader.readIPv6().map(IPAddress.v6)
        default: return nil
        }
    }

    /// A management address (§8.5.9); `nil` if any inner length is out of range or runs past the TLV.
    private static func readManagementAddress(_ value: ByteReader) -> LLDPManagementAddress? {
        var value = value
        // The address string length counts the subtype byte and is 2...32 (§8.5.9.2).
        guard let stringLength = value.readUInt8(), (2...32).contains(stringLength),
            var addressString = value.readSlice(Int(stringLength)), let subtype = addressString.readUInt8(),
            let numbering = value.readUInt8(), let number = value.readUInt32(), let oidLength = value.readUInt8(),
            oidLength <= 128, let oid = value.readSlice(Int(oidLength))
        else { return nil }
        let raw = addressString.unreadBytes
        return LLDPManagementAddress(
            addressSubtype: subtype, rawAddress: Array(raw), address: readAddress(family: subtype, raw),
            interfaceNumberingSubtype: numbering, interfaceNumber: number, objectIdentifier: Array(oid.unreadBytes))
    }

    /// An organization-specific TLV (§8.6): 3-byte OUI, subtype, information; known ones decoded.
    private static func readOrganizationTLV(
        _ value: ByteReader, into message: inout LLDPMessage, anomalies: inout [ProtocolAnomaly]
    ) {
        var value = value
        // The OUI and subtype are mandatory.
        guard let high = value.readUInt16(), let low = value.readUInt8(), let subtype = value.readUInt8() else {
            return anomalies.append(.lldpTLVLengthMismatch)
        }
        let organization = LLDPOrganization(rawValue: UInt32(high) << 8 | UInt32(low))
        if message.organizationTLVs.count < maxOrganizationTLVs {
            message.organizationTLVs.append(
                LLDPOrganizationTLV(
                    organization: organization, subtype: subtype,
                    information: PacketText.bytes(value.unreadBytes).value))
        }
        switch (organization, subtype) {
        case (.ieee8021, 1):
            // Port VLAN ID is 2 bytes (802.1Q-2018 D.2.1).
            guard value.remaining == 2 else { return anomalies.append(.lldpTLVLengthMismatch) }
            message.portVLANID = value.readUInt16()
        case (.ieee8023, 4):
            // Maximum frame size is 2 bytes (802.3 clause 79.3.4).
            guard value.remaining == 2 else { return anomalies.append(.lldpTLVLengthMismatch) }
            message.maximumFrameSize = value.readUInt16()
        case (.lldpMED, 5...11):
            readInventory(subtype, value, into: &message)
        default:
            break
        }
    }

    /// LLDP-MED inventory strings (TIA-1057 §10.2.6); the serial number's value is never copied.
    private static func readInventory(_ subtype: UInt8, _ value: ByteReader, into message: inout LLDPMessage) {
        var inventory = message.inventory ?? LLDPMEDInventory()
        let text = PacketText.string(value).value
        switch subtype {
        case 5: inventory.hardwareRevision = text
        case 6: inventory.firmwareRevision = text
        case 7: inventory.softwareRevision = text
        case 8: inventory.hasSerialNumber = true
        case 9: inventory.manufacturerName = text
        case 10: inventory.modelName = text
        default: inventory.assetID = text
        }
        message.inventory = inventory
    }
}
