import NetVetWire

/// Extracts the identifying fields of a CWMP Inform from the SOAP body of an HTTP POST sent by a CPE to
/// its ACS (TR-069 Amendment 6 §A.3.3.1 Inform; §A.3.2.1 ParameterValueStruct; §3.4 SOAP envelope):
///
///     <soap:Envelope …><soap:Header><cwmp:ID …>1</cwmp:ID></soap:Header>
///      <soap:Body><cwmp:Inform>
///       <DeviceId><Manufacturer>…</Manufacturer><OUI>…</OUI><ProductClass>…</ProductClass>
///                 <SerialNumber>…</SerialNumber></DeviceId>
///       <Event …><EventStruct><EventCode>1 BOOT</EventCode><CommandKey/></EventStruct></Event>
///       <MaxEnvelopes>1</MaxEnvelopes><CurrentTime>…</CurrentTime><RetryCount>0</RetryCount>
///       <ParameterList …><ParameterValueStruct><Name>Device.DeviceInfo.SoftwareVersion</Name>
///                 <Value xsi:type="xsd:string">…</Value></ParameterValueStruct>…</ParameterList>
///      </cwmp:Inform></soap:Body></soap:Envelope>
///
/// Not an XML parser: `XMLElementScanner` over the first `maxScanSize` bytes (namespace prefixes ignored;
/// comments, processing instructions and declarations skipped; CDATA read; the predefined entities and
/// numeric character references decoded, XML 1.0 §4.6, §4.1), then a walk over the Inform's elements.
/// Pure: bytes in, fields and anomalies out. The serial number is never kept.
public enum CWMPParser {
    /// Bytes scanned at most (`cwmp.scan_limit_reached`).
    public static let maxScanSize = 64 * 1024
    /// Longest value kept, in UTF-8 bytes after entity decoding (`cwmp.field_truncated`).
    public static let maxFieldLength = 256
    /// Event codes kept (`cwmp.too_many_events`).
    public static let maxEventCodes = 8
    /// Elements kept by the scan: every start tag `maxScanSize` bytes can hold (`<>` takes two), so the
    /// scan limit, not this, is what stops a long body.
    static let maxElements = maxScanSize / 2

    /// Parses the unread bytes of `reader` (see `parse(_:isComplete:)`).
    public static func parse(_ reader: ByteReader, isComplete: Bool = true) -> ParseResult<CWMPInform> {
        parse(reader.unreadBytes, isComplete: isComplete)
    }

    /// Scans a SOAP body for an Inform.
    ///
    /// With `isComplete` false (the body may continue), a body cut before `</Inform>` and shorter than
    /// `maxScanSize` gives `.needMoreData(needed: nil)`; with `isComplete` true it gives the fields seen
    /// and `cwmp.truncated`. `.malformed([.cwmpNotInform])` when the body does not start with markup, or
    /// holds no `<Inform>` element (another RPC, an empty POST) once complete.
    public static func parse(_ bytes: UnsafeRawBufferPointer, isComplete: Bool = true) -> ParseResult<CWMPInform> {
        // Only the first maxScanSize bytes are ever looked at.
        let scan = XMLElementScanner(
            UnsafeRawBufferPointer(rebasing: bytes.prefix(maxScanSize)), maxElements: maxElements,
            maxTextLength: maxFieldLength)
        let elements = scan.elements
        let atLimit = bytes.count >= maxScanSize
        guard scan.startsWithMarkup, let informIndex = elements.firstIndex(where: { $0.name == "Inform" }) else {
            // Another RPC (or the envelope's start only): wait while the Inform may still come.
            let sawBodyEnd = elements.contains { ($0.name == "Body" || $0.name == "Envelope") && $0.endTagSeen }
            if scan.startsWithMarkup && !sawBodyEnd && !isComplete && !atLimit {
                return .needMoreData(needed: nil)
            }
            return .malformed([.cwmpNotInform])
        }
        var walk = InformWalk()
        let informDepth = elements[informIndex].depth
        // Only the Inform's own elements are read (never another RPC's): those deeper than it, up to the
        // first that is not.
        for element in elements[(informIndex + 1)...] {
            guard element.depth > informDepth else { break }
            walk.visit(element)
        }
        var anomalies: [ProtocolAnomaly] = []
        if walk.fieldTruncated { anomalies.append(.cwmpFieldTruncated) }
        if walk.tooManyEvents { anomalies.append(.cwmpTooManyEvents) }
        if !elements[informIndex].endTagSeen {
            if atLimit {
                anomalies.append(.cwmpScanLimitReached)
            } else if isComplete {
                anomalies.append(.cwmpTruncated)
            } else {
                return .needMoreData(needed: nil)
            }
        }
        return .message(walk.inform, anomalies: anomalies)
    }

    /// The fields read from the Inform's elements, in document order.
    struct InformWalk {
        var inform = CWMPInform()
        /// The depth of the open `DeviceId`, while its elements are being read.
        var deviceIdDepth: Int?
        /// The depth of the open `ParameterValueStruct`, while its elements are being read.
        var parameterDepth: Int?
        /// The `Name` of the ParameterValueStruct being read, if it is one this parser keeps.
        var parameterName: CWMPParameterName?
        var fieldTruncated = false
        var tooManyEvents = false

        mutating func visit(_ element: XMLElementScanner.Element) {
            // An element no deeper than an open DeviceId or ParameterValueStruct comes after its end.
            if let depth = deviceIdDepth, element.depth <= depth { deviceIdDepth = nil }
            if let depth = parameterDepth, element.depth <= depth {
                parameterDepth = nil
                parameterName = nil
            }
            if element.textTruncated { fieldTruncated = true }
            let text = XMLElementScanner.trimmingWhitespace(element.text)
            let inDeviceId = deviceIdDepth != nil
            switch element.name {
            case "DeviceId": deviceIdDepth = element.depth
            case "ParameterValueStruct":
                parameterDepth = element.depth
                parameterName = nil
            case "Manufacturer" where inDeviceId: if inform.manufacturer == nil { inform.manufacturer = text }
            case "OUI" where inDeviceId: if inform.oui == nil { inform.oui = text }
            case "ProductClass" where inDeviceId: if inform.productClass == nil { inform.productClass = text }
            case "SerialNumber" where inDeviceId: if !text.isEmpty { inform.hasSerialNumber = true }
            case "EventCode":
                // Codes past the cap are counted, not kept.
                guard inform.eventCodes.count < maxEventCodes else {
                    tooManyEvents = true
                    return
                }
                inform.eventCodes.append(text)
            case "Name" where parameterDepth != nil:
                inform.parameterCount += 1
                parameterName = CWMPParameterName(rawValue: text)
            case "Value" where parameterDepth != nil:
                store(text)
            default:
                break
            }
        }

        /// Stores a parameter value under the field its `Name` maps to, if it is one and still unset.
        mutating func store(_ value: String) {
            switch parameterName {
            case .some(.softwareVersion), .some(.igdSoftwareVersion):
                if inform.softwareVersion == nil { inform.softwareVersion = value }
            case .some(.hardwareVersion), .some(.igdHardwareVersion):
                if inform.hardwareVersion == nil { inform.hardwareVersion = value }
            case .some(.modelName), .some(.igdModelName):
                if inform.modelName == nil { inform.modelName = value }
            default:
                break
            }
        }
    }
}
