import NetVetWire

/// Decodes an SSDP datagram: UPnP Device Architecture 2.0 §1.1 (HTTPU/HTTPMU: an HTTP/1.1 message head
/// in one UDP datagram), §1.2 (NOTIFY advertisements), §1.3 (M-SEARCH and its 200 OK responses).
///
/// Pure: bytes in, message and anomalies out. Lines, headers and values are bounded by the limits
/// below; a datagram never needs more data.
public enum SSDPParser {
    /// Header lines read; more give `ssdp.too_many_headers`.
    public static let maxHeaders = 32
    /// Longest line read whole; longer ones give `ssdp.line_too_long`.
    public static let maxLineLength = 1024
    /// Longest header value, request target or header name copied out.
    public static let maxFieldLength = 512

    /// Parses the unread bytes of `reader` (see `parse(_: UnsafeRawBufferPointer)`).
    public static func parse(_ reader: ByteReader) -> ParseResult<SSDPMessage> {
        parse(reader.unreadBytes)
    }

    /// Parses one SSDP datagram. Returns `.malformed([.ssdpBadStartLine])` when the first line is not an
    /// HTTP/1.x request or status line; otherwise the message and its anomalies.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<SSDPMessage> {
        let reader = ByteReader(bytes)
        let scan = HTTPHeadScanner(reader, maxLines: maxHeaders + 1)
        var anomalies: [ProtocolAnomaly] = []
        func note(_ anomaly: ProtocolAnomaly) {
            if !anomalies.contains(anomaly) { anomalies.append(anomaly) }
        }
        var lines = scan.lines
        // A datagram cut before the empty line still carries whole header lines before the cut.
        if scan.headLength == nil {
            note(.ssdpMissingCRLF)
            if let start = scan.unterminatedStart, lines.count <= maxHeaders {
                lines.append(
                    HTTPHeadScanner.Line(start: start, end: bytes.count, hasBareLineFeed: false, isContinuation: false))
            }
        }
        // Without a start line there is nothing to call SSDP.
        guard let startLine = lines.first, var message = parseStartLine(reader, startLine) else {
            return .malformed([.ssdpBadStartLine])
        }
        if message.version != "1.1" { note(.ssdpUnexpectedVersion) }
        if scan.hadTooManyLines { note(.ssdpTooManyHeaders) }
        for line in lines {
            if line.hasBareLineFeed { note(.ssdpMissingCRLF) }
            // Overlong lines are read only up to maxFieldLength, and flagged.
            if line.end - line.start > maxLineLength { note(.ssdpLineTooLong) }
        }
        var truncated = false
        for line in lines.dropFirst() where !line.isContinuation {
            var spaceBeforeColon = false
            guard let (name, value) = HTTPHeadScanner.splitField(reader, line, spaceBeforeColon: &spaceBeforeColon)
            else {
                note(.ssdpHeaderWithoutColon)
                continue
            }
            func text() -> String {
                HTTPHeadScanner.string(reader, value, limit: maxFieldLength, truncated: &truncated)
            }
            func isNamed(_ lowercase: String) -> Bool { HTTPHeadScanner.equalsIgnoringCase(reader, name, lowercase) }
            if isNamed("server") {
                if message.server == nil { message.server = text() }
            } else if isNamed("usn") {
                if message.uniqueServiceName == nil { message.uniqueServiceName = text() }
            } else if isNamed("nt") {
                if message.notificationType == nil { message.notificationType = text() }
            } else if isNamed("nts") {
                if message.notificationSubtype == nil {
                    message.notificationSubtype = SSDPNotificationSubtype(rawValue: text())
                }
            } else if isNamed("st") {
                if message.searchTarget == nil { message.searchTarget = text() }
            } else if isNamed("location") {
                if message.location == nil { message.location = text() }
            } else if isNamed("cache-control") {
                if message.cacheControl == nil { message.cacheControl = text() }
            } else if isNamed("user-agent") {
                if message.userAgent == nil { message.userAgent = text() }
            } else {
                message.otherHeaderNames.append(
                    HTTPHeadScanner.string(reader, name, limit: maxFieldLength, truncated: &truncated))
            }
        }
        return .message(message, anomalies: anomalies)
    }

    /// Reads `METHOD SP target SP HTTP/x.y` or `HTTP/x.y SP code [SP reason]`; `nil` if it is neither.
    static func parseStartLine(_ reader: ByteReader, _ line: HTTPHeadScanner.Line) -> SSDPMessage? {
        let parts = HTTPStartLine.split(reader, line)
        // A start line has at least two space-separated parts.
        guard parts.count >= 2 else { return nil }
        var truncated = false
        func text(_ range: Range<Int>) -> String {
            HTTPHeadScanner.string(reader, range, limit: maxFieldLength, truncated: &truncated)
        }
        if let version = HTTPStartLine.version(reader, parts[0], prefix: "http/") {
            // A status line: HTTP/x.y, then a three-digit code.
            guard parts[1].count == 3, let code = HTTPHeadScanner.decimal(reader, parts[1]) else { return nil }
            return SSDPMessage(method: nil, requestTarget: nil, statusCode: code, version: version)
        }
        // A request line: token method, target, HTTP/x.y.
        guard parts.count == 3, HTTPStartLine.isToken(reader, parts[0]),
            let version = HTTPStartLine.version(reader, parts[2], prefix: "http/")
        else { return nil }
        return SSDPMessage(
            method: SSDPMethod(rawValue: text(parts[0])), requestTarget: text(parts[1]), statusCode: nil,
            version: version)
    }
}
