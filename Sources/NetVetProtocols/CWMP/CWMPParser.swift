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
            maxTextLength: maxFieldLength, recordsEndTags: true)
        var walk = InformWalk()
        // Nothing after `</Inform>` is read.
        scan.walk(&walk)
        var anomalies: [ProtocolAnomaly] = []
        if walk.fieldTruncated { anomalies.append(.cwmpFieldTruncated) }
        if walk.tooManyEvents { anomalies.append(.cwmpTooManyEvents) }
        let atLimit = bytes.count >= maxScanSize
        guard scan.startsWithMarkup, walk.sawInform else {
            // Another RPC (or the envelope's start only): wait while the Inform may still come.
            if scan.startsWithMarkup && !walk.sawBodyEnd && !isComplete && !atLimit {
                return .needMoreData(needed: nil)
            }
            return .malformed([.cwmpNotInform])
        }
        if !walk.finished {
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

    /// The Inform's fields, read from the scanned start and end tags in document order (tags matched
    /// by local name).
    struct InformWalk: XMLTagWalk {
        var inform = CWMPInform()
        var sawInform = false
        var inDeviceId = false
        var inParameter = false
        /// The `Name` of the ParameterValueStruct being read, if it is one this parser keeps.
        var parameterName: CWMPParameterName?
        /// `</Inform>` seen: the walk is over.
        var finished = false
        /// `</Body>` or `</Envelope>` seen: no Inform can follow.
        var sawBodyEnd = false
        var fieldTruncated = false
        var tooManyEvents = false

        mutating func start(_ element: XMLElementScanner.Element) {
            if element.name == "Inform" {
                sawInform = true
                return
            }
            // Only the Inform's own elements are read (never another RPC's).
            guard sawInform else { return }
            if element.textTruncated { fieldTruncated = true }
            let text = XMLElementScanner.trimmingWhitespace(element.text)
            switch element.name {
            case "DeviceId": inDeviceId = !element.isSelfClosing
            case "ParameterValueStruct":
                inParameter = !element.isSelfClosing
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
            case "Name" where inParameter:
                inform.parameterCount += 1
                parameterName = CWMPParameterName(rawValue: text)
            case "Value" where inParameter:
                store(text)
            default:
                break
            }
        }

        mutating func end(_ name: String) {
            switch name {
            case "DeviceId": inDeviceId = false
            case "ParameterValueStruct":
                inParameter = false
                parameterName = nil
            case "Inform": finished = sawInform
            case "Body", "Envelope": sawBodyEnd = true
            default: break
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
