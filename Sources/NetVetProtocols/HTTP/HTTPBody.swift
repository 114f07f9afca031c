import NetVetWire

/// Locates and decodes the start of an HTTP/1.1 message body that follows a head (RFC 9112 §6: message
/// body length; §7.1: chunked transfer coding), for the parsers that read bodies (UPnP device
/// descriptions, CWMP Informs). Pure and bounded: it never keeps more than the bytes it is given.
public enum HTTPBody {
    /// Chunks decoded at most; past them the part decoded is returned as incomplete.
    public static let maxChunks = 64

    /// The body bytes available after the head, and whether the body is complete in them.
    public struct Slice {
        /// The body (dechunked if the message was chunked), at most the bytes present.
        public var bytes: [UInt8]
        /// True when the body's end is inside the bytes given: Content-Length reached, or the chunked
        /// last-chunk seen.
        public var isComplete: Bool
        /// True when a chunk size line could not be read: the body is what was decoded before it.
        public var isMalformed: Bool
    }

    /// True if the head in `bytes` (the first `headLength` bytes) has a `Transfer-Encoding` field whose
    /// value contains `chunked` (any case).
    public static func isChunked(_ bytes: UnsafeRawBufferPointer, headLength: Int) -> Bool {
        var whole = ByteReader(bytes)
        let reader = whole.readSlice(min(headLength, bytes.count, HTTPParser.maxHeadSize)) ?? whole
        let scan = HTTPHeadScanner(reader, maxLines: HTTPParser.maxHeaders + 1)
        var spaceBeforeColon = false
        for line in scan.lines.dropFirst() {
            guard let (name, value) = HTTPHeadScanner.splitField(reader, line, spaceBeforeColon: &spaceBeforeColon),
                HTTPHeadScanner.equalsIgnoringCase(reader, name, "transfer-encoding")
            else { continue }
            var truncated = false
            let text = HTTPHeadScanner.string(reader, value, limit: HTTPParser.maxFieldLength, truncated: &truncated)
            if text.lowercased().contains("chunked") { return true }
        }
        return false
    }

    /// The body after a head of `headLength` bytes in `bytes`: chunked (dechunked here), or delimited by
    /// `contentLength` (`nil`: until the connection closes, so never complete here).
    public static func slice(
        _ bytes: UnsafeRawBufferPointer, headLength: Int, contentLength: Int?, chunked: Bool
    ) -> Slice {
        guard headLength >= 0, headLength <= bytes.count else {
            return Slice(bytes: [], isComplete: false, isMalformed: false)
        }
        let rest = UnsafeRawBufferPointer(rebasing: bytes[headLength...])
        if chunked { return dechunk(rest) }
        if let contentLength, contentLength >= 0 {
            let available = min(contentLength, rest.count)
            return Slice(
                bytes: Array(rest.prefix(available)), isComplete: rest.count >= contentLength, isMalformed: false)
        }
        return Slice(bytes: Array(rest), isComplete: false, isMalformed: false)
    }

    /// Decodes `chunk-size [; ext] CRLF data CRLF` … `0 CRLF` (RFC 9112 §7.1) from the start of `bytes`.
    static func dechunk(_ bytes: UnsafeRawBufferPointer) -> Slice {
        var output: [UInt8] = []
        var reader = ByteReader(bytes)
        // Bounded twice: by the chunk count and by the buffer (every pass consumes a size line).
        for _ in 0..<maxChunks {
            guard let line = readLine(&reader) else { break }
            var size = 0
            var digits = 0
            for byte in line {
                guard let digit = byte.asciiHexDigitValue.map(Int.init) else { break }
                // Eight hex digits (4 GiB) is more than any prefix this sees; more is hostile.
                guard digits < 8 else { return Slice(bytes: output, isComplete: false, isMalformed: true) }
                size = size << 4 | digit
                digits += 1
            }
            guard digits > 0 else { return Slice(bytes: output, isComplete: false, isMalformed: true) }
            if size == 0 { return Slice(bytes: output, isComplete: true, isMalformed: false) }
            let available = min(size, reader.remaining)
            if let data = reader.readSlice(available) { output.append(contentsOf: data.unreadBytes) }
            // The chunk runs past the bytes present: what is here is the body so far.
            guard available == size else { break }
            // The CRLF after the data; if cut, the next call sees it.
            guard readLine(&reader) != nil else { break }
        }
        return Slice(bytes: output, isComplete: false, isMalformed: false)
    }

    /// The bytes of the line at the reader (without CRLF or LF), advancing past it; `nil` (cursor
    /// unmoved) when no line end is present.
    static func readLine(_ reader: inout ByteReader) -> [UInt8]? {
        var index = 0
        // A size line is short; 1 KiB of chunk extensions is hostile.
        while index < min(reader.remaining, 1024), let byte = reader.peekUInt8(at: index), byte != 0x0A { index += 1 }
        guard reader.peekUInt8(at: index) == 0x0A, let line = reader.readSlice(index) else { return nil }
        _ = reader.skip(1)
        var bytes = Array(line.unreadBytes)
        if bytes.last == 0x0D { bytes.removeLast() }
        return bytes
    }
}
