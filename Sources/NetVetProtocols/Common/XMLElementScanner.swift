import NetVetWire

/// A bounded, non-validating scan of a small XML document (a SOAP-over-UDP or SADP datagram, a UPnP
/// description or CWMP Inform body) into a flat list of elements: local name (namespace prefix dropped),
/// depth, the character data directly after the start tag (entity-decoded, trimmed, bounded), whether
/// that text was cut, and whether the element's end tag was seen.
///
/// Not an XML parser: comments, processing instructions and declarations are skipped, CDATA is read,
/// the five predefined entities and numeric character references are decoded (XML 1.0 §4.1, §4.6), and
/// attributes are skipped (quotes honoured). Every loop moves forward through the buffer, so the scan
/// ends with it; element count, name length and text length are capped by the caller's limits, and the
/// caller bounds the scan by the bytes it passes (CWMP and UPnP pass their first `maxScanSize` bytes).
///
/// End tags are matched to open elements by depth, not by name (`<a><b></a>` closes `b`), through a
/// stack of the open elements bounded by `maxElements`; callers that need an element's end (CWMP's
/// `</Inform>`, UPnP's `</root>`) read `endTagSeen`, and find its content as the elements after it
/// that are deeper than it, up to the first that is not.
struct XMLElementScanner {
    /// One element start: its local name, nesting depth (the document element is 0) and leading text.
    struct Element {
        var name: String
        var depth: Int
        /// The character data between the start tag and the next tag (empty for `<x/>` or `<x><y>`).
        var text: String
        /// `text` was longer than `maxTextLength` and was cut.
        var textTruncated = false
        /// The matching end tag was seen (never for `<x/>`, which has none).
        var endTagSeen = false
    }

    /// The elements, in document order, at most `maxElements`.
    private(set) var elements: [Element] = []
    /// More than `maxElements` start tags appeared; the rest were not kept.
    private(set) var hadTooManyElements = false
    /// Some text was longer than `maxTextLength` and was cut.
    private(set) var textTruncated = false
    /// The first non-blank byte (after an optional BOM) was `<`.
    private(set) var startsWithMarkup = false
    /// Every opened element was closed again (the document element's end tag was seen).
    private(set) var closedDocumentElement = false

    /// Longest element local name compared; longer names are kept empty.
    static let maxNameLength = 64

    private let reader: ByteReader
    private let maxElements: Int
    private let maxTextLength: Int
    private var index = 0
    private var depth = 0
    /// The index in `elements` of each open element from the document element down (`nil` for one not
    /// kept); at most `maxElements` levels, deeper ones are not tracked.
    private var openElements: [Int?] = []

    /// Scans all of `bytes`, keeping at most `maxElements` elements and `maxTextLength` bytes of text each.
    init(_ bytes: UnsafeRawBufferPointer, maxElements: Int, maxTextLength: Int) {
        self.reader = ByteReader(bytes)
        self.maxElements = maxElements
        self.maxTextLength = maxTextLength
        run()
    }

    private mutating func run() {
        // A UTF-8 byte order mark may precede the XML declaration.
        if matches([0xEF, 0xBB, 0xBF], at: 0) { index = 3 }
        while let byte = reader.peekUInt8(at: index), Self.isBlank(byte) { index += 1 }
        startsWithMarkup = reader.peekUInt8(at: index) == UInt8(ascii: "<")
        guard startsWithMarkup else { return }
        // Each pass consumes at least one byte, so the loop ends with the buffer.
        while index < reader.remaining {
            guard reader.peekUInt8(at: index) == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            if matches(Self.commentOpen, at: index) {
                // An unterminated comment runs to the end: nothing after it can be read.
                guard skip(past: Self.commentClose) else { return }
            } else if matches(Self.cdataOpen, at: index) {
                guard skip(past: Self.cdataClose) else { return }
            } else if reader.peekUInt8(at: index + 1) == UInt8(ascii: "?")
                || reader.peekUInt8(at: index + 1) == UInt8(ascii: "!")
            {
                // Declarations and processing instructions carry no fields.
                guard skip(past: [UInt8(ascii: ">")]) else { return }
            } else if reader.peekUInt8(at: index + 1) == UInt8(ascii: "/") {
                index += 2
                _ = readName()
                guard skip(past: [UInt8(ascii: ">")]) else { return }
                if depth > 0 {
                    depth -= 1
                    // The stack holds min(depth, maxElements) levels: pop the level just closed if tracked.
                    if openElements.count > depth, let open = openElements.removeLast() {
                        elements[open].endTagSeen = true
                    }
                }
                if depth == 0 { closedDocumentElement = true }
            } else {
                index += 1
                let name = readName()
                guard let selfClosing = skipTagRest() else { return }
                let (text, cut) = selfClosing ? ("", false) : readText()
                let kept = elements.count < maxElements
                if kept {
                    elements.append(Element(name: name, depth: depth, text: text, textTruncated: cut))
                } else {
                    hadTooManyElements = true
                }
                if !selfClosing {
                    if openElements.count < maxElements { openElements.append(kept ? elements.count - 1 : nil) }
                    depth += 1
                }
            }
        }
    }

    private static let commentOpen = Array("<!--".utf8)
    private static let commentClose = Array("-->".utf8)
    private static let cdataOpen = Array("<![CDATA[".utf8)
    private static let cdataClose = Array("]]>".utf8)

    private static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Advances past the next occurrence of `terminator`; false (index at the end) if absent.
    private mutating func skip(past terminator: [UInt8]) -> Bool {
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
    private func matches(_ pattern: [UInt8], at offset: Int) -> Bool {
        for (position, byte) in pattern.enumerated() where reader.peekUInt8(at: offset + position) != byte {
            return false
        }
        return true
    }

    /// Reads a tag name and returns its local part (after any `prefix:`), or `""` if over-long.
    private mutating func readName() -> String {
        var name: [UInt8] = []
        var tooLong = false
        while let byte = reader.peekUInt8(at: index), byte > 0x20, byte != UInt8(ascii: ">"), byte != UInt8(ascii: "/")
        {
            if byte == UInt8(ascii: ":") {
                name.removeAll(keepingCapacity: true)
                tooLong = false
            } else if name.count < Self.maxNameLength {
                name.append(byte)
            } else {
                tooLong = true
            }
            index += 1
        }
        return tooLong ? "" : String(decoding: name, as: UTF8.self)
    }

    /// Skips attributes to the closing `>`, honouring quotes; whether the tag was `/>`, or `nil` if the
    /// buffer ended inside the tag.
    private mutating func skipTagRest() -> Bool? {
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

    /// Reads character data up to the next tag (CDATA included), entity-decoded, trimmed and bounded, and
    /// whether it was cut; leaves `index` at that tag's `<`.
    private mutating func readText() -> (String, Bool) {
        var output: [UInt8] = []
        var cut = false
        func append(_ byte: UInt8) {
            // Past the limit the text is still consumed, just not kept.
            guard output.count < maxTextLength else {
                cut = true
                return
            }
            output.append(byte)
        }
        while let byte = reader.peekUInt8(at: index) {
            if byte == UInt8(ascii: "<") {
                guard matches(Self.cdataOpen, at: index) else { break }
                index += Self.cdataOpen.count
                while let raw = reader.peekUInt8(at: index), !matches(Self.cdataClose, at: index) {
                    append(raw)
                    index += 1
                }
                index += Self.cdataClose.count
            } else if byte == UInt8(ascii: "&") {
                for decoded in readReference() { append(decoded) }
            } else {
                if byte != 0 { append(byte) }
                index += 1
            }
        }
        if cut { textTruncated = true }
        var start = 0
        var end = output.count
        while start < end, Self.isBlank(output[start]) { start += 1 }
        while end > start, Self.isBlank(output[end - 1]) { end -= 1 }
        return (String(decoding: output[start..<end], as: UTF8.self), cut)
    }

    /// `text` without leading and trailing Unicode whitespace (no-break space, NEL, line separator, ...
    /// beyond the four XML blanks the scan trims), as CWMP and UPnP values are kept.
    static func trimmingWhitespace(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    /// Decodes the reference at `index` (`&amp;`, `&#233;`, `&#xE9;`), advancing past it; an unknown,
    /// invalid (not a Unicode scalar, or NUL) or unterminated one is returned as its literal `&`.
    private mutating func readReference() -> [UInt8] {
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
            decoded = UInt32(numeric.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { Array(String($0).utf8) }
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
