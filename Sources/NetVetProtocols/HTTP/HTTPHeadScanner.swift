import NetVetWire

/// Splits an HTTP-style message head (RFC 9112 §2.1: start-line, field lines, empty line) into lines,
/// for the HTTP/RTSP and SSDP parsers. Every byte is read through `ByteReader.peekUInt8(at:)`, which is
/// bounds-checked, on a reader whose cursor is at the start of the head.
struct HTTPHeadScanner {
    /// One line of the head: `start..<end` excludes the CR LF (or bare LF) that ended it.
    struct Line {
        /// Offset of the first byte.
        var start: Int
        /// Offset one past the last byte, before any CR.
        var end: Int
        /// True if the line ended with a bare LF (no CR).
        var hasBareLineFeed: Bool
        /// True if the line begins with SP or HT: an obsolete folded continuation (RFC 9112 §5.2).
        var isContinuation: Bool
    }

    /// The complete lines before the empty line, at most `maxLines`.
    var lines: [Line] = []
    /// Bytes up to and including the empty line; `nil` if the head did not end inside the buffer.
    var headLength: Int?
    /// True if more than `maxLines` lines were found (the extra ones are not kept).
    var hadTooManyLines = false
    /// The offset where the unterminated last line starts, when the head did not end.
    var unterminatedStart: Int?

    /// Scans `bytes` for lines until the empty line or the end; keeps at most `maxLines`.
    init(_ bytes: ByteReader, maxLines: Int) {
        var lineStart = 0
        var index = 0
        let lineFeed = UInt8(ascii: "\n")
        let carriageReturn = UInt8(ascii: "\r")
        let buffer = bytes.unreadBytes
        // One pass over the buffer: the loop is bounded by its length. Line feeds are found with a plain
        // indexed scan of the view (checked against its count), not a bounds-checked optional per byte.
        while index < buffer.count {
            guard buffer[index] == lineFeed else {
                index += 1
                continue
            }
            let hasCR = index > lineStart && bytes.peekUInt8(at: index - 1) == carriageReturn
            let end = hasCR ? index - 1 : index
            if end == lineStart {
                headLength = index + 1
                return
            }
            let first = bytes.peekUInt8(at: lineStart)
            if lines.count < maxLines {
                lines.append(
                    Line(
                        start: lineStart, end: end, hasBareLineFeed: !hasCR,
                        isContinuation: first == UInt8(ascii: " ") || first == UInt8(ascii: "\t")))
            } else {
                hadTooManyLines = true
            }
            index += 1
            lineStart = index
        }
        if lineStart < bytes.remaining { unterminatedStart = lineStart }
    }

    /// Splits a field line into the name range and the value range (OWS trimmed); `nil` if it has no
    /// colon or an empty name. `spaceBeforeColon` is set when the name ends in whitespace (§5.1).
    static func splitField(
        _ bytes: ByteReader, _ line: Line, spaceBeforeColon: inout Bool
    ) -> (name: Range<Int>, value: Range<Int>)? {
        var colon = line.start
        while colon < line.end, bytes.peekUInt8(at: colon) != UInt8(ascii: ":") { colon += 1 }
        // A field line without a colon has no name to report.
        guard colon < line.end, colon > line.start else { return nil }
        var nameEnd = colon
        while nameEnd > line.start, isWhitespace(bytes.peekUInt8(at: nameEnd - 1)) { nameEnd -= 1 }
        spaceBeforeColon = nameEnd != colon
        // A name that is only whitespace is no name.
        guard nameEnd > line.start else { return nil }
        var valueStart = colon + 1
        var valueEnd = line.end
        while valueStart < valueEnd, isWhitespace(bytes.peekUInt8(at: valueStart)) { valueStart += 1 }
        while valueEnd > valueStart, isWhitespace(bytes.peekUInt8(at: valueEnd - 1)) { valueEnd -= 1 }
        return (line.start..<nameEnd, valueStart..<valueEnd)
    }

    /// SP or HT.
    static func isWhitespace(_ byte: UInt8?) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    /// True for an RFC 9110 §5.6.2 `tchar`.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// The bytes of `range`, at most `limit` of them, decoded leniently; `truncated` is set when cut.
    static func string(
        _ bytes: ByteReader, _ range: Range<Int>, limit: Int, truncated: inout Bool
    ) -> String {
        if range.count > limit { truncated = true }
        var reader = bytes
        // Ranges come from the scan and lie inside the buffer; an outside one yields "".
        guard reader.skip(range.lowerBound), let slice = reader.readSlice(min(range.count, limit)) else { return "" }
        return String(decoding: slice.unreadBytes, as: UTF8.self)
    }

    /// True if `bytes[range]` equals `lowercaseASCII` ignoring ASCII case.
    static func equalsIgnoringCase(_ bytes: ByteReader, _ range: Range<Int>, _ lowercaseASCII: String) -> Bool {
        let expected = lowercaseASCII.utf8
        guard range.count == expected.count else { return false }
        var index = range.lowerBound
        for byte in expected {
            guard let actual = bytes.peekUInt8(at: index) else { return false }
            let lowered = actual.asciiLowercased
            guard lowered == byte else { return false }
            index += 1
        }
        return true
    }

    /// Parses an unsigned decimal of at most 18 digits (no sign, no spaces); `nil` otherwise.
    static func decimal(_ bytes: ByteReader, _ range: Range<Int>) -> Int? {
        // 18 digits cannot overflow Int64; more is hostile.
        guard !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for index in range {
            guard let byte = bytes.peekUInt8(at: index), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else {
                return nil
            }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
