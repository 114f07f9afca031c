import NetVetWire

/// Reads what a server sends first on a TCP connection, as pure functions over the first bytes of the
/// server's direction: the SSH identification string (RFC 4253 §4.2), the FTP greeting reply
/// (RFC 959 §4.2 reply format, §5.4 connection greeting) and a Telnet banner with its option
/// negotiation removed (RFC 854 command structure, RFC 855 subnegotiation).
///
/// Each returns `.needMoreData` while the banner may still be arriving, `.malformed` when the bytes
/// cannot be that banner, and otherwise the banner with its anomalies. All text is bounded and decoded
/// leniently.
public enum BannerParser {
    /// Bytes examined at most; a banner not found or not finished by then is given up (or cut).
    public static let maxBannerSize = 4096
    /// Longest SSH identification line with its CR LF (RFC 4253 §4.2).
    public static let maxIdentificationLength = 255
    /// Longest FTP or Telnet line kept.
    public static let maxLineLength = 512
    /// FTP greeting lines kept.
    public static let maxLines = 16
    /// Telnet negotiations kept.
    public static let maxNegotiations = 32

    // MARK: SSH

    /// Parses the SSH identification string, skipping the other lines a server may send first.
    ///
    /// `.needMoreData` until a line starting with `SSH-` is complete; `.malformed([.sshNotIdentification])`
    /// on control bytes or an `SSH-` line without a software version; `.malformed([.sshNoIdentification])`
    /// when none appears within `maxBannerSize` bytes.
    public static func parseSSH(_ bytes: UnsafeRawBufferPointer) -> ParseResult<SSHIdentification> {
        let reader = prefix(bytes)
        var offset = 0
        var preceding = 0
        // Each pass consumes one whole line, so the loop ends with the bytes.
        while true {
            guard let line = nextLine(reader, from: offset) else {
                // The unfinished line must still be able to become text or an identification.
                guard !hasControlBytes(reader, offset..<reader.remaining) else {
                    return .malformed([.sshNotIdentification])
                }
                guard bytes.count < maxBannerSize else { return .malformed([.sshNoIdentification]) }
                return .needMoreData(needed: nil)
            }
            // Lines before the identification are UTF-8 text: control bytes mean another protocol.
            guard !hasControlBytes(reader, offset..<line.end) else { return .malformed([.sshNotIdentification]) }
            if startsWith(reader, at: offset, "SSH-") {
                return identification(reader, offset..<line.end, line: line, preceding: preceding)
            }
            preceding += 1
            offset = line.next
        }
    }

    /// Splits `SSH-protoversion-softwareversion[ SP comments]` at `range`.
    static func identification(
        _ reader: ByteReader, _ range: Range<Int>, line: Line, preceding: Int
    ) -> ParseResult<SSHIdentification> {
        var anomalies: [ProtocolAnomaly] = []
        if line.hasBareLineFeed { anomalies.append(.sshBareLineFeed) }
        if line.next - range.lowerBound > maxIdentificationLength { anomalies.append(.sshLineTooLong) }
        let content = (range.lowerBound + 4)..<range.upperBound
        // The protocol version ends at the next hyphen; without one there is no software version.
        guard let hyphen = firstIndex(reader, of: UInt8(ascii: "-"), in: content), hyphen > content.lowerBound
        else { return .malformed([.sshNotIdentification]) }
        let space = firstIndex(reader, of: UInt8(ascii: " "), in: (hyphen + 1)..<content.upperBound)
        let softwareEnd = space ?? content.upperBound
        // An empty software version is not an identification.
        guard softwareEnd > hyphen + 1 else { return .malformed([.sshNotIdentification]) }
        let comments = space.map { text(reader, ($0 + 1)..<content.upperBound, limit: maxIdentificationLength) }
        return .message(
            SSHIdentification(
                protocolVersion: text(reader, content.lowerBound..<hyphen, limit: maxIdentificationLength),
                softwareVersion: text(reader, (hyphen + 1)..<softwareEnd, limit: maxIdentificationLength),
                comments: comments, precedingLineCount: preceding),
            anomalies: anomalies)
    }

    // MARK: FTP

    /// Parses an FTP greeting: one `ddd text` line, or `ddd-text` lines up to the `ddd text` line with the
    /// same code.
    ///
    /// `.needMoreData` until the last line is complete; `.malformed([.ftpBadReply])` when the first line
    /// does not start with three digits and a space or hyphen; with `ftp.greeting_too_long`, a greeting
    /// not finished within `maxBannerSize` bytes, with the lines so far.
    public static func parseFTP(_ bytes: UnsafeRawBufferPointer) -> ParseResult<FTPGreeting> {
        let reader = prefix(bytes)
        // Three digits and a separator (or the end of a bare "ddd" line) open every reply.
        for index in 0..<4 {
            guard let byte = reader.peekUInt8(at: index) else { return .needMoreData(needed: nil) }
            let valid =
                index < 3
                ? isDigit(byte)
                : byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "\r")
                    || byte == UInt8(ascii: "\n")
            guard valid else { return .malformed([.ftpBadReply]) }
        }
        let code = (0..<3).reduce(0) { $0 * 10 + Int(reader.peekUInt8(at: $1) ?? 0x30) - 0x30 }
        let multiline = reader.peekUInt8(at: 3) == UInt8(ascii: "-")
        var anomalies: [ProtocolAnomaly] = []
        func note(_ anomaly: ProtocolAnomaly) {
            if !anomalies.contains(anomaly) { anomalies.append(anomaly) }
        }
        var lines: [String] = []
        var offset = 0
        var first = true
        // Each pass consumes one whole line.
        while let line = nextLine(reader, from: offset) {
            let isLast = !multiline || (!first && isFinalFTPLine(reader, offset..<line.end, code: code))
            // Intermediate lines may repeat "ddd-"; the first and last always carry the code.
            let hasCode = first || isLast || isCodeLine(reader, offset..<line.end, code: code)
            let textStart = hasCode ? min(offset + 4, line.end) : offset
            if line.end - textStart > maxLineLength { note(.ftpLineTooLong) }
            if lines.count < maxLines {
                lines.append(text(reader, textStart..<line.end, limit: maxLineLength))
            } else {
                note(.ftpTooManyLines)
            }
            if isLast { return .message(FTPGreeting(code: code, lines: lines), anomalies: anomalies) }
            first = false
            offset = line.next
        }
        // The last line has not arrived: wait, unless the size limit is reached.
        guard bytes.count >= maxBannerSize else { return .needMoreData(needed: nil) }
        note(.ftpGreetingTooLong)
        return .message(FTPGreeting(code: code, lines: lines), anomalies: anomalies)
    }

    /// True if the line is `ddd` or `ddd SP …` with the greeting's code.
    static func isFinalFTPLine(_ reader: ByteReader, _ range: Range<Int>, code: Int) -> Bool {
        guard isCodeLine(reader, range, code: code) else { return false }
        let separator = reader.peekUInt8(at: range.lowerBound + 3)
        return range.count == 3 || separator == UInt8(ascii: " ")
    }

    /// True if the line starts with the greeting's three-digit code.
    static func isCodeLine(_ reader: ByteReader, _ range: Range<Int>, code: Int) -> Bool {
        guard range.count >= 3 else { return false }
        let digits = Array(String(code).utf8)
        return digits.count == 3 && (0..<3).allSatisfy { reader.peekUInt8(at: range.lowerBound + $0) == digits[$0] }
    }

    // MARK: Telnet

    /// Strips Telnet negotiation (IAC WILL/WONT/DO/DONT option, IAC SB … IAC SE, two-byte commands; IAC IAC
    /// is a literal 255) and returns the negotiations and the first non-empty text line.
    ///
    /// With `isComplete` false, `.needMoreData` until a non-empty line has ended (or `maxBannerSize`
    /// bytes were seen); with `isComplete` true, the text so far counts as the line. Never `.malformed`:
    /// any bytes are a Telnet stream.
    public static func parseTelnet(_ bytes: UnsafeRawBufferPointer, isComplete: Bool = true) -> ParseResult<
        TelnetBanner
    > {
        let reader = prefix(bytes)
        var negotiations: [TelnetBanner.Negotiation] = []
        var current: [UInt8] = []
        var anomalies: [ProtocolAnomaly] = []
        func note(_ anomaly: ProtocolAnomaly) {
            if !anomalies.contains(anomaly) { anomalies.append(anomaly) }
        }
        func negotiate(_ command: UInt8, _ option: UInt8) {
            // Negotiations past the cap are counted, not kept.
            guard negotiations.count < maxNegotiations else { return note(.telnetTooManyNegotiations) }
            negotiations.append(
                .init(command: TelnetCommand(rawValue: command), option: TelnetOption(rawValue: option)))
        }
        var index = 0
        var firstLine: String?
        // Every branch advances `index`, so the loop ends with the bytes.
        scan: while let byte = reader.peekUInt8(at: index) {
            switch byte {
            case 255:
                // A command needs its second byte (and an option for WILL/WONT/DO/DONT/SB).
                guard let command = reader.peekUInt8(at: index + 1) else {
                    break scan
                }
                switch command {
                case 255:
                    current.append(255)
                    index += 2
                case 251...254:
                    guard let option = reader.peekUInt8(at: index + 2) else {
                        break scan
                    }
                    negotiate(command, option)
                    index += 3
                case 250:
                    guard let option = reader.peekUInt8(at: index + 2) else {
                        break scan
                    }
                    negotiate(command, option)
                    var end = index + 3
                    while end < reader.remaining,
                        !(reader.peekUInt8(at: end) == 255 && reader.peekUInt8(at: end + 1) == 240)
                    {
                        end += 1
                    }
                    // Without IAC SE the rest of the bytes belong to the subnegotiation.
                    guard end < reader.remaining else {
                        note(.telnetUnterminatedSubnegotiation)
                        break scan
                    }
                    index = end + 2
                default:
                    index += 2
                }
            case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                let line = trimmed(current)
                if !line.isEmpty {
                    firstLine = line
                    break scan
                }
                current.removeAll()
                index += 1
            default:
                // Printable text (and UTF-8) is kept; other control bytes (NUL after CR, BEL, ESC) are not.
                if byte >= 0x20 && byte != 0x7F || byte == 0x09 {
                    if current.count < maxLineLength {
                        current.append(byte)
                    } else {
                        note(.telnetLineTooLong)
                    }
                }
                index += 1
            }
        }
        if firstLine == nil {
            // The line may still be arriving.
            guard isComplete || bytes.count >= maxBannerSize else {
                return .needMoreData(needed: nil)
            }
            let line = trimmed(current)
            firstLine = line.isEmpty ? nil : line
        }
        return .message(TelnetBanner(negotiations: negotiations, firstLine: firstLine), anomalies: anomalies)
    }

    /// `bytes` lenient-decoded with leading and trailing whitespace removed.
    static func trimmed(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        return String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    // MARK: Lines

    /// A line ending: `end` excludes the CR LF (or bare LF), `next` is the offset after it.
    struct Line {
        var end: Int
        var next: Int
        var hasBareLineFeed: Bool
    }

    /// The first `maxBannerSize` bytes of `bytes` as a reader.
    static func prefix(_ bytes: UnsafeRawBufferPointer) -> ByteReader {
        var whole = ByteReader(bytes)
        return whole.readSlice(min(bytes.count, maxBannerSize)) ?? whole
    }

    /// The line starting at `start`, or `nil` if no LF follows within the bytes.
    static func nextLine(_ reader: ByteReader, from start: Int) -> Line? {
        guard let lineFeed = firstIndex(reader, of: UInt8(ascii: "\n"), in: start..<reader.remaining) else {
            return nil
        }
        let hasCR = lineFeed > start && reader.peekUInt8(at: lineFeed - 1) == UInt8(ascii: "\r")
        return Line(end: hasCR ? lineFeed - 1 : lineFeed, next: lineFeed + 1, hasBareLineFeed: !hasCR)
    }

    /// The first offset in `range` holding `byte`.
    static func firstIndex(_ reader: ByteReader, of byte: UInt8, in range: Range<Int>) -> Int? {
        range.first { reader.peekUInt8(at: $0) == byte }
    }

    /// True if `range` holds a byte below 0x20 other than HT and CR, or DEL.
    static func hasControlBytes(_ reader: ByteReader, _ range: Range<Int>) -> Bool {
        range.contains {
            guard let byte = reader.peekUInt8(at: $0) else { return false }
            return (byte < 0x20 && byte != 0x09 && byte != 0x0D) || byte == 0x7F
        }
    }

    /// True if the bytes at `offset` are `literal`.
    static func startsWith(_ reader: ByteReader, at offset: Int, _ literal: String) -> Bool {
        literal.utf8.enumerated().allSatisfy { reader.peekUInt8(at: offset + $0.offset) == $0.element }
    }

    /// `range`, at most `limit` bytes, decoded leniently.
    static func text(_ reader: ByteReader, _ range: Range<Int>, limit: Int) -> String {
        var slice = reader
        guard range.lowerBound <= range.upperBound, slice.skip(range.lowerBound),
            let bytes = slice.readSlice(min(range.count, limit))
        else { return "" }
        return String(decoding: bytes.unreadBytes, as: UTF8.self)
    }

    /// An ASCII digit.
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
