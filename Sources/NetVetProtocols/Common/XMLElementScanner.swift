import NetVetWire

/// A bounded, non-validating scan of a small XML document (a SOAP-over-UDP or SADP datagram, a UPnP
/// description or CWMP Inform body) into a flat list of elements: local name (namespace prefix dropped),
/// depth, the character data directly after the start tag (entity-decoded, trimmed, bounded), whether
/// that text was cut and whether the tag was `<x/>`; on request also the end tags, by local name and
/// position, for callers that follow open elements by name (CWMP's `</Inform>`, UPnP's `</device>`).
///
/// Not an XML parser: comments, processing instructions and declarations are skipped, CDATA is read,
/// the five predefined entities and numeric character references are decoded (XML 1.0 §4.1, §4.6), and
/// attributes are skipped (quotes honoured). Every loop moves forward through the buffer, so the scan
/// ends with it; element count, name length and text length are capped by the caller's limits, and the
/// caller bounds the scan by the bytes it passes (CWMP and UPnP pass their first `maxScanSize` bytes).
/// `depth` counts start tags minus end tags, whatever their names; recorded end tags are capped by
/// `maxElements` too.
struct XMLElementScanner {
    /// One element start: its local name, nesting depth (the document element is 0) and leading text.
    struct Element {
        var name: String
        var depth: Int
        /// The character data between the start tag and the next tag (empty for `<x/>` or `<x><y>`).
        var text: String
        /// `text` was longer than `maxTextLength` and was cut.
        var textTruncated = false
        /// The tag was `<x/>`: it has no content and no end tag.
        var isSelfClosing = false
    }

    /// An end tag: its local name, and how many elements were kept before it (its place among them).
    struct EndTag {
        var name: String
        var elementsBefore: Int
    }

    /// The elements, in document order, at most `maxElements`.
    private(set) var elements: [Element] = []
    /// More than `maxElements` start tags appeared; the rest were not kept.
    private(set) var hadTooManyElements = false
    /// Some text was longer than `maxTextLength` and was cut.
    private(set) var textTruncated = false
    /// The end tags in document order, at most `maxElements`, if `recordsEndTags` (else empty).
    private(set) var endTags: [EndTag] = []
    /// The first non-blank byte (after an optional BOM) was `<`.
    private(set) var startsWithMarkup = false
    /// Every opened element was closed again (the document element's end tag was seen).
    private(set) var closedDocumentElement = false

    /// Longest element local name compared; longer names are kept empty.
    static let maxNameLength = 64

    private let reader: ByteReader
    private let maxElements: Int
    private let maxTextLength: Int
    private let recordsEndTags: Bool
    private var index = 0
    private var depth = 0

    /// Scans all of `bytes`, keeping at most `maxElements` elements and `maxTextLength` bytes of text each,
    /// and with `recordsEndTags` at most `maxElements` end tags.
    init(_ bytes: UnsafeRawBufferPointer, maxElements: Int, maxTextLength: Int, recordsEndTags: Bool = false) {
        self.reader = ByteReader(bytes)
        self.maxElements = maxElements
        self.maxTextLength = maxTextLength
        self.recordsEndTags = recordsEndTags
        run()
    }

    /// Feeds `walk` each element and recorded end tag in document order, until it is finished.
    func walk<Walk: XMLTagWalk>(_ walk: inout Walk) {
        var nextEnd = 0
        func endsBefore(_ position: Int) {
            while !walk.finished, nextEnd < endTags.count, endTags[nextEnd].elementsBefore <= position {
                walk.end(endTags[nextEnd].name)
                nextEnd += 1
            }
        }
        for (position, element) in elements.enumerated() {
            endsBefore(position)
            guard !walk.finished else { return }
            walk.start(element)
        }
        endsBefore(elements.count)
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
                let name = readName()
                guard skip(past: [UInt8(ascii: ">")]) else { return }
                if recordsEndTags && endTags.count < maxElements {
                    endTags.append(EndTag(name: name, elementsBefore: elements.count))
                }
                depth = max(0, depth - 1)
                if depth == 0 { closedDocumentElement = true }
            } else {
                index += 1
                let name = readName()
                guard let selfClosing = skipTagRest() else { return }
                let (text, cut) = selfClosing ? ("", false) : readText()
                if elements.count < maxElements {
                    elements.append(
                        Element(name: name, depth: depth, text: text, textTruncated: cut, isSelfClosing: selfClosing))
                } else {
                    hadTooManyElements = true
                }
                if !selfClosing { depth += 1 }
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

/// A reader of an `XMLElementScanner`'s start and end tags in document order (see `walk(_:)`), the shape
/// of the CWMP and UPnP description readers, which follow open elements by name.
protocol XMLTagWalk {
    /// No further tag is wanted.
    var finished: Bool { get }
    /// An element's start tag, with its leading text.
    mutating func start(_ element: XMLElementScanner.Element)
    /// An end tag's local name.
    mutating func end(_ name: String)
}
