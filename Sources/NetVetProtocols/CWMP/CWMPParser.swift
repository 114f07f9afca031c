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
/// Not an XML parser: a bounded, non-validating scan over the first `maxScanSize` bytes for start and
/// end tags (namespace prefixes ignored), skipping comments, processing instructions and declarations,
/// reading CDATA and decoding the predefined entities and numeric character references (XML 1.0 §4.6,
/// §4.1). Pure: bytes in, fields and anomalies out. The serial number is never kept.
public enum CWMPParser {
    /// Bytes scanned at most (`cwmp.scan_limit_reached`).
    public static let maxScanSize = 64 * 1024
    /// Longest value kept, in UTF-8 bytes after entity decoding (`cwmp.field_truncated`).
    public static let maxFieldLength = 256
    /// Event codes kept (`cwmp.too_many_events`).
    public static let maxEventCodes = 8
    /// Longest element name compared; longer names are skipped.
    static let maxNameLength = 64

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
        var whole = ByteReader(bytes)
        // Only the first maxScanSize bytes are ever looked at.
        let reader = whole.readSlice(min(bytes.count, maxScanSize)) ?? whole
        var scanner = Scanner(reader: reader)
        scanner.run()
        var anomalies: [ProtocolAnomaly] = []
        if scanner.fieldTruncated { anomalies.append(.cwmpFieldTruncated) }
        if scanner.tooManyEvents { anomalies.append(.cwmpTooManyEvents) }
        let atLimit = bytes.count >= maxScanSize
        guard scanner.startsWithMarkup, scanner.sawInform else {
            // Another RPC (or the envelope's start only): wait while the Inform may still come.
            if scanner.startsWithMarkup && !scanner.sawBodyEnd && !isComplete && !atLimit {
                return .needMoreData(needed: nil)
            }
            return .malformed([.cwmpNotInform])
        }
        if !scanner.finished {
            if atLimit {
                anomalies.append(.cwmpScanLimitReached)
            } else if isComplete {
                anomalies.append(.cwmpTruncated)
            } else {
                return .needMoreData(needed: nil)
            }
        }
        return .message(scanner.inform, anomalies: anomalies)
    }

    /// The scan state: one forward pass over `reader`, bounded by its length.
    struct Scanner {
        let reader: ByteReader
        var index = 0
        var inform = CWMPInform()
        var sawInform = false
        var inDeviceId = false
        var inParameter = false
        /// The `Name` of the ParameterValueStruct being read, if it is one this parser keeps.
        var parameterName: CWMPParameterName?
        var finished = false
        /// `</Body>` or `</Envelope>` seen: no Inform can follow.
        var sawBodyEnd = false
        var fieldTruncated = false
        var tooManyEvents = false
        var startsWithMarkup = false

        init(reader: ByteReader) { self.reader = reader }

        /// Advances `index` past the next occurrence of `terminator`; false (index at the end) if absent.
        mutating func skip(past terminator: [UInt8]) -> Bool {
            // Bounded by the buffer: each step moves forward one byte.
            while index < reader.remaining {
                if matches(terminator, at: index) {
                    index += terminator.count
                    return true
                }
                index += 1
            }
            return false
        }

        /// True if the bytes at `offset` are `pattern`.
        func matches(_ pattern: [UInt8], at offset: Int) -> Bool {
            for (position, byte) in pattern.enumerated() where reader.peekUInt8(at: offset + position) != byte {
                return false
            }
            return true
        }

        mutating func run() {
            // A UTF-8 byte order mark may precede the XML declaration.
            if matches([0xEF, 0xBB, 0xBF], at: 0) { index = 3 }
            while let byte = reader.peekUInt8(at: index), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            }
            startsWithMarkup = reader.peekUInt8(at: index) == UInt8(ascii: "<")
            guard startsWithMarkup else { return }
            // Each pass consumes at least one byte, so the loop ends with the buffer.
            while index < reader.remaining, !finished {
                guard reader.peekUInt8(at: index) == UInt8(ascii: "<") else {
                    index += 1
                    continue
                }
                if matches(Array("<!--".utf8), at: index) {
                    // An unterminated comment runs to the end: nothing after it can be read.
                    guard skip(past: Array("-->".utf8)) else { return }
                } else if matches(Array("<?".utf8), at: index) || matches(Array("<!".utf8), at: index) {
                    // Declarations and processing instructions carry no fields.
                    guard skip(past: [UInt8(ascii: ">")]) else { return }
                } else if reader.peekUInt8(at: index + 1) == UInt8(ascii: "/") {
                    index += 2
                    let name = readName()
                    guard skip(past: [UInt8(ascii: ">")]) else { return }
                    endTag(name)
                } else {
                    index += 1
                    let name = readName()
                    guard let selfClosing = skipTagRest() else { return }
                    startTag(name, selfClosing: selfClosing)
                }
            }
        }

        /// Reads a tag name and returns its local part (after any `prefix:`), or "" if over-long.
        mutating func readName() -> String {
            var name: [UInt8] = []
            var tooLong = false
            while let byte = reader.peekUInt8(at: index), byte > 0x20, byte != UInt8(ascii: ">"),
                byte != UInt8(ascii: "/")
            {
                if byte == UInt8(ascii: ":") {
                    name.removeAll()
                } else if name.count < maxNameLength {
                    name.append(byte)
                } else {
                    tooLong = true
                }
                index += 1
            }
            return tooLong ? "" : String(decoding: name, as: UTF8.self)
        }

        /// Skips attributes to the closing `>`, honouring quotes; returns whether the tag was `/>`, or
        /// `nil` if the buffer ended inside the tag.
        mutating func skipTagRest() -> Bool? {
            var quote: UInt8?
            var previous: UInt8 = 0
            while let byte = reader.peekUInt8(at: index) {
                index += 1
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    return previous == UInt8(ascii: "/")
                }
                previous = byte
            }
            return nil
        }

        mutating func startTag(_ name: String, selfClosing: Bool) {
            if name == "Inform" {
                sawInform = true
                return
            }
            // Only the Inform's own elements are read (never another RPC's).
            guard sawInform else { return }
            let text = selfClosing ? "" : readText()
            switch name {
            case "DeviceId": inDeviceId = !selfClosing
            case "ParameterValueStruct":
                inParameter = !selfClosing
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

        mutating func endTag(_ name: String) {
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

        /// Reads character data up to the next tag (CDATA sections included), entity-decoded, trimmed
        /// and bounded; leaves `index` at that tag's `<`.
        mutating func readText() -> String {
            var output: [UInt8] = []
            func append(_ bytes: [UInt8]) {
                for byte in bytes {
                    // Past the limit the text is still consumed, just not kept.
                    guard output.count < CWMPParser.maxFieldLength else {
                        fieldTruncated = true
                        return
                    }
                    output.append(byte)
                }
            }
            while let byte = reader.peekUInt8(at: index) {
                if byte == UInt8(ascii: "<") {
                    guard matches(Array("<![CDATA[".utf8), at: index) else { break }
                    index += 9
                    while let raw = reader.peekUInt8(at: index), !matches(Array("]]>".utf8), at: index) {
                        append([raw])
                        index += 1
                    }
                    index += 3
                } else if byte == UInt8(ascii: "&") {
                    append(readReference())
                } else {
                    append([byte])
                    index += 1
                }
            }
            let text = String(decoding: output, as: UTF8.self)
            return String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
        }

        /// Decodes the reference at `index` (`&amp;`, `&#233;`, `&#xE9;`), advancing past it; an unknown,
        /// invalid (not a Unicode scalar, or NUL) or unterminated one is returned as its literal `&`.
        mutating func readReference() -> [UInt8] {
            // A reference is short: look for `;` within 10 bytes.
            var end = index + 1
            while end < index + 10, let byte = reader.peekUInt8(at: end), byte != UInt8(ascii: ";") { end += 1 }
            guard reader.peekUInt8(at: end) == UInt8(ascii: ";") else {
                index += 1
                return [UInt8(ascii: "&")]
            }
            var body: [UInt8] = []
            for offset in (index + 1)..<end {
                if let byte = reader.peekUInt8(at: offset) { body.append(byte) }
            }
            let decoded: [UInt8]?
            switch String(decoding: body, as: UTF8.self) {
            case "amp": decoded = [UInt8(ascii: "&")]
            case "lt": decoded = [UInt8(ascii: "<")]
            case "gt": decoded = [UInt8(ascii: ">")]
            case "quot": decoded = [UInt8(ascii: "\"")]
            case "apos": decoded = [UInt8(ascii: "'")]
            case let numeric where numeric.hasPrefix("#x") || numeric.hasPrefix("#X"):
                decoded = UInt32(numeric.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map {
                    Array(String($0).utf8)
                }
            case let numeric where numeric.hasPrefix("#"):
                decoded = UInt32(numeric.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map {
                    Array(String($0).utf8)
                }
            default:
                decoded = nil
            }
            // NUL is not an XML character; like any unknown reference it stays literal.
            guard let decoded, decoded != [0] else {
                index += 1
                return [UInt8(ascii: "&")]
            }
            index = end + 1
            return decoded
        }
    }
}
