import NetVetWire

/// Extracts identifying fields from a UPnP device description (UPnP Device Architecture 2.0 §2.3, the
/// `<root><device>…</device></root>` document fetched from an SSDP LOCATION), as found in an HTTP
/// response body.
///
/// Not an XML parser: a bounded, non-validating scan over the first `maxScanSize` bytes for start and
/// end tags (namespace prefixes ignored), skipping comments, processing instructions and declarations,
/// reading CDATA, and decoding the five predefined entities and numeric character references
/// (XML 1.0 §4.6, §4.1). Pure: bytes in, fields and anomalies out.
public enum UPnPDescriptionParser {
    /// Bytes scanned at most (`upnp.scan_limit_reached`).
    public static let maxScanSize = 64 * 1024
    /// Longest value kept, in UTF-8 bytes after entity decoding (`upnp.field_truncated`).
    public static let maxFieldLength = 256
    /// Longest element name compared; longer names are skipped.
    static let maxNameLength = 64

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
        var whole = ByteReader(bytes)
        // Only the first maxScanSize bytes are ever looked at.
        let reader = whole.readSlice(min(bytes.count, maxScanSize)) ?? whole
        var scanner = Scanner(reader: reader)
        scanner.run()
        var anomalies: [ProtocolAnomaly] = []
        if scanner.fieldTruncated { anomalies.append(.upnpFieldTruncated) }
        // Text before the first tag (other than a BOM and whitespace) means this is not XML at all.
        guard scanner.startsWithMarkup, scanner.sawRoot || scanner.sawDevice else {
            if !scanner.finished && !isComplete && bytes.count < maxScanSize && scanner.startsWithMarkup {
                return .needMoreData(needed: nil)
            }
            return .malformed([.upnpNotDeviceDescription])
        }
        if !scanner.finished {
            if bytes.count >= maxScanSize {
                anomalies.append(.upnpScanLimitReached)
            } else if isComplete {
                anomalies.append(.upnpTruncated)
            } else {
                return .needMoreData(needed: nil)
            }
        }
        return .message(scanner.message, anomalies: anomalies)
    }

    /// The scan state: one forward pass over `reader`, bounded by its length.
    struct Scanner {
        let reader: ByteReader
        var index = 0
        var message = UPnPDescriptionMessage()
        /// Open `<device>` elements: 1 inside the root device, 2 or more inside embedded ones.
        var deviceDepth = 0
        var sawRoot = false
        var sawDevice = false
        var finished = false
        var fieldTruncated = false
        var startsWithMarkup = false

        /// The root-device elements read (UPnP DA 2.0 §2.3 names, case-sensitive).
        static let fields: Set<String> = [
            "deviceType", "friendlyName", "manufacturer", "manufacturerURL", "modelDescription", "modelName",
            "modelNumber", "UDN", "serialNumber",
        ]

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
                    // Declarations and processing instructions carry no device fields.
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

        /// Reads a tag name and returns its local part (after any `prefix:`), or `[]` if over-long.
        mutating func readName() -> [UInt8] {
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
            return tooLong ? [] : name
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

        mutating func startTag(_ name: [UInt8], selfClosing: Bool) {
            switch String(decoding: name, as: UTF8.self) {
            case "root":
                sawRoot = true
            case "device":
                sawDevice = true
                if deviceDepth >= 1 { message.embeddedDeviceCount += 1 }
                if !selfClosing { deviceDepth += 1 }
            case let field where deviceDepth == 1 && Self.fields.contains(field):
                store(field, selfClosing ? "" : readText())
            default:
                break
            }
        }

        mutating func endTag(_ name: [UInt8]) {
            switch String(decoding: name, as: UTF8.self) {
            case "device": deviceDepth = max(0, deviceDepth - 1)
            case "root": finished = true
            default: break
            }
        }

        /// Stores `value` in the root device's field named `field`, if it is one and still unset.
        mutating func store(_ field: String, _ value: String) {
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

        /// Reads character data up to the next tag (CDATA sections included), entity-decoded, trimmed
        /// and bounded; leaves `index` at that tag's `<`.
        mutating func readText() -> String {
            var output: [UInt8] = []
            func append(_ bytes: [UInt8]) {
                for byte in bytes {
                    // Past the limit the text is still consumed, just not kept.
                    guard output.count < UPnPDescriptionParser.maxFieldLength else {
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
