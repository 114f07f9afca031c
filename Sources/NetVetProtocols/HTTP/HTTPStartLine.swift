import NetVetWire

/// Helpers for HTTP-style start lines (RFC 9112 §3 request-line, §4 status-line; RFC 2326 §6.1, §7.1),
/// shared by the HTTP/RTSP and SSDP parsers.
enum HTTPStartLine {
    /// Most parts a start line is split into; the reason phrase is the rest of the line.
    static let maxParts = 3

    /// Splits `line` at single spaces into at most `maxParts` ranges; the last part runs to the end.
    static func split(_ reader: ByteReader, _ line: HTTPHeadScanner.Line) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = line.start
        var index = line.start
        // Bounded by the line; the last part takes the remainder (a reason phrase may contain spaces).
        while index < line.end, parts.count < maxParts - 1 {
            if reader.peekUInt8(at: index) == UInt8(ascii: " ") {
                parts.append(start..<index)
                start = index + 1
            }
            index += 1
        }
        parts.append(start..<line.end)
        return parts
    }

    /// The `x.y` of `HTTP/x.y` (or `RTSP/x.y`, by `prefix` in lower case) at `range`; `nil` otherwise.
    static func version(_ reader: ByteReader, _ range: Range<Int>, prefix: String) -> String? {
        let prefixLength = prefix.utf8.count
        // The version is exactly prefix, digit, dot, digit.
        guard range.count == prefixLength + 3,
            HTTPHeadScanner.equalsIgnoringCase(reader, range.lowerBound..<(range.lowerBound + prefixLength), prefix),
            let major = reader.peekUInt8(at: range.lowerBound + prefixLength),
            reader.peekUInt8(at: range.lowerBound + prefixLength + 1) == UInt8(ascii: "."),
            let minor = reader.peekUInt8(at: range.lowerBound + prefixLength + 2),
            isDigit(major), isDigit(minor)
        else { return nil }
        return String(decoding: [major, UInt8(ascii: "."), minor], as: UTF8.self)
    }

    /// True if `range` is a non-empty token (RFC 9110 §5.6.2).
    static func isToken(_ reader: ByteReader, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return false }
        for index in range {
            guard let byte = reader.peekUInt8(at: index), HTTPHeadScanner.isTokenCharacter(byte) else { return false }
        }
        return true
    }

    /// An ASCII digit.
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
