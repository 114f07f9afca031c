import NetVetWire

/// Decodes the head of an HTTP/1.x or RTSP/1.0 message from the first bytes of one direction of a TCP
/// stream: RFC 9112 §2.1 (message format), §3 (request line), §4 (status line), §5 (field syntax);
/// RFC 2326 §6 (RTSP request) and §7 (RTSP response), which reuse the same syntax.
///
/// A stream parser: `.needMoreData` until the empty line that ends the head, `.malformed` as soon as the
/// bytes cannot be a start line, and a message otherwise. Heads are bounded by `maxHeadSize`; a longer
/// one gives the fields read so far with `http.head_too_long`. Pure: no state is kept between calls, so
/// the caller passes the whole prefix each time.
public enum HTTPParser {
    /// Largest head read; without an empty line by then the head is returned partial.
    public static let maxHeadSize = 8 * 1024
    /// Field lines read (`http.too_many_headers`).
    public static let maxHeaders = 64
    /// Longest field value, reason phrase or name copied out (`http.field_truncated`).
    public static let maxFieldLength = 512
    /// Longest request target copied out, before its query is removed (`http.field_truncated`).
    public static let maxTargetLength = 1024
    /// WWW-Authenticate fields kept (`http.too_many_challenges`).
    public static let maxChallenges = 4
    /// Longest authentication scheme kept.
    public static let maxSchemeLength = 64
    /// Longest realm kept.
    public static let maxRealmLength = 256

    /// Parses the unread bytes of `reader` (see `parse(_: UnsafeRawBufferPointer)`).
    public static func parse(_ reader: ByteReader) -> ParseResult<HTTPMessage> {
        parse(reader.unreadBytes)
    }

    /// Parses a message head at the start of `bytes` (the first bytes of a stream direction).
    ///
    /// Returns `.needMoreData(needed: nil)` while the head is a valid prefix without its empty line and
    /// shorter than `maxHeadSize`; `.malformed([.httpBadStartLine])` when the first line is not a
    /// request or status line (or cannot become one); otherwise the message and its anomalies.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ParseResult<HTTPMessage> {
        var whole = ByteReader(bytes)
        // Only the first maxHeadSize bytes are ever looked at.
        let reader = whole.readSlice(min(bytes.count, maxHeadSize)) ?? whole
        let scan = HTTPHeadScanner(reader, maxLines: maxHeaders + 1)
        var anomalies: [ProtocolAnomaly] = []
        func note(_ anomaly: ProtocolAnomaly) {
            if !anomalies.contains(anomaly) { anomalies.append(anomaly) }
        }
        let headLength: Int
        if let length = scan.headLength {
            headLength = length
        } else if bytes.count < maxHeadSize {
            // The head is not finished: wait, unless what is there can never become a start line.
            if let first = scan.lines.first {
                var truncated = false
                guard startLine(reader, first, truncated: &truncated) != nil else {
                    return .malformed([.httpBadStartLine])
                }
            } else {
                guard isPlausibleStartLinePrefix(reader) else { return .malformed([.httpBadStartLine]) }
            }
            return .needMoreData(needed: nil)
        } else {
            note(.httpHeadTooLong)
            headLength = reader.remaining
        }
        // The first line decides whether this is HTTP or RTSP at all.
        var truncated = false
        guard let first = scan.lines.first, var message = startLine(reader, first, truncated: &truncated) else {
            return .malformed(anomalies + [.httpBadStartLine])
        }
        if truncated { note(.httpFieldTruncated) }
        message.headLength = headLength
        if scan.hadTooManyLines { note(.httpTooManyHeaders) }
        if first.hasBareLineFeed { note(.httpBareLineFeed) }
        readFields(reader, scan.lines.dropFirst(), into: &message, note: note)
        return .message(message, anomalies: anomalies)
    }

    /// Reads the field lines into `message`.
    static func readFields(
        _ reader: ByteReader, _ lines: ArraySlice<HTTPHeadScanner.Line>, into message: inout HTTPMessage,
        note: (ProtocolAnomaly) -> Void
    ) {
        var truncated = false
        for line in lines {
            if line.hasBareLineFeed { note(.httpBareLineFeed) }
            // A folded continuation belongs to the previous field, which is already read: skip it.
            guard !line.isContinuation else {
                note(.httpObsoleteLineFolding)
                continue
            }
            var spaceBeforeColon = false
            guard let (name, value) = HTTPHeadScanner.splitField(reader, line, spaceBeforeColon: &spaceBeforeColon)
            else {
                note(.httpHeaderWithoutColon)
                continue
            }
            if spaceBeforeColon { note(.httpWhitespaceBeforeColon) }
            func text() -> String {
                HTTPHeadScanner.string(reader, value, limit: maxFieldLength, truncated: &truncated)
            }
            func isNamed(_ lowercase: String) -> Bool { HTTPHeadScanner.equalsIgnoringCase(reader, name, lowercase) }
            if isNamed("host") {
                if message.host == nil { message.host = text() }
            } else if isNamed("user-agent") {
                if message.userAgent == nil { message.userAgent = text() }
            } else if isNamed("server") {
                if message.server == nil { message.server = text() }
            } else if isNamed("content-type") {
                if message.contentType == nil { message.contentType = text() }
            } else if isNamed("content-length") {
                guard let length = HTTPHeadScanner.decimal(reader, value) else {
                    note(.httpBadContentLength)
                    continue
                }
                if let previous = message.contentLength, previous != length { note(.httpConflictingContentLength) }
                if message.contentLength == nil { message.contentLength = length }
            } else if isNamed("cseq") {
                guard let sequence = HTTPHeadScanner.decimal(reader, value) else {
                    note(.httpBadCSeq)
                    continue
                }
                if message.cSeq == nil { message.cSeq = sequence }
            } else if isNamed("www-authenticate") {
                // Challenges past the cap are counted, not kept.
                guard message.authenticationChallenges.count < maxChallenges else {
                    note(.httpTooManyChallenges)
                    continue
                }
                if let challenge = challenge(reader, value) { message.authenticationChallenges.append(challenge) }
            } else if isNamed("authorization") {
                if message.authorization == nil, let scheme = scheme(reader, value) {
                    message.authorization = HTTPAuthorization(scheme: scheme)
                }
            } else if isNamed("proxy-authorization") {
                if message.proxyAuthorization == nil, let scheme = scheme(reader, value) {
                    message.proxyAuthorization = HTTPAuthorization(scheme: scheme)
                }
            } else {
                message.otherHeaderNames.append(
                    HTTPHeadScanner.string(reader, name, limit: maxFieldLength, truncated: &truncated))
            }
        }
        if truncated { note(.httpFieldTruncated) }
    }

    /// Reads a request line or status line; `nil` if `line` is neither. Sets `truncated` when the
    /// target, method or reason was cut at its limit.
    static func startLine(_ reader: ByteReader, _ line: HTTPHeadScanner.Line, truncated: inout Bool) -> HTTPMessage? {
        let parts = HTTPStartLine.split(reader, line)
        // Every start line has at least a version and a code, or a method and a target.
        guard parts.count >= 2 else { return nil }
        if let (family, version) = versionToken(reader, parts[0]) {
            // A status line: version, three-digit code, optional reason.
            guard parts[1].count == 3, let code = HTTPHeadScanner.decimal(reader, parts[1]) else { return nil }
            let reason =
                parts.count == 3
                ? HTTPHeadScanner.string(reader, parts[2], limit: maxFieldLength, truncated: &truncated) : ""
            return HTTPMessage(protocol: family, version: version, statusCode: code, reason: reason)
        }
        // A request line: token method, non-empty target, version.
        guard parts.count == 3, HTTPStartLine.isToken(reader, parts[0]), !parts[1].isEmpty,
            let (family, version) = versionToken(reader, parts[2])
        else { return nil }
        let method = HTTPHeadScanner.string(reader, parts[0], limit: maxFieldLength, truncated: &truncated)
        let rawTarget = HTTPHeadScanner.string(reader, parts[1], limit: maxTargetLength, truncated: &truncated)
        return HTTPMessage(
            protocol: family, version: version, method: HTTPMethod(rawValue: method), target: sanitize(rawTarget))
    }

    /// `HTTP/x.y` or `RTSP/x.y` at `range`.
    static func versionToken(_ reader: ByteReader, _ range: Range<Int>) -> (HTTPProtocolFamily, String)? {
        if let version = HTTPStartLine.version(reader, range, prefix: "http/") { return (.http, version) }
        if let version = HTTPStartLine.version(reader, range, prefix: "rtsp/") { return (.rtsp, version) }
        return nil
    }

    /// True if the unterminated first bytes could still become a start line: a token (or `HTTP/`
    /// version) first, and no control bytes anywhere (a CR only as the very last byte).
    static func isPlausibleStartLinePrefix(_ reader: ByteReader) -> Bool {
        var index = 0
        var inFirstWord = true
        while let byte = reader.peekUInt8(at: index) {
            if byte == UInt8(ascii: " ") {
                // An empty first word (a leading space) is no method and no version.
                guard index > 0 else { return false }
                inFirstWord = false
            } else if inFirstWord {
                // Methods are tokens; the version of a status line adds `/`.
                guard HTTPHeadScanner.isTokenCharacter(byte) || byte == UInt8(ascii: "/") else { return false }
            } else if byte == UInt8(ascii: "\r") {
                // A CR is only allowed as the start of the line ending.
                guard index == reader.remaining - 1 else { return false }
            } else {
                // Control bytes never appear in a start line.
                guard byte >= 0x20, byte != 0x7F else { return false }
            }
            index += 1
        }
        return true
    }

    /// The target without fragment, query and userinfo: `scheme://user:pw@host/p?q#f` → `scheme://host/p`.
    static func sanitize(_ target: String) -> String {
        var kept = target[...]
        if let cut = kept.firstIndex(where: { $0 == "?" || $0 == "#" }) { kept = kept[..<cut] }
        guard let afterScheme = afterScheme(kept) else {
            // Authority form (`CONNECT user@host:443`) may carry userinfo too.
            if !kept.hasPrefix("/"), let at = kept.lastIndex(of: "@") { return String(kept[kept.index(after: at)...]) }
            return String(kept)
        }
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return String(kept) }
        return String(kept[..<afterScheme.startIndex]) + String(kept[authority.index(after: at)...])
    }

    /// The part of `target` after `scheme://`, or `nil` if it does not start with a scheme.
    static func afterScheme(_ target: Substring) -> Substring? {
        guard let colon = target.firstIndex(of: ":"), colon > target.startIndex,
            target[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        else { return nil }
        let rest = target[target.index(after: colon)...]
        guard rest.hasPrefix("//") else { return nil }
        return rest.dropFirst(2)
    }

    /// The scheme (first word) of an authorization value, at most `maxSchemeLength` bytes.
    static func scheme(_ reader: ByteReader, _ value: Range<Int>) -> HTTPAuthenticationScheme? {
        var end = value.lowerBound
        while end < value.upperBound, let byte = reader.peekUInt8(at: end), HTTPHeadScanner.isTokenCharacter(byte) {
            end += 1
        }
        // An empty scheme names nothing.
        guard end > value.lowerBound else { return nil }
        var truncated = false
        return HTTPAuthenticationScheme(
            rawValue: HTTPHeadScanner.string(
                reader, value.lowerBound..<end, limit: maxSchemeLength, truncated: &truncated))
    }

    /// The scheme and `realm` of the first challenge in a WWW-Authenticate value (RFC 9110 §11.6.1).
    static func challenge(_ reader: ByteReader, _ value: Range<Int>) -> HTTPAuthenticationChallenge? {
        guard let scheme = scheme(reader, value) else { return nil }
        var index = value.lowerBound + scheme.rawValue.utf8.count
        var realm: String?
        // Each pass reads one `name=value` parameter; the loop moves forward by at least one byte.
        while index < value.upperBound {
            while index < value.upperBound, let byte = reader.peekUInt8(at: index),
                byte == UInt8(ascii: " ") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\t")
            {
                index += 1
            }
            let nameStart = index
            while index < value.upperBound, let byte = reader.peekUInt8(at: index),
                HTTPHeadScanner.isTokenCharacter(byte)
            {
                index += 1
            }
            let name = nameStart..<index
            // A token without `=` starts the next challenge (or is junk): this challenge is done.
            guard !name.isEmpty, reader.peekUInt8(at: index) == UInt8(ascii: "="), index < value.upperBound else {
                break
            }
            index += 1
            var parameter: [UInt8] = []
            if reader.peekUInt8(at: index) == UInt8(ascii: "\"") {
                index += 1
                // A quoted-string ends at an unescaped quote or at the end of the value.
                while index < value.upperBound, let byte = reader.peekUInt8(at: index), byte != UInt8(ascii: "\"") {
                    var character = byte
                    if byte == UInt8(ascii: "\\"), index + 1 < value.upperBound,
                        let escaped = reader.peekUInt8(at: index + 1)
                    {
                        character = escaped
                        index += 1
                    }
                    if parameter.count < maxRealmLength { parameter.append(character) }
                    index += 1
                }
                index += 1
            } else {
                while index < value.upperBound, let byte = reader.peekUInt8(at: index), byte != UInt8(ascii: ","),
                    byte != UInt8(ascii: " ")
                {
                    if parameter.count < maxRealmLength { parameter.append(byte) }
                    index += 1
                }
            }
            if realm == nil, HTTPHeadScanner.equalsIgnoringCase(reader, name, "realm") {
                realm = String(decoding: parameter, as: UTF8.self)
            }
        }
        return HTTPAuthenticationChallenge(scheme: scheme, realm: realm)
    }
}
