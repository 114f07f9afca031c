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
            maxTextLength: maxFieldLength, recordsEndTags: true)
        var walk = DescriptionWalk()
        // Nothing after `</root>` is read.
        scan.walk(&walk)
        var anomalies: [ProtocolAnomaly] = []
        if walk.fieldTruncated { anomalies.append(.upnpFieldTruncated) }
        // Text before the first tag (other than a BOM and whitespace) means this is not XML at all.
        guard scan.startsWithMarkup, walk.sawRoot || walk.sawDevice else {
            if !walk.finished && !isComplete && bytes.count < maxScanSize && scan.startsWithMarkup {
                return .needMoreData(needed: nil)
            }
            return .malformed([.upnpNotDeviceDescription])
        }
        if !walk.finished {
            if bytes.count >= maxScanSize {
                anomalies.append(.upnpScanLimitReached)
            } else if isComplete {
                anomalies.append(.upnpTruncated)
            } else {
                return .needMoreData(needed: nil)
            }
        }
        return .message(walk.message, anomalies: anomalies)
    }

    /// The root device's fields, read from the scanned start and end tags in document order (tags
    /// matched by local name).
    struct DescriptionWalk: XMLTagWalk {
        var message = UPnPDescriptionMessage()
        /// Open `<device>` elements: 1 inside the root device, 2 or more inside embedded ones.
        var deviceDepth = 0
        var sawRoot = false
        var sawDevice = false
        /// `</root>` seen: the walk is over.
        var finished = false
        var fieldTruncated = false

        mutating func start(_ element: XMLElementScanner.Element) {
            switch element.name {
            case "root":
                sawRoot = true
            case "device":
                sawDevice = true
                if deviceDepth >= 1 { message.embeddedDeviceCount += 1 }
                if !element.isSelfClosing { deviceDepth += 1 }
            case let field where deviceDepth == 1 && fields.contains(field):
                if element.textTruncated { fieldTruncated = true }
                store(field, XMLElementScanner.trimmingWhitespace(element.text), in: &message)
            default:
                break
            }
        }

        mutating func end(_ name: String) {
            switch name {
            case "device": deviceDepth = max(0, deviceDepth - 1)
            case "root": finished = true
            default: break
            }
        }
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
