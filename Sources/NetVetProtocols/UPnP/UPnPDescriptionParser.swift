import NetVetWire

/// Extracts identifying fields from a UPnP device description (UPnP Device Architecture 2.0 §2.3, the
/// `<root><device>…</device></root>` document fetched from an SSDP LOCATION), as found in an HTTP
/// response body.
///
/// Not an XML parser: `XMLElementScanner` over the first `maxScanSize` bytes (namespace prefixes ignored;
/// comments, processing instructions and declarations skipped; CDATA read; the five predefined entities
/// and numeric character references decoded, XML 1.0 §4.6, §4.1), then a walk over the elements up to
/// `</root>`. Pure: bytes in, fields and anomalies out.
public enum UPnPDescriptionParser {
    /// Bytes scanned at most (`upnp.scan_limit_reached`).
    public static let maxScanSize = 64 * 1024
    /// Longest value kept, in UTF-8 bytes after entity decoding (`upnp.field_truncated`).
    public static let maxFieldLength = 256
    /// Elements kept by the scan: every start tag `maxScanSize` bytes can hold (`<>` takes two), so the
    /// scan limit, not this, is what stops a long body.
    static let maxElements = maxScanSize / 2

    /// The root-device elements read (UPnP DA 2.0 §2.3 names, case-sensitive).
    static let fields: Set<String> = [
        "deviceType", "friendlyName", "manufacturer", "manufacturerURL", "modelDescription", "modelName",
        "modelNumber", "UDN", "serialNumber",
    ]

    /// Parses the unread bytes of `reader` (see `parse(_:isComplete:)`).
    public static func parse(_ reader: ByteReader, isComplete: Bool = true) -> ParseResult<UPnPDescriptionMessage> {
        parse(reader.unreadBytes, isComplete: isComplete)
    }

    /// Scans a device description body.
    ///
    /// With `isComplete` false (the body may continue), a body cut before `</root>` and shorter than
    /// `maxScanSize` gives `.needMoreData(needed: nil)`; with `isComplete` true it gives the fields seen
    /// and `upnp.truncated`. `.malformed([.upnpNotDeviceDescription])` when no `<root>` or `<device>`
    /// element appears, or the body does not start with markup.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, isComplete: Bool = true
    ) -> ParseResult<UPnPDescriptionMessage> {
        // Only the first maxScanSize bytes are ever looked at.
        let scan = XMLElementScanner(
            UnsafeRawBufferPointer(rebasing: bytes.prefix(maxScanSize)), maxElements: maxElements,
            maxTextLength: maxFieldLength)
        let elements = scan.elements
        let root = elements.firstIndex { $0.name == "root" }
        let finished = root.map { elements[$0].endTagSeen } ?? false
        var message = UPnPDescriptionMessage()
        var sawDevice = false
        var fieldTruncated = false
        // The depths of the open `<device>` elements: one inside the root device, more inside embedded ones.
        var openDevices: [Int] = []
        for (index, element) in elements.enumerated() {
            // Nothing after `</root>` is read.
            if let root, finished, index > root, element.depth <= elements[root].depth { break }
            // A device no shallower than this element has ended before it.
            while let last = openDevices.last, last >= element.depth { openDevices.removeLast() }
            switch element.name {
            case "device":
                sawDevice = true
                if !openDevices.isEmpty { message.embeddedDeviceCount += 1 }
                openDevices.append(element.depth)
            case let field where openDevices.count == 1 && fields.contains(field):
                if element.textTruncated { fieldTruncated = true }
                store(field, XMLElementScanner.trimmingWhitespace(element.text), in: &message)
            default:
                break
            }
        }
        var anomalies: [ProtocolAnomaly] = []
        if fieldTruncated { anomalies.append(.upnpFieldTruncated) }
        // Text before the first tag (other than a BOM and whitespace) means this is not XML at all.
        guard scan.startsWithMarkup, root != nil || sawDevice else {
            if !finished && !isComplete && bytes.count < maxScanSize && scan.startsWithMarkup {
                return .needMoreData(needed: nil)
            }
            return .malformed([.upnpNotDeviceDescription])
        }
        if !finished {
            if bytes.count >= maxScanSize {
                anomalies.append(.upnpScanLimitReached)
            } else if isComplete {
                anomalies.append(.upnpTruncated)
            } else {
                return .needMoreData(needed: nil)
            }
        }
        return .message(message, anomalies: anomalies)
    }

    /// Stores `value` in the root device's field named `field`, if it is one and still unset.
    static func store(_ field: String, _ value: String, in message: inout UPnPDescriptionMessage) {
        switch field {
        case "deviceType": if message.deviceType == nil { message.deviceType = UPnPDeviceType(rawValue: value) }
        case "friendlyName": if message.friendlyName == nil { message.friendlyName = value }
        case "manufacturer": if message.manufacturer == nil { message.manufacturer = value }
        case "manufacturerURL": if message.manufacturerURL == nil { message.manufacturerURL = value }
        case "modelDescription": if message.modelDescription == nil { message.modelDescription = value }
        case "modelName": if message.modelName == nil { message.modelName = value }
        case "modelNumber": if message.modelNumber == nil { message.modelNumber = value }
        case "UDN": if message.udn == nil { message.udn = value }
        case "serialNumber": if !value.isEmpty { message.hasSerialNumber = true }
        default: break
        }
    }
}
