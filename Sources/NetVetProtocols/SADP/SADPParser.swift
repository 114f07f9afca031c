import NetVetWire

/// Decodes a Hikvision SADP XML datagram (UDP 37020):
///
///     <?xml version="1.0" encoding="utf-8"?><ProbeMatch><Uuid>…</Uuid><Types>inquiry</Types>
///       <DeviceType>…</DeviceType><DeviceDescription>DS-…</DeviceDescription><DeviceSN>…</DeviceSN>
///       <CommandPort>8000</CommandPort><HttpPort>80</HttpPort><MAC>44-19-b6-…</MAC>
///       <IPv4Address>…</IPv4Address>…<SoftwareVersion>…</SoftwareVersion><DSPVersion>…</DSPVersion>
///       <Activated>true</Activated>…</ProbeMatch>
///
/// Pure and bounded: elements are matched by local name at depth 1; a datagram never needs more data.
/// The older binary SADP (EtherType 0x8033) is not read.
public enum SADPParser {
    /// Elements read from one document (`sadp.too_many_elements`).
    public static let maxElements = 96
    /// Longest value kept, in UTF-8 bytes after decoding (`sadp.field_truncated`).
    public static let maxFieldLength = 256
    /// Other element names kept.
    public static let maxOtherElementNames = 48

    /// Parses one datagram: `.malformed([.sadpNotSADP])` unless it is markup whose document element is
    /// `Probe` or `ProbeMatch`; otherwise the message (partial if cut) and its anomalies.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<SADPMessage> {
        let scan = XMLElementScanner(bytes, maxElements: maxElements + 1, maxTextLength: maxFieldLength)
        guard scan.startsWithMarkup, let root = scan.elements.first,
            root.name == SADPMessageKind.probe.rawValue || root.name == SADPMessageKind.probeMatch.rawValue
        else { return .malformed([.sadpNotSADP]) }
        var anomalies: [ProtocolAnomaly] = []
        if !scan.closedDocumentElement { anomalies.append(.sadpTruncated) }
        if scan.textTruncated { anomalies.append(.sadpFieldTruncated) }
        if scan.hadTooManyElements { anomalies.append(.sadpTooManyElements) }
        var message = SADPMessage(kind: SADPMessageKind(rawValue: root.name))
        func flag(_ text: String) -> Bool? {
            switch text.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no": return false
            default: return nil
            }
        }
        func set(_ field: inout String?, _ text: String) { if field == nil { field = text } }
        // Only the document element's children describe the device.
        for element in scan.elements.dropFirst() where element.depth == 1 {
            let text = element.text
            switch element.name {
            case "Uuid": set(&message.uuid, text)
            case "Types": set(&message.types, text)
            case "DeviceType": set(&message.deviceType, text)
            case "DeviceDescription": set(&message.deviceDescription, text)
            case "DeviceSN": if !text.isEmpty { message.hasSerialNumber = true }
            case "CommandPort": if message.commandPort == nil { message.commandPort = UInt16(text) }
            case "HttpPort": if message.httpPort == nil { message.httpPort = UInt16(text) }
            case "MAC":
                guard message.macText == nil else { break }
                message.macText = text
                message.macAddress = MACAddress(text)
                if message.macAddress == nil { anomalies.append(.sadpBadMAC) }
            case "IPv4Address": set(&message.ipv4Address, text)
            case "IPv4SubnetMask": set(&message.ipv4SubnetMask, text)
            case "IPv4Gateway": set(&message.ipv4Gateway, text)
            case "IPv6Address": set(&message.ipv6Address, text)
            case "DHCP": if message.dhcp == nil { message.dhcp = flag(text) }
            case "SoftwareVersion": set(&message.softwareVersion, text)
            case "DSPVersion": set(&message.dspVersion, text)
            case "BootTime": set(&message.bootTime, text)
            case "Activated": if message.activated == nil { message.activated = flag(text) }
            case "PasswordResetAbility":
                if message.passwordResetAbility == nil { message.passwordResetAbility = flag(text) }
            case "OEMInfo": set(&message.oemInfo, text)
            default:
                if message.otherElementNames.count < maxOtherElementNames {
                    message.otherElementNames.append(element.name)
                }
            }
        }
        return .message(message, anomalies: anomalies)
    }
}
